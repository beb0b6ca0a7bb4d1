//! The organisers' web: one-time sign-in links and browser sessions (both stored only as
//! SHA-256 hashes of their tokens, so several servers share them and an admin can revoke a
//! session), and outbox messages to an organiser (a sign-in link), which belong to no event.
//!
//! `outbox.event_id` becomes optional and `outbox.organiser_id` appears. SQLite cannot change
//! a column's nullability nor add a foreign key to a table, so the outbox is rebuilt the same
//! way on both engines: a new table, its rows copied, the old one dropped, the new one renamed,
//! its indexes made again.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Outbox {
    Table,
    Id,
    EventId,
    RegistrationId,
    OrganiserId,
    Kind,
    Payload,
    Status,
    Attempts,
    NextAttemptAt,
    LeaseUntil,
    ClaimToken,
    LastError,
    CreatedAt,
    SentAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum OutboxRebuilt {
    Table,
}

#[derive(DeriveIden, Clone, Copy)]
enum Events {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Registrations {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Organizers {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum OrganiserSignInLinks {
    Table,
    TokenHash,
    OrganiserId,
    CreatedAt,
    /// Milliseconds since the epoch (compared in SQL).
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum OrganiserSessions {
    Table,
    Id,
    TokenHash,
    OrganiserId,
    CreatedAt,
    LastSeenAt,
    /// Milliseconds since the epoch: the session ends then unless used before.
    IdleUntil,
    /// Milliseconds since the epoch: the session ends then whatever happens.
    ExpiresAt,
}

/// The columns both outbox tables share, in order.
const SHARED: [Outbox; 13] = [
    Outbox::Id,
    Outbox::EventId,
    Outbox::RegistrationId,
    Outbox::Kind,
    Outbox::Payload,
    Outbox::Status,
    Outbox::Attempts,
    Outbox::NextAttemptAt,
    Outbox::LeaseUntil,
    Outbox::ClaimToken,
    Outbox::LastError,
    Outbox::CreatedAt,
    Outbox::SentAt,
];

/// The outbox table, named `name`; `organisers` adds the organiser column (and makes the
/// event optional).
fn outbox_table(name: impl IntoIden, organisers: bool) -> TableCreateStatement {
    let mut table = Table::create();
    table
        .table(name)
        .col(pk_uuid(Outbox::Id))
        .col(if organisers { uuid_null(Outbox::EventId) } else { uuid(Outbox::EventId) })
        .col(uuid_null(Outbox::RegistrationId));
    if organisers {
        table.col(uuid_null(Outbox::OrganiserId));
    }
    table
        .col(string(Outbox::Kind))
        .col(text(Outbox::Payload))
        .col(string(Outbox::Status))
        .col(integer(Outbox::Attempts).default(0))
        .col(big_integer(Outbox::NextAttemptAt))
        .col(big_integer_null(Outbox::LeaseUntil))
        .col(string_null(Outbox::ClaimToken))
        .col(text_null(Outbox::LastError))
        .col(timestamp_with_time_zone(Outbox::CreatedAt))
        .col(timestamp_with_time_zone_null(Outbox::SentAt))
        .foreign_key(
            ForeignKey::create()
                .from(Outbox::Table, Outbox::EventId)
                .to(Events::Table, Events::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .foreign_key(
            ForeignKey::create()
                .from(Outbox::Table, Outbox::RegistrationId)
                .to(Registrations::Table, Registrations::Id)
                .on_delete(ForeignKeyAction::Cascade),
        );
    if organisers {
        table.foreign_key(
            ForeignKey::create()
                .from(Outbox::Table, Outbox::OrganiserId)
                .to(Organizers::Table, Organizers::Id)
                .on_delete(ForeignKeyAction::Cascade),
        );
    }
    table.to_owned()
}

/// Moves the outbox's rows into a table built by [`outbox_table`], then puts it in its place.
async fn rebuild_outbox(manager: &SchemaManager<'_>, organisers: bool) -> Result<(), DbErr> {
    manager.create_table(outbox_table(OutboxRebuilt::Table, organisers)).await?;
    let copy = Query::insert()
        .into_table(OutboxRebuilt::Table)
        .columns(SHARED)
        .select_from(Query::select().columns(SHARED).from(Outbox::Table).to_owned())
        .map_err(|e| DbErr::Migration(e.to_string()))?
        .to_owned();
    manager.exec_stmt(copy).await?;
    manager.drop_table(Table::drop().table(Outbox::Table).to_owned()).await?;
    manager.rename_table(Table::rename().table(OutboxRebuilt::Table, Outbox::Table).to_owned()).await?;
    manager
        .create_index(
            Index::create()
                .name("outbox_due")
                .table(Outbox::Table)
                .col(Outbox::Status)
                .col(Outbox::NextAttemptAt)
                .to_owned(),
        )
        .await?;
    manager
        .create_index(
            Index::create()
                .name("outbox_registration")
                .table(Outbox::Table)
                .col(Outbox::RegistrationId)
                .to_owned(),
        )
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        rebuild_outbox(manager, true).await?;
        manager
            .create_table(
                Table::create()
                    .table(OrganiserSignInLinks::Table)
                    .col(string(OrganiserSignInLinks::TokenHash).primary_key())
                    .col(uuid(OrganiserSignInLinks::OrganiserId))
                    .col(timestamp_with_time_zone(OrganiserSignInLinks::CreatedAt))
                    .col(big_integer(OrganiserSignInLinks::ExpiresAt))
                    .col(timestamp_with_time_zone_null(OrganiserSignInLinks::UsedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(OrganiserSignInLinks::Table, OrganiserSignInLinks::OrganiserId)
                            .to(Organizers::Table, Organizers::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("organiser_sign_in_links_organiser")
                    .table(OrganiserSignInLinks::Table)
                    .col(OrganiserSignInLinks::OrganiserId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OrganiserSessions::Table)
                    .col(pk_uuid(OrganiserSessions::Id))
                    .col(string_uniq(OrganiserSessions::TokenHash))
                    .col(uuid(OrganiserSessions::OrganiserId))
                    .col(timestamp_with_time_zone(OrganiserSessions::CreatedAt))
                    .col(timestamp_with_time_zone(OrganiserSessions::LastSeenAt))
                    .col(big_integer(OrganiserSessions::IdleUntil))
                    .col(big_integer(OrganiserSessions::ExpiresAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(OrganiserSessions::Table, OrganiserSessions::OrganiserId)
                            .to(Organizers::Table, Organizers::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("organiser_sessions_organiser")
                    .table(OrganiserSessions::Table)
                    .col(OrganiserSessions::OrganiserId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(OrganiserSessions::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(OrganiserSignInLinks::Table).to_owned()).await?;
        // Messages to organisers have no event: they cannot stay in the old outbox.
        manager
            .exec_stmt(
                Query::delete()
                    .from_table(Outbox::Table)
                    .and_where(Expr::col(Outbox::EventId).is_null())
                    .to_owned(),
            )
            .await?;
        rebuild_outbox(manager, false).await
    }
}

//! The outbox: every e-mail a change causes is written here in the same transaction as the
//! change, then delivered by the worker inside `tisser serve`. Also the invite sequence of
//! each chosen session, so that an updated or cancelled invite supersedes the previous one.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Outbox {
    Table,
    Id,
    EventId,
    RegistrationId,
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
enum Choices {
    Table,
    InviteSequence,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Outbox::Table)
                    .col(pk_uuid(Outbox::Id))
                    .col(uuid(Outbox::EventId))
                    .col(uuid_null(Outbox::RegistrationId))
                    .col(string(Outbox::Kind))
                    .col(text(Outbox::Payload))
                    .col(string(Outbox::Status))
                    .col(integer(Outbox::Attempts).default(0))
                    // Milliseconds since the epoch: compared in SQL, and SQLite compares
                    // timestamps as text, which breaks when two writers format them apart.
                    .col(big_integer(Outbox::NextAttemptAt))
                    .col(big_integer_null(Outbox::LeaseUntil))
                    // Who holds the lease: a worker sends a message only while its claim
                    // is still the current one.
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
                    )
                    .to_owned(),
            )
            .await?;
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
            .alter_table(
                Table::alter()
                    .table(Choices::Table)
                    .add_column(integer(Choices::InviteSequence).default(0))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(Choices::Table).drop_column(Choices::InviteSequence).to_owned())
            .await?;
        manager.drop_table(Table::drop().table(Outbox::Table).to_owned()).await?;
        Ok(())
    }
}

//! The foundation: organisers, series, events, sessions, registrations and their choices.
//!
//! Seats are counted in `taken` columns that a CHECK constraint keeps at or below
//! `capacity`: the database itself refuses an overbooked session, whatever the code does.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Organizers {
    Table,
    Id,
    Email,
    Name,
    Role,
    TokenHash,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Series {
    Table,
    Id,
    Slug,
    Title,
    Description,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Events {
    Table,
    Id,
    Slug,
    Title,
    Description,
    Timezone,
    Format,
    Venue,
    Capacity,
    Taken,
    WaitlistSeq,
    RegistrationOpensAt,
    RegistrationClosesAt,
    Status,
    SeriesId,
    CreatedBy,
    LockVersion,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Sessions {
    Table,
    Id,
    EventId,
    Title,
    Kind,
    Description,
    StartsAt,
    EndsAt,
    Room,
    Capacity,
    Taken,
    WaitlistSeq,
    RequiresRegistration,
    OnlineUrl,
    ReplayUrl,
    Status,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Facilitators {
    Table,
    Id,
    SessionId,
    Position,
    Name,
    Role,
}

#[derive(DeriveIden, Clone, Copy)]
enum SessionDocuments {
    Table,
    Id,
    SessionId,
    Position,
    Title,
    Url,
}

#[derive(DeriveIden, Clone, Copy)]
enum Registrations {
    Table,
    Id,
    EventId,
    Email,
    FirstName,
    LastName,
    Profile,
    Organization,
    Language,
    AccessibilityNeeds,
    DietaryRequirements,
    Status,
    WaitlistSeq,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ManageTokens {
    Table,
    TokenHash,
    RegistrationId,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Choices {
    Table,
    Id,
    RegistrationId,
    SessionId,
    Status,
    WaitlistSeq,
    CreatedAt,
    UpdatedAt,
}

fn seats_check(capacity: impl IntoIden + Copy + 'static, taken: impl IntoIden + Copy + 'static) -> Expr {
    Expr::col(taken).gte(0).and(Expr::col(capacity).is_null().or(Expr::col(taken).lte(Expr::col(capacity))))
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Organizers::Table)
                    .col(pk_uuid(Organizers::Id))
                    .col(string_uniq(Organizers::Email))
                    .col(string(Organizers::Name))
                    .col(string(Organizers::Role))
                    .col(string_uniq(Organizers::TokenHash))
                    .col(timestamp_with_time_zone(Organizers::CreatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Series::Table)
                    .col(pk_uuid(Series::Id))
                    .col(string_uniq(Series::Slug))
                    .col(string(Series::Title))
                    .col(text_null(Series::Description))
                    .col(uuid_null(Series::CreatedBy))
                    .col(timestamp_with_time_zone(Series::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Series::Table, Series::CreatedBy)
                            .to(Organizers::Table, Organizers::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Events::Table)
                    .col(pk_uuid(Events::Id))
                    .col(string_uniq(Events::Slug))
                    .col(string(Events::Title))
                    .col(text_null(Events::Description))
                    .col(string(Events::Timezone))
                    .col(string(Events::Format))
                    .col(string_null(Events::Venue))
                    .col(integer_null(Events::Capacity))
                    .col(integer(Events::Taken).default(0))
                    .col(big_integer(Events::WaitlistSeq).default(0))
                    .col(timestamp_with_time_zone_null(Events::RegistrationOpensAt))
                    .col(timestamp_with_time_zone_null(Events::RegistrationClosesAt))
                    .col(string(Events::Status))
                    .col(uuid_null(Events::SeriesId))
                    .col(uuid_null(Events::CreatedBy))
                    .col(big_integer(Events::LockVersion).default(0))
                    .col(timestamp_with_time_zone(Events::CreatedAt))
                    .col(timestamp_with_time_zone(Events::UpdatedAt))
                    .check(Check::named("events_seats", seats_check(Events::Capacity, Events::Taken)))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Events::Table, Events::SeriesId)
                            .to(Series::Table, Series::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Events::Table, Events::CreatedBy)
                            .to(Organizers::Table, Organizers::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .col(pk_uuid(Sessions::Id))
                    .col(uuid(Sessions::EventId))
                    .col(string(Sessions::Title))
                    .col(string(Sessions::Kind))
                    .col(text_null(Sessions::Description))
                    .col(timestamp_with_time_zone(Sessions::StartsAt))
                    .col(timestamp_with_time_zone(Sessions::EndsAt))
                    .col(string_null(Sessions::Room))
                    .col(integer_null(Sessions::Capacity))
                    .col(integer(Sessions::Taken).default(0))
                    .col(big_integer(Sessions::WaitlistSeq).default(0))
                    .col(boolean(Sessions::RequiresRegistration))
                    .col(text_null(Sessions::OnlineUrl))
                    .col(text_null(Sessions::ReplayUrl))
                    .col(string(Sessions::Status))
                    .col(timestamp_with_time_zone(Sessions::CreatedAt))
                    .col(timestamp_with_time_zone(Sessions::UpdatedAt))
                    .check(Check::named("sessions_seats", seats_check(Sessions::Capacity, Sessions::Taken)))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Sessions::Table, Sessions::EventId)
                            .to(Events::Table, Events::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("sessions_event")
                    .table(Sessions::Table)
                    .col(Sessions::EventId)
                    .col(Sessions::StartsAt)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Facilitators::Table)
                    .col(pk_uuid(Facilitators::Id))
                    .col(uuid(Facilitators::SessionId))
                    .col(integer(Facilitators::Position))
                    .col(string(Facilitators::Name))
                    .col(string_null(Facilitators::Role))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Facilitators::Table, Facilitators::SessionId)
                            .to(Sessions::Table, Sessions::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("facilitators_session")
                    .table(Facilitators::Table)
                    .col(Facilitators::SessionId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(SessionDocuments::Table)
                    .col(pk_uuid(SessionDocuments::Id))
                    .col(uuid(SessionDocuments::SessionId))
                    .col(integer(SessionDocuments::Position))
                    .col(string(SessionDocuments::Title))
                    .col(text(SessionDocuments::Url))
                    .foreign_key(
                        ForeignKey::create()
                            .from(SessionDocuments::Table, SessionDocuments::SessionId)
                            .to(Sessions::Table, Sessions::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("session_documents_session")
                    .table(SessionDocuments::Table)
                    .col(SessionDocuments::SessionId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Registrations::Table)
                    .col(pk_uuid(Registrations::Id))
                    .col(uuid(Registrations::EventId))
                    .col(string(Registrations::Email))
                    .col(string(Registrations::FirstName))
                    .col(string(Registrations::LastName))
                    .col(string_null(Registrations::Profile))
                    .col(string_null(Registrations::Organization))
                    .col(string(Registrations::Language))
                    .col(text_null(Registrations::AccessibilityNeeds))
                    .col(text_null(Registrations::DietaryRequirements))
                    .col(string(Registrations::Status))
                    .col(big_integer_null(Registrations::WaitlistSeq))
                    .col(timestamp_with_time_zone(Registrations::CreatedAt))
                    .col(timestamp_with_time_zone(Registrations::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Registrations::Table, Registrations::EventId)
                            .to(Events::Table, Events::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("registrations_one_per_email")
                    .table(Registrations::Table)
                    .col(Registrations::EventId)
                    .col(Registrations::Email)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ManageTokens::Table)
                    .col(string(ManageTokens::TokenHash).primary_key())
                    .col(uuid(ManageTokens::RegistrationId))
                    .col(timestamp_with_time_zone(ManageTokens::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ManageTokens::Table, ManageTokens::RegistrationId)
                            .to(Registrations::Table, Registrations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("manage_tokens_registration")
                    .table(ManageTokens::Table)
                    .col(ManageTokens::RegistrationId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Choices::Table)
                    .col(pk_uuid(Choices::Id))
                    .col(uuid(Choices::RegistrationId))
                    .col(uuid(Choices::SessionId))
                    .col(string(Choices::Status))
                    .col(big_integer_null(Choices::WaitlistSeq))
                    .col(timestamp_with_time_zone(Choices::CreatedAt))
                    .col(timestamp_with_time_zone(Choices::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Choices::Table, Choices::RegistrationId)
                            .to(Registrations::Table, Registrations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Choices::Table, Choices::SessionId)
                            .to(Sessions::Table, Sessions::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("choices_one_per_session")
                    .table(Choices::Table)
                    .col(Choices::RegistrationId)
                    .col(Choices::SessionId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("choices_line")
                    .table(Choices::Table)
                    .col(Choices::SessionId)
                    .col(Choices::Status)
                    .col(Choices::WaitlistSeq)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Choices::Table.into_iden(),
            ManageTokens::Table.into_iden(),
            Registrations::Table.into_iden(),
            SessionDocuments::Table.into_iden(),
            Facilitators::Table.into_iden(),
            Sessions::Table.into_iden(),
            Events::Table.into_iden(),
            Series::Table.into_iden(),
            Organizers::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

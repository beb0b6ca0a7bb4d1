//! Organiser tools: check-ins at sessions, erasures of personal data, and the audit log of
//! organiser actions that touch personal data.
//!
//! New relations get new tables (SQLite cannot add a foreign key to an existing table).
//! The audit log never holds personal data: who acted (an organiser), what, when, and the
//! ids concerned.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Checkins {
    Table,
    SessionId,
    RegistrationId,
    CheckedAt,
    CheckedBy,
}

#[derive(DeriveIden, Clone, Copy)]
enum Erasures {
    Table,
    RegistrationId,
    ErasedAt,
    /// `request` (an organiser erased the person) or `retention` (the period ran out).
    Reason,
}

#[derive(DeriveIden, Clone, Copy)]
enum AuditLog {
    Table,
    Id,
    At,
    OrganizerId,
    Action,
    EventId,
    RegistrationId,
    SessionId,
    Count,
}

#[derive(DeriveIden, Clone, Copy)]
enum Sessions {
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

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Checkins::Table)
                    .col(uuid(Checkins::SessionId))
                    .col(uuid(Checkins::RegistrationId))
                    .col(timestamp_with_time_zone(Checkins::CheckedAt))
                    .col(uuid_null(Checkins::CheckedBy))
                    .primary_key(Index::create().col(Checkins::SessionId).col(Checkins::RegistrationId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Checkins::Table, Checkins::SessionId)
                            .to(Sessions::Table, Sessions::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Checkins::Table, Checkins::RegistrationId)
                            .to(Registrations::Table, Registrations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Checkins::Table, Checkins::CheckedBy)
                            .to(Organizers::Table, Organizers::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("checkins_registration")
                    .table(Checkins::Table)
                    .col(Checkins::RegistrationId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Erasures::Table)
                    .col(uuid(Erasures::RegistrationId).primary_key())
                    .col(timestamp_with_time_zone(Erasures::ErasedAt))
                    .col(string(Erasures::Reason))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Erasures::Table, Erasures::RegistrationId)
                            .to(Registrations::Table, Registrations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;

        // No foreign key to events, registrations or sessions: the log outlives what it
        // names. The organiser's id turns to NULL if their account goes.
        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(pk_uuid(AuditLog::Id))
                    .col(timestamp_with_time_zone(AuditLog::At))
                    .col(uuid_null(AuditLog::OrganizerId))
                    .col(string(AuditLog::Action))
                    .col(uuid_null(AuditLog::EventId))
                    .col(uuid_null(AuditLog::RegistrationId))
                    .col(uuid_null(AuditLog::SessionId))
                    .col(integer_null(AuditLog::Count))
                    .foreign_key(
                        ForeignKey::create()
                            .from(AuditLog::Table, AuditLog::OrganizerId)
                            .to(Organizers::Table, Organizers::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("audit_log_at").table(AuditLog::Table).col(AuditLog::At).to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [AuditLog::Table.into_iden(), Erasures::Table.into_iden(), Checkins::Table.into_iden()] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

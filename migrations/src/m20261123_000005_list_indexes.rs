//! Indexes for reading long lists: an event's registrations in order (exports read them a
//! page at a time from the last id seen), the event's own waiting line, and the messages of
//! one person (their data, their erasure).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Registrations {
    Table,
    Id,
    EventId,
    Status,
    WaitlistSeq,
}

#[derive(DeriveIden, Clone, Copy)]
enum Outbox {
    Table,
    RegistrationId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("registrations_event_order")
                    .table(Registrations::Table)
                    .col(Registrations::EventId)
                    .col(Registrations::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("registrations_event_line")
                    .table(Registrations::Table)
                    .col(Registrations::EventId)
                    .col(Registrations::Status)
                    .col(Registrations::WaitlistSeq)
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

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for name in ["outbox_registration", "registrations_event_line", "registrations_event_order"] {
            manager.drop_index(Index::drop().name(name).to_owned()).await?;
        }
        Ok(())
    }
}

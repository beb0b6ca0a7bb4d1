//! The Déjeuners: reminders sent (so that neither a restart nor a second server process sends
//! one twice), and whether a session's replay was announced.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum RemindersSent {
    Table,
    SessionId,
    RegistrationId,
    DelayMinutes,
    /// The start the reminder was for, in milliseconds since the epoch: a session moved in
    /// time gets its reminders again, at the new times.
    StartsAtMs,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Sessions {
    Table,
    Id,
    ReplayAnnounced,
}

#[derive(DeriveIden, Clone, Copy)]
enum Registrations {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(RemindersSent::Table)
                    .col(uuid(RemindersSent::SessionId))
                    .col(uuid(RemindersSent::RegistrationId))
                    .col(integer(RemindersSent::DelayMinutes))
                    .col(big_integer(RemindersSent::StartsAtMs))
                    .col(timestamp_with_time_zone(RemindersSent::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(RemindersSent::SessionId)
                            .col(RemindersSent::RegistrationId)
                            .col(RemindersSent::DelayMinutes)
                            .col(RemindersSent::StartsAtMs),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(RemindersSent::Table, RemindersSent::SessionId)
                            .to(Sessions::Table, Sessions::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(RemindersSent::Table, RemindersSent::RegistrationId)
                            .to(Registrations::Table, Registrations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Sessions::Table)
                    .add_column(boolean(Sessions::ReplayAnnounced).default(false))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter().table(Sessions::Table).drop_column(Sessions::ReplayAnnounced).to_owned(),
            )
            .await?;
        manager.drop_table(Table::drop().table(RemindersSent::Table).to_owned()).await?;
        Ok(())
    }
}

//! One row that `/readyz` writes to: a database that answers reads but cannot write (a full
//! disk, a read-only file) is not ready to take registrations.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Readiness {
    Table,
    Id,
    Probes,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Readiness::Table)
                    .col(integer(Readiness::Id).primary_key())
                    .col(big_integer(Readiness::Probes).default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(Readiness::Table)
                    .columns([Readiness::Id, Readiness::Probes])
                    .values_panic([1.into(), 0.into()])
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Readiness::Table).to_owned()).await
    }
}

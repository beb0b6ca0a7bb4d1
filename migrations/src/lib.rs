//! Tisser's database migrations, for SQLite and PostgreSQL alike.
//!
//! Architecture invariant: migrations use only `sea_orm_migration::schema` helpers and
//! `sea_query`, never today's entities, so that an old migration keeps meaning what it meant.
//! Foreign keys are declared inside `Table::create()` (SQLite cannot add them afterwards).

use sea_orm_migration::prelude::*;

mod m20261123_000001_foundation;
mod m20261123_000002_outbox;
mod m20261123_000003_organiser_tools;
mod m20261123_000004_dejeuners;
mod m20261123_000005_list_indexes;
mod m20261123_000006_organiser_web;
mod m20261201_000006_idempotency_keys;
mod m20261201_000007_readiness;

/// Every migration, oldest first.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_foundation::Migration),
            Box::new(m20261123_000002_outbox::Migration),
            Box::new(m20261123_000003_organiser_tools::Migration),
            Box::new(m20261123_000004_dejeuners::Migration),
            Box::new(m20261123_000005_list_indexes::Migration),
            Box::new(m20261123_000006_organiser_web::Migration),
            Box::new(m20261201_000006_idempotency_keys::Migration),
            Box::new(m20261201_000007_readiness::Migration),
        ]
    }
}

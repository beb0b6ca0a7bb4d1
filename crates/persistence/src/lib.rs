//! Storage for Tisser, on SQLite (the default, a file under `data/`) or PostgreSQL, chosen by
//! the database URL.
//!
//! The store exposes operations in the words of the domain ("register", "cancel",
//! "replace choices") and returns plain records. Every change to seats runs in one
//! transaction that first locks the event's row, so that the rules of `tisser-domain` see a
//! stable picture, and that several server processes on one PostgreSQL never overbook. The
//! seat counters are also guarded by CHECK constraints: the database refuses an overbooked
//! session whatever the code does.
//!
//! Architecture invariant: sea-orm entities never leave this crate; this crate knows nothing
//! of HTTP or JSON.

mod dejeuners;
mod entities;
mod notify;
mod organiser_tools;
mod organisers;
mod outbox;
mod participants;
mod programme;
pub mod records;
mod seats;
mod tokens;

use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbErr};
use sea_orm_migration::MigratorTrait;
use tisser_domain::SessionId;
use tisser_domain::rules::ChoiceError;

pub use organiser_tools::{
    Attendee, AttendeePages, AttendeeRow, AuditAction, AuditEntry, AuditRecord, CheckinOutcome,
    CheckinRecord, ERASED_FIRST_NAME, ERASED_LAST_NAME, EventFill, FillRates, MessageRecord, PersonData,
    PresenceCounts, SessionFill,
};
pub use outbox::{OutboxCounts, OutboxMessage};
pub use records::*;

/// What went wrong in the store, in terms a handler can answer with.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No such thing (event, session, series, registration).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The slug is already used by another event or series.
    #[error("this slug is already used")]
    SlugTaken,
    /// The e-mail is already registered for this event.
    #[error("already registered")]
    AlreadyRegistered,
    /// Registration is not open (draft, closed, outside its window, or over).
    #[error("registration is not open")]
    RegistrationClosed,
    /// The registration was cancelled: it cannot be changed any more.
    #[error("this registration was cancelled")]
    RegistrationCancelled,
    /// The chosen sessions are refused by the rules.
    #[error(transparent)]
    Choice(#[from] ChoiceError),
    /// A capacity below the number of people already confirmed.
    #[error("capacity {capacity} is below the {confirmed} people already confirmed")]
    CapacityBelowConfirmed { capacity: u32, confirmed: u32 },
    /// The session was cancelled and cannot be changed.
    #[error("session {0} was cancelled")]
    SessionCancelled(SessionId),
    /// An organiser e-mail already has an account.
    #[error("an organiser with this e-mail already exists")]
    OrganiserExists,
    /// A reference that names nothing (an unknown series slug in an event).
    #[error("{0}")]
    UnknownReference(&'static str),
    /// Something that should not happen: a broken invariant, a value in the database that
    /// the code does not know.
    #[error("internal error: {0}")]
    Internal(String),
    /// The database failed.
    #[error("database error: {0}")]
    Db(#[from] DbErr),
}

/// Which database engine the store runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The storage. Cheap to clone: it holds connection pools.
#[derive(Clone, Debug)]
pub struct Store {
    /// Where every change goes. On SQLite, a single connection: SQLite has one writer at a
    /// time anyway, and several writing connections only add `database is locked` waits.
    write: DatabaseConnection,
    /// Where reads go. On PostgreSQL the same pool as `write`.
    read: DatabaseConnection,
    backend: Backend,
}

impl Store {
    /// Connects to the database named by `url` (`sqlite://data/tisser.db`,
    /// `postgres://…`). For SQLite the file and its folder are created if missing, and the
    /// connection uses WAL, a busy timeout and foreign keys.
    ///
    /// # Errors
    /// [`StoreError::Db`] when the database cannot be reached, [`StoreError::Internal`] for
    /// an unknown scheme or a folder that cannot be created.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        if let Some(path) = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")) {
            let path = path.split('?').next().unwrap_or_default();
            if path != ":memory:"
                && !path.is_empty()
                && let Some(dir) = std::path::Path::new(path).parent().filter(|d| !d.as_os_str().is_empty())
            {
                std::fs::create_dir_all(dir).map_err(|e| {
                    StoreError::Internal(format!("cannot create the database folder {}: {e}", dir.display()))
                })?;
            }
            let write = Database::connect(sqlite_options(url, 1)).await?;
            let read = Database::connect(sqlite_options(url, 8)).await?;
            Ok(Self { write, read, backend: Backend::Sqlite })
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let mut opts = ConnectOptions::new(url);
            opts.max_connections(16)
                .min_connections(1)
                .acquire_timeout(Duration::from_secs(30))
                .connect_timeout(Duration::from_secs(10))
                .sqlx_logging(false);
            let db = Database::connect(opts).await?;
            Ok(Self { write: db.clone(), read: db, backend: Backend::Postgres })
        } else {
            Err(StoreError::Internal("the database URL must start with sqlite:// or postgres://".into()))
        }
    }

    /// The engine in use.
    #[must_use]
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Applies every pending migration.
    ///
    /// # Errors
    /// [`StoreError::Db`] when a migration fails.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        tisser_migration::Migrator::up(&self.write, None).await?;
        Ok(())
    }

    /// Whether the database answers.
    ///
    /// # Errors
    /// [`StoreError::Db`] when it does not.
    pub async fn ping(&self) -> Result<(), StoreError> {
        self.read.execute_unprepared("SELECT 1").await?;
        Ok(())
    }

    /// Closes the pools.
    ///
    /// # Errors
    /// [`StoreError::Db`] when closing fails.
    pub async fn close(self) -> Result<(), StoreError> {
        self.write.close().await?;
        if self.backend == Backend::Sqlite {
            self.read.close().await?;
        }
        Ok(())
    }
}

fn sqlite_options(url: &str, connections: u32) -> ConnectOptions {
    let mut opts = ConnectOptions::new(url);
    opts.max_connections(connections)
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(120))
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|o| {
            o.create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(30))
                .foreign_keys(true)
        });
    opts
}

/// Whether a database error is a unique-constraint violation.
fn is_unique_violation(err: &DbErr) -> bool {
    matches!(err.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_)))
}

fn to_u32(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}

fn to_i32(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

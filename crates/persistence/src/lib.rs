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

mod batch;
mod convert;
mod dejeuners;
mod entities;
mod idempotency;
mod notify;
pub(crate) mod organiser_tools;
mod organisers;
mod outbox;
mod participants;
mod programme;
mod programme_file;
mod reading;
pub mod records;
mod seats;
mod sign_in;
mod tokens;

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbErr};
use sea_orm_migration::MigratorTrait;
use tisser_domain::SessionId;
use tisser_domain::rules::ChoiceError;

pub use batch::BATCH_MAX;
pub use idempotency::IDEMPOTENCY_KEY_LIFETIME_HOURS;
pub use organiser_tools::{
    Attendee, AttendeeExport, AttendeePages, AttendeeRow, AuditAction, AuditRecord, CheckinOutcome,
    CheckinRecord, ERASED_FIRST_NAME, ERASED_LAST_NAME, EventFill, ExportFormat, FillRates, Listed,
    MessageRecord, PersonData, PresenceCounts, SessionFill,
};
pub use outbox::{Gauges, OutboxCounts, OutboxMessage};
pub use programme_file::ImportOutcome;
pub use records::*;
pub use sign_in::{
    LinkState, OrganiserAccount, OrganiserSessionRecord, SIGN_IN_LINK_MINUTES, SessionLimits, SignIn,
    SignedInSession,
};

/// What went wrong in the store, in terms a handler can answer with. Each variant says
/// what happened; none carries a database type (sea-orm stays inside this crate).
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
    /// An idempotency key already used for this event with another request body.
    #[error("this idempotency key was already used with another request")]
    IdempotencyKeyReused,
    /// The registration was cancelled: it cannot be changed any more.
    #[error("this registration was cancelled")]
    RegistrationCancelled,
    /// The chosen sessions are refused by the rules.
    #[error(transparent)]
    Choice(#[from] ChoiceError),
    /// A capacity below the number of people already confirmed.
    #[error("capacity {capacity} is below the {confirmed} people already confirmed")]
    CapacityBelowConfirmed { capacity: u32, confirmed: u32 },
    /// Moving the session would give these registrants two sessions at the same time; the
    /// organiser must confirm ([`SessionPatch::confirm_overlaps`]).
    #[error("moving this session would overlap another session of {} registrants", .0.len())]
    MoveOverlaps(Vec<Overlap>),
    /// The session was cancelled and cannot be changed.
    #[error("session {0} was cancelled")]
    SessionCancelled(SessionId),
    /// An organiser e-mail already has an account.
    #[error("an organiser with this e-mail already exists")]
    OrganiserExists,
    /// A reference that names nothing (an unknown series slug in an event).
    #[error("{0}")]
    UnknownReference(&'static str),
    /// A registration window that closes before it opens.
    #[error("the registration window closes before it opens")]
    InvalidWindow,
    /// A local time that does not exist in the event's zone (skipped by a change of clocks).
    #[error("{local} does not exist in the time zone {zone}")]
    NonexistentLocalTime { local: String, zone: &'static str },
    /// The database URL names no engine this store knows.
    #[error("the database URL must start with sqlite:// or postgres://")]
    UnsupportedUrl,
    /// The folder of the SQLite file cannot be created.
    #[error("cannot create the database folder {path}: {source}")]
    Folder { path: String, source: std::io::Error },
    /// The system gave no randomness for a token.
    #[error("no randomness available: {0}")]
    Randomness(String),
    /// A value in the database that the code does not know (a broken invariant).
    #[error("unknown {what} {value:?} in the database")]
    Corrupt { what: &'static str, value: String },
    /// A seat counter refused a seat the rules had seen free: a broken invariant.
    #[error("no seat left in {0} although the rules saw one")]
    SeatInvariant(&'static str),
    /// A notice could not be encoded for the outbox.
    #[error("notice encoding: {0}")]
    Encoding(#[from] serde_json::Error),
    /// The database cannot be reached right now (down, restarting, pool exhausted, disk
    /// unwritable): worth trying again later.
    #[error("database unavailable: {0}")]
    Unavailable(DbError),
    /// The database refused or failed a statement.
    #[error("database error: {0}")]
    Database(DbError),
}

/// A database failure, kept opaque: its text is for logs (it never holds a value), its type
/// stays inside this crate.
#[derive(Debug)]
pub struct DbError(DbErr);

impl std::fmt::Display for DbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for DbError {}

impl From<DbErr> for StoreError {
    fn from(e: DbErr) -> Self {
        if is_unavailable(&e) { Self::Unavailable(DbError(e)) } else { Self::Database(DbError(e)) }
    }
}

impl StoreError {
    /// Whether the database failed (unavailable or refused), rather than the request.
    #[must_use]
    pub fn is_database_failure(&self) -> bool {
        matches!(self, Self::Unavailable(_) | Self::Database(_))
    }
}

/// Whether a database error means "cannot reach it now" rather than "refused this".
fn is_unavailable(e: &DbErr) -> bool {
    use sea_orm::sqlx::Error as Sqlx;
    match e {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => true,
        DbErr::Exec(sea_orm::RuntimeErr::SqlxError(inner))
        | DbErr::Query(sea_orm::RuntimeErr::SqlxError(inner)) => {
            match inner.as_ref() {
                Sqlx::Io(_) | Sqlx::PoolTimedOut | Sqlx::PoolClosed | Sqlx::WorkerCrashed | Sqlx::Tls(_) => {
                    true
                }
                Sqlx::Database(db) => {
                    // PostgreSQL: class 08 (connection), 57P (shutdown, crash), 53 (resources);
                    // SQLite: busy, locked, read-only, I/O, full, cannot open.
                    let code = db.code().unwrap_or_default();
                    code.starts_with("08")
                        || code.starts_with("57P")
                        || code.starts_with("53")
                        || matches!(&*code, "5" | "6" | "8" | "10" | "13" | "14" | "261" | "517" | "1032")
                }
                _ => false,
            }
        }
        _ => false,
    }
}

/// Where "now" comes from. The binary wires the real clock; tests move their own.
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// Which database engine the store runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The storage. Cheap to clone: it holds connection pools.
#[derive(Clone)]
pub struct Store {
    /// Where every change goes. On SQLite, a single connection: SQLite has one writer at a
    /// time anyway, and several writing connections only add `database is locked` waits.
    write: DatabaseConnection,
    /// Where reads go. On PostgreSQL the same pool as `write`.
    read: DatabaseConnection,
    backend: Backend,
    /// Every write and every comparison with "now" reads this clock.
    clock: Clock,
    /// The writer tasks committing public registrations in batches.
    batcher: batch::Batcher,
    /// Published events as a registration finds them by slug ([`Store::event_by_slug_alone`]).
    published: programme::Published,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("backend", &self.backend).finish_non_exhaustive()
    }
}

impl Store {
    /// Connects to the database named by `url` (`sqlite://data/tisser.db`,
    /// `postgres://…`). For SQLite the file and its folder are created if missing, and the
    /// connection uses WAL, a busy timeout and foreign keys.
    ///
    /// `clock` says what time it is: every write and every comparison with "now" reads it.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when the database cannot be reached,
    /// [`StoreError::UnsupportedUrl`] for an unknown scheme, [`StoreError::Folder`] for a
    /// folder that cannot be created.
    pub async fn connect(url: &str, clock: Clock) -> Result<Self, StoreError> {
        if let Some(path) = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")) {
            let path = path.split('?').next().unwrap_or_default();
            if path != ":memory:"
                && !path.is_empty()
                && let Some(dir) = std::path::Path::new(path).parent().filter(|d| !d.as_os_str().is_empty())
            {
                std::fs::create_dir_all(dir)
                    .map_err(|source| StoreError::Folder { path: dir.display().to_string(), source })?;
            }
            let write = Database::connect(sqlite_options(url, 1)).await?;
            let read = Database::connect(sqlite_options(url, 8)).await?;
            // One writer: SQLite has one write lock.
            let batcher = batch::Batcher::start(&write, 1);
            tokio::spawn(checkpoints(read.clone()));
            Ok(Self { write, read, backend: Backend::Sqlite, clock, batcher, published: Default::default() })
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let mut opts = ConnectOptions::new(url);
            opts.max_connections(16)
                .min_connections(1)
                .acquire_timeout(Duration::from_secs(30))
                .connect_timeout(Duration::from_secs(10))
                .sqlx_logging(false)
                .map_sqlx_postgres_opts(|o| o.statement_cache_capacity(STATEMENTS_KEPT));
            let db = Database::connect(opts).await?;
            // Two writers, each for its share of the events: registrations of different
            // events commit in parallel, those of one event in batches. (On this 2-core
            // machine, 20 events at 64 connections: 1 writer 3,100-3,300/s, 2 writers
            // 3,350-3,730/s, 4 writers 3,250-3,525/s, 8 writers 2,950-3,500/s; again once a
            // batch's writes were one statement: 1 writer 4,402/s, 2 writers 4,687-4,839/s,
            // 3 writers 4,703-4,858/s.)
            let batcher = batch::Batcher::start(&db, 2);
            Ok(Self {
                write: db.clone(),
                read: db,
                backend: Backend::Postgres,
                clock,
                batcher,
                published: Default::default(),
            })
        } else {
            Err(StoreError::UnsupportedUrl)
        }
    }

    /// What time it is, by the store's clock.
    #[must_use]
    pub fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }

    /// The engine in use.
    #[must_use]
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Applies every pending migration.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] or [`StoreError::Database`] when a migration fails.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        tisser_migration::Migrator::up(&self.write, None).await?;
        Ok(())
    }

    /// Whether the database takes writes: one row is written (`readiness`, a counter), so
    /// that a database that answers reads but cannot write (a full disk, a read-only file,
    /// a server gone) is not called ready.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] or [`StoreError::Database`] when it does not.
    pub async fn ping(&self) -> Result<(), StoreError> {
        self.write.execute_unprepared("UPDATE readiness SET probes = probes + 1 WHERE id = 1").await?;
        Ok(())
    }

    /// Closes the pools.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] or [`StoreError::Database`] when closing fails.
    pub async fn close(self) -> Result<(), StoreError> {
        self.write.close().await?;
        if self.backend == Backend::Sqlite {
            self.read.close().await?;
        }
        Ok(())
    }
}

/// SQLite in WAL mode with `synchronous = FULL`: a commit reaches the disk before it is
/// acknowledged, so a registration answered 201 survives a power cut (`NORMAL` would only
/// survive a crash of the process).
/// Prepared statements kept by each connection. A batch's statements differ with its size
/// (so many rows inserted, so many addresses looked up): up to 64 of each kind, which the
/// default 100 did not hold, so statements were prepared again and again (one more round
/// trip and the server's parsing and planning each time).
const STATEMENTS_KEPT: usize = 1024;

fn sqlite_options(url: &str, connections: u32) -> ConnectOptions {
    let mut opts = ConnectOptions::new(url);
    opts.max_connections(connections)
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(120))
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|o| {
            o.create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .busy_timeout(Duration::from_secs(30))
                .foreign_keys(true)
                // Checkpoints are the store's own task (`checkpoints`), not the writer's.
                .pragma("wal_autocheckpoint", "0")
                .statement_cache_capacity(STATEMENTS_KEPT)
        });
    opts
}

/// How often the write-ahead log is copied into the database file.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(250);

/// Copies the write-ahead log into the database file, from a reading connection, every
/// [`CHECKPOINT_EVERY`]: a passive checkpoint never waits for the writer nor stops it (with
/// SQLite's own automatic checkpoints the writer copies, and waits for the disk, inside a
/// commit: the registrations queued behind it wait too). Stops with the connections.
async fn checkpoints(read: DatabaseConnection) {
    let mut every = tokio::time::interval(CHECKPOINT_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        match read.execute_unprepared("PRAGMA wal_checkpoint(PASSIVE)").await {
            Ok(_) => {}
            Err(DbErr::ConnectionAcquire(_)) => return,
            Err(e) => tracing::warn!(error = %e, "WAL checkpoint failed; tried again later"),
        }
    }
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

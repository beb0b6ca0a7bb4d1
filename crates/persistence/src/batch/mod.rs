//! Registrations committed together. A durable commit waits for the disk (SQLite with
//! `synchronous = FULL`, PostgreSQL's WAL flush); one commit per registration caps a
//! registration day at the disk's flushes per second. So the public registrations go to
//! writer tasks that take every registration waiting in their queue (up to [`BATCH_MAX`])
//! and commit them in one transaction; each caller gets its own answer only once the whole
//! batch is committed. The batch is decided in memory under each event's lock and written a
//! few statements per event ([`together`]); should a statement fail, it is done again one by
//! one, each registration inside its own savepoint (`seats::register_locked`), so a refused
//! one is rolled back alone and the others are committed. The rules are the domain's either
//! way; only the writing is shared.
//!
//! Deadlocks cannot come of it: an event is always handled by the same writer task of a
//! server, and inside a batch the events are locked in the order of their ids (a batch of
//! another server takes them in the same order); people of one event keep their order of
//! arrival.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr, TransactionTrait};
use tisser_domain::EventId;
use tokio::sync::{mpsc, oneshot};

use crate::records::{NewRegistration, Registered};
use crate::seats::{Places, Written, lock_event, register_locked};
use crate::{DbError, StoreError, is_unavailable};

mod together;
use together::{Decision, Picture, Remembered, Rows, write_all_postgres, write_counters};

/// What a writer task remembers of its events between batches ([`Remembered`]).
type Memory = std::collections::HashMap<uuid::Uuid, Remembered>;

/// The most registrations committed together.
pub const BATCH_MAX: usize = 64;

/// One registration waiting for its batch, and where its answer goes.
struct Job {
    event: EventId,
    new: NewRegistration,
    now: DateTime<Utc>,
    reply: oneshot::Sender<Result<Written, StoreError>>,
}

/// The queues of the writer tasks.
#[derive(Clone, Debug)]
pub(crate) struct Batcher {
    queues: Vec<mpsc::Sender<Job>>,
}

impl Batcher {
    /// Starts `workers` writer tasks on `write`.
    pub(crate) fn start(write: &DatabaseConnection, workers: usize) -> Self {
        let queues = (0..workers.max(1))
            .map(|_| {
                let (tx, rx) = mpsc::channel(BATCH_MAX * 16);
                tokio::spawn(run(write.clone(), rx));
                tx
            })
            .collect();
        Self { queues }
    }

    /// Queues a registration; its answer comes once its batch is committed.
    pub(crate) async fn register(
        &self,
        event: EventId,
        new: NewRegistration,
        now: DateTime<Utc>,
    ) -> Result<Written, StoreError> {
        let (reply, answer) = oneshot::channel();
        let index = usize::try_from(event.0.as_u128() % self.queues.len() as u128).unwrap_or(0);
        let queue = self.queues.get(index).ok_or_else(gone)?;
        queue.send(Job { event, new, now, reply }).await.map_err(|_| gone())?;
        answer.await.map_err(|_| gone())?
    }
}

/// The writer task has stopped (the server is shutting down).
fn gone() -> StoreError {
    StoreError::Unavailable(DbError(DbErr::Custom("the registration writer has stopped".into())))
}

async fn run(write: DatabaseConnection, mut queue: mpsc::Receiver<Job>) {
    let mut memory = Memory::new();
    while let Some(first) = queue.recv().await {
        let mut jobs = vec![first];
        while jobs.len() < BATCH_MAX {
            match queue.try_recv() {
                Ok(job) => jobs.push(job),
                Err(_) => break,
            }
        }
        let (items, replies): (Vec<_>, Vec<_>) =
            jobs.into_iter().map(|j| ((j.event, j.now, j.new), j.reply)).unzip();
        for (reply, outcome) in replies.into_iter().zip(commit(&write, items, &mut memory).await) {
            let _ = reply.send(outcome);
        }
    }
}

/// Registers `items` (event, time, registration) in one transaction, in the order of the
/// event ids (stable: arrival order within an event): decided in memory and written
/// together ([`together`]); when a statement of that fails, again one by one, each in its own
/// savepoint. One outcome per item, in their order. `memory` holds what this writer knows of
/// its events' lines: taken for the batch's events, given back once it is committed together.
async fn commit(
    write: &DatabaseConnection,
    items: Vec<(EventId, DateTime<Utc>, NewRegistration)>,
    memory: &mut Memory,
) -> Vec<Result<Written, StoreError>> {
    let n = items.len();
    let txn = match write.begin().await {
        Ok(txn) => txn,
        Err(e) => return copies(&e, n),
    };
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| items[i].0.0);
    // Taken out: remembered again only if this batch commits together.
    let mut recalled: Memory = items.iter().filter_map(|(e, _, _)| memory.remove_entry(&e.0)).collect();
    match all_together(&txn, &items, &order, &mut recalled).await {
        Ok(outcomes) => {
            let (outcomes, committed) = finish(txn, outcomes).await;
            if committed {
                memory.extend(recalled);
            }
            outcomes
        }
        Err(e) => {
            tracing::warn!(error = %e, "a batch written together failed; again one by one");
            let _ = txn.rollback().await;
            let txn = match write.begin().await {
                Ok(txn) => txn,
                Err(e) => return copies(&e, n),
            };
            let outcomes = one_by_one(&txn, &items, &order).await;
            finish(txn, outcomes).await.0
        }
    }
}

/// Commits the batch: every caller gets their outcome, or the commit's failure (then
/// `false`: nothing of the batch was kept).
async fn finish(
    txn: DatabaseTransaction,
    outcomes: Vec<Option<Result<Written, StoreError>>>,
) -> (Vec<Result<Written, StoreError>>, bool) {
    if let Err(e) = txn.commit().await {
        // Every caller hears it, refused ones included (they changed nothing either).
        return (copies(&e, outcomes.len()), false);
    }
    (outcomes.into_iter().map(|o| o.unwrap_or_else(|| Err(gone()))).collect(), true)
}

/// The batch decided in memory; a failed statement fails it all. `memory` comes in with what
/// the writer remembered of the batch's events and leaves with what to remember after the
/// commit.
async fn all_together(
    txn: &DatabaseTransaction,
    items: &[(EventId, DateTime<Utc>, NewRegistration)],
    order: &[usize],
    memory: &mut Memory,
) -> Result<Vec<Option<Result<Written, StoreError>>>, StoreError> {
    let mut outcomes: Vec<Option<Result<Written, StoreError>>> = (0..items.len()).map(|_| None).collect();
    let mut wanted: Vec<(uuid::Uuid, String)> =
        items.iter().map(|(e, _, n)| (e.0, n.email.as_str().to_owned())).collect();
    wanted.sort();
    wanted.dedup();
    let mut events: Vec<EventId> = order.iter().map(|&i| items[i].0).collect();
    events.dedup();
    let mut pictures = Picture::read_all(txn, &events, &wanted).await?;
    for (id, picture) in &mut pictures {
        if let Some(remembered) = memory.remove(id) {
            picture.recall(remembered);
        }
    }
    memory.clear();
    let mut rows = Rows::default();
    for &i in order {
        let (event, now, new) = &items[i];
        let Some(picture) = pictures.get_mut(&event.0) else {
            outcomes[i] = Some(Err(StoreError::NotFound("event")));
            continue;
        };
        match picture.decide(txn, &mut rows, new, *now).await? {
            Decision::Refused(e) => outcomes[i] = Some(Err(e)),
            Decision::Written(written) => outcomes[i] = Some(Ok(*written)),
            Decision::Alone => {
                // What came before is written first; the event's picture is read again after.
                flush(txn, &mut pictures, &mut rows).await?;
                outcomes[i] = Some(one(txn, *event, *now, new.clone(), &Places::new()).await);
                match Picture::read(txn, *event, &wanted).await? {
                    Some(again) => pictures.insert(event.0, again),
                    None => pictures.remove(&event.0),
                };
            }
        }
    }
    flush(txn, &mut pictures, &mut rows).await?;
    memory.extend(pictures.iter().map(|(id, p)| (*id, p.remember())));
    Ok(outcomes)
}

/// Writes what the batch decided so far: the events' counters, the sessions' counters (every
/// row guarded by its values as read), then the rows; on PostgreSQL all in one statement
/// (`together::write_all_postgres`), on SQLite (in the same process, no round trip) one
/// statement each.
async fn flush(
    txn: &DatabaseTransaction,
    pictures: &mut std::collections::HashMap<uuid::Uuid, Picture>,
    rows: &mut Rows,
) -> Result<(), StoreError> {
    let mut events = Vec::new();
    let mut sessions = Vec::new();
    for p in pictures.values_mut() {
        let (event, changed) = p.changed_counters();
        events.extend(event);
        sessions.extend(changed);
    }
    // In the order of the ids, as every writer locks rows.
    events.sort_by_key(|c| c.0);
    sessions.sort_by_key(|c| c.0);
    let rows = std::mem::take(rows);
    if txn.get_database_backend() == sea_orm::DbBackend::Postgres {
        return write_all_postgres(txn, &events, &sessions, rows).await;
    }
    write_counters(txn, "events", &events).await?;
    write_counters(txn, "sessions", &sessions).await?;
    rows.flush(txn).await
}

/// The batch one registration at a time, each in its own savepoint.
async fn one_by_one(
    txn: &DatabaseTransaction,
    items: &[(EventId, DateTime<Utc>, NewRegistration)],
    order: &[usize],
) -> Vec<Option<Result<Written, StoreError>>> {
    let mut outcomes: Vec<Option<Result<Written, StoreError>>> = (0..items.len()).map(|_| None).collect();
    // The places this batch has given in each line: the next one is known without counting.
    let mut lines = Places::new();
    for &i in order {
        let (event, now, new) = &items[i];
        let outcome = one(txn, *event, *now, new.clone(), &lines).await;
        if let Ok(written) = &outcome {
            for (session, seq, place) in &written.places {
                lines.insert(*session, (*seq, *place));
            }
        }
        outcomes[i] = Some(outcome);
    }
    outcomes
}

/// One registration inside its own savepoint of `txn`.
async fn one(
    txn: &DatabaseTransaction,
    event: EventId,
    now: DateTime<Utc>,
    new: NewRegistration,
    lines: &Places,
) -> Result<Written, StoreError> {
    let savepoint = txn.begin().await?;
    let locked = lock_event(&savepoint, event).await?;
    let (savepoint, written) = register_locked(savepoint, locked, new, now, None, lines).await?;
    savepoint.commit().await?;
    Ok(written)
}

/// The same failure for each of `n` callers.
fn copies(e: &DbErr, n: usize) -> Vec<Result<Written, StoreError>> {
    let unavailable = is_unavailable(e);
    let text = e.to_string();
    (0..n)
        .map(|_| {
            let e = DbError(DbErr::Custom(text.clone()));
            Err(if unavailable { StoreError::Unavailable(e) } else { StoreError::Database(e) })
        })
        .collect()
}

impl crate::Store {
    /// Registers several people as one batch (what the writer tasks do with their queue):
    /// one transaction, a savepoint each; a refused registration changes nothing, the others
    /// are committed. One answer per registration, in their order.
    pub async fn register_batch(
        &self,
        registrations: Vec<(EventId, NewRegistration)>,
        now: DateTime<Utc>,
    ) -> Vec<Result<Registered, StoreError>> {
        let items = registrations.into_iter().map(|(event, new)| (event, now, new)).collect();
        let mut out = Vec::new();
        for outcome in commit(&self.write, items, &mut Memory::new()).await {
            out.push(match outcome {
                Ok(written) => written.record(&self.read).await,
                Err(e) => Err(e),
            });
        }
        out
    }
}

//! A batch decided in memory and written in a few statements. Under the events' locks nobody
//! else changes their rows, so the picture read once at the start of the batch (the events,
//! their sessions, which addresses are already registered, whether anyone waits, how long the
//! lines are; read for every event of the batch at once) stays true while the batch goes on: each newcomer is decided by the same
//! domain rules as one by one (`rules::check_choices`, `rules::seat_for_newcomer`), the
//! picture is updated in memory, and the rows (registrations, choices, private links,
//! messages) of the whole batch are inserted many at a time, each counter written once with a
//! guard on its value as read. A person whose address is already known (a second registration, someone
//! coming back after cancelling) is handled one by one (`seats::register_locked`) at their
//! turn, after what came before has been written. Any failed statement undoes the whole
//! attempt, and the batch is done again one by one.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, DbBackend, EntityTrait, IdenStatic,
    IntoActiveModel, Iterable, PaginatorTrait, QueryFilter, Statement, Value,
};
use tisser_domain::notice::InviteMethod;
use tisser_domain::rules::{self, Selectable};
use tisser_domain::{ChoiceStatus, Event, EventId, RegistrationId, RegistrationStatus, SessionId};
use uuid::Uuid;

use crate::convert::{last_end, selectable};
use crate::entities::{choices, events, manage_tokens, outbox, registrations, sessions};
use crate::notify::{self, About, Draft};
use crate::records::NewRegistration;
use crate::seats::{Written, admitted_waiting, event_line_waits, welcome_kind};
use crate::{StoreError, tokens};

/// What became of one newcomer.
pub(super) enum Decision {
    /// Refused by a rule; nothing written.
    Refused(StoreError),
    /// Known address: to be registered one by one.
    Alone,
    /// Decided; written with the others when the event's rows are flushed.
    Written(Box<Written>),
}

/// An event's rows as the batch sees them under its lock, and what it will write.
pub(super) struct Picture {
    event: events::Model,
    domain: Event,
    programme: Vec<sessions::Model>,
    options: Vec<Selectable>,
    ends: Option<DateTime<Utc>>,
    /// Counters as read: (taken, waitlist number), for the event and each session.
    read_event: (i32, i64),
    read_sessions: HashMap<Uuid, (i32, i64)>,
    /// The batch's addresses already registered for the event (any status).
    known: HashSet<String>,
    /// Addresses registered by this batch, not yet written.
    taken_addresses: HashSet<String>,
    event_waits: Option<bool>,
    admitted_waiting: HashMap<Uuid, bool>,
    /// Number of waitlisted choices in each session's line.
    line_len: HashMap<Uuid, u32>,
}

/// What a writer task remembers of an event after committing a batch: the event's lock
/// version as its batch left it, and the lengths of the sessions' lines it counted or
/// changed. Every change to an event's lines happens under its lock, which raises the
/// version (`seats::lock_only`); so when the next batch finds the version one above (its own
/// lock), nobody changed the lines meanwhile, on this server or another, and the lengths
/// need not be counted again (a count reads the whole line: thousands of rows on a busy
/// registration day).
pub(super) struct Remembered {
    version: i64,
    line_len: HashMap<Uuid, u32>,
}

/// The rows a batch will insert, all its events together.
#[derive(Default)]
pub(super) struct Rows {
    registrations: Vec<registrations::ActiveModel>,
    choices: Vec<choices::ActiveModel>,
    links: Vec<manage_tokens::ActiveModel>,
    outbox: Vec<outbox::ActiveModel>,
}

impl Rows {
    /// Inserts them, many at a time.
    pub(super) async fn flush(self, txn: &DatabaseTransaction) -> Result<(), StoreError> {
        if self.registrations.is_empty() {
            return Ok(());
        }
        registrations::Entity::insert_many(self.registrations).exec_without_returning(txn).await?;
        if !self.choices.is_empty() {
            choices::Entity::insert_many(self.choices).exec_without_returning(txn).await?;
        }
        manage_tokens::Entity::insert_many(self.links).exec_without_returning(txn).await?;
        outbox::Entity::insert_many(self.outbox).exec_without_returning(txn).await?;
        Ok(())
    }
}

impl Picture {
    /// Locks `events` (in the order of their ids) and reads their pictures, all at once;
    /// `wanted` are the batch's (event, address) pairs. An event that does not exist has no
    /// picture.
    pub(super) async fn read_all(
        txn: &DatabaseTransaction,
        events: &[EventId],
        wanted: &[(Uuid, String)],
    ) -> Result<HashMap<Uuid, Self>, StoreError> {
        let models = lock_and_read(txn, events).await?;
        let locked: Vec<Uuid> = models.iter().map(|m| m.id).collect();
        if locked.is_empty() {
            return Ok(HashMap::new());
        }
        let mut programmes: HashMap<Uuid, Vec<sessions::Model>> = HashMap::new();
        for s in
            sessions::Entity::find().filter(sessions::Column::EventId.is_in(locked.clone())).all(txn).await?
        {
            programmes.entry(s.event_id).or_default().push(s);
        }
        let mut known: HashMap<Uuid, HashSet<String>> = HashMap::new();
        for (event, email) in registered(txn, wanted).await? {
            known.entry(event).or_default().insert(email);
        }
        let mut pictures = HashMap::new();
        for event in models {
            let programme = programmes.remove(&event.id).unwrap_or_default();
            let known = known.remove(&event.id).unwrap_or_default();
            pictures.insert(event.id, Self::new(event, programme, known)?);
        }
        Ok(pictures)
    }

    /// Locks one event and reads its picture again (after a registration done one by one).
    pub(super) async fn read(
        txn: &DatabaseTransaction,
        event: EventId,
        wanted: &[(Uuid, String)],
    ) -> Result<Option<Self>, StoreError> {
        let wanted: Vec<(Uuid, String)> = wanted.iter().filter(|(e, _)| *e == event.0).cloned().collect();
        Ok(Self::read_all(txn, &[event], &wanted).await?.remove(&event.0))
    }

    fn new(
        event: events::Model,
        programme: Vec<sessions::Model>,
        known: HashSet<String>,
    ) -> Result<Self, StoreError> {
        Ok(Self {
            domain: event.to_event()?,
            options: selectable(&programme)?,
            ends: last_end(&programme),
            read_event: (event.taken, event.waitlist_seq),
            read_sessions: programme.iter().map(|s| (s.id, (s.taken, s.waitlist_seq))).collect(),
            known,
            taken_addresses: HashSet::new(),
            event_waits: None,
            admitted_waiting: HashMap::new(),
            line_len: HashMap::new(),
            event,
            programme,
        })
    }

    pub(super) fn event_id(&self) -> EventId {
        EventId(self.event.id)
    }

    /// Takes the lines' lengths a writer remembered, when nobody locked the event since
    /// (the version is one above, the lock this batch took).
    pub(super) fn recall(&mut self, remembered: Remembered) {
        if remembered.version + 1 == self.event.lock_version {
            self.line_len = remembered.line_len;
        }
    }

    /// What to remember once this batch is committed.
    pub(super) fn remember(&self) -> Remembered {
        Remembered { version: self.event.lock_version, line_len: self.line_len.clone() }
    }

    /// Decides one newcomer with the rules of `seats::register_locked`, in memory.
    pub(super) async fn decide(
        &mut self,
        txn: &DatabaseTransaction,
        rows_out: &mut Rows,
        new: &NewRegistration,
        now: DateTime<Utc>,
    ) -> Result<Decision, StoreError> {
        if !self.domain.registration_open(now, self.ends) {
            return Ok(Decision::Refused(StoreError::RegistrationClosed));
        }
        let email = new.email.as_str();
        if self.known.contains(email) || self.taken_addresses.contains(email) {
            return Ok(Decision::Alone);
        }
        let wanted = if new.sessions.is_empty() {
            rules::default_choice(&self.options).into_iter().collect()
        } else {
            new.sessions.clone()
        };
        let chosen = match rules::check_choices(&self.options, &wanted, &[]) {
            Ok(chosen) => chosen,
            Err(e) => return Ok(Decision::Refused(e.into())),
        };

        let capacity = self.event.capacity_value();
        let room = capacity.has_room(self.event.taken_seats());
        let someone_waits = room && capacity.seats().is_some() && self.event_waits(txn).await?;
        let (status, seq) = if room && !someone_waits {
            self.event.taken += 1;
            (RegistrationStatus::Confirmed, None)
        } else {
            self.event.waitlist_seq += 1;
            self.event_waits = Some(true);
            (RegistrationStatus::Waitlisted, Some(self.event.waitlist_seq))
        };
        let id = RegistrationId::new();
        let registration = registrations::Model {
            id: id.0,
            event_id: self.event.id,
            email: email.to_owned(),
            first_name: new.first_name.clone(),
            last_name: new.last_name.clone(),
            profile: new.profile.map(|p| p.as_str().to_owned()),
            organization: new.organization.clone(),
            language: new.language.as_str().to_owned(),
            accessibility_needs: new.accessibility_needs.clone(),
            dietary_requirements: new.dietary_requirements.clone(),
            status: status.as_str().to_owned(),
            waitlist_seq: seq,
            created_at: now,
            updated_at: now,
        };

        let mut rows = Vec::new();
        let mut invites = Vec::new();
        let mut places = Vec::new();
        for session in chosen {
            let Some(index) = self.programme.iter().position(|s| s.id == session.0) else { continue };
            let eligible = status == RegistrationStatus::Confirmed;
            let (capacity, taken) =
                (self.programme[index].capacity_value(), self.programme[index].taken_seats());
            let waiting = if eligible && capacity.has_room(taken) {
                u32::from(self.admitted_waiting(txn, session).await?)
            } else {
                0
            };
            let choice_status = rules::seat_for_newcomer(capacity, taken, eligible, waiting);
            let s = &mut self.programme[index];
            let seq = if choice_status == ChoiceStatus::Confirmed {
                s.taken += 1;
                invites.push((s.id, InviteMethod::Request));
                None
            } else {
                s.waitlist_seq += 1;
                Some(s.waitlist_seq)
            };
            if let Some(seq) = seq {
                let ahead = self.line_len(txn, session).await?;
                self.line_len.insert(session.0, ahead + 1);
                places.push((session.0, seq, ahead + 1));
            }
            rows.push(choices::Model {
                id: Uuid::now_v7(),
                registration_id: id.0,
                session_id: session.0,
                status: choice_status.as_str().to_owned(),
                waitlist_seq: seq,
                created_at: now,
                updated_at: now,
                invite_sequence: 0,
            });
        }

        let manage_token = tokens::generate("m_")?;
        let about = About {
            registration: &registration,
            event: &self.event,
            choices: &rows,
            programme: &self.programme,
        };
        let draft = Draft::new(welcome_kind(status, &invites, &rows)).invites(&invites);
        let composed = notify::compose(&about, &draft, manage_token.clone(), &places)?;
        for (choice, sequence) in &composed.raised {
            if let Some(row) = rows.iter_mut().find(|c| c.id == *choice) {
                row.invite_sequence = *sequence;
            }
        }
        rows_out.outbox.push(notify::outbox_model(&composed.notice, now)?);
        rows_out.links.push(manage_tokens::ActiveModel {
            token_hash: sea_orm::Set(tokens::hash(&manage_token)),
            registration_id: sea_orm::Set(id.0),
            created_at: sea_orm::Set(now),
        });
        rows_out.registrations.push(registration.clone().into_active_model().reset_all());
        rows_out.choices.extend(rows.iter().map(|c| c.clone().into_active_model().reset_all()));
        self.taken_addresses.insert(email.to_owned());
        Ok(Decision::Written(Box::new(Written {
            event: self.event.clone(),
            programme: self.programme.clone(),
            registration,
            rows,
            manage_token,
            places: composed.told,
        })))
    }

    async fn event_waits(&mut self, txn: &DatabaseTransaction) -> Result<bool, StoreError> {
        if let Some(waits) = self.event_waits {
            return Ok(waits);
        }
        let waits = event_line_waits(txn, self.event_id()).await?;
        self.event_waits = Some(waits);
        Ok(waits)
    }

    async fn admitted_waiting(
        &mut self,
        txn: &DatabaseTransaction,
        session: SessionId,
    ) -> Result<bool, StoreError> {
        if let Some(waiting) = self.admitted_waiting.get(&session.0) {
            return Ok(*waiting);
        }
        let waiting = admitted_waiting(txn, session).await?;
        self.admitted_waiting.insert(session.0, waiting);
        Ok(waiting)
    }

    async fn line_len(&mut self, txn: &DatabaseTransaction, session: SessionId) -> Result<u32, StoreError> {
        if let Some(len) = self.line_len.get(&session.0) {
            return Ok(*len);
        }
        let len = choices::Entity::find()
            .filter(choices::Column::SessionId.eq(session.0))
            .filter(choices::Column::Status.eq(ChoiceStatus::Waitlisted.as_str()))
            .count(txn)
            .await?;
        let len = u32::try_from(len).unwrap_or(u32::MAX);
        self.line_len.insert(session.0, len);
        Ok(len)
    }

    /// The counters this batch changed since they were last written, as (id, new taken, new
    /// waitlist number, taken as read, waitlist number as read), the event's then its
    /// sessions'; taken as written.
    pub(super) fn changed_counters(&mut self) -> (Option<Counter>, Vec<Counter>) {
        let (taken, seq) = self.read_event;
        let event = ((self.event.taken, self.event.waitlist_seq) != (taken, seq)).then_some((
            self.event.id,
            self.event.taken,
            self.event.waitlist_seq,
            taken,
            seq,
        ));
        self.read_event = (self.event.taken, self.event.waitlist_seq);
        let mut sessions = Vec::new();
        for s in &self.programme {
            let Some(read) = self.read_sessions.get_mut(&s.id) else { continue };
            let (taken, seq) = *read;
            if (s.taken, s.waitlist_seq) != (taken, seq) {
                sessions.push((s.id, s.taken, s.waitlist_seq, taken, seq));
                *read = (s.taken, s.waitlist_seq);
            }
        }
        (event, sessions)
    }
}

/// A counter to write: (row id, taken, waitlist number, taken as read, waitlist number as read).
pub(super) type Counter = (Uuid, i32, i64, i32, i64);

/// Locks `events` and reads them, in one statement: on PostgreSQL the rows are locked in the
/// order of their ids (as one by one, so that two batches never wait on each other in a
/// circle); SQLite has one writer anyway. Each lock raises the event's lock version, as
/// `seats::lock_only` does. An event that does not exist is not in the answer.
async fn lock_and_read(
    txn: &DatabaseTransaction,
    events: &[EventId],
) -> Result<Vec<events::Model>, StoreError> {
    if events.is_empty() {
        return Ok(Vec::new());
    }
    let backend = txn.get_database_backend();
    let marks = placeholders(backend, 0, events.len());
    let sql = match backend {
        DbBackend::Postgres => format!(
            "UPDATE events SET lock_version = lock_version + 1 WHERE id IN \
             (SELECT id FROM events WHERE id IN ({marks}) ORDER BY id FOR UPDATE) RETURNING *"
        ),
        _ => format!("UPDATE events SET lock_version = lock_version + 1 WHERE id IN ({marks}) RETURNING *"),
    };
    let values: Vec<Value> = events.iter().map(|e| e.0.into()).collect();
    Ok(events::Entity::find()
        .from_raw_sql(Statement::from_sql_and_values(backend, sql, values))
        .all(txn)
        .await?)
}

/// Writes counters of `table` (`events` or `sessions`) in one statement, each row guarded by
/// its values as read; fails if any row had changed.
pub(super) async fn write_counters(
    txn: &DatabaseTransaction,
    table: &'static str,
    counters: &[Counter],
) -> Result<(), StoreError> {
    if counters.is_empty() {
        return Ok(());
    }
    let backend = txn.get_database_backend();
    let mut values = Vec::with_capacity(counters.len() * 5);
    let sql = counters_update(backend, table, counters, &mut values);
    let done = txn.execute_raw(Statement::from_sql_and_values(backend, sql, values)).await?;
    check_counted(table, done.rows_affected(), counters)
}

/// The guarded `UPDATE` of `counters` in `table`, its parameters numbered after `values`
/// (to which they are added).
fn counters_update(backend: DbBackend, table: &str, counters: &[Counter], values: &mut Vec<Value>) -> String {
    let rows: Vec<String> = (0..counters.len())
        .map(|i| format!("({})", placeholders(backend, values.len() + i * 5, 5)))
        .collect();
    for (id, taken, seq, read_taken, read_seq) in counters {
        values.extend([
            (*id).into(),
            (*taken).into(),
            (*seq).into(),
            (*read_taken).into(),
            (*read_seq).into(),
        ]);
    }
    format!(
        "UPDATE {table} SET taken = v.column2, waitlist_seq = v.column3 FROM (VALUES {}) AS v \
         WHERE {table}.id = v.column1 AND {table}.taken = v.column4 AND {table}.waitlist_seq = v.column5",
        rows.join(", ")
    )
}

/// Every guarded counter row was written, or the batch fails.
fn check_counted(table: &str, written: u64, counters: &[Counter]) -> Result<(), StoreError> {
    if written != counters.len() as u64 {
        return Err(StoreError::SeatInvariant(if table == "events" { "event" } else { "session" }));
    }
    Ok(())
}

/// PostgreSQL: the events' and sessions' counters and the batch's rows in one statement (a
/// `WITH` of data-modifying statements, each run once and to the end; foreign keys are
/// checked at the end of the statement), so a batch waits on one round trip for its writes
/// instead of six. The rows go as one JSON array per table, read into the table's own row
/// type (`jsonb_populate_recordset`): the statement's text depends only on how many counters
/// change, and stays prepared. The counters keep their guards; the answer counts the rows
/// each `UPDATE` wrote.
pub(super) async fn write_all_postgres(
    txn: &DatabaseTransaction,
    events: &[Counter],
    sessions: &[Counter],
    rows: Rows,
) -> Result<(), StoreError> {
    let backend = txn.get_database_backend();
    let mut values: Vec<Value> = Vec::new();
    let mut parts = Vec::new();
    let mut counted = Vec::new();
    for (name, table, counters) in [("e", "events", events), ("s", "sessions", sessions)] {
        if !counters.is_empty() {
            parts.push(format!(
                "{name} AS ({} RETURNING 1)",
                counters_update(backend, table, counters, &mut values)
            ));
            counted.push(format!("(SELECT count(*) FROM {name}) AS {table}"));
        }
    }
    let tables = [
        ("r", "registrations", json_rows(&rows.registrations)?),
        ("c", "choices", json_rows(&rows.choices)?),
        ("t", "manage_tokens", json_rows(&rows.links)?),
        ("o", "outbox", json_rows(&rows.outbox)?),
    ];
    for (name, table, json) in tables {
        if let Some(json) = json {
            values.push(Value::Json(Some(Box::new(json))));
            parts.push(format!(
                "{name} AS (INSERT INTO {table} SELECT * FROM jsonb_populate_recordset(NULL::{table}, ${}))",
                values.len()
            ));
        }
    }
    if parts.is_empty() {
        return Ok(());
    }
    let answer = if counted.is_empty() { "1 AS nothing".to_owned() } else { counted.join(", ") };
    let sql = format!("WITH {} SELECT {answer}", parts.join(", "));
    let row = txn
        .query_one_raw(Statement::from_sql_and_values(backend, sql, values))
        .await?
        .ok_or_else(|| unwritable("the batch's statement gave no answer".to_owned()))?;
    for (table, counters) in [("events", events), ("sessions", sessions)] {
        if !counters.is_empty() {
            let written: i64 = row.try_get("", table)?;
            check_counted(table, u64::try_from(written).unwrap_or(0), counters)?;
        }
    }
    Ok(())
}

/// The rows as one JSON array of objects keyed by column name (`None` when there are none).
fn json_rows<A: ActiveModelTrait>(rows: &[A]) -> Result<Option<serde_json::Value>, StoreError> {
    if rows.is_empty() {
        return Ok(None);
    }
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let mut object = serde_json::Map::new();
        for column in <A::Entity as EntityTrait>::Column::iter() {
            let value = row
                .get(column)
                .into_value()
                .ok_or_else(|| unwritable(format!("no value for the column {}", column.as_str())))?;
            let value = json_value(value).ok_or_else(|| {
                unwritable(format!(
                    "the column {} holds a kind of value a batch does not send",
                    column.as_str()
                ))
            })?;
            object.insert(column.as_str().to_owned(), value);
        }
        out.push(serde_json::Value::Object(object));
    }
    Ok(Some(serde_json::Value::Array(out)))
}

/// One column's value as `jsonb_populate_recordset` reads it back (times in RFC 3339 to the
/// microsecond, as PostgreSQL keeps them); `None` for a kind no batch table holds.
fn json_value(value: Value) -> Option<serde_json::Value> {
    use serde_json::Value as Json;
    Some(match value {
        Value::Uuid(v) => v.map_or(Json::Null, |v| Json::String(v.to_string())),
        Value::String(v) => v.map_or(Json::Null, Json::String),
        Value::Int(v) => v.map_or(Json::Null, Json::from),
        Value::BigInt(v) => v.map_or(Json::Null, Json::from),
        Value::ChronoDateTimeUtc(v) => {
            v.map_or(Json::Null, |v| Json::String(v.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)))
        }
        _ => return None,
    })
}

/// A batch's rows that cannot be written together (the batch is then done one by one).
fn unwritable(why: String) -> StoreError {
    StoreError::Database(crate::DbError(sea_orm::DbErr::Custom(why)))
}

/// Which of the `wanted` (event, address) pairs are already registered (any status): each
/// pair one lookup in the index of addresses by event. (Events and addresses given apart,
/// `event IN (…) AND email IN (…)`, made PostgreSQL try every event with every address.)
async fn registered(
    txn: &DatabaseTransaction,
    wanted: &[(Uuid, String)],
) -> Result<Vec<(Uuid, String)>, StoreError> {
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let backend = txn.get_database_backend();
    let pairs: Vec<String> =
        (0..wanted.len()).map(|i| format!("({})", placeholders(backend, i * 2, 2))).collect();
    let sql = format!(
        "SELECT r.event_id, r.email FROM registrations r JOIN (VALUES {}) AS k \
         ON r.event_id = k.column1 AND r.email = k.column2",
        pairs.join(", ")
    );
    let mut values: Vec<Value> = Vec::with_capacity(wanted.len() * 2);
    for (event, email) in wanted {
        values.extend([(*event).into(), email.clone().into()]);
    }
    let rows = txn.query_all_raw(Statement::from_sql_and_values(backend, sql, values)).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        out.push((row.try_get::<Uuid>("", "event_id")?, row.try_get::<String>("", "email")?));
    }
    Ok(out)
}

/// `n` parameters after the first `before`, as the backend writes them.
fn placeholders(backend: DbBackend, before: usize, n: usize) -> String {
    (before + 1..=before + n)
        .map(|i| if backend == DbBackend::Postgres { format!("${i}") } else { "?".to_owned() })
        .collect::<Vec<_>>()
        .join(", ")
}

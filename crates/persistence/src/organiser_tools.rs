//! Organiser tools: attendee lists read in pages, attendance, check-in, fill rates, messages
//! to registrants, and data protection (a person's data, erasure, retention, audit log).
//!
//! Erasure keeps the registration's row, its choices and its check-ins (counts and lines
//! stay right) but replaces everything that names or describes the person, deletes their
//! private links and every message written for them (a sent message keeps its text, with
//! their name and address, in the outbox), and records the erasure. The audit log holds ids
//! and counts, never personal data.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query, SelectStatement};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use tisser_domain::notice::NoticeKind;
use tisser_domain::{
    Capacity, ChoiceStatus, EventId, OrganiserId, RegistrationId, RegistrationStatus, SessionId, SessionKind,
    SessionStatus, TimeSlot,
};
use uuid::Uuid;

use crate::convert::capacity_from;
use crate::entities::{
    audit_log, checkins, choices, erasures, events, manage_tokens, organisers, outbox, registrations,
    sessions,
};
use crate::notify::{self, Draft};
use crate::programme::find_session;
use crate::reading::{self, Context};
use crate::records::RegistrationRecord;
use crate::{Store, StoreError, seats, to_u32};

/// First name given to an erased person.
pub const ERASED_FIRST_NAME: &str = "Anonyme";
/// Last name given to an erased person.
pub const ERASED_LAST_NAME: &str = "Personne effacée";

/// An organiser action that touches personal data, as the audit log names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuditAction {
    ExportCsv,
    ExportXlsx,
    AttendanceSheet,
    RegistrationList,
    PersonExport,
    Erasure,
    RetentionErasure,
    Message,
    CheckIn,
    CheckInUndone,
}

impl AuditAction {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ExportCsv => "attendees_csv",
            Self::ExportXlsx => "attendees_xlsx",
            Self::AttendanceSheet => "attendance_sheet",
            Self::RegistrationList => "registration_list",
            Self::PersonExport => "person_export",
            Self::Erasure => "erasure",
            Self::RetentionErasure => "retention_erasure",
            Self::Message => "message",
            Self::CheckIn => "check_in",
            Self::CheckInUndone => "check_in_undone",
        }
    }
}

/// One line to write into the audit log: ids and a count, never personal data.
#[derive(Clone, Copy, Debug)]
pub struct AuditEntry {
    /// Who: `None` for the server itself (retention).
    pub organiser: Option<OrganiserId>,
    pub action: AuditAction,
    pub event: Option<EventId>,
    pub registration: Option<RegistrationId>,
    pub session: Option<SessionId>,
    /// How many people the action concerned (rows exported, messages queued, …).
    pub count: Option<u32>,
}

impl AuditEntry {
    /// An action of `organiser` on `event`.
    #[must_use]
    pub fn new(organiser: OrganiserId, action: AuditAction, event: EventId) -> Self {
        Self {
            organiser: Some(organiser),
            action,
            event: Some(event),
            registration: None,
            session: None,
            count: None,
        }
    }

    #[must_use]
    pub fn registration(mut self, id: RegistrationId) -> Self {
        self.registration = Some(id);
        self
    }

    #[must_use]
    pub fn session(mut self, id: Option<SessionId>) -> Self {
        self.session = id;
        self
    }

    #[must_use]
    pub fn count(mut self, n: u32) -> Self {
        self.count = Some(n);
        self
    }
}

/// A line of the audit log, as read back.
#[derive(Clone, Debug)]
pub struct AuditRecord {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    pub organiser_id: Option<OrganiserId>,
    /// The organiser's e-mail (their account, not a participant's).
    pub organiser_email: Option<String>,
    pub action: String,
    pub event_id: Option<EventId>,
    pub event_slug: Option<String>,
    pub registration_id: Option<RegistrationId>,
    pub session_id: Option<SessionId>,
    pub count: Option<u32>,
}

/// One registration as an attendee list shows it: the same record as everywhere.
pub type AttendeeRow = RegistrationRecord;

/// A person expected at a session, for the attendance sheet and the check-in.
#[derive(Clone, Debug)]
pub struct Attendee {
    pub registration_id: RegistrationId,
    pub first_name: String,
    pub last_name: String,
    pub organization: Option<String>,
    pub checked_in_at: Option<DateTime<Utc>>,
}

/// Present and absent at a session.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PresenceCounts {
    /// People with a confirmed seat (for a session open to all: every confirmed registrant).
    pub expected: u32,
    pub present: u32,
    pub absent: u32,
}

/// The answer to a check-in.
#[derive(Clone, Debug)]
pub enum CheckinOutcome {
    Done {
        present: bool,
        checked_in_at: Option<DateTime<Utc>>,
        counts: PresenceCounts,
    },
    /// The person holds no confirmed seat at this session.
    NotExpected,
}

/// Seats and presence of one session.
#[derive(Clone, Debug)]
pub struct SessionFill {
    pub id: SessionId,
    pub title: String,
    pub kind: SessionKind,
    pub status: SessionStatus,
    pub slot: TimeSlot,
    /// Open to every registrant (no choice needed).
    pub open_to_all: bool,
    pub capacity: Capacity,
    pub confirmed: u32,
    pub waitlisted: u32,
    pub cancelled: u32,
    pub checked_in: u32,
    pub absent: u32,
}

/// The event's registrations by status, and its seats.
#[derive(Clone, Debug)]
pub struct EventFill {
    pub capacity: Capacity,
    pub confirmed: u32,
    pub waitlisted: u32,
    pub cancelled: u32,
    /// People checked in at one session at least.
    pub checked_in: u32,
}

/// An event's fill rates.
#[derive(Clone, Debug)]
pub struct FillRates {
    pub sessions: Vec<SessionFill>,
    pub totals: EventFill,
}

/// A message written for a person (without its text).
#[derive(Clone, Debug)]
pub struct MessageRecord {
    pub kind: String,
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

/// A check-in of the person.
#[derive(Clone, Debug)]
pub struct CheckinRecord {
    pub session_id: SessionId,
    pub session_title: String,
    pub checked_in_at: DateTime<Utc>,
}

/// Everything held about one person.
#[derive(Clone, Debug)]
pub struct PersonData {
    pub registration: RegistrationRecord,
    /// When the person's data was erased.
    pub erased_at: Option<DateTime<Utc>>,
    pub checkins: Vec<CheckinRecord>,
    pub messages: Vec<MessageRecord>,
    /// Private links still valid.
    pub active_links: u32,
}

/// Registrations erased and why.
const REQUEST: &str = "request";
const RETENTION: &str = "retention";

impl Store {
    /// Writes one line into the audit log.
    ///
    /// # Errors
    /// [`StoreError::Db`] when the database fails.
    pub async fn audit(&self, entry: AuditEntry, now: DateTime<Utc>) -> Result<(), StoreError> {
        write_audit(&self.write, entry, now).await
    }

    /// The audit log, newest first, optionally for one event.
    ///
    /// # Errors
    /// [`StoreError::Db`] when the database fails.
    pub async fn audit_log(
        &self,
        event: Option<EventId>,
        limit: u64,
        offset: u64,
    ) -> Result<Vec<AuditRecord>, StoreError> {
        let mut query = audit_log::Entity::find().order_by_desc(audit_log::Column::Id);
        if let Some(event) = event {
            query = query.filter(audit_log::Column::EventId.eq(event.0));
        }
        let rows = query.limit(limit).offset(offset).all(&self.read).await?;
        let organiser_ids: BTreeSet<Uuid> = rows.iter().filter_map(|r| r.organiser_id).collect();
        let event_ids: BTreeSet<Uuid> = rows.iter().filter_map(|r| r.event_id).collect();
        let emails: HashMap<Uuid, String> = organisers::Entity::find()
            .filter(organisers::Column::Id.is_in(organiser_ids))
            .all(&self.read)
            .await?
            .into_iter()
            .map(|o| (o.id, o.email))
            .collect();
        let slugs: HashMap<Uuid, String> = events::Entity::find()
            .filter(events::Column::Id.is_in(event_ids))
            .all(&self.read)
            .await?
            .into_iter()
            .map(|e| (e.id, e.slug))
            .collect();
        Ok(rows
            .into_iter()
            .map(|r| AuditRecord {
                id: r.id,
                at: r.at,
                organiser_id: r.organiser_id.map(OrganiserId),
                organiser_email: r.organiser_id.and_then(|o| emails.get(&o).cloned()),
                action: r.action,
                event_id: r.event_id.map(EventId),
                event_slug: r.event_id.and_then(|e| slugs.get(&e).cloned()),
                registration_id: r.registration_id.map(RegistrationId),
                session_id: r.session_id.map(SessionId),
                count: r.count.map(|c| to_u32(c.into())),
            })
            .collect())
    }

    /// Starts reading an event's attendee list (with `session`: only those who chose it and
    /// did not give it up), in registration order (ids are time-ordered). The programme and
    /// the waiting lines are read once here; [`Store::next_attendees`] then reads the
    /// registrations one page at a time, so that an export of any size holds one page.
    ///
    /// # Errors
    /// [`StoreError::Db`] when the database fails.
    pub async fn attendee_pages(
        &self,
        event: EventId,
        session: Option<SessionId>,
    ) -> Result<AttendeePages, StoreError> {
        let context = Context::read(&self.read, &[event.0], true).await?;
        Ok(AttendeePages { event, session, after: None, done: false, context })
    }

    /// The next page of at most `limit` attendees; empty once the list is read.
    ///
    /// # Errors
    /// [`StoreError::Db`] when the database fails.
    pub async fn next_attendees(
        &self,
        pages: &mut AttendeePages,
        limit: u64,
    ) -> Result<Vec<AttendeeRow>, StoreError> {
        if pages.done {
            return Ok(Vec::new());
        }
        let mut query = registrations::Entity::find()
            .filter(registrations::Column::EventId.eq(pages.event.0))
            .order_by_asc(registrations::Column::Id)
            .limit(limit);
        if let Some(after) = pages.after {
            query = query.filter(registrations::Column::Id.gt(after));
        }
        if let Some(session) = pages.session {
            let sub = Query::select()
                .column(choices::Column::RegistrationId)
                .from(choices::Entity)
                .and_where(choices::Column::SessionId.eq(session.0))
                .and_where(choices::Column::Status.ne(ChoiceStatus::Cancelled.as_str()))
                .to_owned();
            query = query.filter(registrations::Column::Id.in_subquery(sub));
        }
        let models = query.all(&self.read).await?;
        pages.done = (models.len() as u64) < limit;
        pages.after = models.last().map(|m| m.id);
        reading::records(&self.read, &pages.context, models).await
    }

    /// Everything held about one registration of `event`.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when the registration is not one of this event's.
    pub async fn person_data(&self, event: EventId, id: RegistrationId) -> Result<PersonData, StoreError> {
        registration_of(&self.read, event, id).await?;
        let registration = reading::registration_record(&self.read, id).await?;
        let erased_at = erasures::Entity::find_by_id(id.0).one(&self.read).await?.map(|e| e.erased_at);
        let titles: HashMap<Uuid, String> = sessions::Entity::find()
            .filter(sessions::Column::EventId.eq(event.0))
            .all(&self.read)
            .await?
            .into_iter()
            .map(|s| (s.id, s.title))
            .collect();
        let checkins = checkins::Entity::find()
            .filter(checkins::Column::RegistrationId.eq(id.0))
            .all(&self.read)
            .await?
            .into_iter()
            .map(|c| CheckinRecord {
                session_id: SessionId(c.session_id),
                session_title: titles.get(&c.session_id).cloned().unwrap_or_default(),
                checked_in_at: c.checked_at,
            })
            .collect();
        let messages = outbox::Entity::find()
            .filter(outbox::Column::RegistrationId.eq(id.0))
            .order_by_asc(outbox::Column::Id)
            .all(&self.read)
            .await?
            .into_iter()
            .map(|m| MessageRecord {
                kind: m.kind,
                status: m.status,
                created_at: m.created_at,
                sent_at: m.sent_at,
            })
            .collect();
        let active_links = manage_tokens::Entity::find()
            .filter(manage_tokens::Column::RegistrationId.eq(id.0))
            .count(&self.read)
            .await?;
        Ok(PersonData {
            registration,
            erased_at,
            checkins,
            messages,
            active_links: u32::try_from(active_links).unwrap_or(u32::MAX),
        })
    }

    /// The people expected at a session (a confirmed seat, or every confirmed registrant
    /// for a session open to all), sorted by last name then first name.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when the session is not one of this event's.
    pub async fn attendance(&self, event: EventId, session: SessionId) -> Result<Vec<Attendee>, StoreError> {
        let s = find_session(&self.read, event, session).await?;
        let people = registrations::Entity::find()
            .filter(registrations::Column::Id.in_subquery(expected(&s)))
            .all(&self.read)
            .await?;
        let present: HashMap<Uuid, DateTime<Utc>> = checkins::Entity::find()
            .filter(checkins::Column::SessionId.eq(session.0))
            .all(&self.read)
            .await?
            .into_iter()
            .map(|c| (c.registration_id, c.checked_at))
            .collect();
        let mut list: Vec<Attendee> = people
            .into_iter()
            .map(|r| Attendee {
                registration_id: RegistrationId(r.id),
                checked_in_at: present.get(&r.id).copied(),
                first_name: r.first_name,
                last_name: r.last_name,
                organization: r.organization,
            })
            .collect();
        list.sort_by_cached_key(|a| (sort_key(&a.last_name), sort_key(&a.first_name), a.registration_id));
        Ok(list)
    }

    /// Marks a person present at a session (`present`), or undoes it.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for a session or registration that is not this event's.
    pub async fn check_in(
        &self,
        event: EventId,
        session: SessionId,
        registration: RegistrationId,
        present: bool,
        by: OrganiserId,
        now: DateTime<Utc>,
    ) -> Result<CheckinOutcome, StoreError> {
        let txn = self.write.begin().await?;
        seats::lock_event(&txn, event).await?;
        let s = find_session(&txn, event, session).await?;
        registration_of(&txn, event, registration).await?;
        if present {
            let expected_now = registrations::Entity::find()
                .filter(registrations::Column::Id.eq(registration.0))
                .filter(registrations::Column::Id.in_subquery(expected(&s)))
                .count(&txn)
                .await?;
            if expected_now == 0 {
                return Ok(CheckinOutcome::NotExpected);
            }
            checkins::Entity::insert(checkins::ActiveModel {
                session_id: Set(session.0),
                registration_id: Set(registration.0),
                checked_at: Set(now),
                checked_by: Set(Some(by.0)),
            })
            .on_conflict(
                OnConflict::columns([checkins::Column::SessionId, checkins::Column::RegistrationId])
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
        } else {
            checkins::Entity::delete_many()
                .filter(checkins::Column::SessionId.eq(session.0))
                .filter(checkins::Column::RegistrationId.eq(registration.0))
                .exec(&txn)
                .await?;
        }
        let action = if present { AuditAction::CheckIn } else { AuditAction::CheckInUndone };
        write_audit(
            &txn,
            AuditEntry::new(by, action, event).registration(registration).session(Some(session)),
            now,
        )
        .await?;
        let checked_in_at =
            checkins::Entity::find_by_id((session.0, registration.0)).one(&txn).await?.map(|c| c.checked_at);
        let counts = presence(&txn, &s).await?;
        txn.commit().await?;
        Ok(CheckinOutcome::Done { present, checked_in_at, counts })
    }

    /// Seats, lines and presence of every session of the event, and the event's totals.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for an unknown event.
    pub async fn fill_rates(&self, event: EventId) -> Result<FillRates, StoreError> {
        let e = events::Entity::find_by_id(event.0)
            .one(&self.read)
            .await?
            .ok_or(StoreError::NotFound("event"))?;
        let programme = sessions::Entity::find()
            .filter(sessions::Column::EventId.eq(event.0))
            .order_by_asc(sessions::Column::StartsAt)
            .order_by_asc(sessions::Column::Title)
            .all(&self.read)
            .await?;
        let ids: Vec<Uuid> = programme.iter().map(|s| s.id).collect();
        let mut by_choice: HashMap<(Uuid, String), u32> = HashMap::new();
        if !ids.is_empty() {
            let rows: Vec<(Uuid, String, i64)> = choices::Entity::find()
                .select_only()
                .column(choices::Column::SessionId)
                .column(choices::Column::Status)
                .column_as(Expr::col(choices::Column::Id).count(), "n")
                .filter(choices::Column::SessionId.is_in(ids))
                .group_by(choices::Column::SessionId)
                .group_by(choices::Column::Status)
                .into_tuple()
                .all(&self.read)
                .await?;
            for (session, status, n) in rows {
                by_choice.insert((session, status), to_u32(n));
            }
        }
        let by_status: HashMap<String, u32> = registrations::Entity::find()
            .select_only()
            .column(registrations::Column::Status)
            .column_as(Expr::col(registrations::Column::Id).count(), "n")
            .filter(registrations::Column::EventId.eq(event.0))
            .group_by(registrations::Column::Status)
            .into_tuple::<(String, i64)>()
            .all(&self.read)
            .await?
            .into_iter()
            .map(|(s, n)| (s, to_u32(n)))
            .collect();
        let count = |status: RegistrationStatus| by_status.get(status.as_str()).copied().unwrap_or(0);
        let mut sessions_fill = Vec::with_capacity(programme.len());
        for s in programme {
            let counts = presence(&self.read, &s).await?;
            let choice = |status: ChoiceStatus| {
                by_choice.get(&(s.id, status.as_str().to_owned())).copied().unwrap_or(0)
            };
            let open_to_all = !s.requires_registration;
            let (confirmed, waitlisted, cancelled) = if open_to_all {
                (
                    count(RegistrationStatus::Confirmed),
                    count(RegistrationStatus::Waitlisted),
                    count(RegistrationStatus::Cancelled),
                )
            } else {
                (
                    choice(ChoiceStatus::Confirmed),
                    choice(ChoiceStatus::Waitlisted),
                    choice(ChoiceStatus::Cancelled),
                )
            };
            let (kind, status, slot) = (s.kind_value()?, s.status_value()?, s.slot()?);
            sessions_fill.push(SessionFill {
                id: SessionId(s.id),
                title: s.title,
                kind,
                status,
                slot,
                open_to_all,
                capacity: capacity_from(s.capacity),
                confirmed,
                waitlisted,
                cancelled,
                checked_in: counts.present,
                absent: counts.absent,
            });
        }
        let checked_in_people = checkins::Entity::find()
            .select_only()
            .column(checkins::Column::RegistrationId)
            .distinct()
            .filter(
                checkins::Column::RegistrationId.in_subquery(
                    Query::select()
                        .column(registrations::Column::Id)
                        .from(registrations::Entity)
                        .and_where(registrations::Column::EventId.eq(event.0))
                        .and_where(registrations::Column::Status.eq(RegistrationStatus::Confirmed.as_str()))
                        .to_owned(),
                ),
            )
            .count(&self.read)
            .await?;
        Ok(FillRates {
            sessions: sessions_fill,
            totals: EventFill {
                capacity: capacity_from(e.capacity),
                confirmed: count(RegistrationStatus::Confirmed),
                waitlisted: count(RegistrationStatus::Waitlisted),
                cancelled: count(RegistrationStatus::Cancelled),
                checked_in: u32::try_from(checked_in_people).unwrap_or(u32::MAX),
            },
        })
    }

    /// Writes an organiser's message into the outbox for every person confirmed for the
    /// event, or for `session` (every confirmed registrant for a session open to all), in
    /// one transaction. Erased people get nothing. Returns how many messages were queued.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for a session that is not this event's.
    pub async fn message_registrants(
        &self,
        event: EventId,
        session: Option<SessionId>,
        subject: String,
        body: String,
        by: OrganiserId,
        now: DateTime<Utc>,
    ) -> Result<u32, StoreError> {
        let txn = self.write.begin().await?;
        seats::lock_event(&txn, event).await?;
        let mut query = registrations::Entity::find()
            .select_only()
            .column(registrations::Column::Id)
            .filter(registrations::Column::EventId.eq(event.0))
            .filter(registrations::Column::Status.eq(RegistrationStatus::Confirmed.as_str()))
            .filter(registrations::Column::Id.not_in_subquery(
                Query::select().column(erasures::Column::RegistrationId).from(erasures::Entity).to_owned(),
            ))
            .order_by_asc(registrations::Column::Id);
        if let Some(session) = session {
            let s = find_session(&txn, event, session).await?;
            query = query.filter(registrations::Column::Id.in_subquery(expected(&s)));
        }
        let recipients: Vec<Uuid> = query.into_tuple().all(&txn).await?;
        for id in &recipients {
            let draft = Draft::new(NoticeKind::OrganiserMessage).custom(subject.clone(), body.clone());
            notify::enqueue(&txn, *id, draft, now).await?;
        }
        let queued = u32::try_from(recipients.len()).unwrap_or(u32::MAX);
        write_audit(
            &txn,
            AuditEntry::new(by, AuditAction::Message, event).session(session).count(queued),
            now,
        )
        .await?;
        txn.commit().await?;
        Ok(queued)
    }

    /// Erases a person at an organiser's request: their seats go to the first people
    /// waiting (the store's cancellation), then everything naming or describing them is
    /// replaced or deleted. For an event that is over the seats are left as they were
    /// (nobody moves up in a past event, nobody is told). Erasing twice is harmless.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when the registration is not one of this event's.
    pub async fn erase_registration(
        &self,
        event: EventId,
        id: RegistrationId,
        by: OrganiserId,
        now: DateTime<Utc>,
    ) -> Result<DateTime<Utc>, StoreError> {
        let record = self.event_by_id(event).await?;
        let txn = self.write.begin().await?;
        seats::lock_event(&txn, event).await?;
        let reg = registration_of(&txn, event, id).await?;
        if record.ends_at.is_none_or(|end| end > now) {
            // One transaction: the seat is freed and the person erased together, so the
            // cancellation is never sent to someone who asked to be forgotten.
            seats::cancel_locked(&txn, reg, now, false).await?;
        }
        anonymise(&txn, &[id.0], REQUEST, now).await?;
        write_audit(&txn, AuditEntry::new(by, AuditAction::Erasure, event).registration(id), now).await?;
        txn.commit().await?;
        Ok(now)
    }

    /// Erases the personal data of every registration of the events that ended more than
    /// `retention` before `now`. An event without sessions has no end and is kept. Returns
    /// how many registrations were erased.
    ///
    /// # Errors
    /// [`StoreError::Db`] when the database fails.
    pub async fn erase_expired(&self, now: DateTime<Utc>, retention: Duration) -> Result<usize, StoreError> {
        let ends: Vec<(Uuid, DateTime<Utc>)> = sessions::Entity::find()
            .select_only()
            .column(sessions::Column::EventId)
            .column_as(Expr::col(sessions::Column::EndsAt).max(), "last_end")
            .group_by(sessions::Column::EventId)
            .into_tuple()
            .all(&self.read)
            .await?;
        let mut erased = 0;
        for (event, end) in ends {
            if end + retention > now {
                continue;
            }
            loop {
                let txn = self.write.begin().await?;
                seats::lock_event(&txn, EventId(event)).await?;
                let batch: Vec<Uuid> = registrations::Entity::find()
                    .select_only()
                    .column(registrations::Column::Id)
                    .filter(registrations::Column::EventId.eq(event))
                    .filter(
                        registrations::Column::Id.not_in_subquery(
                            Query::select()
                                .column(erasures::Column::RegistrationId)
                                .from(erasures::Entity)
                                .to_owned(),
                        ),
                    )
                    .limit(500)
                    .into_tuple()
                    .all(&txn)
                    .await?;
                if batch.is_empty() {
                    break;
                }
                anonymise(&txn, &batch, RETENTION, now).await?;
                let n = u32::try_from(batch.len()).unwrap_or(u32::MAX);
                let entry = AuditEntry {
                    organiser: None,
                    action: AuditAction::RetentionErasure,
                    event: Some(EventId(event)),
                    registration: None,
                    session: None,
                    count: Some(n),
                };
                write_audit(&txn, entry, now).await?;
                txn.commit().await?;
                erased += batch.len();
            }
        }
        Ok(erased)
    }
}

async fn write_audit(
    db: &impl ConnectionTrait,
    entry: AuditEntry,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    audit_log::ActiveModel {
        id: Set(Uuid::now_v7()),
        at: Set(now),
        organiser_id: Set(entry.organiser.map(|o| o.0)),
        action: Set(entry.action.as_str().to_owned()),
        event_id: Set(entry.event.map(|e| e.0)),
        registration_id: Set(entry.registration.map(|r| r.0)),
        session_id: Set(entry.session.map(|s| s.0)),
        count: Set(entry.count.map(|c| i32::try_from(c).unwrap_or(i32::MAX))),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Replaces what names or describes these people, deletes their private links and every
/// message written for them, and records the erasure.
async fn anonymise(
    txn: &DatabaseTransaction,
    ids: &[Uuid],
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    for id in ids {
        registrations::Entity::update_many()
            .col_expr(registrations::Column::FirstName, Expr::value(ERASED_FIRST_NAME))
            .col_expr(registrations::Column::LastName, Expr::value(ERASED_LAST_NAME))
            .col_expr(registrations::Column::Email, Expr::value(format!("erased-{}@invalid", id.simple())))
            .col_expr(registrations::Column::Profile, Expr::value(Option::<String>::None))
            .col_expr(registrations::Column::Organization, Expr::value(Option::<String>::None))
            .col_expr(registrations::Column::AccessibilityNeeds, Expr::value(Option::<String>::None))
            .col_expr(registrations::Column::DietaryRequirements, Expr::value(Option::<String>::None))
            .col_expr(registrations::Column::UpdatedAt, Expr::value(now))
            .filter(registrations::Column::Id.eq(*id))
            .exec(txn)
            .await?;
    }
    manage_tokens::Entity::delete_many()
        .filter(manage_tokens::Column::RegistrationId.is_in(ids.to_vec()))
        .exec(txn)
        .await?;
    outbox::Entity::delete_many()
        .filter(outbox::Column::RegistrationId.is_in(ids.to_vec()))
        .exec(txn)
        .await?;
    for id in ids {
        erasures::Entity::insert(erasures::ActiveModel {
            registration_id: Set(*id),
            erased_at: Set(now),
            reason: Set(reason.to_owned()),
        })
        .on_conflict(OnConflict::column(erasures::Column::RegistrationId).do_nothing().to_owned())
        .exec_without_returning(txn)
        .await?;
    }
    Ok(())
}

async fn registration_of(
    db: &impl ConnectionTrait,
    event: EventId,
    id: RegistrationId,
) -> Result<registrations::Model, StoreError> {
    registrations::Entity::find_by_id(id.0)
        .filter(registrations::Column::EventId.eq(event.0))
        .one(db)
        .await?
        .ok_or(StoreError::NotFound("registration"))
}

/// The registrations expected at a session: a confirmed registration with a confirmed seat
/// in it, or any confirmed registration of the event for a session open to all.
fn expected(s: &sessions::Model) -> SelectStatement {
    let mut q = Query::select();
    q.column(registrations::Column::Id)
        .from(registrations::Entity)
        .and_where(registrations::Column::EventId.eq(s.event_id))
        .and_where(registrations::Column::Status.eq(RegistrationStatus::Confirmed.as_str()));
    if s.requires_registration {
        q.and_where(
            registrations::Column::Id.in_subquery(
                Query::select()
                    .column(choices::Column::RegistrationId)
                    .from(choices::Entity)
                    .and_where(choices::Column::SessionId.eq(s.id))
                    .and_where(choices::Column::Status.eq(ChoiceStatus::Confirmed.as_str()))
                    .to_owned(),
            ),
        );
    }
    q.to_owned()
}

async fn presence(db: &impl ConnectionTrait, s: &sessions::Model) -> Result<PresenceCounts, StoreError> {
    let expected_n = registrations::Entity::find()
        .filter(registrations::Column::Id.in_subquery(expected(s)))
        .count(db)
        .await?;
    let present_n = checkins::Entity::find()
        .filter(checkins::Column::SessionId.eq(s.id))
        .filter(checkins::Column::RegistrationId.in_subquery(expected(s)))
        .count(db)
        .await?;
    let expected_n = u32::try_from(expected_n).unwrap_or(u32::MAX);
    let present_n = u32::try_from(present_n).unwrap_or(u32::MAX);
    Ok(PresenceCounts {
        expected: expected_n,
        present: present_n,
        absent: expected_n.saturating_sub(present_n),
    })
}

/// Sorting names as people expect: without case nor accents.
fn sort_key(name: &str) -> String {
    name.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ÿ' | 'ý' => 'y',
            other => other,
        })
        .collect()
}

/// A position in an attendee list being read, with what every page needs.
pub struct AttendeePages {
    event: EventId,
    session: Option<SessionId>,
    after: Option<Uuid>,
    done: bool,
    context: Context,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_sort_without_case_nor_accents() {
        assert!(sort_key("Élodie") < sort_key("Fabre"));
        assert_eq!(sort_key("Dupré"), "dupre");
    }
}

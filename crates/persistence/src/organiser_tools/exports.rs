//! Attendee lists for the exports, read one page at a time.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use tisser_domain::{
    ChoiceStatus, EventId, Language, OrganiserId, Profile, RegistrationId, RegistrationStatus, SessionId,
    TimeSlot,
};
use uuid::Uuid;

use super::audit::{AuditAction, AuditEntry, write_audit};
use crate::entities::{choices, registrations, sessions};
use crate::programme::unknown;
use crate::records::{ChoiceRecord, RegistrationFilter, RegistrationRecord};
use crate::{Store, StoreError, seats};

/// One registration as an attendee list shows it.
#[derive(Clone, Debug)]
pub struct AttendeeRow {
    pub id: RegistrationId,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub profile: Option<Profile>,
    pub organization: Option<String>,
    pub language: Language,
    pub status: RegistrationStatus,
    /// Place in the event's own line.
    pub waitlist_position: Option<u32>,
    pub accessibility_needs: Option<String>,
    pub dietary_requirements: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub choices: Vec<ChoiceRecord>,
}

/// The format of an attendee export, as the audit log names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Xlsx,
}

impl ExportFormat {
    fn action(self) -> AuditAction {
        match self {
            Self::Csv => AuditAction::ExportCsv,
            Self::Xlsx => AuditAction::ExportXlsx,
        }
    }
}

/// An export of an event's attendees, already written into the audit log
/// ([`Store::start_export`]): what [`Store::attendee_pages`] reads from.
#[derive(Clone, Copy, Debug)]
pub struct AttendeeExport {
    event: EventId,
}

impl Store {
    /// Starts an export of an event's attendee list by the organiser `by`, and writes its
    /// line into the audit log (the format, the event, and `session` when the export is about
    /// one session; no count: the export is read later, page by page). The export is what
    /// [`Store::attendee_pages`] reads from, so that no list leaves without its audit line.
    ///
    /// # Errors
    /// [`StoreError::Db`] when the database fails.
    pub async fn start_export(
        &self,
        event: EventId,
        session: Option<SessionId>,
        format: ExportFormat,
        by: OrganiserId,
        now: DateTime<Utc>,
    ) -> Result<AttendeeExport, StoreError> {
        write_audit(&self.write, AuditEntry::new(by, format.action(), event).session(session), now).await?;
        Ok(AttendeeExport { event })
    }

    /// Starts reading the attendee list of an export's event (with `session`: only those who
    /// chose it and did not give it up), in registration order (ids are time-ordered). The
    /// programme and the waiting lines are read once here; [`Store::next_attendees`] then
    /// reads the registrations one page at a time, so that an export of any size holds one
    /// page. A spreadsheet reads one list per sheet from the same export.
    ///
    /// # Errors
    /// [`StoreError::Db`] when the database fails.
    pub async fn attendee_pages(
        &self,
        export: &AttendeeExport,
        session: Option<SessionId>,
    ) -> Result<AttendeePages, StoreError> {
        let event = export.event;
        let context = list_context(&self.read, event).await?;
        Ok(AttendeePages { event, session, after: None, done: false, context })
    }

    /// An event's registrations, oldest first, filtered, as the organiser `by` lists them:
    /// the line of the audit log (the session filtered on, how many registrations) is written
    /// before the list is returned.
    ///
    /// # Errors
    /// [`StoreError::Db`] when the database fails.
    pub async fn registration_list(
        &self,
        event: EventId,
        filter: RegistrationFilter,
        by: OrganiserId,
        now: DateTime<Utc>,
    ) -> Result<Vec<RegistrationRecord>, StoreError> {
        let records = self.registrations(event, filter).await?;
        let entry = AuditEntry::new(by, AuditAction::RegistrationList, event)
            .session(filter.session)
            .count(u32::try_from(records.len()).unwrap_or(u32::MAX));
        write_audit(&self.write, entry, now).await?;
        Ok(records)
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
        attendee_rows(&self.read, &pages.context, models).await
    }
}

/// A position in an attendee list being read, with what every page needs.
pub struct AttendeePages {
    event: EventId,
    session: Option<SessionId>,
    after: Option<Uuid>,
    done: bool,
    context: ListContext,
}

/// The programme and the waiting lines (sequence numbers only) of an event, read once.
struct ListContext {
    event: Uuid,
    programme: HashMap<Uuid, sessions::Model>,
    session_lines: HashMap<Uuid, Vec<i64>>,
    event_lines: HashMap<Uuid, Vec<i64>>,
}

async fn list_context(db: &impl ConnectionTrait, event: EventId) -> Result<ListContext, StoreError> {
    let programme: HashMap<Uuid, sessions::Model> = sessions::Entity::find()
        .filter(sessions::Column::EventId.eq(event.0))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let session_ids: Vec<Uuid> = programme.keys().copied().collect();
    let session_lines = seats::session_waitlists(db, session_ids).await?;
    let event_lines = seats::event_waitlists(db, vec![event.0]).await?;
    Ok(ListContext { event: event.0, programme, session_lines, event_lines })
}

/// Builds attendee rows for registrations of one event, with a fixed number of queries.
async fn attendee_rows(
    db: &impl ConnectionTrait,
    context: &ListContext,
    models: Vec<registrations::Model>,
) -> Result<Vec<AttendeeRow>, StoreError> {
    if models.is_empty() {
        return Ok(Vec::new());
    }
    let ListContext { event, programme, session_lines, event_lines } = context;
    let place = |line: Option<&Vec<i64>>, seq: Option<i64>| -> Option<u32> {
        let seq = seq?;
        let ahead = line.map_or(0, |l| l.partition_point(|s| *s < seq));
        Some(u32::try_from(ahead).unwrap_or(u32::MAX).saturating_add(1))
    };
    let ids: Vec<Uuid> = models.iter().map(|m| m.id).collect();
    let mut by_registration: HashMap<Uuid, Vec<ChoiceRecord>> = HashMap::new();
    for chunk in ids.chunks(500) {
        for c in choices::Entity::find()
            .filter(choices::Column::RegistrationId.is_in(chunk.to_vec()))
            .all(db)
            .await?
        {
            let Some(s) = programme.get(&c.session_id) else { continue };
            let status = ChoiceStatus::parse(&c.status).ok_or_else(|| unknown("choice status", &c.status))?;
            let waitlist_position = if status == ChoiceStatus::Waitlisted {
                place(session_lines.get(&c.session_id), c.waitlist_seq)
            } else {
                None
            };
            by_registration.entry(c.registration_id).or_default().push(ChoiceRecord {
                session_id: SessionId(c.session_id),
                title: s.title.clone(),
                slot: TimeSlot::new(s.starts_at, s.ends_at)
                    .map_err(|e| StoreError::Internal(e.to_string()))?,
                status,
                waitlist_position,
            });
        }
    }
    models
        .into_iter()
        .map(|m| {
            let status = RegistrationStatus::parse(&m.status)
                .ok_or_else(|| unknown("registration status", &m.status))?;
            let mut choices = by_registration.remove(&m.id).unwrap_or_default();
            choices.sort_by_key(|c| (c.slot.start(), c.session_id));
            Ok(AttendeeRow {
                id: RegistrationId(m.id),
                waitlist_position: if status == RegistrationStatus::Waitlisted {
                    place(event_lines.get(event), m.waitlist_seq)
                } else {
                    None
                },
                profile: m
                    .profile
                    .as_deref()
                    .map(|p| Profile::parse(p).ok_or_else(|| unknown("profile", p)))
                    .transpose()?,
                language: Language::parse(&m.language).ok_or_else(|| unknown("language", &m.language))?,
                first_name: m.first_name,
                last_name: m.last_name,
                email: m.email,
                organization: m.organization,
                status,
                accessibility_needs: m.accessibility_needs,
                dietary_requirements: m.dietary_requirements,
                created_at: m.created_at,
                updated_at: m.updated_at,
                choices,
            })
        })
        .collect()
}

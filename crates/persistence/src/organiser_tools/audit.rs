//! The audit log: what an organiser did with personal data (ids and counts, never the data).

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use tisser_domain::{EventId, OrganiserId, RegistrationId, SessionId};
use uuid::Uuid;

use crate::entities::{audit_log, events, organisers};
use crate::{Store, StoreError, to_u32};

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
    /// The check-in page of a session was read (the names of the people expected).
    CheckInList,
    /// A person's page was read by an organiser.
    PersonView,
    RegistrationOnBehalf,
    ChoicesOnBehalf,
    CancellationOnBehalf,
    LinkResent,
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
            Self::CheckInList => "check_in_list",
            Self::PersonView => "person_view",
            Self::RegistrationOnBehalf => "registration_on_behalf",
            Self::ChoicesOnBehalf => "choices_on_behalf",
            Self::CancellationOnBehalf => "cancellation_on_behalf",
            Self::LinkResent => "link_resent",
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

impl Store {
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
}

pub(crate) async fn write_audit(
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

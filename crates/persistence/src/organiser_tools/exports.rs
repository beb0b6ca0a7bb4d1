//! Attendee lists for the exports, read one page at a time.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use tisser_domain::{ChoiceStatus, EventId, OrganiserId, RegistrationStatus, SessionId};
use uuid::Uuid;

use super::audit::{AuditAction, AuditEntry, write_audit};
use crate::entities::{choices, registrations};
use crate::reading::{self, Context};
use crate::records::{RegistrationFilter, RegistrationRecord};
use crate::{Store, StoreError};

/// One registration as an attendee list shows it: the same record as everywhere.
pub type AttendeeRow = RegistrationRecord;

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

/// Which registrations an export lists.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Listed {
    /// Those holding a seat or a place in line (the default: the people expected).
    #[default]
    Active,
    /// Only the cancelled ones.
    Cancelled,
    /// Everyone, cancelled included.
    All,
}

/// An export of an event's attendees, already written into the audit log
/// ([`Store::start_export`]): what [`Store::attendee_pages`] reads from.
#[derive(Clone, Copy, Debug)]
pub struct AttendeeExport {
    event: EventId,
    listed: Listed,
}

impl AttendeeExport {
    /// Whether a registration of the event's list is also on `session`'s list: the same rule
    /// as [`Store::next_attendees`] reading a session's list (a choice of it, not given up
    /// unless the export lists cancelled choices too), for a file of many lists read once.
    #[must_use]
    pub fn on_session_list(&self, row: &AttendeeRow, session: SessionId) -> bool {
        row.choices.iter().any(|c| {
            c.session_id == session && (self.listed != Listed::Active || c.status != ChoiceStatus::Cancelled)
        })
    }
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
        listed: Listed,
        by: OrganiserId,
        now: DateTime<Utc>,
    ) -> Result<AttendeeExport, StoreError> {
        write_audit(&self.write, AuditEntry::new(by, format.action(), event).session(session), now).await?;
        Ok(AttendeeExport { event, listed })
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
        let context = Context::read(&self.read, &[event.0], true).await?;
        Ok(AttendeePages { event, session, listed: export.listed, after: None, done: false, context })
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
        let cancelled = RegistrationStatus::Cancelled.as_str();
        query = match pages.listed {
            Listed::Active => query.filter(registrations::Column::Status.ne(cancelled)),
            Listed::Cancelled => query.filter(registrations::Column::Status.eq(cancelled)),
            Listed::All => query,
        };
        if let Some(session) = pages.session {
            // Correlated, one index lookup per registration read: an `IN (all the session's
            // choices)` was read again for every page, so a long list took quadratic time.
            let mut sub = Query::select();
            sub.expr(Expr::val(1))
                .from(choices::Entity)
                .and_where(
                    Expr::col((choices::Entity, choices::Column::RegistrationId))
                        .equals((registrations::Entity, registrations::Column::Id)),
                )
                .and_where(choices::Column::SessionId.eq(session.0));
            if pages.listed == Listed::Active {
                sub.and_where(choices::Column::Status.ne(ChoiceStatus::Cancelled.as_str()));
            }
            query = query.filter(Expr::exists(sub.to_owned()));
        }
        let models = query.all(&self.read).await?;
        pages.done = (models.len() as u64) < limit;
        pages.after = models.last().map(|m| m.id);
        reading::records(&self.read, &pages.context, models).await
    }
}

/// A position in an attendee list being read, with what every page needs.
pub struct AttendeePages {
    event: EventId,
    session: Option<SessionId>,
    listed: Listed,
    after: Option<Uuid>,
    done: bool,
    context: Context,
}

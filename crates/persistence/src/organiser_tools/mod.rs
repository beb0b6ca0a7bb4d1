//! Organiser tools: attendee lists read in pages, attendance, check-in, fill rates, messages
//! to registrants, and data protection (a person's data, erasure, retention, audit log).
//!
//! Erasure keeps the registration's row, its choices and its check-ins (counts and lines
//! stay right) but replaces everything that names or describes the person, deletes their
//! private links and every message written for them (a sent message keeps its text, with
//! their name and address, in the outbox), and records the erasure. The audit log holds ids
//! and counts, never personal data.

mod attendance;
pub(crate) mod audit;
mod exports;
mod messages;
mod privacy;
mod stats;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use tisser_domain::{EventId, RegistrationId};

pub use attendance::{Attendee, CheckinOutcome, PresenceCounts};
pub use audit::{AuditAction, AuditRecord};
pub use exports::{AttendeeExport, AttendeePages, AttendeeRow, ExportFormat, Listed};
pub use privacy::{CheckinRecord, ERASED_FIRST_NAME, ERASED_LAST_NAME, MessageRecord, PersonData};
pub use stats::{EventFill, FillRates, SessionFill};

use crate::StoreError;
use crate::entities::registrations;

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

//! The organiser tools: exports, check-in, fill rates, messages, a person's data, erasure and
//! the audit log.

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use tisser_persistence::{AuditRecord, PersonData};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::{RegistrationView, local};

/// Which registrations an export holds.
#[derive(Deserialize, Default, IntoParams)]
#[serde(default)]
pub struct ExportQuery {
    /// Only the people who chose this session (one workshop), and did not give it up.
    pub session: Option<Uuid>,
    /// `active` (the default: those holding a seat or a place in line), `cancelled`, or `all`.
    pub status: Option<String>,
}

/// Presence at a session.
#[derive(Serialize, ToSchema)]
pub struct CheckinView {
    pub session_id: Uuid,
    pub registration_id: Uuid,
    /// Whether the person is now marked present.
    pub present: bool,
    #[schema(format = DateTime)]
    pub checked_in_at: Option<String>,
    pub counts: PresenceView,
}

/// Present and absent at a session.
#[derive(Serialize, ToSchema)]
pub struct PresenceView {
    /// People with a confirmed seat (a session open to all: every confirmed registrant).
    pub expected: u32,
    pub present: u32,
    pub absent: u32,
}

/// Seats and presence of one session.
#[derive(Serialize, ToSchema)]
pub struct SessionStatsView {
    pub id: Uuid,
    pub title: String,
    pub kind: &'static str,
    /// `scheduled` or `cancelled`.
    pub status: &'static str,
    #[schema(format = DateTime)]
    pub starts_at: String,
    #[schema(format = DateTime)]
    pub ends_at: String,
    /// Open to every registrant: its counts are the event's registrations.
    pub open_to_all: bool,
    /// Null when unlimited.
    pub capacity: Option<u32>,
    pub confirmed: u32,
    pub waitlisted: u32,
    pub cancelled: u32,
    pub checked_in: u32,
    /// Confirmed but not checked in.
    pub absent: u32,
    /// confirmed / capacity, from 0 to 1; null when unlimited.
    pub fill_rate: Option<f64>,
}

/// The event's registrations (people) by status.
#[derive(Serialize, ToSchema)]
pub struct EventTotalsView {
    /// Null when unlimited.
    pub capacity: Option<u32>,
    pub confirmed: u32,
    pub waitlisted: u32,
    pub cancelled: u32,
    /// People checked in at one session at least.
    pub checked_in: u32,
    pub fill_rate: Option<f64>,
}

/// Fill rates of an event.
#[derive(Serialize, ToSchema)]
pub struct StatsView {
    pub event: String,
    pub sessions: Vec<SessionStatsView>,
    pub totals: EventTotalsView,
}

/// A message to registrants.
#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct MessageRequest {
    /// One line, at most 200 characters.
    pub subject: Option<String>,
    /// The text; blank lines separate paragraphs.
    pub body: Option<String>,
    /// Only the people confirmed for this session; absent: everyone confirmed for the event.
    pub session: Option<Uuid>,
}

/// Messages written into the outbox.
#[derive(Serialize, ToSchema)]
pub struct MessageQueuedView {
    /// One per person.
    pub queued: u32,
}

/// A person's check-in.
#[derive(Serialize, ToSchema)]
pub struct PersonCheckinView {
    pub session_id: Uuid,
    pub title: String,
    #[schema(format = DateTime)]
    pub checked_in_at: String,
}

/// A message written for the person (its kind and fate, not its text).
#[derive(Serialize, ToSchema)]
pub struct PersonMessageView {
    pub kind: String,
    /// `pending`, `sent` or `failed`.
    pub status: String,
    #[schema(format = DateTime)]
    pub created_at: String,
    #[schema(format = DateTime)]
    pub sent_at: Option<String>,
}

/// Everything held about one person.
#[derive(Serialize, ToSchema)]
pub struct PersonExportView {
    /// The registration, as the organisers' list shows it.
    #[serde(flatten)]
    pub registration: RegistrationView,
    /// When the person's data was erased; null if it was not.
    #[schema(format = DateTime)]
    pub erased_at: Option<String>,
    pub checkins: Vec<PersonCheckinView>,
    pub messages: Vec<PersonMessageView>,
    /// Private links that still open the registration.
    pub active_private_links: u32,
}

/// The answer to an erasure.
#[derive(Serialize, ToSchema)]
pub struct ErasedView {
    pub id: Uuid,
    pub erased: bool,
    #[schema(format = DateTime)]
    pub erased_at: String,
}

/// Filters of the audit log.
#[derive(Deserialize, Default, IntoParams)]
#[serde(default)]
pub struct AuditQuery {
    /// Only the lines about this event (its slug).
    pub event: Option<String>,
    /// At most this many lines (100 by default, 1,000 at most).
    pub limit: Option<u64>,
    /// Skip this many lines (newest first).
    pub offset: Option<u64>,
}

/// One line of the audit log: who did what, when, on which ids. Never personal data.
#[derive(Serialize, ToSchema)]
pub struct AuditView {
    pub id: Uuid,
    #[schema(format = DateTime)]
    pub at: String,
    /// Null for the server itself (erasure after the retention period).
    #[serde(rename = "organizer_id")]
    pub organiser_id: Option<Uuid>,
    #[serde(rename = "organizer_email")]
    pub organiser_email: Option<String>,
    /// `attendees_csv`, `attendees_xlsx`, `attendance_sheet`, `registration_list`,
    /// `person_export`, `erasure`, `retention_erasure`, `message`, `check_in`,
    /// `check_in_undone`.
    pub action: String,
    pub event: Option<String>,
    pub event_id: Option<Uuid>,
    pub registration_id: Option<Uuid>,
    pub session_id: Option<Uuid>,
    /// How many people it concerned, when counted.
    pub count: Option<u32>,
}

impl From<AuditRecord> for AuditView {
    fn from(r: AuditRecord) -> Self {
        Self {
            id: r.id,
            at: r.at.to_rfc3339(),
            organiser_id: r.organiser_id.map(|o| o.0),
            organiser_email: r.organiser_email,
            action: r.action,
            event: r.event_slug,
            event_id: r.event_id.map(|e| e.0),
            registration_id: r.registration_id.map(|r| r.0),
            session_id: r.session_id.map(|s| s.0),
            count: r.count,
        }
    }
}

impl PersonExportView {
    /// Everything held about one person, with times in the event's zone.
    #[must_use]
    pub fn new(data: PersonData, tz: Tz) -> Self {
        Self {
            registration: RegistrationView::new(&data.registration, tz, &|_| None),
            erased_at: data.erased_at.map(|t| local(t, tz)),
            checkins: data
                .checkins
                .into_iter()
                .map(|c| PersonCheckinView {
                    session_id: c.session_id.0,
                    title: c.session_title,
                    checked_in_at: local(c.checked_in_at, tz),
                })
                .collect(),
            messages: data
                .messages
                .into_iter()
                .map(|m| PersonMessageView {
                    kind: m.kind,
                    status: m.status,
                    created_at: local(m.created_at, tz),
                    sent_at: m.sent_at.map(|t| local(t, tz)),
                })
                .collect(),
            active_private_links: data.active_links,
        }
    }
}

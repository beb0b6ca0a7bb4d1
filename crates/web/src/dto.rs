//! Request and response bodies, their OpenAPI schemas, and their conversion from and to the
//! store's records. Times go out as RFC 3339 in the event's own time zone.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use tisser_domain::{
    Capacity, ChoiceStatus, EventFormat, EventStatus, Facilitator, Language, Profile, SessionKind,
};
use tisser_persistence::{
    ChoiceRecord, Document, EventRecord, RegistrationRecord, SeriesRecord, SessionRecord,
};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::check::double_option;

/// An instant shown in a zone, RFC 3339 with its offset.
#[must_use]
pub fn local(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).to_rfc3339()
}

// ---------------------------------------------------------------- requests

/// Registration form. Required: `email`, `first_name`, `last_name`.
#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct RegistrationRequest {
    #[schema(example = "ana.lopez@example.org")]
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    /// One of `patient_partner`, `caregiver`, `user_representative`, `health_professional`,
    /// `student`, `institution`, `other`.
    pub profile: Option<String>,
    pub organization: Option<String>,
    /// `fr` (default) or `en`: the language of the e-mails.
    pub language: Option<String>,
    /// Ids of the chosen sessions (one per parallel slot).
    pub sessions: Vec<Uuid>,
    pub accessibility_needs: Option<String>,
    pub dietary_requirements: Option<String>,
}

/// New choices of sessions, replacing the current ones.
#[derive(Deserialize, ToSchema)]
pub struct ChoicesRequest {
    pub sessions: Vec<Uuid>,
}

/// A new series.
#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct SeriesRequest {
    pub slug: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
}

/// A new event; on PATCH every field is optional and `null` clears an optional one.
#[derive(Deserialize, ToSchema, Default, Validate)]
#[serde(default)]
pub struct EventRequest {
    pub slug: Option<String>,
    pub title: Option<String>,
    #[serde(deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub description: Option<Option<String>>,
    /// IANA zone, `Europe/Paris` by default.
    pub timezone: Option<String>,
    /// `in_person`, `online` or `hybrid`.
    pub format: Option<String>,
    #[serde(deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub venue: Option<Option<String>>,
    /// Slug of the series this event belongs to.
    #[serde(deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub series: Option<Option<String>>,
    /// Overall seats; absent or null: unlimited.
    #[serde(deserialize_with = "double_option")]
    #[validate(range(max = 100_000))]
    #[schema(value_type = Option<u32>)]
    pub capacity: Option<Option<u32>>,
    #[serde(deserialize_with = "double_option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub registration_opens_at: Option<Option<String>>,
    #[serde(deserialize_with = "double_option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub registration_closes_at: Option<Option<String>>,
    /// `draft` (default), `published` or `closed`.
    pub status: Option<String>,
}

/// A facilitator (*co-animateur*).
#[derive(Deserialize, Serialize, ToSchema, Clone, Validate)]
pub struct FacilitatorBody {
    pub name: String,
    pub role: Option<String>,
}

/// A downloadable document.
#[derive(Deserialize, Serialize, ToSchema, Clone, Validate)]
pub struct DocumentBody {
    pub title: String,
    #[validate(url)]
    pub url: String,
}

/// A new session; on PATCH every field is optional and `null` clears an optional one.
///
/// `requires_registration` defaults to true for workshops, social events and webinars, or
/// when a capacity is given; false otherwise (plenaries are open to every registrant).
#[derive(Deserialize, ToSchema, Default, Validate)]
#[serde(default)]
pub struct SessionRequest {
    pub title: Option<String>,
    /// `plenary`, `workshop`, `talk`, `round_table`, `forum`, `social`, `webinar`, `other`.
    pub kind: Option<String>,
    #[schema(format = DateTime)]
    pub starts_at: Option<String>,
    #[schema(format = DateTime)]
    pub ends_at: Option<String>,
    #[serde(deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub room: Option<Option<String>>,
    #[serde(deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub description: Option<Option<String>>,
    #[serde(deserialize_with = "double_option")]
    #[validate(range(max = 100_000))]
    #[schema(value_type = Option<u32>)]
    pub capacity: Option<Option<u32>>,
    pub requires_registration: Option<bool>,
    #[validate(nested)]
    pub facilitators: Option<Vec<FacilitatorBody>>,
    #[validate(nested)]
    pub documents: Option<Vec<DocumentBody>>,
    /// The private join link of an online session: only confirmed registrants see it.
    #[serde(deserialize_with = "double_option")]
    #[validate(url)]
    #[schema(value_type = Option<String>)]
    pub online_url: Option<Option<String>>,
    #[serde(deserialize_with = "double_option")]
    #[validate(url)]
    #[schema(value_type = Option<String>)]
    pub replay_url: Option<Option<String>>,
    /// When moving a session: move it even though some registrants hold another session at
    /// its new time (a first try without it answers 409 `session_overlap`, naming them).
    #[serde(default)]
    pub confirm_overlaps: Option<bool>,
}

/// Filters of the organiser's registration list.
#[derive(Deserialize, ToSchema, Default, utoipa::IntoParams)]
#[serde(default)]
pub struct RegistrationQuery {
    /// Only registrations that chose this session (and did not give it up).
    pub session: Option<Uuid>,
    /// `confirmed`, `waitlisted` or `cancelled`: with `session`, the status of that choice;
    /// alone, the registration's status.
    pub status: Option<String>,
}

/// Filter of the public event list.
#[derive(Deserialize, Default, utoipa::IntoParams)]
#[serde(default)]
pub struct EventsQuery {
    /// Only the events of this series.
    pub series: Option<String>,
}

// ---------------------------------------------------------------- responses

/// A person leading a session.
#[derive(Serialize, ToSchema)]
pub struct FacilitatorView {
    pub name: String,
    pub role: Option<String>,
}

impl From<&Facilitator> for FacilitatorView {
    fn from(f: &Facilitator) -> Self {
        Self { name: f.name.clone(), role: f.role.clone() }
    }
}

/// A document to download.
#[derive(Serialize, ToSchema)]
pub struct DocumentView {
    pub title: String,
    pub url: String,
}

impl From<&Document> for DocumentView {
    fn from(d: &Document) -> Self {
        Self { title: d.title.clone(), url: d.url.clone() }
    }
}

/// One session of a programme, as the public sees it: never a join link.
#[derive(Serialize, ToSchema)]
pub struct SessionView {
    pub id: Uuid,
    pub title: String,
    pub kind: &'static str,
    pub description: Option<String>,
    #[schema(format = DateTime)]
    pub starts_at: String,
    #[schema(format = DateTime)]
    pub ends_at: String,
    pub room: Option<String>,
    pub facilitators: Vec<FacilitatorView>,
    pub documents: Vec<DocumentView>,
    pub requires_registration: bool,
    /// Null when unlimited.
    pub capacity: Option<u32>,
    /// Null when unlimited.
    pub seats_left: Option<u32>,
    pub waitlist_length: u32,
    /// `scheduled` or `cancelled`.
    pub status: &'static str,
    pub replay_url: Option<String>,
}

impl SessionView {
    #[must_use]
    pub fn public(s: &SessionRecord, tz: Tz) -> Self {
        Self {
            id: s.id.0,
            title: s.title.clone(),
            kind: s.kind.as_str(),
            description: s.description.clone(),
            starts_at: local(s.slot.start(), tz),
            ends_at: local(s.slot.end(), tz),
            room: s.room.clone(),
            facilitators: s.facilitators.iter().map(Into::into).collect(),
            documents: s.documents.iter().map(Into::into).collect(),
            requires_registration: s.requires_registration,
            capacity: s.capacity.seats(),
            seats_left: s.seats_left(),
            waitlist_length: s.waitlist_length,
            status: s.status.as_str(),
            replay_url: s.replay_url.clone(),
        }
    }
}

/// A session as its organisers see it: with the join link and seat counts.
#[derive(Serialize, ToSchema)]
pub struct OrganiserSessionView {
    #[serde(flatten)]
    pub session: SessionView,
    pub confirmed: u32,
    pub online_url: Option<String>,
}

impl OrganiserSessionView {
    #[must_use]
    pub fn new(s: &SessionRecord, tz: Tz) -> Self {
        Self { session: SessionView::public(s, tz), confirmed: s.taken, online_url: s.online_url.clone() }
    }
}

/// An event in a list.
#[derive(Serialize, ToSchema)]
pub struct EventSummary {
    pub slug: String,
    pub title: String,
    pub format: &'static str,
    #[schema(format = DateTime)]
    pub starts_at: Option<String>,
    #[schema(format = DateTime)]
    pub ends_at: Option<String>,
    /// Slug of its series, if any.
    pub series: Option<String>,
    pub venue: Option<String>,
    pub timezone: String,
    pub capacity: Option<u32>,
    pub seats_left: Option<u32>,
    pub registration_open: bool,
    pub status: &'static str,
}

impl EventSummary {
    #[must_use]
    pub fn new(e: &EventRecord, now: DateTime<Utc>) -> Self {
        let tz = e.event.timezone;
        Self {
            slug: e.event.slug.to_string(),
            title: e.event.title.clone(),
            format: e.event.format.as_str(),
            starts_at: e.starts_at.map(|t| local(t, tz)),
            ends_at: e.ends_at.map(|t| local(t, tz)),
            series: e.series_slug.clone(),
            venue: e.event.venue.clone(),
            timezone: tz.name().to_owned(),
            capacity: e.event.capacity.seats(),
            seats_left: e.event.capacity.free(e.taken),
            registration_open: e.registration_open(now),
            status: e.event.status.as_str(),
        }
    }
}

/// An event's details, without its programme.
#[derive(Serialize, ToSchema)]
pub struct EventDetails {
    #[serde(flatten)]
    pub summary: EventSummary,
    pub description: Option<String>,
    #[schema(format = DateTime)]
    pub registration_opens_at: Option<String>,
    #[schema(format = DateTime)]
    pub registration_closes_at: Option<String>,
    /// People waiting for a seat of the event itself.
    pub waitlist_length: u32,
}

impl EventDetails {
    #[must_use]
    pub fn new(e: &EventRecord, now: DateTime<Utc>) -> Self {
        let tz = e.event.timezone;
        Self {
            summary: EventSummary::new(e, now),
            description: e.event.description.clone(),
            registration_opens_at: e.event.window.opens_at().map(|t| local(t, tz)),
            registration_closes_at: e.event.window.closes_at().map(|t| local(t, tz)),
            waitlist_length: e.waitlist_length,
        }
    }
}

/// One published event with its programme, as the public sees it.
#[derive(Serialize, ToSchema)]
pub struct EventView {
    #[serde(flatten)]
    pub details: EventDetails,
    pub sessions: Vec<SessionView>,
}

/// One event with its programme, as its organisers see it (join links included).
#[derive(Serialize, ToSchema)]
pub struct OrganiserEventView {
    #[serde(flatten)]
    pub details: EventDetails,
    pub sessions: Vec<OrganiserSessionView>,
}

/// A series.
#[derive(Serialize, ToSchema)]
pub struct SeriesView {
    pub id: Uuid,
    pub slug: String,
    pub title: String,
    pub description: Option<String>,
}

impl From<&SeriesRecord> for SeriesView {
    fn from(s: &SeriesRecord) -> Self {
        Self {
            id: s.id.0,
            slug: s.slug.to_string(),
            title: s.title.clone(),
            description: s.description.clone(),
        }
    }
}

/// Where one chosen session stands.
#[derive(Serialize, ToSchema)]
pub struct ChoiceView {
    pub session_id: Uuid,
    pub title: String,
    #[schema(format = DateTime)]
    pub starts_at: String,
    #[schema(format = DateTime)]
    pub ends_at: String,
    /// `confirmed`, `waitlisted` or `cancelled`.
    pub status: &'static str,
    /// 1 = next in line; null unless waitlisted.
    pub waitlist_position: Option<u32>,
    /// The join link, for a confirmed seat in an online session only.
    pub online_url: Option<String>,
}

impl ChoiceView {
    #[must_use]
    pub fn new(c: &ChoiceRecord, tz: Tz, online_url: Option<String>) -> Self {
        Self {
            session_id: c.session_id.0,
            title: c.title.clone(),
            starts_at: local(c.slot.start(), tz),
            ends_at: local(c.slot.end(), tz),
            status: c.status.as_str(),
            waitlist_position: c.waitlist_position,
            online_url: if c.status == ChoiceStatus::Confirmed { online_url } else { None },
        }
    }
}

/// A registration, for the person it belongs to or the event's organisers.
#[derive(Serialize, ToSchema)]
pub struct RegistrationView {
    pub id: Uuid,
    pub event: String,
    /// `confirmed`, `waitlisted` (the event itself is full) or `cancelled`.
    pub status: &'static str,
    pub waitlist_position: Option<u32>,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub profile: Option<&'static str>,
    pub organization: Option<String>,
    pub language: &'static str,
    pub accessibility_needs: Option<String>,
    pub dietary_requirements: Option<String>,
    #[schema(format = DateTime)]
    pub registered_at: String,
    #[schema(format = DateTime)]
    pub updated_at: String,
    pub sessions: Vec<ChoiceView>,
}

impl RegistrationView {
    /// `links` gives the join link of each session, for the person's own view; organisers'
    /// lists pass none.
    #[must_use]
    pub fn new(r: &RegistrationRecord, tz: Tz, links: &dyn Fn(Uuid) -> Option<String>) -> Self {
        Self {
            id: r.id.0,
            event: r.event_slug.clone(),
            status: r.status.as_str(),
            waitlist_position: r.waitlist_position,
            email: r.email.clone(),
            first_name: r.first_name.clone(),
            last_name: r.last_name.clone(),
            profile: r.profile.map(Profile::as_str),
            organization: r.organization.clone(),
            language: r.language.as_str(),
            accessibility_needs: r.accessibility_needs.clone(),
            dietary_requirements: r.dietary_requirements.clone(),
            registered_at: local(r.created_at, tz),
            updated_at: local(r.updated_at, tz),
            sessions: r.choices.iter().map(|c| ChoiceView::new(c, tz, links(c.session_id.0))).collect(),
        }
    }
}

/// The status of one choice right after registering.
#[derive(Serialize, ToSchema)]
pub struct RegisteredChoice {
    pub session_id: Uuid,
    /// `confirmed` or `waitlisted`.
    pub status: &'static str,
    pub waitlist_position: Option<u32>,
}

/// The answer to a registration: keep `manage_url`, it is the only way back in.
#[derive(Serialize, ToSchema)]
pub struct RegisteredView {
    pub id: Uuid,
    /// `confirmed`, or `waitlisted` when the event itself is full.
    pub status: &'static str,
    pub waitlist_position: Option<u32>,
    /// The private link to see, change or cancel the registration.
    pub manage_url: String,
    pub sessions: Vec<RegisteredChoice>,
}

impl RegisteredView {
    #[must_use]
    pub fn new(r: &RegistrationRecord, manage_url: String) -> Self {
        Self {
            id: r.id.0,
            status: r.status.as_str(),
            waitlist_position: r.waitlist_position,
            manage_url,
            sessions: r
                .choices
                .iter()
                .filter(|c| c.status != ChoiceStatus::Cancelled)
                .map(|c| RegisteredChoice {
                    session_id: c.session_id.0,
                    status: c.status.as_str(),
                    waitlist_position: c.waitlist_position,
                })
                .collect(),
        }
    }
}

/// Health answer.
#[derive(Serialize, ToSchema)]
pub struct Health {
    pub status: &'static str,
}

/// Names accepted for each enumerated field, for error messages.
pub fn names<T: Copy>(all: &[T], name: impl Fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|v| name(*v)).collect()
}

/// Lists used in messages.
pub struct Allowed;

impl Allowed {
    pub fn profiles() -> Vec<&'static str> {
        names(Profile::ALL, Profile::as_str)
    }
    pub fn languages() -> Vec<&'static str> {
        names(Language::ALL, Language::as_str)
    }
    pub fn formats() -> Vec<&'static str> {
        names(EventFormat::ALL, EventFormat::as_str)
    }
    pub fn statuses() -> Vec<&'static str> {
        names(&[EventStatus::Draft, EventStatus::Published, EventStatus::Closed], EventStatus::as_str)
    }
    pub fn kinds() -> Vec<&'static str> {
        names(SessionKind::ALL, SessionKind::as_str)
    }
    pub fn choice_statuses() -> Vec<&'static str> {
        names(ChoiceStatus::ALL, ChoiceStatus::as_str)
    }
}

/// Default for `requires_registration` when not given.
#[must_use]
pub fn default_requires_registration(kind: SessionKind, capacity: Capacity) -> bool {
    matches!(kind, SessionKind::Workshop | SessionKind::Social | SessionKind::Webinar)
        || capacity != Capacity::Unlimited
}

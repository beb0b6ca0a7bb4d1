//! Sessions of a programme: what organisers send, what the public and the organisers read.

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use tisser_domain::{Capacity, Facilitator, SessionKind};
use tisser_persistence::{Document, SessionRecord};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::local;
use crate::check::double_option;

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

/// Default for `requires_registration` when not given.
#[must_use]
pub fn default_requires_registration(kind: SessionKind, capacity: Capacity) -> bool {
    matches!(kind, SessionKind::Workshop | SessionKind::Social | SessionKind::Webinar)
        || capacity != Capacity::Unlimited
}

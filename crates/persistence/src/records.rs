//! Plain data going in and out of the store. Nothing here is a sea-orm type: handlers build
//! the inputs from validated requests and render the outputs as they like.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use tisser_domain::{
    Capacity, ChoiceStatus, Email, Event, EventFormat, EventId, EventStatus, Facilitator, Language, Profile,
    RegistrationId, RegistrationStatus, RegistrationWindow, SeriesId, SessionId, SessionKind, SessionStatus,
    Slug, TimeSlot,
};

/// A series of events, such as the Déjeuners.
#[derive(Clone, Debug, PartialEq)]
pub struct SeriesRecord {
    pub id: SeriesId,
    pub slug: Slug,
    pub title: String,
    pub description: Option<String>,
}

/// What an organiser gives to create a series.
#[derive(Clone, Debug)]
pub struct NewSeries {
    pub slug: Slug,
    pub title: String,
    pub description: Option<String>,
}

/// What an organiser gives to create an event.
#[derive(Clone, Debug)]
pub struct NewEvent {
    pub slug: Slug,
    pub series: Option<Slug>,
    pub title: String,
    pub format: EventFormat,
    pub timezone: Tz,
    pub venue: Option<String>,
    pub description: Option<String>,
    pub window: RegistrationWindow,
    pub capacity: Capacity,
    pub status: EventStatus,
}

/// A change to an event: `None` leaves a field as it is; `Some(None)` clears an optional one.
#[derive(Clone, Debug, Default)]
pub struct EventPatch {
    pub slug: Option<Slug>,
    pub title: Option<String>,
    pub description: Option<Option<String>>,
    pub timezone: Option<Tz>,
    pub format: Option<EventFormat>,
    pub venue: Option<Option<String>>,
    pub series: Option<Option<Slug>>,
    pub capacity: Option<Capacity>,
    pub registration_opens_at: Option<Option<DateTime<Utc>>>,
    pub registration_closes_at: Option<Option<DateTime<Utc>>>,
    pub status: Option<EventStatus>,
}

/// An event with what the public sees about its seats and dates.
#[derive(Clone, Debug, PartialEq)]
pub struct EventRecord {
    pub event: Event,
    pub series_slug: Option<String>,
    /// Start of the first session and end of the last, if it has sessions.
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
    /// Registrations holding a seat of the event.
    pub taken: u32,
    /// Registrations waiting for a seat of the event.
    pub waitlist_length: u32,
}

impl EventRecord {
    /// Whether registration is open at `now`.
    #[must_use]
    pub fn registration_open(&self, now: DateTime<Utc>) -> bool {
        self.event.registration_open(now, self.ends_at)
    }
}

/// A downloadable document of a session (a presentation).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    pub title: String,
    pub url: String,
}

/// What an organiser gives to add a session.
#[derive(Clone, Debug)]
pub struct NewSession {
    pub kind: SessionKind,
    pub title: String,
    pub slot: TimeSlot,
    pub description: Option<String>,
    pub capacity: Capacity,
    pub room: Option<String>,
    pub requires_registration: bool,
    pub facilitators: Vec<Facilitator>,
    pub documents: Vec<Document>,
    pub online_url: Option<String>,
    pub replay_url: Option<String>,
}

/// A change to a session. The time slot is given whole, already checked.
#[derive(Clone, Debug, Default)]
pub struct SessionPatch {
    pub slot: Option<TimeSlot>,
    pub title: Option<String>,
    pub kind: Option<SessionKind>,
    pub room: Option<Option<String>>,
    pub requires_registration: Option<bool>,
    pub capacity: Option<Capacity>,
    pub description: Option<Option<String>>,
    pub facilitators: Option<Vec<Facilitator>>,
    pub documents: Option<Vec<Document>>,
    pub replay_url: Option<Option<String>>,
    pub online_url: Option<Option<String>>,
    /// Move the session even if some of its registrants hold another session at the new
    /// time (the organiser was told who, and confirmed).
    pub confirm_overlaps: bool,
}

impl SessionPatch {
    /// Whether saving it changes what the registrants see in their calendars (its title,
    /// times, room or join link): then each of them is told, those with a seat with an
    /// updated invite. The one rule, for `Store::update_session` and for the pages that say
    /// beforehand who will be told.
    #[must_use]
    pub fn changes_invites(
        &self,
        title: &str,
        slot: TimeSlot,
        room: Option<&str>,
        online_url: Option<&str>,
    ) -> bool {
        self.title.as_deref().is_some_and(|t| t != title)
            || self.slot.is_some_and(|s| s != slot)
            || self.room.as_ref().is_some_and(|r| r.as_deref() != room)
            || self.online_url.as_ref().is_some_and(|u| u.as_deref() != online_url)
    }
}

/// A registrant of a moved session who holds another session at its new time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Overlap {
    pub registration: RegistrationId,
    pub first_name: String,
    pub last_name: String,
    /// The other session they hold at that time.
    pub session_title: String,
}

/// One session of a programme, with its seats.
///
/// `online_url` is private: only registrants may see it. Whoever renders a record for the
/// public must leave it out.
#[derive(Clone, Debug, PartialEq)]
pub struct SessionRecord {
    pub id: SessionId,
    pub event_id: EventId,
    pub title: String,
    pub kind: SessionKind,
    pub description: Option<String>,
    pub slot: TimeSlot,
    pub room: Option<String>,
    pub capacity: Capacity,
    pub taken: u32,
    pub waitlist_length: u32,
    pub requires_registration: bool,
    pub status: SessionStatus,
    pub facilitators: Vec<Facilitator>,
    pub documents: Vec<Document>,
    pub online_url: Option<String>,
    pub replay_url: Option<String>,
    /// When the session last changed (calendar feeds stamp their entries with it).
    pub updated_at: DateTime<Utc>,
}

impl SessionRecord {
    /// Seats still free; `None` when unlimited.
    #[must_use]
    pub fn seats_left(&self) -> Option<u32> {
        self.capacity.free(self.taken)
    }
}

/// What a person gives to register.
#[derive(Clone, Debug)]
pub struct NewRegistration {
    pub email: Email,
    pub sessions: Vec<SessionId>,
    pub language: Language,
    pub first_name: String,
    pub last_name: String,
    pub dietary_requirements: Option<String>,
    pub profile: Option<Profile>,
    pub accessibility_needs: Option<String>,
    pub organization: Option<String>,
}

/// One chosen session of a registration.
#[derive(Clone, Debug, PartialEq)]
pub struct ChoiceRecord {
    pub session_id: SessionId,
    pub title: String,
    pub slot: TimeSlot,
    pub status: ChoiceStatus,
    /// 1 = next in line; only for waitlisted choices.
    pub waitlist_position: Option<u32>,
}

/// A registration with its choices. Personal data: only for the person and the event's
/// organisers.
#[derive(Clone, Debug, PartialEq)]
pub struct RegistrationRecord {
    pub id: RegistrationId,
    pub event_id: EventId,
    pub event_slug: String,
    /// `None` for a person registered without an address, or erased.
    pub email: Option<String>,
    pub first_name: String,
    pub last_name: String,
    pub profile: Option<Profile>,
    pub organization: Option<String>,
    pub language: Language,
    pub accessibility_needs: Option<String>,
    pub dietary_requirements: Option<String>,
    pub status: RegistrationStatus,
    /// Place in the event's own line, when the event is full.
    pub waitlist_position: Option<u32>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub choices: Vec<ChoiceRecord>,
}

/// A new registration and its private manage token, shown only this once.
#[derive(Clone, Debug)]
pub struct Registered {
    pub registration: RegistrationRecord,
    pub manage_token: String,
}

/// A registration sent with an idempotency key: the key, as the client gave it, and the
/// SHA-256 of the request's canonical body, so that a retry is told from another request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdempotentRequest {
    pub(crate) key: String,
    pub(crate) request_hash: String,
}

impl IdempotentRequest {
    /// The key and the hash of `canonical_body` (the body in one canonical form, so that the
    /// same request sent again hashes the same).
    #[must_use]
    pub fn new(key: &str, canonical_body: &[u8]) -> Self {
        Self { key: key.to_owned(), request_hash: crate::tokens::hash_bytes(canonical_body) }
    }
}

/// The first answer to a request with an idempotency key: given again, byte for byte, to a
/// retry. The store keeps it as it is told, and knows nothing of what it means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredAnswer {
    pub status: u16,
    pub body: String,
}

/// What a registration with an idempotency key gave.
#[derive(Clone, Debug)]
pub enum Idempotent {
    /// A new registration, whose answer was stored in its transaction.
    New(Box<Registered>, StoredAnswer),
    /// A retry: the first answer.
    Replay(StoredAnswer),
}

/// Filters for an organiser's list of registrations.
#[derive(Clone, Copy, Debug, Default)]
pub struct RegistrationFilter {
    /// Only registrations that chose this session.
    pub session: Option<SessionId>,
    /// With `session`: the status of that choice; without: the registration's status.
    pub status: Option<ChoiceStatus>,
}

/// A person's own correction of their details (from their private page). Every field is
/// given whole: what is `None` is cleared.
#[derive(Clone, Debug)]
pub struct DetailsChange {
    pub first_name: String,
    pub last_name: String,
    pub organization: Option<String>,
    pub accessibility_needs: Option<String>,
    pub dietary_requirements: Option<String>,
    pub language: Language,
}

//! Events: what the public and the organisers read, and what organisers send.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tisser_persistence::EventRecord;
use utoipa::ToSchema;
use validator::Validate;

use super::{OrganiserSessionView, SessionView, local};
use crate::check::double_option;

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

/// Filter of the public event list.
#[derive(Deserialize, Default, utoipa::IntoParams)]
#[serde(default)]
pub struct EventsQuery {
    /// Only the events of this series.
    pub series: Option<String>,
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

/// Copying an event to a new date.
#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct CloneRequest {
    /// The new event's slug.
    pub slug: Option<String>,
    /// The new title; the same as the original when absent.
    pub title: Option<String>,
    /// The new first day (`2027-04-22`): every session keeps its local time, shifted by as
    /// many days.
    #[schema(format = Date)]
    pub first_day: Option<String>,
}

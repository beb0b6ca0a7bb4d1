//! Request and response bodies, their OpenAPI schemas, and their conversion from and to the
//! store's records. Times go out as RFC 3339 in the event's own time zone.

mod events;
mod health;
mod organiser_tools;
mod registrations;
mod series;
mod sessions;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use tisser_domain::{ChoiceStatus, EventFormat, EventStatus, Language, Profile, SessionKind};

pub use events::*;
pub use health::*;
pub use organiser_tools::*;
pub use registrations::*;
pub use series::*;
pub use sessions::*;

/// An instant shown in a zone, RFC 3339 with its offset.
#[must_use]
pub fn local(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).to_rfc3339()
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

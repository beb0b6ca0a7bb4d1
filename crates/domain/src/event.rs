//! Events: a conference, a webinar, a workshop; and when people may register for them.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::{Capacity, EventId, OrganiserId, SeriesId, Slug};

/// How people attend.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventFormat {
    InPerson,
    Online,
    Hybrid,
}

/// Where an event stands in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventStatus {
    /// Being prepared: invisible to the public, closed to registration.
    Draft,
    /// Visible; open to registration within its window.
    Published,
    /// Visible, closed to registration.
    Closed,
}

macro_rules! text_enum {
    ($ty:ty { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl $ty {
            /// Every value, in declaration order.
            pub const ALL: &'static [$ty] = &[$(<$ty>::$variant),+];

            /// The stable snake_case name used in the API and the database.
            #[must_use]
            pub fn as_str(self) -> &'static str {
                match self { $(<$ty>::$variant => $text),+ }
            }

            /// The value named `text`, if any.
            #[must_use]
            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some(<$ty>::$variant),)+ _ => None }
            }
        }

        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                Self::parse(&text).ok_or_else(|| {
                    serde::de::Error::unknown_variant(&text, &[$($text),+])
                })
            }
        }
    };
}
pub(crate) use text_enum;

text_enum!(EventFormat { InPerson => "in_person", Online => "online", Hybrid => "hybrid" });
text_enum!(EventStatus { Draft => "draft", Published => "published", Closed => "closed" });

/// The period during which registrations are accepted. Either bound may be absent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct RegistrationWindow {
    opens_at: Option<DateTime<Utc>>,
    closes_at: Option<DateTime<Utc>>,
}

/// A window that closes before it opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("registration must open before it closes")]
pub struct WindowError;

impl RegistrationWindow {
    /// A window between two optional instants.
    ///
    /// # Errors
    /// [`WindowError`] when both are given and `closes_at` is not after `opens_at`.
    pub fn new(
        opens_at: Option<DateTime<Utc>>,
        closes_at: Option<DateTime<Utc>>,
    ) -> Result<Self, WindowError> {
        match (opens_at, closes_at) {
            (Some(o), Some(c)) if c <= o => Err(WindowError),
            _ => Ok(Self { opens_at, closes_at }),
        }
    }

    #[must_use]
    pub fn opens_at(&self) -> Option<DateTime<Utc>> {
        self.opens_at
    }

    #[must_use]
    pub fn closes_at(&self) -> Option<DateTime<Utc>> {
        self.closes_at
    }

    /// Whether `now` falls inside the window.
    #[must_use]
    pub fn contains(&self, now: DateTime<Utc>) -> bool {
        self.opens_at.is_none_or(|o| now >= o) && self.closes_at.is_none_or(|c| now < c)
    }
}

/// An event, as the rules see it.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub id: EventId,
    pub slug: Slug,
    pub title: String,
    pub description: Option<String>,
    pub timezone: Tz,
    pub format: EventFormat,
    pub venue: Option<String>,
    pub capacity: Capacity,
    pub window: RegistrationWindow,
    pub status: EventStatus,
    pub series_id: Option<SeriesId>,
    pub created_by: Option<OrganiserId>,
}

impl Event {
    /// Whether a person may register (or change their choices) at `now`.
    ///
    /// Registration is open when the event is published, `now` is inside its window, and
    /// the event has not ended yet (`ends_at`: the end of its last session, if it has any).
    #[must_use]
    pub fn registration_open(&self, now: DateTime<Utc>, ends_at: Option<DateTime<Utc>>) -> bool {
        self.status == EventStatus::Published
            && self.window.contains(now)
            && ends_at.is_none_or(|end| now < end)
    }
}

/// Parses an IANA time-zone name (`Europe/Paris`).
///
/// # Errors
/// Returns the name back when it is not a known zone.
pub fn parse_timezone(name: &str) -> Result<Tz, String> {
    name.parse::<Tz>().map_err(|_| name.to_owned())
}

/// Serde for an IANA zone, as its name (`#[serde(with = "tisser_domain::event::zone_name")]`).
pub mod zone_name {
    use chrono_tz::Tz;

    /// Writes the zone's name.
    ///
    /// # Errors
    /// As the serializer's.
    pub fn serialize<S: serde::Serializer>(tz: &Tz, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(tz.name())
    }

    /// Reads a zone's name.
    ///
    /// # Errors
    /// An unknown zone.
    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Tz, D::Error> {
        let name = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
        super::parse_timezone(&name).map_err(|n| serde::de::Error::custom(format!("unknown time zone {n}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 4, 1, h, 0, 0).unwrap()
    }

    fn event(status: EventStatus, window: RegistrationWindow) -> Event {
        Event {
            id: EventId::new(),
            slug: Slug::parse("jrps-2024").unwrap(),
            title: "JRPS".into(),
            description: None,
            timezone: chrono_tz::Europe::Paris,
            format: EventFormat::InPerson,
            venue: None,
            capacity: Capacity::Unlimited,
            window,
            status,
            series_id: None,
            created_by: None,
        }
    }

    #[test]
    fn a_window_must_open_before_it_closes() {
        assert_eq!(RegistrationWindow::new(Some(at(10)), Some(at(9))), Err(WindowError));
        assert_eq!(RegistrationWindow::new(Some(at(10)), Some(at(10))), Err(WindowError));
        assert!(RegistrationWindow::new(None, Some(at(9))).is_ok());
    }

    #[test]
    fn registration_is_open_only_when_published_inside_the_window_before_the_end() {
        let window = RegistrationWindow::new(Some(at(8)), Some(at(12))).unwrap();
        let published = event(EventStatus::Published, window);
        assert!(!published.registration_open(at(7), None));
        assert!(published.registration_open(at(8), None));
        assert!(!published.registration_open(at(12), None));
        assert!(!published.registration_open(at(9), Some(at(9))));
        assert!(!event(EventStatus::Draft, window).registration_open(at(9), None));
        assert!(!event(EventStatus::Closed, window).registration_open(at(9), None));
        assert!(event(EventStatus::Published, RegistrationWindow::default()).registration_open(at(23), None));
    }

    #[test]
    fn formats_and_statuses_round_trip_through_their_names() {
        for f in EventFormat::ALL {
            assert_eq!(EventFormat::parse(f.as_str()), Some(*f));
        }
        for s in EventStatus::ALL {
            assert_eq!(EventStatus::parse(s.as_str()), Some(*s));
        }
        assert_eq!(EventFormat::parse("visio"), None);
        assert!(parse_timezone("Europe/Paris").is_ok());
        assert!(parse_timezone("Mars/Olympus").is_err());
    }
}

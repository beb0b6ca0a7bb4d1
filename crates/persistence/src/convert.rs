//! From stored rows to domain values: every status, kind, language and zone read from the
//! database is parsed here, once, so that the rest of the crate compares enums, never
//! strings. A value the code does not know is [`StoreError::Corrupt`].

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use tisser_domain::rules::Selectable;
use tisser_domain::{
    Capacity, ChoiceStatus, Event, EventFormat, EventId, EventStatus, Language, OrganiserId, Profile,
    RegistrationStatus, RegistrationWindow, SeriesId, SessionId, SessionKind, SessionStatus, Slug, TimeSlot,
    event::parse_timezone,
};

use crate::entities::{choices, events, registrations, series, sessions};
use crate::records::SeriesRecord;
use crate::{StoreError, to_u32};

/// A value of the database the code does not know.
pub(crate) fn corrupt(what: &'static str, value: &str) -> StoreError {
    StoreError::Corrupt { what, value: value.to_owned() }
}

/// A stored seat count: `None` is unlimited.
pub(crate) fn capacity_from(seats: Option<i32>) -> Capacity {
    Capacity::from_option(seats.map(|n| to_u32(n.into())))
}

impl events::Model {
    pub(crate) fn capacity_value(&self) -> Capacity {
        capacity_from(self.capacity)
    }

    pub(crate) fn taken_seats(&self) -> u32 {
        to_u32(self.taken.into())
    }

    pub(crate) fn zone(&self) -> Result<Tz, StoreError> {
        parse_timezone(&self.timezone).map_err(|tz| corrupt("time zone", &tz))
    }

    /// The event as the domain knows it.
    pub(crate) fn to_event(&self) -> Result<Event, StoreError> {
        Ok(Event {
            id: EventId(self.id),
            slug: Slug::parse(&self.slug).map_err(|_| corrupt("slug", &self.slug))?,
            title: self.title.clone(),
            description: self.description.clone(),
            timezone: self.zone()?,
            format: EventFormat::parse(&self.format).ok_or_else(|| corrupt("format", &self.format))?,
            venue: self.venue.clone(),
            capacity: self.capacity_value(),
            window: RegistrationWindow::new(self.registration_opens_at, self.registration_closes_at)
                .map_err(|_| StoreError::InvalidWindow)?,
            status: EventStatus::parse(&self.status).ok_or_else(|| corrupt("status", &self.status))?,
            series_id: self.series_id.map(SeriesId),
            created_by: self.created_by.map(OrganiserId),
        })
    }
}

impl series::Model {
    pub(crate) fn to_record(&self) -> Result<SeriesRecord, StoreError> {
        Ok(SeriesRecord {
            id: SeriesId(self.id),
            slug: Slug::parse(&self.slug).map_err(|_| corrupt("slug", &self.slug))?,
            title: self.title.clone(),
            description: self.description.clone(),
        })
    }
}

impl sessions::Model {
    pub(crate) fn status_value(&self) -> Result<SessionStatus, StoreError> {
        SessionStatus::parse(&self.status).ok_or_else(|| corrupt("session status", &self.status))
    }

    pub(crate) fn kind_value(&self) -> Result<SessionKind, StoreError> {
        SessionKind::parse(&self.kind).ok_or_else(|| corrupt("session kind", &self.kind))
    }

    /// Whether the organisers cancelled it.
    pub(crate) fn is_cancelled(&self) -> bool {
        self.status == SessionStatus::Cancelled.as_str()
    }

    pub(crate) fn slot(&self) -> Result<TimeSlot, StoreError> {
        TimeSlot::new(self.starts_at, self.ends_at)
            .map_err(|_| corrupt("time slot", &format!("{} – {}", self.starts_at, self.ends_at)))
    }

    pub(crate) fn capacity_value(&self) -> Capacity {
        capacity_from(self.capacity)
    }

    pub(crate) fn taken_seats(&self) -> u32 {
        to_u32(self.taken.into())
    }

    /// The session as the choice rules see it.
    pub(crate) fn selectable(&self) -> Result<Selectable, StoreError> {
        Ok(Selectable {
            id: SessionId(self.id),
            slot: self.slot()?,
            requires_registration: self.requires_registration,
            cancelled: self.is_cancelled(),
        })
    }
}

/// The end of the last session still scheduled.
pub(crate) fn last_end(programme: &[sessions::Model]) -> Option<DateTime<Utc>> {
    programme.iter().filter(|s| !s.is_cancelled()).map(|s| s.ends_at).max()
}

/// The programme as the choice rules see it.
pub(crate) fn selectable(programme: &[sessions::Model]) -> Result<Vec<Selectable>, StoreError> {
    programme.iter().map(sessions::Model::selectable).collect()
}

impl registrations::Model {
    pub(crate) fn status_value(&self) -> Result<RegistrationStatus, StoreError> {
        RegistrationStatus::parse(&self.status).ok_or_else(|| corrupt("registration status", &self.status))
    }

    pub(crate) fn language_value(&self) -> Result<Language, StoreError> {
        Language::parse(&self.language).ok_or_else(|| corrupt("language", &self.language))
    }

    pub(crate) fn profile_value(&self) -> Result<Option<Profile>, StoreError> {
        self.profile.as_deref().map(|p| Profile::parse(p).ok_or_else(|| corrupt("profile", p))).transpose()
    }
}

impl choices::Model {
    pub(crate) fn status_value(&self) -> Result<ChoiceStatus, StoreError> {
        ChoiceStatus::parse(&self.status).ok_or_else(|| corrupt("choice status", &self.status))
    }

    pub(crate) fn is_confirmed(&self) -> bool {
        self.status == ChoiceStatus::Confirmed.as_str()
    }

    /// Holding a seat or a place in line.
    pub(crate) fn is_active(&self) -> bool {
        self.status != ChoiceStatus::Cancelled.as_str()
    }
}

//! iCalendar (RFC 5545) output for Tisser: personal invites (`METHOD:REQUEST`), their
//! cancellations (`METHOD:CANCEL`) and public programme or series feeds (`METHOD:PUBLISH`),
//! following the iTIP rules of RFC 5546.
//!
//! This crate is pure: it turns plain values ([`Calendar`], [`CalEvent`], [`Person`]) into
//! iCalendar text and **never does I/O**. It knows nothing of HTTP, SQL or e-mail: the web
//! crate serves its text, the mail crate attaches it, and both decide what goes in.
//!
//! What the text guarantees:
//! - every instant (`DTSTART`, `DTEND`, `DTSTAMP`) is written in UTC with the `Z` suffix, never
//!   as `TZID=` local time: without a `VTIMEZONE`, Mozilla's ical.js (Thunderbird) reads a
//!   `TZID=` time as floating, i.e. at the wrong instant. The event's time zone only names the
//!   feed's display zone (`X-WR-TIMEZONE`); callers convert local times with `chrono-tz`;
//! - TEXT values are escaped, parameter values quoted, URIs percent-encoded and e-mail addresses
//!   checked, so no summary, name, description, link or address can inject a line;
//! - lines are folded at 75 octets without splitting a UTF-8 character, and end with CRLF;
//! - REQUEST and CANCEL carry the ORGANIZER and ATTENDEE that RFC 5546 requires; a CANCEL always
//!   says `STATUS:CANCELLED`.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use tisser_calendar::{CalEvent, Calendar, Method, Person, Status, invite_uid};
//! use uuid::Uuid;
//!
//! let (registration, session) = (Uuid::nil(), Uuid::max());
//! let invite = Calendar {
//!     method: Method::Request,
//!     name: None,
//!     timezone: chrono_tz::Europe::Paris,
//!     events: vec![CalEvent {
//!         uid: invite_uid(registration, session),
//!         sequence: 0,
//!         dtstamp: Utc.with_ymd_and_hms(2024, 3, 1, 12, 0, 0).unwrap(),
//!         start: Utc.with_ymd_and_hms(2024, 4, 23, 7, 0, 0).unwrap(),
//!         end: Utc.with_ymd_and_hms(2024, 4, 23, 8, 30, 0).unwrap(),
//!         summary: "Atelier : la décision partagée".into(),
//!         description: None,
//!         location: Some("Salle B, Paris".into()),
//!         url: None,
//!         status: Status::Confirmed,
//!         organiser: Some(Person::new("JRPS", "contact@example.org")),
//!         attendee: Some(Person::new("Ana Dupont", "ana@example.org")),
//!     }],
//! };
//! let ics = invite.to_ics().unwrap();
//! assert!(ics.contains("\r\nDTSTART:20240423T070000Z\r\n"));
//! assert!(ics.contains("\r\nLOCATION:Salle B\\, Paris\r\n"));
//! assert_eq!(invite.content_type(), "text/calendar; charset=utf-8; method=REQUEST");
//! ```

mod text;

use std::collections::HashSet;
use std::fmt;

use chrono::{DateTime, Datelike, SubsecRound, Utc};
use chrono_tz::Tz;
use uuid::Uuid;

use crate::text::{encode_uri, escape_text, is_usable_email, push_folded, quote_param};

/// The product identifier written in every calendar (`PRODID`).
pub const PRODID: &str = "-//Tisser//Tisser//FR";

/// The iTIP method of a calendar (RFC 5546 §1.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// A feed or a file to import: the public programme, a series, a person's own sessions.
    /// RFC 5546 allows no ATTENDEE in a PUBLISH: an event's `attendee` is not written.
    Publish,
    /// An invite (or its update: same UID, higher SEQUENCE). Needs ORGANIZER and ATTENDEE.
    Request,
    /// The cancellation of an invite (same UID, higher SEQUENCE). Needs ORGANIZER and ATTENDEE;
    /// every event is written with `STATUS:CANCELLED`, whatever its `status`.
    Cancel,
}

impl Method {
    /// The value of the `METHOD` property and of the `method` MIME parameter.
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Publish => "PUBLISH",
            Method::Request => "REQUEST",
            Method::Cancel => "CANCEL",
        }
    }

    /// REQUEST and CANCEL are scheduling messages: they need an organiser and an attendee.
    const fn is_scheduling(self) -> bool {
        matches!(self, Method::Request | Method::Cancel)
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `STATUS` of an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    Confirmed,
    Cancelled,
}

impl Status {
    /// The value of the `STATUS` property.
    pub const fn as_str(self) -> &'static str {
        match self {
            Status::Confirmed => "CONFIRMED",
            Status::Cancelled => "CANCELLED",
        }
    }
}

/// An organiser or an attendee: written as `CN="name":mailto:email`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// Display name; quotes become `'` and line breaks spaces. Empty: no `CN` parameter.
    pub name: String,
    /// A plain address (`local@domain`); anything with spaces, controls or `"(),:;<>[\]` is
    /// refused with [`CalendarError::InvalidEmail`] rather than mangled.
    pub email: String,
}

impl Person {
    pub fn new(name: impl Into<String>, email: impl Into<String>) -> Self {
        Person { name: name.into(), email: email.into() }
    }
}

/// One `VEVENT`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalEvent {
    /// Stable across updates and cancellation: [`invite_uid`] for invites, [`feed_uid`] for feeds.
    pub uid: String,
    /// Raised by the caller on every change sent for the same UID (RFC 5546 §2.1.4).
    pub sequence: u32,
    /// When this version of the event was produced.
    pub dtstamp: DateTime<Utc>,
    /// Written in UTC (`…Z`), to the second (fractions are dropped).
    pub start: DateTime<Utc>,
    /// Must be after `start`, to the second.
    pub end: DateTime<Utc>,
    pub summary: String,
    /// Omitted when `None` or blank; likewise `location` and `url`.
    pub description: Option<String>,
    pub location: Option<String>,
    /// Join link of an online session (only ever set by callers for confirmed registrants).
    pub url: Option<String>,
    pub status: Status,
    pub organiser: Option<Person>,
    /// The registrant (REQUEST, CANCEL). Not written for PUBLISH (RFC 5546 §3.2.1).
    pub attendee: Option<Person>,
}

/// One `VCALENDAR`: an iTIP message (REQUEST, CANCEL) or a feed (PUBLISH).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    pub method: Method,
    /// A feed's display name: when set, `X-WR-CALNAME` and `X-WR-TIMEZONE` are written.
    pub name: Option<String>,
    /// The event's time zone. Times are always written in UTC; this only names the zone in
    /// which a feed is meant to be shown (`X-WR-TIMEZONE`).
    pub timezone: Tz,
    pub events: Vec<CalEvent>,
}

/// Why a [`Calendar`] cannot be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CalendarError {
    #[error("a {method} calendar must hold at least one event")]
    NoEvents { method: Method },
    #[error("an event has an empty UID")]
    EmptyUid,
    #[error("two events share the UID {uid}")]
    DuplicateUid { uid: String },
    #[error("event {uid}: METHOD:{method} requires an ORGANIZER (RFC 5546)")]
    MissingOrganiser { uid: String, method: Method },
    #[error("event {uid}: METHOD:{method} requires an ATTENDEE (RFC 5546)")]
    MissingAttendee { uid: String, method: Method },
    #[error("event {uid}: the {role}'s e-mail address cannot be written as a mailto: URI")]
    InvalidEmail { uid: String, role: &'static str },
    #[error("event {uid}: the end ({end}) is not after the start ({start})")]
    EndNotAfterStart { uid: String, start: DateTime<Utc>, end: DateTime<Utc> },
    #[error("event {uid}: {field} is outside the years 1 to 9999")]
    OutOfRange { uid: String, field: &'static str },
}

/// The stable UID of a person's invite for one session (`<registration>-<session>@tisser`):
/// the same for the REQUEST, its updates and its CANCEL.
pub fn invite_uid(registration_id: Uuid, session_id: Uuid) -> String {
    format!("{registration_id}-{session_id}@tisser")
}

/// The UID of a session in a public feed (`<session>@tisser`).
pub fn feed_uid(session_id: Uuid) -> String {
    format!("{session_id}@tisser")
}

impl Calendar {
    /// Checks everything [`Calendar::to_ics`] checks, without writing.
    pub fn validate(&self) -> Result<(), CalendarError> {
        if self.method.is_scheduling() && self.events.is_empty() {
            return Err(CalendarError::NoEvents { method: self.method });
        }
        let mut uids = HashSet::with_capacity(self.events.len());
        for event in &self.events {
            event.validate(self.method)?;
            if !uids.insert(event.uid.as_str()) {
                return Err(CalendarError::DuplicateUid { uid: event.uid.clone() });
            }
        }
        Ok(())
    }

    /// The iCalendar text: CRLF line endings, lines folded at 75 octets.
    pub fn to_ics(&self) -> Result<String, CalendarError> {
        self.validate()?;
        let mut out = String::with_capacity(512 + 768 * self.events.len());
        let mut line = |l: &str| push_folded(&mut out, l);
        line("BEGIN:VCALENDAR");
        line("VERSION:2.0");
        line(&format!("PRODID:{PRODID}"));
        line("CALSCALE:GREGORIAN");
        line(&format!("METHOD:{}", self.method));
        if let Some(name) = &self.name {
            line(&format!("X-WR-CALNAME:{}", escape_text(name)));
            line(&format!("X-WR-TIMEZONE:{}", self.timezone.name()));
        }
        for event in &self.events {
            event.write(self.method, &mut line);
        }
        line("END:VCALENDAR");
        Ok(out)
    }

    /// The MIME type of [`Calendar::to_ics`]'s text, `method` included as iMIP (RFC 6047) asks.
    pub fn content_type(&self) -> String {
        format!("text/calendar; charset=utf-8; method={}", self.method)
    }

    /// One calendar per event, each with this calendar's method, name and zone.
    ///
    /// Send invites this way: an iTIP REQUEST or CANCEL holding several UIDs is poorly
    /// supported (Outlook and some mail readers act on the first event only; Thunderbird
    /// handles it as a PUBLISH).
    pub fn split_per_event(&self) -> Vec<Calendar> {
        self.events
            .iter()
            .map(|event| Calendar {
                method: self.method,
                name: self.name.clone(),
                timezone: self.timezone,
                events: vec![event.clone()],
            })
            .collect()
    }
}

/// `20240423T084500Z`.
fn utc_stamp(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

/// Some(value) unless blank.
fn present(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.trim().is_empty())
}

impl CalEvent {
    fn validate(&self, method: Method) -> Result<(), CalendarError> {
        let uid = || self.uid.clone();
        if self.uid.trim().is_empty() {
            return Err(CalendarError::EmptyUid);
        }
        for (field, at) in [("DTSTAMP", self.dtstamp), ("DTSTART", self.start), ("DTEND", self.end)] {
            if !(1..=9999).contains(&at.year()) {
                return Err(CalendarError::OutOfRange { uid: uid(), field });
            }
        }
        if self.end.trunc_subsecs(0) <= self.start.trunc_subsecs(0) {
            return Err(CalendarError::EndNotAfterStart { uid: uid(), start: self.start, end: self.end });
        }
        if method.is_scheduling() {
            if self.organiser.is_none() {
                return Err(CalendarError::MissingOrganiser { uid: uid(), method });
            }
            if self.attendee.is_none() {
                return Err(CalendarError::MissingAttendee { uid: uid(), method });
            }
        }
        let written_attendee = if method == Method::Publish { None } else { self.attendee.as_ref() };
        for (role, person) in [("organizer", self.organiser.as_ref()), ("attendee", written_attendee)] {
            if let Some(person) = person
                && !is_usable_email(person.email.trim())
            {
                return Err(CalendarError::InvalidEmail { uid: uid(), role });
            }
        }
        Ok(())
    }

    /// Writes the VEVENT; `validate` has passed.
    fn write(&self, method: Method, line: &mut impl FnMut(&str)) {
        line("BEGIN:VEVENT");
        line(&format!("UID:{}", escape_text(&self.uid)));
        line(&format!("SEQUENCE:{}", self.sequence));
        line(&format!("DTSTAMP:{}", utc_stamp(self.dtstamp)));
        line(&format!("DTSTART:{}", utc_stamp(self.start)));
        line(&format!("DTEND:{}", utc_stamp(self.end)));
        line(&format!("SUMMARY:{}", escape_text(&self.summary)));
        if let Some(description) = present(&self.description) {
            line(&format!("DESCRIPTION:{}", escape_text(description)));
        }
        if let Some(location) = present(&self.location) {
            line(&format!("LOCATION:{}", escape_text(location)));
        }
        if let Some(url) = present(&self.url) {
            line(&format!("URL:{}", encode_uri(url)));
        }
        let status = if method == Method::Cancel { Status::Cancelled } else { self.status };
        line(&format!("STATUS:{}", status.as_str()));
        if let Some(organiser) = &self.organiser {
            line(&format!("ORGANIZER{}:mailto:{}", cn(&organiser.name), organiser.email.trim()));
        }
        if method != Method::Publish
            && let Some(attendee) = &self.attendee
        {
            line(&format!(
                "ATTENDEE{};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:{}",
                cn(&attendee.name),
                attendee.email.trim()
            ));
        }
        line("END:VEVENT");
    }
}

/// `;CN="…"`, or nothing for a blank name.
fn cn(name: &str) -> String {
    let quoted = quote_param(name);
    if quoted == "\"\"" { String::new() } else { format!(";CN={quoted}") }
}

#[cfg(test)]
mod tests;

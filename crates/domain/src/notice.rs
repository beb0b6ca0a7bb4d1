//! Notices: what a change tells a person by e-mail. A notice is decided and written in the
//! same transaction as the change (the outbox), and delivered later; it therefore carries
//! everything needed to write the message, as it was at the time of the change.

use std::fmt;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{ChoiceStatus, Language};

/// The kinds of e-mail Tisser sends. Each has a folder of the same name (see
/// [`NoticeKind::as_str`]) under `mail-templates/`, with `fr/` and `en/` variants of
/// `subject.txt`, `body.txt` and `body.html`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    /// The registration is recorded; lists the chosen sessions and their status.
    RegistrationConfirmed,
    /// One or more chosen sessions are full: the person waits, with their place in line.
    Waitlisted,
    /// A seat freed up and is now theirs.
    Promoted,
    /// The person changed their choice of sessions.
    ChoicesChanged,
    /// The registration is cancelled.
    RegistrationCancelled,
    /// Someone tried to register again with this address: here is the private link.
    LinkResent,
    /// A session's time or room changed.
    SessionChanged,
    /// A session is cancelled by the organisers.
    SessionCancelled,
    /// The recording of a webinar is online.
    ReplayAvailable,
    /// A reminder before the event, with the join link of online sessions.
    Reminder,
    /// Free subject and body written by an organiser. (Stored under its first spelling.)
    #[serde(rename = "organizer_message")]
    OrganiserMessage,
    /// To an organiser: a one-time link to sign in to the organisers' pages.
    OrganiserSignIn,
}

impl NoticeKind {
    /// Every kind, in declaration order.
    pub const ALL: &'static [NoticeKind] = &[
        Self::RegistrationConfirmed,
        Self::Waitlisted,
        Self::Promoted,
        Self::ChoicesChanged,
        Self::RegistrationCancelled,
        Self::LinkResent,
        Self::SessionChanged,
        Self::SessionCancelled,
        Self::ReplayAvailable,
        Self::Reminder,
        Self::OrganiserMessage,
        Self::OrganiserSignIn,
    ];

    /// The stable `snake_case` name: the template folder and the serialized form.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::RegistrationConfirmed => "registration_confirmed",
            Self::Waitlisted => "waitlisted",
            Self::Promoted => "promoted",
            Self::ChoicesChanged => "choices_changed",
            Self::RegistrationCancelled => "registration_cancelled",
            Self::LinkResent => "link_resent",
            Self::SessionChanged => "session_changed",
            Self::SessionCancelled => "session_cancelled",
            Self::ReplayAvailable => "replay_available",
            Self::Reminder => "reminder",
            Self::OrganiserMessage => "organizer_message",
            Self::OrganiserSignIn => "organiser_sign_in",
        }
    }

    /// The kind named `text`, if any.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.as_str() == text)
    }
}

impl fmt::Display for NoticeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What happens to a calendar invite.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InviteMethod {
    /// A new or updated invite (`METHOD:REQUEST`).
    Request,
    /// The invite is withdrawn (`METHOD:CANCEL`).
    Cancel,
}

/// An invite riding with a notice: one per session.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invite {
    pub method: InviteMethod,
    /// Grows with every invite sent for the same person and session.
    pub sequence: u32,
}

/// A session as a notice tells it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeSession {
    pub id: Uuid,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub room: Option<String>,
    pub status: ChoiceStatus,
    pub waitlist_position: Option<u32>,
    /// The join link: set only for a confirmed seat.
    pub online_url: Option<String>,
    pub replay_url: Option<String>,
    pub invite: Option<Invite>,
}

/// The event as a notice tells it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeEvent {
    pub id: Uuid,
    pub slug: String,
    pub title: String,
    #[serde(with = "crate::event::zone_name")]
    pub timezone: Tz,
    pub venue: Option<String>,
}

/// One message to one person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub kind: NoticeKind,
    pub registration_id: Uuid,
    pub language: Language,
    pub to_email: String,
    pub first_name: String,
    pub last_name: String,
    /// A manage token made for this message: the private link it carries. Removed from the
    /// outbox once the message is sent.
    pub manage_token: Option<String>,
    pub event: NoticeEvent,
    pub sessions: Vec<NoticeSession>,
    pub custom_subject: Option<String>,
    pub custom_body: Option<String>,
}

/// One message to one organiser (today: a sign-in link). Organisers have no registration and
/// no event: their messages say only who they are for and the link they carry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganiserNotice {
    pub kind: NoticeKind,
    pub organiser_id: Uuid,
    /// The language of the page the organiser asked from.
    pub language: Language,
    pub to_email: String,
    pub name: String,
    /// The one-time sign-in token this message carries. Removed from the outbox once the
    /// message is sent.
    pub sign_in_token: Option<String>,
}

/// What the outbox carries: a notice about a registration, or a message to an organiser.
///
/// Untagged, so that a registration's notice is stored exactly as before (a plain
/// [`Notice`]): rows written before organisers had messages read back unchanged.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Outgoing {
    Registration(Notice),
    Organiser(OrganiserNotice),
}

impl Outgoing {
    #[must_use]
    pub fn kind(&self) -> NoticeKind {
        match self {
            Self::Registration(n) => n.kind,
            Self::Organiser(n) => n.kind,
        }
    }

    /// The same message without its secret link (what is kept once it is sent).
    #[must_use]
    pub fn without_link(mut self) -> Self {
        match &mut self {
            Self::Registration(n) => n.manage_token = None,
            Self::Organiser(n) => n.sign_in_token = None,
        }
        self
    }
}

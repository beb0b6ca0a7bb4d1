//! Registrations: the form, a change of choices, and how a registration reads.

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use tisser_domain::{ChoiceStatus, Profile};
use tisser_persistence::{ChoiceRecord, RegistrationRecord};
use utoipa::ToSchema;
use uuid::Uuid;

use super::local;

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
    /// `null` for a person registered without an address, or erased.
    pub email: Option<String>,
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

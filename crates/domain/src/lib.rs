//! The domain of Tisser: series, events, sessions, registrations, and the pure rules that
//! decide who gets a seat.
//!
//! Everything here is plain data and plain functions. Architecture invariant: this crate
//! knows nothing about SQL, HTTP, JSON, e-mail or the clock; it never performs I/O. Callers
//! pass "now" in, and callers persist what the rules decide.

pub mod email;
pub mod event;
pub mod ids;
pub mod notice;
pub mod organiser;
pub mod programme_file;
pub mod registration;
pub mod rules;
pub mod session;
pub mod slug;
pub mod text;
pub mod wording;

pub use email::Email;
pub use event::{Event, EventFormat, EventStatus, RegistrationWindow};
pub use ids::{EventId, OrganiserId, RegistrationId, SeriesId, SessionId};
pub use organiser::{Organiser, Role};
pub use registration::{ChoiceStatus, Language, Profile, RegistrationStatus};
pub use session::{Capacity, Facilitator, SessionKind, SessionStatus, TimeSlot};
pub use slug::Slug;

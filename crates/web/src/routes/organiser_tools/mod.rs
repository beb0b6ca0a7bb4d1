//! Organiser tools: attendee exports (CSV and XLSX), attendance sheets, check-in, fill rates,
//! messages to registrants, and data protection (a person's data, erasure, audit log).
//!
//! Every handler takes the organiser's bearer token
//! ([`OrganiserAuth`](crate::auth::OrganiserAuth)) and the rights on the event
//! ([`OrganiserAuth::event`](crate::auth::OrganiserAuth::event)): no token or a participant's
//! private link answers 401, another event's organiser 403, before anything is read. Each
//! action that shows or changes personal data leaves a line in the audit log (who, what,
//! when; never the data) before it answers: the store writes it, in the very call that reads
//! or changes the data, so that no handler has to remember it.

pub mod attendance;
pub mod audit;
pub mod exports;
pub mod messages;
pub mod privacy;
pub mod stats;

use axum::Router;
use axum::routing::{delete, get, post, put};
use tisser_domain::SessionId;
use tisser_persistence::{EventRecord, SessionRecord};
use uuid::Uuid;

use self::attendance::{attendance_sheet, check_in, undo_check_in};
use self::audit::audit_log;
use self::exports::{attendees_csv, attendees_xlsx};
use self::messages::send_message;
use self::privacy::{erase, person_export};
use self::stats::stats;
use crate::AppState;
use crate::error::{ApiError, FieldError};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/events/{slug}/attendees.csv", get(attendees_csv))
        .route("/api/v1/events/{slug}/attendees.xlsx", get(attendees_xlsx))
        .route("/api/v1/events/{slug}/sessions/{id}/attendance-sheet", get(attendance_sheet))
        .route(
            "/api/v1/events/{slug}/sessions/{id}/checkins/{registration_id}",
            put(check_in).delete(undo_check_in),
        )
        .route("/api/v1/events/{slug}/stats", get(stats))
        .route("/api/v1/events/{slug}/messages", post(send_message))
        .route("/api/v1/events/{slug}/registrations/{id}/export", get(person_export))
        .route("/api/v1/events/{slug}/registrations/{id}", delete(erase))
        .route("/api/v1/audit", get(audit_log))
}

fn unknown_session() -> ApiError {
    ApiError::validation(vec![FieldError::new(
        "session",
        "Ce temps ne fait pas partie de cet événement.",
        "This session is not part of this event.",
    )])
}

/// The session named in an export or a message, checked to be the event's.
pub(super) async fn session_filter(
    state: &AppState,
    event: &EventRecord,
    session: Option<Uuid>,
) -> Result<Option<SessionRecord>, ApiError> {
    match session {
        None => Ok(None),
        Some(id) => match state.store.session_if_any(event.event.id, SessionId(id)).await? {
            Some(s) => Ok(Some(s)),
            None => Err(unknown_session()),
        },
    }
}

//! Downloads from the organisers' pages, opened by the session cookie: an event's (or one
//! session's) attendee list as CSV or XLSX, and a session's attendance sheet. They call the
//! very functions behind the JSON API's exports (`routes::organiser_tools`), which the store
//! audits; only the rights differ (the cookie's organiser instead of the bearer token's).

use axum::extract::{Path, Query, State};
use axum::response::Response;
use tisser_domain::SessionId;
use tisser_persistence::{ExportFormat, Listed};
use uuid::Uuid;

use super::auth::SignedIn;
use crate::AppState;
use crate::pages::PageError;
use crate::routes::organiser_tools::{attendance, exports};

#[derive(serde::Deserialize)]
pub struct Filter {
    session: Option<String>,
}

fn session_id(text: &str) -> Result<SessionId, PageError> {
    Uuid::parse_str(text).map(SessionId).map_err(|_| PageError::NotFound)
}

async fn attendees(
    state: &AppState,
    signed_in: &SignedIn,
    slug: &str,
    filter: Filter,
    format: ExportFormat,
) -> Result<Response, PageError> {
    let event = signed_in.event(state, slug).await?;
    let session = match filter.session.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(id) => Some(state.store.session(event.event.id, session_id(id)?).await?),
    };
    Ok(exports::attendees(state, &signed_in.organiser, &event, session, Listed::Active, format).await?)
}

/// `attendees.csv` or `attendees.xlsx` (`?session=ID` for one session).
pub async fn attendee_list(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path((slug, file)): Path<(String, String)>,
    Query(filter): Query<Filter>,
) -> Result<Response, PageError> {
    let format = match file.as_str() {
        "attendees.csv" => ExportFormat::Csv,
        "attendees.xlsx" => ExportFormat::Xlsx,
        _ => return Err(PageError::NotFound),
    };
    attendees(&state, &signed_in, &slug, filter, format).await
}

/// A session's attendance sheet, ready to print.
pub async fn sheet(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let event = signed_in.event(&state, &slug).await?;
    let session = state.store.session(event.event.id, session_id(&id)?).await?;
    Ok(attendance::sheet(&state, &signed_in.organiser, &event, &session).await?)
}

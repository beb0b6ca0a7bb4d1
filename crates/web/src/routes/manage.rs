//! What a participant does through their private link (manage token).

use std::collections::HashMap;

use axum::extract::State;
use axum::routing::{get, put};
use axum::{Json, Router};
use tisser_domain::SessionId;
use tisser_persistence::RegistrationRecord;
use uuid::Uuid;

use crate::AppState;
use crate::dto::{ChoicesRequest, RegistrationView};
use crate::error::ApiError;
use crate::extract::{AppJson, AppPath};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/manage/{token}", get(show).delete(cancel))
        .route("/api/v1/manage/{token}/sessions", put(replace))
}

/// The person's own view: join links of the online sessions where they hold a seat.
async fn own_view(state: &AppState, record: &RegistrationRecord) -> Result<RegistrationView, ApiError> {
    let event = state.store.event_by_id(record.event_id).await?;
    let links: HashMap<Uuid, String> = state
        .store
        .programme(record.event_id)
        .await?
        .into_iter()
        .filter_map(|s| s.online_url.map(|u| (s.id.0, u)))
        .collect();
    Ok(RegistrationView::new(record, event.event.timezone, &|id| links.get(&id).cloned()))
}

/// The registration, its sessions and their statuses.
#[utoipa::path(get, path = "/api/v1/manage/{token}", tag = "participant", params(("token" = String, Path)), responses(
    (status = 200, body = RegistrationView),
    (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
))]
pub async fn show(
    State(state): State<AppState>,
    AppPath(token): AppPath<String>,
) -> Result<Json<RegistrationView>, ApiError> {
    let record = state.store.registration_by_token(&token).await?;
    Ok(Json(own_view(&state, &record).await?))
}

/// Replaces the chosen sessions in one transaction; seats given up go to the waitlist.
#[utoipa::path(put, path = "/api/v1/manage/{token}/sessions", tag = "participant", params(("token" = String, Path)),
    request_body = ChoicesRequest,
    responses(
        (status = 200, body = RegistrationView),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "`registration_closed` or `registration_cancelled`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "`session_conflict`, `unknown_session`, …", body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub async fn replace(
    State(state): State<AppState>,
    AppPath(token): AppPath<String>,
    AppJson(body): AppJson<ChoicesRequest>,
) -> Result<Json<RegistrationView>, ApiError> {
    // Check the token first: an unknown link answers 404 whatever the body.
    state.store.registration_by_token(&token).await?;
    let wanted: Vec<SessionId> = body.sessions.into_iter().map(SessionId).collect();
    let record = state.store.replace_choices(&token, &wanted, state.now()).await?;
    Ok(Json(own_view(&state, &record).await?))
}

/// Cancels the registration; every seat it held goes to the next person waiting.
#[utoipa::path(delete, path = "/api/v1/manage/{token}", tag = "participant", params(("token" = String, Path)), responses(
    (status = 200, body = RegistrationView),
    (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
))]
pub async fn cancel(
    State(state): State<AppState>,
    AppPath(token): AppPath<String>,
) -> Result<Json<RegistrationView>, ApiError> {
    let record = state.store.cancel_registration(&token, state.now()).await?;
    Ok(Json(own_view(&state, &record).await?))
}

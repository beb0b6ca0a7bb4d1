//! What anyone may read, and the registration form.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::get;
use axum::{Json, Router};
use tisser_domain::{EventStatus, SessionId};
use tisser_persistence::{EventRecord, NewRegistration};

use crate::AppState;
use crate::check::{self, RegistrationInput};
use crate::dto::{
    EventDetails, EventSummary, EventView, EventsQuery, RegisteredView, RegistrationRequest, SessionView,
};
use crate::error::ApiError;
use crate::extract::{AppJson, AppPath, AppQuery};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/events", get(list_events))
        .route("/api/v1/events/{slug}", get(get_event))
        .route("/api/v1/events/{slug}/registrations", axum::routing::post(register))
}

/// Published events, upcoming first (soonest first), then past ones.
#[utoipa::path(get, path = "/api/v1/events", tag = "public", params(EventsQuery), responses(
    (status = 200, body = [EventSummary]),
    (status = 404, description = "unknown series", body = crate::error::Problem, content_type = "application/problem+json"),
))]
pub async fn list_events(
    State(state): State<AppState>,
    AppQuery(query): AppQuery<EventsQuery>,
) -> Result<Json<Vec<EventSummary>>, ApiError> {
    let now = state.now();
    let events = state.store.public_events(query.series.as_deref(), now).await?;
    Ok(Json(events.iter().map(|e| EventSummary::new(e, now)).collect()))
}

/// An event that the public may see: published or closed. A draft is visible only to an
/// organiser who may manage it.
pub(crate) async fn visible_event(
    state: &AppState,
    slug: &str,
    headers: &HeaderMap,
) -> Result<EventRecord, ApiError> {
    let event = state.store.event_by_slug(slug).await?;
    if event.event.status != EventStatus::Draft {
        return Ok(event);
    }
    let token = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    if let Some(token) = token
        && let Some(organiser) = state.store.organiser_by_token(token.trim()).await?
        && organiser.may_manage(event.event.created_by)
    {
        return Ok(event);
    }
    Err(ApiError::not_found())
}

/// One published event with its programme. Never a join link, never a participant.
#[utoipa::path(get, path = "/api/v1/events/{slug}", tag = "public", params(("slug" = String, Path)), responses(
    (status = 200, body = EventView),
    (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
))]
pub async fn get_event(
    State(state): State<AppState>,
    AppPath(slug): AppPath<String>,
    headers: HeaderMap,
) -> Result<Json<EventView>, ApiError> {
    let event = visible_event(&state, &slug, &headers).await?;
    let programme = state.store.programme(event.event.id).await?;
    let tz = event.event.timezone;
    let sessions = programme.iter().map(|s| SessionView::public(s, tz)).collect();
    Ok(Json(EventView { details: EventDetails::new(&event, state.now()), sessions }))
}

/// Registers a person. Each chosen session gives a seat, or a place on its waitlist in
/// arrival order when full.
#[utoipa::path(post, path = "/api/v1/events/{slug}/registrations", tag = "public", params(("slug" = String, Path)),
    request_body = RegistrationRequest,
    responses(
        (status = 201, body = RegisteredView),
        (status = 400, description = "malformed JSON", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "`already_registered` (the private link is e-mailed again) or `registration_closed`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 413, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 415, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`, `session_conflict`, `unknown_session`, `session_not_selectable`, `session_cancelled`", body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub async fn register(
    State(state): State<AppState>,
    AppPath(slug): AppPath<String>,
    headers: HeaderMap,
    AppJson(body): AppJson<RegistrationRequest>,
) -> Result<(StatusCode, Json<RegisteredView>), ApiError> {
    let event = visible_event(&state, &slug, &headers).await?;
    let new = parse_registration(body)?;
    let registered = state.store.register(event.event.id, new, state.now()).await?;
    let url = state.manage_url(&registered.manage_token);
    Ok((StatusCode::CREATED, Json(RegisteredView::new(&registered.registration, url))))
}

fn parse_registration(body: RegistrationRequest) -> Result<NewRegistration, ApiError> {
    check::registration(RegistrationInput {
        email: body.email.as_deref(),
        first_name: body.first_name.as_deref(),
        last_name: body.last_name.as_deref(),
        profile: body.profile.as_deref(),
        language: body.language.as_deref(),
        organization: body.organization.as_deref(),
        accessibility_needs: body.accessibility_needs.as_deref(),
        dietary_requirements: body.dietary_requirements.as_deref(),
        sessions: body.sessions.into_iter().map(SessionId).collect(),
    })
    .map_err(ApiError::validation)
}

//! What organisers do with their bearer token: build series, events and programmes, and
//! read registrations. `admin` tokens reach every event, `organiser` tokens the events they
//! created.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, patch, post};
use axum::{Json, Router};
use chrono_tz::Tz;
use tisser_domain::{ChoiceStatus, SessionId};
use tisser_persistence::{EventRecord, NewSeries, RegistrationFilter};
use uuid::Uuid;

use crate::AppState;
use crate::auth::OrganiserAuth;
use crate::check::{self, Check, DESCRIPTION_MAX, TITLE_MAX};
use crate::dto::{
    Allowed, EventDetails, EventRequest, OrganiserEventView, OrganiserSessionView, RegistrationQuery,
    RegistrationView, SeriesRequest, SeriesView, SessionRequest,
};
use crate::error::ApiError;
use crate::extract::{AppJson, AppPath, AppQuery};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/series", post(create_series))
        .route("/api/v1/events", post(create_event))
        .route("/api/v1/organizer/events", get(my_events))
        .route("/api/v1/events/{slug}", patch(update_event))
        .route("/api/v1/organizer/events/{slug}", get(event_details))
        .route("/api/v1/events/{slug}/sessions", post(add_session))
        .route("/api/v1/events/{slug}/sessions/{id}", patch(update_session).delete(cancel_session))
        .route("/api/v1/events/{slug}/registrations", get(list_registrations))
}

/// Creates a series (the Déjeuners).
#[utoipa::path(post, path = "/api/v1/series", tag = "organizer", security(("bearer" = [])), request_body = SeriesRequest,
    responses(
        (status = 201, body = SeriesView),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "`slug_taken`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub async fn create_series(
    State(state): State<AppState>,
    auth: OrganiserAuth,
    AppJson(body): AppJson<SeriesRequest>,
) -> Result<(StatusCode, Json<SeriesView>), ApiError> {
    let mut check = Check::default();
    let slug = check.slug("slug", body.slug.as_deref());
    let title = check.line("title", body.title.as_deref(), TITLE_MAX);
    let description = check.optional_text("description", body.description.as_deref(), DESCRIPTION_MAX);
    check.finish()?;
    let slug = slug.ok_or_else(ApiError::internal)?;
    let series = state.store.create_series(NewSeries { slug, title, description }, Some(auth.0.id)).await?;
    Ok((StatusCode::CREATED, Json(SeriesView::from(&series))))
}

/// Creates an event, as a draft unless `status` says otherwise.
#[utoipa::path(post, path = "/api/v1/events", tag = "organizer", security(("bearer" = [])), request_body = EventRequest,
    responses(
        (status = 201, body = OrganiserEventView),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "`slug_taken`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub async fn create_event(
    State(state): State<AppState>,
    auth: OrganiserAuth,
    AppJson(body): AppJson<EventRequest>,
) -> Result<(StatusCode, Json<OrganiserEventView>), ApiError> {
    let new = check::new_event(body).map_err(ApiError::validation)?;
    let event = state.store.create_event(new, Some(auth.0.id)).await?;
    Ok((StatusCode::CREATED, Json(organiser_event(&state, &event).await?)))
}

pub(crate) async fn organiser_event(
    state: &AppState,
    event: &EventRecord,
) -> Result<OrganiserEventView, ApiError> {
    let tz = event.event.timezone;
    let programme = state.store.programme(event.event.id).await?;
    Ok(OrganiserEventView {
        details: EventDetails::new(event, state.now()),
        sessions: programme.iter().map(|s| OrganiserSessionView::new(s, tz)).collect(),
    })
}

/// The events this organiser may manage (every event for an admin), drafts included.
#[utoipa::path(get, path = "/api/v1/organizer/events", tag = "organizer", security(("bearer" = [])), responses(
    (status = 200, body = [crate::dto::EventSummary]),
    (status = 401, body = crate::error::Problem, content_type = "application/problem+json"),
))]
pub async fn my_events(
    State(state): State<AppState>,
    auth: OrganiserAuth,
) -> Result<Json<Vec<crate::dto::EventSummary>>, ApiError> {
    let scope = if auth.0.role == tisser_domain::Role::Admin { None } else { Some(auth.0.id) };
    let now = state.now();
    let events = state.store.events_of(scope).await?;
    Ok(Json(events.iter().map(|e| crate::dto::EventSummary::new(e, now)).collect()))
}

/// One event with its whole programme, join links and seat counts included.
#[utoipa::path(get, path = "/api/v1/organizer/events/{slug}", tag = "organizer", security(("bearer" = [])),
    params(("slug" = String, Path)),
    responses(
        (status = 200, body = OrganiserEventView),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub async fn event_details(
    State(state): State<AppState>,
    auth: OrganiserAuth,
    AppPath(slug): AppPath<String>,
) -> Result<Json<OrganiserEventView>, ApiError> {
    let event = auth.event(&state, &slug).await?;
    Ok(Json(organiser_event(&state, &event).await?))
}

/// Changes an event. `null` clears an optional field.
#[utoipa::path(patch, path = "/api/v1/events/{slug}", tag = "organizer", security(("bearer" = [])),
    params(("slug" = String, Path)), request_body = EventRequest,
    responses(
        (status = 200, body = OrganiserEventView),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "`slug_taken`, `capacity_below_confirmed`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub async fn update_event(
    State(state): State<AppState>,
    auth: OrganiserAuth,
    AppPath(slug): AppPath<String>,
    AppJson(body): AppJson<EventRequest>,
) -> Result<Json<OrganiserEventView>, ApiError> {
    let event = auth.event(&state, &slug).await?;
    let patch = check::event_patch(body, &event.event.window).map_err(ApiError::validation)?;
    let updated = state.store.update_event(event.event.id, patch).await?;
    Ok(Json(organiser_event(&state, &updated).await?))
}

/// Adds a session to the programme.
#[utoipa::path(post, path = "/api/v1/events/{slug}/sessions", tag = "organizer", security(("bearer" = [])),
    params(("slug" = String, Path)), request_body = SessionRequest,
    responses(
        (status = 201, body = OrganiserSessionView),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub async fn add_session(
    State(state): State<AppState>,
    auth: OrganiserAuth,
    AppPath(slug): AppPath<String>,
    AppJson(body): AppJson<SessionRequest>,
) -> Result<(StatusCode, Json<OrganiserSessionView>), ApiError> {
    let event = auth.event(&state, &slug).await?;
    let new = check::new_session(body).map_err(ApiError::validation)?;
    let session = state.store.add_session(event.event.id, new).await?;
    Ok((StatusCode::CREATED, Json(OrganiserSessionView::new(&session, event.event.timezone))))
}

/// Changes a session. A raised capacity gives seats to the people waiting.
#[utoipa::path(patch, path = "/api/v1/events/{slug}/sessions/{id}", tag = "organizer", security(("bearer" = [])),
    params(("slug" = String, Path), ("id" = Uuid, Path)), request_body = SessionRequest,
    responses(
        (status = 200, body = OrganiserSessionView),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "`capacity_below_confirmed`, `session_cancelled`, `session_overlap` (moving it would give the people named two sessions at once: send again with `confirm_overlaps: true` to move it anyway)", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub async fn update_session(
    State(state): State<AppState>,
    auth: OrganiserAuth,
    AppPath((slug, id)): AppPath<(String, Uuid)>,
    AppJson(body): AppJson<SessionRequest>,
) -> Result<Json<OrganiserSessionView>, ApiError> {
    let event = auth.event(&state, &slug).await?;
    let current = state.store.session(event.event.id, SessionId(id)).await?;
    let patch = check::session_patch(body, current.slot).map_err(ApiError::validation)?;
    let session = state.store.update_session(event.event.id, SessionId(id), patch).await?;
    Ok(Json(OrganiserSessionView::new(&session, event.event.timezone)))
}

/// Cancels a session: every choice of it is cancelled.
#[utoipa::path(delete, path = "/api/v1/events/{slug}/sessions/{id}", tag = "organizer", security(("bearer" = [])),
    params(("slug" = String, Path), ("id" = Uuid, Path)),
    responses(
        (status = 200, body = OrganiserSessionView),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub async fn cancel_session(
    State(state): State<AppState>,
    auth: OrganiserAuth,
    AppPath((slug, id)): AppPath<(String, Uuid)>,
) -> Result<Json<OrganiserSessionView>, ApiError> {
    let event = auth.event(&state, &slug).await?;
    let session = state.store.cancel_session(event.event.id, SessionId(id)).await?;
    Ok(Json(OrganiserSessionView::new(&session, event.event.timezone)))
}

/// Every registration of the event with its sessions, oldest first.
#[utoipa::path(get, path = "/api/v1/events/{slug}/registrations", tag = "organizer", security(("bearer" = [])),
    params(("slug" = String, Path), RegistrationQuery),
    responses(
        (status = 200, body = [RegistrationView]),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub async fn list_registrations(
    State(state): State<AppState>,
    auth: OrganiserAuth,
    AppPath(slug): AppPath<String>,
    AppQuery(query): AppQuery<RegistrationQuery>,
) -> Result<Json<Vec<RegistrationView>>, ApiError> {
    let event = auth.event(&state, &slug).await?;
    let mut check = Check::default();
    let status = query
        .status
        .as_deref()
        .and_then(|s| check.choice("status", s, ChoiceStatus::parse, &Allowed::choice_statuses()));
    check.finish()?;
    let filter = RegistrationFilter { session: query.session.map(SessionId), status };
    let records = state.store.registration_list(event.event.id, filter, auth.0.id, state.now()).await?;
    let tz: Tz = event.event.timezone;
    Ok(Json(records.iter().map(|r| RegistrationView::new(r, tz, &|_| None)).collect()))
}

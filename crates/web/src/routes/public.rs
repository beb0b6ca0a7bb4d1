//! What anyone may read, and the registration form.

use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use tisser_domain::{Event, EventStatus, SessionId};
use tisser_persistence::{
    EventRecord, Idempotent, IdempotentRequest, NewRegistration, Registered, StoredAnswer,
};

use crate::AppState;
use crate::check::{self, RegistrationInput};
use crate::dto::{
    EventDetails, EventSummary, EventView, EventsQuery, RegisteredView, RegistrationRequest, SessionView,
};
use crate::error::{ApiError, FieldError};
use crate::extract::{AppPath, AppQuery, CanonicalJson};

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
    may_see(state, &event.event, headers).await?;
    Ok(event)
}

/// Whether the caller may see the event: published or closed, or a draft to its organisers.
///
/// # Errors
/// 404 when the event is a draft the caller may not see.
async fn may_see(state: &AppState, event: &Event, headers: &HeaderMap) -> Result<(), ApiError> {
    if event.status != EventStatus::Draft {
        return Ok(());
    }
    let token = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    if let Some(token) = token
        && let Some(organiser) = state.store.organiser_by_token(token.trim()).await?
        && organiser.may_manage(event.created_by)
    {
        return Ok(());
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

/// The header that makes a registration safe to send again.
const IDEMPOTENCY_KEY: &str = "idempotency-key";
/// Longest accepted idempotency key.
const IDEMPOTENCY_KEY_MAX: usize = 255;

/// Registers a person. Each chosen session gives a seat, or a place on its waitlist in
/// arrival order when full.
///
/// With an `Idempotency-Key` header (1 to 255 visible ASCII characters, a UUID for example) the
/// request may be sent again safely: a retry with the same key and the same body (compared
/// once canonicalised: key order and spacing do not matter) gets the first answer again, byte
/// for byte, with the header `Idempotent-Replayed: true`, and registers nobody; the same key
/// with another body answers 422 `idempotency_key_reused`. Two requests with the same key at
/// the same time make one registration: the second waits for the first and gets its answer.
/// Only a 201 is kept, for 24 hours; a refused request keeps nothing (sent again, it is
/// decided again).
#[utoipa::path(post, path = "/api/v1/events/{slug}/registrations", tag = "public",
    params(
        ("slug" = String, Path),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe: the same key and body get the first answer again (kept 24 hours); the same key with another body answers 422 `idempotency_key_reused`. 1 to 255 visible ASCII characters."),
    ),
    request_body = RegistrationRequest,
    responses(
        (status = 201, body = RegisteredView, headers(("Idempotent-Replayed" = String, description = "`true` when this is the stored first answer to an earlier request with the same Idempotency-Key"))),
        (status = 400, description = "malformed JSON", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "`already_registered` (the private link is e-mailed again) or `registration_closed`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 413, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 415, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 429, description = "`rate_limited`: too many requests from this address", body = crate::error::Problem, content_type = "application/problem+json", headers(("Retry-After" = u64, description = "seconds to wait"))),
        (status = 422, description = "`validation_failed` (a malformed Idempotency-Key too), `idempotency_key_reused`, `session_conflict`, `unknown_session`, `session_not_selectable`, `session_cancelled`", body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub async fn register(
    State(state): State<AppState>,
    AppPath(slug): AppPath<String>,
    headers: HeaderMap,
    CanonicalJson(body, canonical): CanonicalJson<RegistrationRequest>,
) -> Result<Response, ApiError> {
    // The event alone (no counts): the store decides under its lock.
    let event = state.store.event_by_slug_alone(&slug).await?;
    may_see(&state, &event, &headers).await?;
    let Some(key) = idempotency_key(&headers)? else {
        let new = parse_registration(body)?;
        let registered = state.store.register(event.id, new, state.now()).await?;
        let url = state.manage_url(&registered.manage_token);
        return Ok(
            (StatusCode::CREATED, Json(RegisteredView::new(&registered.registration, url))).into_response()
        );
    };
    let request = IdempotentRequest::new(key, &canonical);
    // A retry answers at once, before the checks and without the event's lock.
    if let Some(first) = state.store.idempotent_answer(event.id, &request).await? {
        return Ok(stored_answer(first, true));
    }
    let new = parse_registration(body)?;
    let render = |registered: &Registered| {
        let view = RegisteredView::new(&registered.registration, state.manage_url(&registered.manage_token));
        Ok(StoredAnswer { status: StatusCode::CREATED.as_u16(), body: serde_json::to_string(&view)? })
    };
    match state.store.register_idempotent(event.id, new, state.now(), &request, render).await? {
        Idempotent::New(_, answer) => Ok(stored_answer(answer, false)),
        Idempotent::Replay(first) => Ok(stored_answer(first, true)),
    }
}

/// The `Idempotency-Key` header, if any.
///
/// # Errors
/// 422 `validation_failed` naming the header when it is empty, longer than 255 characters,
/// or not visible ASCII.
fn idempotency_key(headers: &HeaderMap) -> Result<Option<&str>, ApiError> {
    let Some(raw) = headers.get(IDEMPOTENCY_KEY) else {
        return Ok(None);
    };
    let key = raw.to_str().ok().filter(|k| !k.is_empty() && k.bytes().all(|b| b.is_ascii_graphic()));
    match key {
        Some(k) if k.len() <= IDEMPOTENCY_KEY_MAX => Ok(Some(k)),
        _ => Err(ApiError::validation(vec![FieldError::new(
            "Idempotency-Key",
            format!(
                "La clé Idempotency-Key doit compter de 1 à {IDEMPOTENCY_KEY_MAX} caractères ASCII visibles (un UUID par exemple)."
            ),
            format!(
                "The Idempotency-Key must have 1 to {IDEMPOTENCY_KEY_MAX} visible ASCII characters (a UUID for example)."
            ),
        )])),
    }
}

/// A stored answer, as it was first sent.
fn stored_answer(answer: StoredAnswer, replayed: bool) -> Response {
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = (status, answer.body).into_response();
    let h = response.headers_mut();
    h.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    if replayed {
        h.insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    response
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
        email_optional: false,
    })
    .map_err(ApiError::validation)
}

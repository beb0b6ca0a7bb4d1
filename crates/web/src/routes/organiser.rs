//! What organisers do with their bearer token: build series, events and programmes, and
//! read registrations. `admin` tokens reach every event, `organiser` tokens the events they
//! created.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, patch, post};
use axum::{Json, Router};
use chrono_tz::Tz;
use tisser_domain::{
    Capacity, ChoiceStatus, EventFormat, EventStatus, Facilitator, RegistrationWindow, SessionId,
    SessionKind, TimeSlot,
};
use tisser_persistence::{
    Document, EventPatch, EventRecord, NewEvent, NewSeries, NewSession, RegistrationFilter, SessionPatch,
};
use uuid::Uuid;
use validator::Validate;

use crate::AppState;
use crate::auth::OrganiserAuth;
use crate::check::{Check, DESCRIPTION_MAX, ITEMS_MAX, LINE_MAX, NAME_MAX, TITLE_MAX, URL_MAX};
use crate::dto::{
    Allowed, DocumentBody, EventDetails, EventRequest, FacilitatorBody, OrganiserEventView,
    OrganiserSessionView, RegistrationQuery, RegistrationView, SeriesRequest, SeriesView, SessionRequest,
    default_requires_registration,
};
use crate::error::{ApiError, FieldError};
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

/// A field of a PATCH: absent, cleared, or set.
type Patched<T> = Option<Option<T>>;

fn parse_window(
    check: &mut Check,
    opens: Patched<&str>,
    closes: Patched<&str>,
) -> (Patched<chrono::DateTime<chrono::Utc>>, Patched<chrono::DateTime<chrono::Utc>>) {
    let mut one = |field: &str, v: Option<Option<&str>>| {
        v.map(|inner| inner.and_then(|raw| check.parse_time(field, raw)))
    };
    let o = one("registration_opens_at", opens);
    let c = one("registration_closes_at", closes);
    (o, c)
}

fn window_error() -> FieldError {
    FieldError::new(
        "registration_closes_at",
        "Les inscriptions doivent fermer après leur ouverture.",
        "Registration must close after it opens.",
    )
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
    let mut check = Check::default();
    check.validated(body.validate());
    let slug = check.slug("slug", body.slug.as_deref());
    let title = check.line("title", body.title.as_deref(), TITLE_MAX);
    let description =
        check.optional_text("description", body.description.flatten().as_deref(), DESCRIPTION_MAX);
    let timezone = match body.timezone.as_deref() {
        Some(tz) => check.timezone("timezone", tz),
        None => Some(chrono_tz::Europe::Paris),
    };
    let format = match body.format.as_deref() {
        Some(f) => check.choice("format", f, EventFormat::parse, &Allowed::formats()),
        None => {
            check.push(FieldError::new("format", "Ce champ est obligatoire.", "This field is required."));
            None
        }
    };
    let venue = check.optional_line("venue", body.venue.flatten().as_deref(), LINE_MAX);
    let series = match body.series.flatten() {
        Some(s) => check.slug("series", Some(&s)),
        None => None,
    };
    let status = match body.status.as_deref() {
        Some(s) => check.choice("status", s, EventStatus::parse, &Allowed::statuses()),
        None => Some(EventStatus::Draft),
    };
    let (opens, closes) = parse_window(
        &mut check,
        body.registration_opens_at.as_ref().map(Option::as_deref),
        body.registration_closes_at.as_ref().map(Option::as_deref),
    );
    let window = RegistrationWindow::new(opens.flatten(), closes.flatten()).unwrap_or_else(|_| {
        check.push(window_error());
        RegistrationWindow::default()
    });
    check.finish()?;
    let (Some(slug), Some(timezone), Some(format), Some(status)) = (slug, timezone, format, status) else {
        return Err(ApiError::internal());
    };
    let new = NewEvent {
        slug,
        title,
        description,
        timezone,
        format,
        venue,
        series,
        capacity: Capacity::from_option(body.capacity.flatten()),
        window,
        status,
    };
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
    let mut check = Check::default();
    check.validated(body.validate());
    let mut patch = EventPatch {
        slug: body.slug.as_deref().and_then(|s| check.slug("slug", Some(s))),
        title: body.title.as_deref().map(|t| check.line("title", Some(t), TITLE_MAX)),
        description: body
            .description
            .map(|d| check.optional_text("description", d.as_deref(), DESCRIPTION_MAX)),
        timezone: body.timezone.as_deref().and_then(|tz| check.timezone("timezone", tz)),
        format: body
            .format
            .as_deref()
            .and_then(|f| check.choice("format", f, EventFormat::parse, &Allowed::formats())),
        venue: body.venue.map(|v| check.optional_line("venue", v.as_deref(), LINE_MAX)),
        series: body.series.map(|s| s.and_then(|s| check.slug("series", Some(&s)))),
        capacity: body.capacity.map(Capacity::from_option),
        status: body
            .status
            .as_deref()
            .and_then(|s| check.choice("status", s, EventStatus::parse, &Allowed::statuses())),
        ..EventPatch::default()
    };
    let (opens, closes) = parse_window(
        &mut check,
        body.registration_opens_at.as_ref().map(Option::as_deref),
        body.registration_closes_at.as_ref().map(Option::as_deref),
    );
    let window = &event.event.window;
    if RegistrationWindow::new(opens.unwrap_or(window.opens_at()), closes.unwrap_or(window.closes_at()))
        .is_err()
    {
        check.push(window_error());
    }
    check.finish()?;
    patch.registration_opens_at = opens;
    patch.registration_closes_at = closes;
    let updated = state.store.update_event(event.event.id, patch).await?;
    Ok(Json(organiser_event(&state, &updated).await?))
}

fn facilitators(check: &mut Check, list: Vec<FacilitatorBody>) -> Vec<Facilitator> {
    check.at_most("facilitators", &list, ITEMS_MAX);
    list.into_iter()
        .enumerate()
        .map(|(i, f)| Facilitator {
            name: check.line(&format!("facilitators[{i}].name"), Some(&f.name), NAME_MAX),
            role: check.optional_line(&format!("facilitators[{i}].role"), f.role.as_deref(), NAME_MAX),
        })
        .collect()
}

fn documents(check: &mut Check, list: Vec<DocumentBody>) -> Vec<Document> {
    check.at_most("documents", &list, ITEMS_MAX);
    list.into_iter()
        .enumerate()
        .map(|(i, d)| {
            check.plain(&format!("documents[{i}].url"), &d.url, URL_MAX);
            Document {
                title: check.line(&format!("documents[{i}].title"), Some(&d.title), TITLE_MAX),
                url: d.url,
            }
        })
        .collect()
}

/// The session's join and replay links: their form is checked by `validator`, their
/// characters and length here.
fn links(check: &mut Check, body: &SessionRequest) {
    for (field, url) in [("online_url", &body.online_url), ("replay_url", &body.replay_url)] {
        if let Some(Some(url)) = url {
            check.plain(field, url, URL_MAX);
        }
    }
}

fn slot_error() -> FieldError {
    FieldError::new("ends_at", "Un temps doit finir après son début.", "A session must end after it starts.")
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
    let mut check = Check::default();
    check.validated(body.validate());
    links(&mut check, &body);
    let title = check.line("title", body.title.as_deref(), TITLE_MAX);
    let kind = match body.kind.as_deref() {
        Some(k) => check.choice("kind", k, SessionKind::parse, &Allowed::kinds()),
        None => {
            check.push(FieldError::new("kind", "Ce champ est obligatoire.", "This field is required."));
            None
        }
    };
    let start = check.time("starts_at", body.starts_at.as_deref());
    let end = check.time("ends_at", body.ends_at.as_deref());
    let slot = match (start, end) {
        (Some(s), Some(e)) => TimeSlot::new(s, e).map_err(|_| check.push(slot_error())).ok(),
        _ => None,
    };
    let capacity = Capacity::from_option(body.capacity.flatten());
    let new_facilitators = facilitators(&mut check, body.facilitators.unwrap_or_default());
    let new_documents = documents(&mut check, body.documents.unwrap_or_default());
    let new = NewSession {
        title,
        kind: kind.unwrap_or(SessionKind::Other),
        description: check.optional_text(
            "description",
            body.description.flatten().as_deref(),
            DESCRIPTION_MAX,
        ),
        room: check.optional_line("room", body.room.flatten().as_deref(), LINE_MAX),
        capacity,
        requires_registration: body
            .requires_registration
            .unwrap_or_else(|| kind.is_some_and(|k| default_requires_registration(k, capacity))),
        facilitators: new_facilitators,
        documents: new_documents,
        online_url: body.online_url.flatten(),
        replay_url: body.replay_url.flatten(),
        slot: match slot {
            Some(s) => s,
            None => {
                check.finish()?;
                return Err(ApiError::internal());
            }
        },
    };
    check.finish()?;
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
    let mut check = Check::default();
    check.validated(body.validate());
    links(&mut check, &body);
    let start = body.starts_at.as_deref().and_then(|s| check.parse_time("starts_at", s));
    let end = body.ends_at.as_deref().and_then(|s| check.parse_time("ends_at", s));
    let slot = if start.is_some() || end.is_some() {
        TimeSlot::new(start.unwrap_or(current.slot.start()), end.unwrap_or(current.slot.end()))
            .map_err(|_| check.push(slot_error()))
            .ok()
    } else {
        None
    };
    let patch = SessionPatch {
        title: body.title.as_deref().map(|t| check.line("title", Some(t), TITLE_MAX)),
        kind: body
            .kind
            .as_deref()
            .and_then(|k| check.choice("kind", k, SessionKind::parse, &Allowed::kinds())),
        description: body
            .description
            .map(|d| check.optional_text("description", d.as_deref(), DESCRIPTION_MAX)),
        slot,
        room: body.room.map(|r| check.optional_line("room", r.as_deref(), LINE_MAX)),
        capacity: body.capacity.map(Capacity::from_option),
        requires_registration: body.requires_registration,
        facilitators: body.facilitators.map(|f| facilitators(&mut check, f)),
        documents: body.documents.map(|d| documents(&mut check, d)),
        online_url: body.online_url,
        replay_url: body.replay_url,
        confirm_overlaps: body.confirm_overlaps.unwrap_or(false),
    };
    check.finish()?;
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

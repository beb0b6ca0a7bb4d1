//! Calendar feeds: an event's public programme, a series (the Déjeuners, to subscribe to),
//! and a person's own sessions behind their private link. Public feeds never carry a join
//! link nor anybody's data. Each answer has an `ETag`; `If-None-Match` gives `304`.

use std::hash::{DefaultHasher, Hasher};

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono_tz::Tz;
use tisser_calendar::{CalEvent, Calendar, Method, Status};
use tisser_domain::{ChoiceStatus, RegistrationStatus, SessionStatus};
use tisser_persistence::{EventRecord, SessionRecord};

use crate::AppState;
use crate::error::ApiError;
use crate::extract::AppPath;
use crate::routes::public::visible_event;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/events/{slug}/calendar.ics", get(event_feed))
        .route("/api/v1/series/{slug}/calendar.ics", get(series_feed))
        .route("/api/v1/manage/{token}/calendar.ics", get(own_feed))
}

fn entry(event: &EventRecord, s: &SessionRecord, join_url: Option<String>) -> CalEvent {
    let location = match (&s.room, &event.event.venue) {
        (Some(room), Some(venue)) => Some(format!("{room}, {venue}")),
        (room, venue) => room.clone().or_else(|| venue.clone()),
    };
    CalEvent {
        uid: tisser_calendar::feed_uid(s.id.0),
        sequence: 0,
        dtstamp: s.updated_at,
        start: s.slot.start(),
        end: s.slot.end(),
        summary: s.title.clone(),
        description: Some(match &s.description {
            Some(d) => format!("{}\n\n{d}", event.event.title),
            None => event.event.title.clone(),
        }),
        location,
        url: join_url,
        status: if s.status == SessionStatus::Cancelled { Status::Cancelled } else { Status::Confirmed },
        organiser: None,
        attendee: None,
    }
}

/// Answers a calendar with its ETag, or `304` when the client has it already.
fn answer(calendar: &Calendar, headers: &HeaderMap) -> Result<Response, ApiError> {
    let body = calendar.to_ics().map_err(|e| {
        tracing::error!(error = %e, "calendar could not be written");
        ApiError::internal()
    })?;
    let mut hasher = DefaultHasher::new();
    hasher.write(body.as_bytes());
    let etag = format!("\"{:016x}\"", hasher.finish());
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let etag_value = HeaderValue::from_str(&etag).map_err(|_| ApiError::internal())?;
    if matches {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, etag_value)]).into_response());
    }
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/calendar; charset=utf-8")),
            (header::ETAG, etag_value),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        body,
    )
        .into_response())
}

/// The public programme of a published event. Never a join link.
#[utoipa::path(get, path = "/api/v1/events/{slug}/calendar.ics", tag = "public", params(("slug" = String, Path)),
    responses(
        (status = 200, description = "iCalendar, `METHOD:PUBLISH`, one VEVENT per session", content_type = "text/calendar"),
        (status = 304, description = "unchanged since the `ETag` given in `If-None-Match`"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub async fn event_feed(
    State(state): State<AppState>,
    AppPath(slug): AppPath<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let event = visible_event(&state, &slug, &HeaderMap::new()).await?;
    let programme = state.store.programme(event.event.id).await?;
    let calendar = Calendar {
        method: Method::Publish,
        name: Some(event.event.title.clone()),
        timezone: event.event.timezone,
        events: programme.iter().map(|s| entry(&event, s, None)).collect(),
    };
    answer(&calendar, &headers)
}

/// Every published event of a series, to subscribe to (`webcal://` works too). Never a join
/// link.
#[utoipa::path(get, path = "/api/v1/series/{slug}/calendar.ics", tag = "public", params(("slug" = String, Path)),
    responses(
        (status = 200, description = "iCalendar, `METHOD:PUBLISH`", content_type = "text/calendar"),
        (status = 304, description = "unchanged since the `ETag` given in `If-None-Match`"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub async fn series_feed(
    State(state): State<AppState>,
    AppPath(slug): AppPath<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let series = state.store.series_by_slug(&slug).await?;
    let events = state.store.public_events(Some(&slug), state.now()).await?;
    let mut entries = Vec::new();
    let mut zone: Tz = chrono_tz::Europe::Paris;
    for event in &events {
        zone = event.event.timezone;
        for s in state.store.programme(event.event.id).await? {
            entries.push(entry(event, &s, None));
        }
    }
    entries.sort_by_key(|e| e.start);
    let calendar = Calendar {
        method: Method::Publish,
        name: Some(series.title.clone()),
        timezone: zone,
        events: entries,
    };
    answer(&calendar, &headers)
}

/// The person's own calendar: the sessions open to every registrant and the ones where they
/// hold a seat, join links included.
#[utoipa::path(get, path = "/api/v1/manage/{token}/calendar.ics", tag = "participant", params(("token" = String, Path)),
    responses(
        (status = 200, description = "iCalendar, `METHOD:PUBLISH`", content_type = "text/calendar"),
        (status = 304, description = "unchanged since the `ETag` given in `If-None-Match`"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub async fn own_feed(
    State(state): State<AppState>,
    AppPath(token): AppPath<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let registration = state.store.registration_by_token(&token).await?;
    let event = state.store.event_by_id(registration.event_id).await?;
    let programme = state.store.programme(registration.event_id).await?;
    let admitted = registration.status == RegistrationStatus::Confirmed;
    let mut entries = Vec::new();
    for s in &programme {
        let seat =
            registration.choices.iter().any(|c| c.session_id == s.id && c.status == ChoiceStatus::Confirmed);
        if admitted && (seat || !s.requires_registration) {
            let join = if seat || !s.requires_registration { s.online_url.clone() } else { None };
            entries.push(entry(&event, s, join));
        }
    }
    let title = format!("{} — {}", event.event.title, registration.first_name);
    let calendar = Calendar {
        method: Method::Publish,
        name: Some(title),
        timezone: event.event.timezone,
        events: entries,
    };
    answer(&calendar, &headers)
}

//! The Déjeuners: a series' public page (upcoming dates first, past ones with their
//! replays, the calendar subscription in `https://` and `webcal://`), and copying an event to
//! a new date (the next Déjeuner, next year's JRPS).

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};

use crate::AppState;
use crate::auth::OrganiserAuth;
use crate::check;
use crate::dto::{CloneRequest, EventSummary, OrganiserEventView, ReplayView, SeriesEventView, SeriesPage};
use crate::error::ApiError;
use crate::extract::{AppJson, AppPath};
use crate::routes::organiser::organiser_event;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/series/{slug}", get(series_page))
        .route("/api/v1/events/{slug}/clone", post(clone_event))
}

/// A series' public page. Never a join link.
#[utoipa::path(get, path = "/api/v1/series/{slug}", tag = "public", params(("slug" = String, Path)), responses(
    (status = 200, body = SeriesPage),
    (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
))]
pub async fn series_page(
    State(state): State<AppState>,
    AppPath(slug): AppPath<String>,
) -> Result<Json<SeriesPage>, ApiError> {
    let series = state.store.series_by_slug(&slug).await?;
    let now = state.now();
    let mut events = Vec::new();
    for e in state.store.public_events(Some(&slug), now).await? {
        let replays = state
            .store
            .programme(e.event.id)
            .await?
            .into_iter()
            .filter_map(|s| {
                s.replay_url.map(|url| ReplayView { session_id: s.id.0, title: s.title, replay_url: url })
            })
            .collect();
        events.push(SeriesEventView {
            past: e.ends_at.is_some_and(|end| end <= now),
            event: EventSummary::new(&e, now),
            replays,
        });
    }
    let calendar_url =
        format!("{}/api/v1/series/{slug}/calendar.ics", state.config.public_url.trim_end_matches('/'));
    let webcal_url = match calendar_url.split_once("://") {
        Some((_, rest)) => format!("webcal://{rest}"),
        None => calendar_url.clone(),
    };
    Ok(Json(SeriesPage {
        slug: series.slug.to_string(),
        title: series.title,
        description: series.description,
        calendar_url,
        webcal_url,
        events,
    }))
}

/// Copies an event with its programme to new dates, without its registrations: the next
/// Déjeuner of a series (same description, time and link settings), or next year's JRPS. The
/// copy is a draft.
#[utoipa::path(post, path = "/api/v1/events/{slug}/clone", tag = "organizer", security(("bearer" = [])),
    params(("slug" = String, Path)), request_body = CloneRequest,
    responses(
        (status = 201, body = OrganiserEventView),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "`slug_taken`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub async fn clone_event(
    State(state): State<AppState>,
    auth: OrganiserAuth,
    AppPath(slug): AppPath<String>,
    AppJson(body): AppJson<CloneRequest>,
) -> Result<(StatusCode, Json<OrganiserEventView>), ApiError> {
    let original = auth.event(&state, &slug).await?;
    let (new_slug, title, first_day) = check::event_copy(&body).map_err(ApiError::validation)?;
    let copy =
        state.store.clone_event(original.event.id, new_slug, title, first_day, Some(auth.0.id)).await?;
    Ok((StatusCode::CREATED, Json(organiser_event(&state, &copy).await?)))
}

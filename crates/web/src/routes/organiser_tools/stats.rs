//! Fill rates of an event and its sessions.

use axum::Json;
use axum::extract::State;
use tisser_persistence::FillRates;

use crate::AppState;
use crate::auth::OrganiserAuth;
use crate::dto::{EventTotalsView, SessionStatsView, StatsView, local};
use crate::error::ApiError;
use crate::extract::AppPath;

fn rate(confirmed: u32, capacity: Option<u32>) -> Option<f64> {
    capacity.filter(|c| *c > 0).map(|c| f64::from(confirmed) / f64::from(c))
}

/// Fill rates: per session, capacity, confirmed, waitlisted, cancelled, checked in and
/// absent; and the event's totals.
#[utoipa::path(get, path = "/api/v1/events/{slug}/stats", tag = "organizer", security(("bearer" = [])),
    params(("slug" = String, Path)),
    responses(
        (status = 200, body = StatsView),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub async fn stats(
    State(state): State<AppState>,
    auth: OrganiserAuth,
    AppPath(slug): AppPath<String>,
) -> Result<Json<StatsView>, ApiError> {
    let event = auth.event(&state, &slug).await?;
    let tz = event.event.timezone;
    let FillRates { sessions, totals } = state.store.fill_rates(event.event.id).await?;
    Ok(Json(StatsView {
        event: event.event.slug.to_string(),
        sessions: sessions
            .into_iter()
            .map(|s| SessionStatsView {
                id: s.id.0,
                title: s.title,
                kind: s.kind.as_str(),
                status: s.status.as_str(),
                starts_at: local(s.slot.start(), tz),
                ends_at: local(s.slot.end(), tz),
                open_to_all: s.open_to_all,
                capacity: s.capacity.seats(),
                confirmed: s.confirmed,
                waitlisted: s.waitlisted,
                cancelled: s.cancelled,
                checked_in: s.checked_in,
                absent: s.absent,
                fill_rate: rate(s.confirmed, s.capacity.seats()),
            })
            .collect(),
        totals: EventTotalsView {
            capacity: totals.capacity.seats(),
            confirmed: totals.confirmed,
            waitlisted: totals.waitlisted,
            cancelled: totals.cancelled,
            checked_in: totals.checked_in,
            fill_rate: rate(totals.confirmed, totals.capacity.seats()),
        },
    }))
}

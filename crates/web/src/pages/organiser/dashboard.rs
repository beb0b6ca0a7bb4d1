//! The dashboard: the organiser's events (an admin's: every event), each with its dates,
//! status, registrations, and per session its seats as a bar and as numbers.

use axum::Extension;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use tisser_domain::Role;

use super::auth::SignedIn;
use super::views::{Bar, DashboardPage, EventSummary};
use crate::AppState;
use crate::pages::texts::tx;
use crate::pages::{PageError, PageLang, Shell, respond, secure};
use crate::session;

pub async fn page(
    State(state): State<AppState>,
    Extension(lang): Extension<PageLang>,
    signed_in: SignedIn,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let lang = lang.lang;
    let me = &signed_in.organiser;
    let mine = if me.role == Role::Admin { None } else { Some(me.id) };
    let mut events = Vec::new();
    for e in state.store.events_of(mine).await? {
        let fill = state.store.fill_rates(e.event.id).await?;
        events.push(EventSummary::new(&e, &fill, lang));
    }
    let (csrf, cookie) = session::issue(&headers, secure(&state));
    let page = DashboardPage { bar: Bar::new(&me.name, &me.email, me.role, csrf, lang), events };
    let shell = Shell::new(lang, &[tx(lang, "org_dash_h1")], "/organiser");
    let mut response = respond(&state, "organiser/dashboard.html", &shell, &page, StatusCode::OK);
    session::set_cookie(response.headers_mut(), cookie);
    Ok(response)
}

//! The dashboard: the organiser's events (an admin's: every event), each with its dates,
//! status, registrations, and per session its seats as a bar and as numbers.

use axum::Extension;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use tisser_domain::Role;

use super::auth::SignedIn;
use super::views::{Bar, DashboardPage, EventSummary};
use crate::AppState;
use crate::error::Lang;
use crate::pages::texts::tx;
use crate::pages::{PageError, PageLang, Shell, respond, secure};
use crate::session;

/// `?imported=N&event=SLUG` after an import.
#[derive(serde::Deserialize)]
pub struct Done {
    imported: Option<u32>,
    event: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    Extension(lang): Extension<PageLang>,
    signed_in: SignedIn,
    Query(done): Query<Done>,
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
    let done = match (done.imported, done.event) {
        (Some(n), Some(slug)) => {
            let event = signed_in.event(&state, &slug).await.ok();
            Some(imported(n, event.as_ref().map(|e| e.event.title.as_str()), lang))
        }
        _ => None,
    };
    let page = DashboardPage { bar: Bar::new(&me.name, &me.email, me.role, csrf, lang), done, events };
    let shell = Shell::new(lang, &[tx(lang, "org_dash_h1")], "/organiser");
    let mut response = respond(&state, "organiser/dashboard.html", &shell, &page, StatusCode::OK);
    session::set_cookie(response.headers_mut(), cookie);
    Ok(response)
}

/// « 33 temps ont été ajoutés au programme de « JRPS 2024 ». »
fn imported(n: u32, title: Option<&str>, lang: Lang) -> String {
    let what = match n {
        1 => tx(lang, "org_imp_done_one").to_owned(),
        n => format!("{n} {}", tx(lang, "org_imp_done_many")),
    };
    match (title, lang) {
        (Some(title), Lang::Fr) => format!("{what} de « {title} »."),
        (Some(title), Lang::En) => format!("{what} of “{title}”."),
        (None, _) => format!("{what}."),
    }
}

//! Check-in at the door, made for a phone: the people expected at a session, a search by
//! a few letters of a name, one large button per person (a plain form: no script), and the
//! counts at the top. Each button posts, the store records the check-in and its audit line,
//! and the browser comes back to the same list and search (POST–redirect–GET).

use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use tisser_domain::{RegistrationId, SessionId};
use tisser_persistence::{AuditAction, CheckinOutcome};
use uuid::Uuid;

use super::auth::{self, SignedIn};
use super::views::{Bar, CheckinPage, check_in_href};
use crate::AppState;
use crate::pages::error::msg;
use crate::pages::texts::tx;
use crate::pages::{PageError, PageLang, Posted, Shell, respond, secure, see_other};
use crate::session;

#[derive(serde::Deserialize)]
pub struct Search {
    q: Option<String>,
}

fn uuid(text: &str) -> Result<Uuid, PageError> {
    Uuid::parse_str(text).map_err(|_| PageError::NotFound)
}

/// The list of a session, filtered by `?q=`.
pub async fn page(
    State(state): State<AppState>,
    Extension(lang): Extension<PageLang>,
    signed_in: SignedIn,
    Path((slug, id)): Path<(String, String)>,
    Query(search): Query<Search>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let lang = lang.lang;
    let me = &signed_in.organiser;
    let event = signed_in.event(&state, &slug).await?;
    let session = state.store.session(event.event.id, SessionId(uuid(&id)?)).await?;
    let people = state
        .store
        .attendance(event.event.id, session.id, me.id, state.now(), AuditAction::CheckInList)
        .await?;
    let (csrf, cookie) = session::issue(&headers, secure(&state));
    let bar = Bar::new(&me.name, &me.email, me.role, csrf, lang);
    let q = search.q.unwrap_or_default();
    let page = CheckinPage::new(bar, &event, &session, &people, &q, lang);
    let shell = Shell::new(lang, &[tx(lang, "org_ci_h1"), &session.title], page.here.clone());
    let mut response = respond(&state, "organiser/check_in.html", &shell, &page, StatusCode::OK);
    session::set_cookie(response.headers_mut(), cookie);
    Ok(response)
}

/// Marks a person present (`present=yes`) or undoes it (`present=no`), then back to the list
/// with the same search. The form's safety check comes first.
pub async fn mark(
    State(state): State<AppState>,
    Path((slug, id, registration)): Path<(String, String, String)>,
    headers: HeaderMap,
    posted: Posted,
) -> Result<Response, Response> {
    let signed_in = auth::require(&state, &headers).await?;
    marked(&state, &signed_in, (&slug, &id, &registration), &posted)
        .await
        .map_err(IntoResponse::into_response)
}

async fn marked(
    state: &AppState,
    signed_in: &SignedIn,
    (slug, id, registration): (&str, &str, &str),
    posted: &Posted,
) -> Result<Response, PageError> {
    let event = signed_in.event(state, slug).await?;
    let session = SessionId(uuid(id)?);
    let registration = RegistrationId(uuid(registration)?);
    let present = match posted.get("present") {
        Some("yes") => true,
        Some("no") => false,
        _ => return Err(PageError::NotFound),
    };
    let outcome = state
        .store
        .check_in(event.event.id, session, registration, present, signed_in.organiser.id, state.now())
        .await?;
    if let CheckinOutcome::NotExpected = outcome {
        return Err(PageError::Conflict(msg("org_ci_not_expected")));
    }
    let q = posted.text("q");
    let q = q.trim();
    let mut back = check_in_href(event.event.slug.as_str(), session);
    if !q.is_empty() {
        back = format!("{back}?q={}", utf8_percent_encode(q, NON_ALPHANUMERIC));
    }
    Ok(see_other(&format!("{back}#p-{}", registration.0)))
}

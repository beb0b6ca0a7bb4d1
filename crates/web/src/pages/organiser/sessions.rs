//! For admins: the organiser accounts with their API token, and the open browser sessions,
//! each of which can be ended at once.

use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use uuid::Uuid;

use super::auth::{self, SignedIn};
use super::views::{AccountLine, Bar, OpenSession, SessionsPage, moment, role_words};
use crate::AppState;
use crate::pages::texts::tx;
use crate::pages::{PageError, PageLang, Posted, Shell, respond, secure, see_other};
use crate::session;

#[derive(serde::Deserialize)]
pub struct Shown {
    revoked: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    Extension(lang): Extension<PageLang>,
    signed_in: SignedIn,
    Query(shown): Query<Shown>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    signed_in.admin()?;
    let lang = lang.lang;
    let now = state.now();
    let accounts = state
        .store
        .organiser_accounts()
        .await?
        .into_iter()
        .map(|a| AccountLine {
            name: a.organiser.name,
            email: a.organiser.email,
            role: role_words(a.organiser.role, lang).to_owned(),
            token: format!("{} {}", tx(lang, "org_token_made"), moment(a.created_at, lang)),
        })
        .collect();
    let sessions = state
        .store
        .open_sessions(now)
        .await?
        .into_iter()
        .map(|s| OpenSession {
            who: format!("{} ({})", s.organiser.name, s.organiser.email),
            lines: vec![
                format!("{} {}", tx(lang, "org_session_since"), moment(s.created_at, lang)),
                format!("{} {}", tx(lang, "org_session_seen"), moment(s.last_seen_at, lang)),
                format!("{} {}", tx(lang, "org_session_ends"), moment(s.ends_at, lang)),
            ],
            mine: s.id == signed_in.session,
            action: format!("/organiser/sessions/{}/revoke", s.id),
        })
        .collect();
    let (csrf, cookie) = session::issue(&headers, secure(&state));
    let me = &signed_in.organiser;
    let page = SessionsPage {
        bar: Bar::new(&me.name, &me.email, me.role, csrf, lang),
        revoked: shown.revoked.is_some(),
        accounts,
        sessions,
    };
    let shell = Shell::new(lang, &[tx(lang, "org_sessions_h1")], "/organiser/sessions");
    let mut response = respond(&state, "organiser/sessions.html", &shell, &page, StatusCode::OK);
    session::set_cookie(response.headers_mut(), cookie);
    Ok(response)
}

/// Ends one session: its cookie opens nothing from now on. The form's safety check comes
/// first, before the session is even read.
pub async fn revoke(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    _checked: Posted,
) -> Result<Response, Response> {
    let signed_in = auth::require(&state, &headers).await?;
    signed_in.admin().map_err(IntoResponse::into_response)?;
    let id = Uuid::parse_str(&id).map_err(|_| PageError::NotFound.into_response())?;
    match state.store.revoke_session(id).await {
        Ok(true) => Ok(see_other("/organiser/sessions?revoked=1")),
        Ok(false) => Err(PageError::NotFound.into_response()),
        Err(e) => Err(PageError::from(e).into_response()),
    }
}

//! For admins: the organiser accounts with their API token (which can be revoked, or
//! replaced by a new one shown once), and the open browser sessions, each of which can be
//! ended at once.

use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::header::CACHE_CONTROL;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use tisser_domain::OrganiserId;
use uuid::Uuid;

use super::auth::{self, SignedIn};
use super::views::{AccountLine, Bar, NewToken, OpenSession, SessionsPage, moment, role_words};
use crate::AppState;
use crate::error::Lang;
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
    let (csrf, cookie) = session::issue(&headers, secure(&state));
    let done = match shown.revoked.as_deref() {
        Some("token") => Some("org_token_revoked"),
        Some(_) => Some("org_revoked"),
        None => None,
    };
    let mut response = render(&state, &signed_in, csrf, lang.lang, (done, None)).await?;
    session::set_cookie(response.headers_mut(), cookie);
    Ok(response)
}

/// The page; `done` names what the last action did, `new_token` a token made just now.
async fn render(
    state: &AppState,
    signed_in: &SignedIn,
    csrf: String,
    lang: Lang,
    (done, new_token): (Option<&str>, Option<NewToken>),
) -> Result<Response, PageError> {
    let now = state.now();
    let accounts = state
        .store
        .organiser_accounts()
        .await?
        .into_iter()
        .map(|a| AccountLine {
            who: format!("{} ({})", a.organiser.name, a.organiser.email),
            name: a.organiser.name,
            email: a.organiser.email,
            role: role_words(a.organiser.role, lang).to_owned(),
            token: if a.token_revoked {
                tx(lang, "org_token_none").to_owned()
            } else {
                format!("{} {}", tx(lang, "org_token_made"), moment(a.created_at, lang))
            },
            revoke_action: (!a.token_revoked)
                .then(|| format!("/organiser/accounts/{}/token/revoke", a.organiser.id.0)),
            new_action: format!("/organiser/accounts/{}/token/new", a.organiser.id.0),
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
    let me = &signed_in.organiser;
    let page = SessionsPage {
        bar: Bar::new(&me.name, &me.email, me.role, csrf, lang),
        done: done.map(|key| tx(lang, key).to_owned()),
        new_token,
        accounts,
        sessions,
    };
    let shell = Shell::new(lang, &[tx(lang, "org_sessions_h1")], "/organiser/sessions");
    Ok(respond(state, "organiser/sessions.html", &shell, &page, StatusCode::OK))
}

fn organiser_id(id: &str) -> Result<OrganiserId, PageError> {
    Uuid::parse_str(id).map(OrganiserId).map_err(|_| PageError::NotFound)
}

/// Revokes an account's API token: it opens nothing from now on.
pub async fn revoke_token(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    _checked: Posted,
) -> Result<Response, Response> {
    admin(&state, &headers).await?;
    let id = organiser_id(&id).map_err(IntoResponse::into_response)?;
    revoked(state.store.revoke_api_token(id).await, "/organiser/sessions?revoked=token")
        .map_err(IntoResponse::into_response)
}

/// Makes a new API token for an account (the old one stops working) and shows it once, on
/// this answer only (never in an address).
pub async fn new_token(
    State(state): State<AppState>,
    Extension(lang): Extension<PageLang>,
    Path(id): Path<String>,
    headers: HeaderMap,
    posted: Posted,
) -> Result<Response, Response> {
    let signed_in = admin(&state, &headers).await?;
    let id = organiser_id(&id).map_err(IntoResponse::into_response)?;
    let made = async {
        let token = state.store.new_api_token(id).await?.ok_or(PageError::NotFound)?;
        let accounts = state.store.organiser_accounts().await?;
        let who = accounts
            .iter()
            .find(|a| a.organiser.id == id)
            .map(|a| format!("{} ({})", a.organiser.name, a.organiser.email))
            .unwrap_or_default();
        let shown = NewToken { who, token };
        let mut response =
            render(&state, &signed_in, posted.text(session::FIELD), lang.lang, (None, Some(shown))).await?;
        response.headers_mut().insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
        Ok::<_, PageError>(response)
    }
    .await;
    made.map_err(IntoResponse::into_response)
}

/// Ends one session: its cookie opens nothing from now on. The form's safety check comes
/// first, before the session is even read.
pub async fn revoke(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    _checked: Posted,
) -> Result<Response, Response> {
    admin(&state, &headers).await?;
    let id = Uuid::parse_str(&id).map_err(|_| PageError::NotFound.into_response())?;
    revoked(state.store.revoke_session(id).await, "/organiser/sessions?revoked=1")
        .map_err(IntoResponse::into_response)
}

/// The admin signed in on this browser (a form's safety check has passed already).
async fn admin(state: &AppState, headers: &HeaderMap) -> Result<SignedIn, Response> {
    let signed_in = auth::require(state, headers).await?;
    signed_in.admin().map_err(IntoResponse::into_response)?;
    Ok(signed_in)
}

/// Back to the accounts page after a revocation, or 404 when there was nothing to revoke.
fn revoked(done: Result<bool, tisser_persistence::StoreError>, back: &str) -> Result<Response, PageError> {
    match done {
        Ok(true) => Ok(see_other(back)),
        Ok(false) => Err(PageError::NotFound),
        Err(e) => Err(PageError::from(e)),
    }
}

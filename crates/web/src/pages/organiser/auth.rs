//! Who is signed in: the session cookie, and the extractor every organiser page uses.
//!
//! The cookie holds a random token (256 bits) whose SHA-256 hash only is stored
//! (`organiser_sessions`), so any server on the database recognises it and an admin can end
//! it. It is `HttpOnly` (no script reads it), `SameSite=Lax` (`Strict` would drop it when the
//! organiser arrives from a link in an e-mail), `Path=/`, and `Secure` when the site is served
//! over HTTPS. Only this cookie opens the organisers' pages: a bearer token (the JSON API's)
//! or a participant's private link never does, and the JSON API never reads this cookie.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header::SET_COOKIE;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use tisser_domain::{Organiser, Role};
use tisser_persistence::EventRecord;
use uuid::Uuid;

use crate::AppState;
use crate::pages::{PageError, Posted, see_other};
use crate::session;

/// The cookie holding an organiser's session token.
pub const COOKIE_NAME: &str = "tisser_session";

/// Where a browser without a session is sent.
pub const SIGN_IN_PATH: &str = "/organiser/sign-in";

/// A signed-in organiser, and the id of their session (to mark it in the admins' list).
pub struct SignedIn {
    pub organiser: Organiser,
    pub session: Uuid,
}

impl SignedIn {
    /// Only an admin passes.
    ///
    /// # Errors
    /// [`PageError::AdminOnly`] (403) for an organiser who is not an admin.
    pub fn admin(&self) -> Result<(), PageError> {
        if self.organiser.role == Role::Admin { Ok(()) } else { Err(PageError::AdminOnly) }
    }

    /// The event named `slug`, if this organiser organises it (an admin: any event).
    ///
    /// # Errors
    /// [`PageError::NotFound`] when there is no such event, [`PageError::NotYours`] (403)
    /// when it is someone else's.
    pub async fn event(&self, state: &AppState, slug: &str) -> Result<EventRecord, PageError> {
        let event = state.store.event_by_slug(slug).await?;
        if self.organiser.may_manage(event.event.created_by) { Ok(event) } else { Err(PageError::NotYours) }
    }
}

/// The session token the browser sent, if it looks like one.
#[must_use]
pub fn token(headers: &HeaderMap) -> Option<&str> {
    session::cookie(headers, COOKIE_NAME).filter(|t| t.starts_with("tss_") && t.len() == 68)
}

/// The organiser signed in on this browser.
///
/// # Errors
/// A 303 to the sign-in page without an open session, or the page of a failure.
pub async fn require(state: &AppState, headers: &HeaderMap) -> Result<SignedIn, Response> {
    let Some(token) = token(headers) else { return Err(see_other(SIGN_IN_PATH)) };
    match state.store.signed_in(token, state.now(), state.config.sessions).await {
        Ok(Some(found)) => Ok(SignedIn { organiser: found.organiser, session: found.id }),
        Ok(None) => Err(see_other(SIGN_IN_PATH)),
        Err(e) => Err(PageError::from(e).into_response()),
    }
}

/// For pages read with GET. (A POST checks its form's safety first, then calls
/// [`require`].)
impl FromRequestParts<AppState> for SignedIn {
    /// A 303 to the sign-in page, or the page of a failure.
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        require(state, &parts.headers).await
    }
}

/// Gives the browser its session cookie.
pub fn set_cookie(headers: &mut HeaderMap, token: &str, secure: bool) {
    let secure = if secure { "; Secure" } else { "" };
    let cookie = format!("{COOKIE_NAME}={token}; Path=/; HttpOnly; SameSite=Lax{secure}");
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        headers.append(SET_COOKIE, value);
    }
}

/// Makes the browser forget its session cookie.
pub fn clear_cookie(headers: &mut HeaderMap, secure: bool) {
    let secure = if secure { "; Secure" } else { "" };
    let cookie = format!("{COOKIE_NAME}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax{secure}");
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        headers.append(SET_COOKIE, value);
    }
}

/// A form posted by a signed-in organiser: its safety check first (nothing is read before
/// it, see [`Posted`]), then the session. A failed check is the 403 page; no session, the
/// sign-in page.
pub struct SignedPost {
    pub signed_in: SignedIn,
    pub posted: Posted,
}

impl FromRequest<AppState> for SignedPost {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let headers = req.headers().clone();
        let posted = Posted::from_request(req, state).await.map_err(IntoResponse::into_response)?;
        let signed_in = require(state, &headers).await?;
        Ok(Self { signed_in, posted })
    }
}

//! Signing in with a one-time link, and signing out.
//!
//! 1. `GET /organiser/sign-in`: one e-mail field. The answer is the same page ("check your
//!    e-mail") whether the address is an organiser's or not; only an organiser's gets a
//!    message (through the outbox).
//! 2. `GET /organiser/sign-in/{token}`: a page with one button, "Me connecter"; following
//!    the link changes nothing (mail scanners follow links).
//! 3. `POST /organiser/sign-in/{token}`: uses the link (once, within 15 minutes), opens the
//!    session, sets its cookie, and sends the browser to the dashboard. A used, expired or
//!    unknown link answers a page saying so (410, or 400) with the way to ask for another.

use axum::Extension;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use tisser_persistence::{LinkState, SignIn};

use super::auth;
use super::views::{ConfirmPage, LinkGonePage};
use crate::AppState;
use crate::check::Check;
use crate::error::Lang;
use crate::pages::texts::tx;
use crate::pages::views::{self, FormErrors};
use crate::pages::{EmailForm, PageError, PageLang, Posted, Shell, respond, secure, see_other};
use crate::session;

/// The organisers' sign-in form.
const SIGN_IN: EmailForm =
    EmailForm { template: "organiser/sign_in.html", h1: "org_sign_in_h1", path: auth::SIGN_IN_PATH };

/// The e-mail form.
pub async fn form(
    State(state): State<AppState>,
    Extension(lang): Extension<PageLang>,
    headers: HeaderMap,
) -> Response {
    let (token, cookie) = session::issue(&headers, secure(&state));
    let mut response = SIGN_IN.page(&state, lang.lang, (token, ""), &FormErrors::default(), StatusCode::OK);
    session::set_cookie(response.headers_mut(), cookie);
    response
}

/// Writes a sign-in link into the outbox when the address is an organiser's; the same
/// answer either way.
pub async fn ask(
    State(state): State<AppState>,
    Extension(lang): Extension<PageLang>,
    posted: Posted,
) -> Result<Response, PageError> {
    let lang = lang.lang;
    let typed = posted.text("email");
    let mut check = Check::default();
    let email = check.email("email", Some(&typed));
    match (check.into_result(), email) {
        (Ok(()), Some(email)) => {
            state.store.request_sign_in(&email, views::language(lang), state.now()).await?;
            Ok(see_other("/organiser/sign-in/sent"))
        }
        (result, _) => {
            let mut errors = FormErrors::default();
            for f in result.err().unwrap_or_default() {
                errors.push(
                    f.field,
                    match lang {
                        Lang::Fr => f.message.fr.to_string(),
                        Lang::En => f.message.en.to_string(),
                    },
                );
            }
            Ok(SIGN_IN.page(
                &state,
                lang,
                (posted.text(session::FIELD), &typed),
                &errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            ))
        }
    }
}

/// "Vérifiez votre messagerie".
pub async fn sent(State(state): State<AppState>, Extension(lang): Extension<PageLang>) -> Response {
    let lang = lang.lang;
    let shell = Shell::new(lang, &[tx(lang, "org_sent_h1")], "/organiser/sign-in/sent");
    respond(&state, "organiser/sign_in_sent.html", &shell, &(), StatusCode::OK)
}

/// The page of a link that cannot sign in.
fn gone(state: &AppState, lang: Lang, why: LinkState) -> Response {
    let (h1, reason, status) = match why {
        LinkState::Used => ("org_used_h1", "org_used_1", StatusCode::GONE),
        LinkState::Expired => ("org_expired_h1", "org_expired_1", StatusCode::GONE),
        LinkState::Unknown | LinkState::Usable => {
            ("org_unknown_h1", "org_unknown_1", StatusCode::BAD_REQUEST)
        }
    };
    let page = LinkGonePage { h1: tx(lang, h1).to_owned(), reason: tx(lang, reason).to_owned() };
    // The page's own address would carry the token: the language switch leads to the form.
    let shell = Shell::new(lang, &[tx(lang, h1)], auth::SIGN_IN_PATH);
    respond(state, "organiser/link_gone.html", &shell, &page, status)
}

/// The page behind the e-mailed link: a button that signs in. Nothing is used up here.
pub async fn confirm(
    State(state): State<AppState>,
    Extension(lang): Extension<PageLang>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let lang = lang.lang;
    let now = state.now();
    match state.store.sign_in_link_state(&token, now).await? {
        LinkState::Usable => {}
        other => return Ok(gone(&state, lang, other)),
    }
    let (csrf, cookie) = session::issue(&headers, secure(&state));
    let action = format!("/organiser/sign-in/{token}");
    let shell = Shell::new(lang, &[tx(lang, "org_confirm_h1")], action.clone());
    let mut response =
        respond(&state, "organiser/confirm.html", &shell, &ConfirmPage { csrf, action }, StatusCode::OK);
    session::set_cookie(response.headers_mut(), cookie);
    Ok(response)
}

/// Uses the link and opens the session.
pub async fn open(
    State(state): State<AppState>,
    Extension(lang): Extension<PageLang>,
    Path(token): Path<String>,
    headers: HeaderMap,
    _checked: Posted,
) -> Result<Response, PageError> {
    match state.store.sign_in(&token, state.now(), state.config.sessions).await? {
        SignIn::Opened { token: session, .. } => {
            let mut response = see_other("/organiser");
            // A session the browser held before (another organiser's) ends here.
            if let Some(previous) = auth::token(&headers) {
                state.store.sign_out(previous).await?;
            }
            auth::set_cookie(response.headers_mut(), &session, secure(&state));
            Ok(response)
        }
        SignIn::Refused(why) => Ok(gone(&state, lang.lang, why)),
    }
}

/// Ends the session of this browser.
pub async fn sign_out(
    State(state): State<AppState>,
    headers: HeaderMap,
    _checked: Posted,
) -> Result<Response, PageError> {
    if let Some(token) = auth::token(&headers) {
        state.store.sign_out(token).await?;
    }
    let mut response = see_other("/organiser/signed-out");
    auth::clear_cookie(response.headers_mut(), secure(&state));
    Ok(response)
}

/// "Vous êtes déconnecté".
pub async fn signed_out(State(state): State<AppState>, Extension(lang): Extension<PageLang>) -> Response {
    let lang = lang.lang;
    let shell = Shell::new(lang, &[tx(lang, "org_signed_out_h1")], "/organiser/signed-out");
    respond(&state, "organiser/signed_out.html", &shell, &(), StatusCode::OK)
}

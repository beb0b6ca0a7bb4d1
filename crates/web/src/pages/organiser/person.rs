//! One person of an event, for its organisers: their details, their choices and the
//! messages written for them; and what an organiser does on their behalf: move them to
//! other workshops, cancel (after a confirmation page), send their private link again,
//! export their data, erase them (after a confirmation page). Each action is one store
//! operation (the same rules as everywhere, its line in the audit log), then back to the
//! page, which says what was done (POST–redirect–GET).

use std::collections::HashMap;

use axum::Extension;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use tisser_domain::RegistrationId;
use tisser_persistence::{EventRecord, PersonData};
use uuid::Uuid;

use super::auth::{self, SignedIn};
use super::person_views::{ConfirmActionPage, PersonInput, PersonPage, person_href};
use super::views::Bar;
use crate::AppState;
use crate::dto::PersonExportView;
use crate::error::Lang;
use crate::pages::registering;
use crate::pages::texts::tx;
use crate::pages::views::FormErrors;
use crate::pages::{PageError, PageLang, Posted, Shell, respond, secure, see_other};
use crate::session;

fn registration(id: &str) -> Result<RegistrationId, PageError> {
    Uuid::parse_str(id).map(RegistrationId).map_err(|_| PageError::NotFound)
}

#[derive(serde::Deserialize)]
pub struct Done {
    done: Option<String>,
}

/// What the page is drawn from.
struct Seen<'a> {
    event: &'a EventRecord,
    data: &'a PersonData,
    done: Option<&'a str>,
    posted: Option<&'a HashMap<String, String>>,
    errors: &'a FormErrors,
}

async fn render(
    state: &AppState,
    signed_in: &SignedIn,
    seen: Seen<'_>,
    csrf: String,
    lang: Lang,
    status: StatusCode,
) -> Result<Response, PageError> {
    let me = &signed_in.organiser;
    let programme = state.store.programme(seen.event.event.id).await?;
    let page = PersonPage::new(
        PersonInput {
            bar: Bar::new(&me.name, &me.email, me.role, csrf, lang),
            event: seen.event,
            programme: &programme,
            data: seen.data,
            done: seen.done,
            posted: seen.posted,
            errors: seen.errors,
        },
        lang,
    );
    let here = person_href(seen.event.event.slug.as_str(), seen.data.registration.id.0);
    let shell = Shell::new(lang, &[&page.h1, &seen.event.event.title], here).errors(!seen.errors.is_empty());
    Ok(respond(state, "organiser/person.html", &shell, &page, status))
}

/// The person's page (its reading is in the audit log).
pub async fn page(
    State(state): State<AppState>,
    Extension(lang): Extension<PageLang>,
    signed_in: SignedIn,
    Path((slug, id)): Path<(String, String)>,
    Query(done): Query<Done>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let event = signed_in.event(&state, &slug).await?;
    let id = registration(&id)?;
    let data = state.store.person_page(event.event.id, id, signed_in.organiser.id, state.now()).await?;
    let (csrf, cookie) = session::issue(&headers, secure(&state));
    let seen = Seen {
        event: &event,
        data: &data,
        done: done.done.as_deref(),
        posted: None,
        errors: &FormErrors::default(),
    };
    let mut response = render(&state, &signed_in, seen, csrf, lang.lang, StatusCode::OK).await?;
    session::set_cookie(response.headers_mut(), cookie);
    Ok(response)
}

/// A form posted about one person: its safety check first, then the organiser, the event
/// (theirs) and the registration (the event's).
struct Acting {
    signed_in: SignedIn,
    event: EventRecord,
    id: RegistrationId,
}

async fn acting(state: &AppState, headers: &HeaderMap, slug: &str, id: &str) -> Result<Acting, Response> {
    let signed_in = auth::require(state, headers).await?;
    let found = async {
        let event = signed_in.event(state, slug).await?;
        Ok::<_, PageError>((event, registration(id)?))
    }
    .await;
    match found {
        Ok((event, id)) => Ok(Acting { signed_in, event, id }),
        Err(e) => Err(e.into_response()),
    }
}

fn back(a: &Acting, done: &str) -> Response {
    see_other(&format!("{}?done={done}", person_href(a.event.event.slug.as_str(), a.id.0)))
}

/// Moves the person to the workshops of the form. A refusal shows the page again with the
/// reason, and changes nothing.
pub async fn choices(
    State(state): State<AppState>,
    Extension(lang): Extension<PageLang>,
    Path((slug, id)): Path<(String, String)>,
    headers: HeaderMap,
    posted: Posted,
) -> Result<Response, Response> {
    let a = acting(&state, &headers, &slug, &id).await?;
    moved(&state, &a, &posted, lang.lang).await.map_err(IntoResponse::into_response)
}

async fn moved(state: &AppState, a: &Acting, posted: &Posted, lang: Lang) -> Result<Response, PageError> {
    let by = a.signed_in.organiser.id;
    let (chosen, wanted, mut errors) = registering::posted_choices(posted, lang);
    let status = if errors.is_empty() {
        match state.store.replace_choices_for(a.event.event.id, a.id, &wanted, by, state.now()).await {
            Ok(_) => return Ok(back(a, "moved")),
            Err(e) => {
                let programme = state.store.programme(a.event.event.id).await?;
                registering::choices_refused(e, &programme, &mut errors, lang)?
            }
        }
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let data = state.store.person_page(a.event.event.id, a.id, by, state.now()).await?;
    let seen = Seen { event: &a.event, data: &data, done: None, posted: Some(&chosen), errors: &errors };
    render(state, &a.signed_in, seen, posted.text(session::FIELD), lang, status).await
}

/// Sends the private link again (at most every ten minutes; never to a person without an
/// address).
pub async fn resend(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, String)>,
    headers: HeaderMap,
    _checked: Posted,
) -> Result<Response, Response> {
    let a = acting(&state, &headers, &slug, &id).await?;
    let by = a.signed_in.organiser.id;
    match state.store.resend_link_for(a.event.event.id, a.id, by, state.now()).await {
        Ok(true) => Ok(back(&a, "resent")),
        Ok(false) => Ok(back(&a, "not-resent")),
        Err(e) => Err(PageError::from(e).into_response()),
    }
}

/// Everything held about the person, as the JSON of the API's export (a download).
pub async fn data(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let event = signed_in.event(&state, &slug).await?;
    let id = registration(&id)?;
    let data = state.store.person_data(event.event.id, id, signed_in.organiser.id, state.now()).await?;
    let mut res = Json(PersonExportView::new(data, event.event.timezone)).into_response();
    let headers = res.headers_mut();
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"personne-{}.json\"", id.0)) {
        headers.insert(CONTENT_DISPOSITION, v);
    }
    Ok(res)
}

/// Which confirmation page.
#[derive(Clone, Copy)]
enum Asked {
    Cancel,
    Erase,
}

async fn confirm_page(
    state: &AppState,
    signed_in: &SignedIn,
    (slug, id): (&str, &str),
    asked: Asked,
    headers: &HeaderMap,
    lang: Lang,
) -> Result<Response, PageError> {
    let me = &signed_in.organiser;
    let event = signed_in.event(state, slug).await?;
    let id = registration(id)?;
    let data = state.store.person_page(event.event.id, id, me.id, state.now()).await?;
    let r = &data.registration;
    let name = format!("{} {}", r.first_name, r.last_name);
    let here = person_href(slug, id.0);
    let (h1, lines, button, path) = match asked {
        Asked::Cancel => (
            format!("{} {name} ?", tx(lang, "org_cancel_h1")),
            vec![tx(lang, "org_cancel_1").to_owned(), tx(lang, "org_cancel_2").to_owned()],
            tx(lang, "org_cancel_button"),
            "cancel",
        ),
        Asked::Erase => (
            format!("{} {name} ?", tx(lang, "org_erase_h1")),
            vec![
                tx(lang, "org_erase_1").to_owned(),
                tx(lang, "org_erase_2").to_owned(),
                tx(lang, "org_erase_3").to_owned(),
            ],
            tx(lang, "org_erase_button"),
            "erase",
        ),
    };
    let (csrf, cookie) = session::issue(headers, secure(state));
    let page = ConfirmActionPage {
        bar: Bar::new(&me.name, &me.email, me.role, csrf, lang),
        h1,
        lines,
        people: Vec::new(),
        hidden: Vec::new(),
        action: format!("{here}/{path}"),
        button: button.to_owned(),
        danger: true,
        back_href: here.clone(),
        back: tx(lang, "org_back_to_person").to_owned(),
    };
    let shell = Shell::new(lang, &[&page.h1, &event.event.title], format!("{here}/{path}"));
    let mut response = respond(state, "organiser/confirm_action.html", &shell, &page, StatusCode::OK);
    session::set_cookie(response.headers_mut(), cookie);
    Ok(response)
}

/// The action a confirmation page asks for, named in its address.
fn asked(action: &str) -> Result<Asked, PageError> {
    match action {
        "cancel" => Ok(Asked::Cancel),
        "erase" => Ok(Asked::Erase),
        _ => Err(PageError::NotFound),
    }
}

/// "Annuler l'inscription de … ?", "Effacer les données de … ?"
pub async fn confirm(
    State(state): State<AppState>,
    Extension(lang): Extension<PageLang>,
    signed_in: SignedIn,
    Path((slug, id, action)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    confirm_page(&state, &signed_in, (&slug, &id), asked(&action)?, &headers, lang.lang).await
}

/// Cancels on the person's behalf (they are told, their seats go to the people waiting), or
/// erases them (the store's erasure: seats freed, data replaced, links revoked).
pub async fn act(
    State(state): State<AppState>,
    Path((slug, id, action)): Path<(String, String, String)>,
    headers: HeaderMap,
    _checked: Posted,
) -> Result<Response, Response> {
    let asked = asked(&action).map_err(IntoResponse::into_response)?;
    let a = acting(&state, &headers, &slug, &id).await?;
    let (event, by, now) = (a.event.event.id, a.signed_in.organiser.id, state.now());
    let done = match asked {
        Asked::Cancel => state.store.cancel_for(event, a.id, by, now).await.map(|_| "cancelled"),
        Asked::Erase => state.store.erase_registration(event, a.id, by, now).await.map(|_| "erased"),
    };
    match done {
        Ok(word) => Ok(back(&a, word)),
        Err(e) => Err(PageError::from(e).into_response()),
    }
}

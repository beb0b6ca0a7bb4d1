//! Registering someone on their behalf (a phone call, a paper form, at the door): the public
//! registration form, posted to the organisers' address. The address may be left empty (then
//! nobody is written to, and the person's page shows the outcome); public registration may
//! be closed; capacities count as for everyone (`registering::submit`, the store's
//! `register_for`, which writes who did it into the audit log).

use axum::Extension;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use tisser_persistence::{EventRecord, SessionRecord};

use super::auth::{self, SignedIn};
use super::person_views::{OnBehalfPage, person_href};
use super::views::Bar;
use crate::AppState;
use crate::error::Lang;
use crate::pages::registering::{self, Registrant, Submitted};
use crate::pages::texts::tx;
use crate::pages::views::{FormErrors, RegisterInput, RegisterPage, RegisterValues};
use crate::pages::{PageError, PageLang, Posted, Shell, respond, secure, see_other};
use crate::session;

/// What the form is drawn with.
struct Form<'a> {
    event: &'a EventRecord,
    programme: &'a [SessionRecord],
    values: &'a RegisterValues,
    errors: &'a FormErrors,
}

fn form_page(
    state: &AppState,
    signed_in: &SignedIn,
    form: &Form<'_>,
    csrf: String,
    lang: Lang,
    status: StatusCode,
) -> Response {
    let me = &signed_in.organiser;
    let public = RegisterPage::new(
        RegisterInput {
            event: form.event,
            programme: form.programme,
            values: form.values,
            errors: form.errors,
            csrf: csrf.clone(),
            retention_days: state.config.retention_days,
            contact: &state.config.contact_email,
        },
        lang,
    );
    let slug = form.event.event.slug.as_str();
    let page =
        OnBehalfPage::new(Bar::new(&me.name, &me.email, me.role, csrf, lang), public, form.event, lang);
    let shell = Shell::new(
        lang,
        &[tx(lang, "org_behalf_title"), &form.event.event.title],
        format!("/organiser/events/{slug}/register"),
    )
    .errors(!form.errors.is_empty());
    respond(state, "organiser/register.html", &shell, &page, status)
}

/// The empty form.
pub async fn form(
    State(state): State<AppState>,
    Extension(lang): Extension<PageLang>,
    signed_in: SignedIn,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let event = signed_in.event(&state, &slug).await?;
    let programme = state.store.programme(event.event.id).await?;
    let (csrf, cookie) = session::issue(&headers, secure(&state));
    let values = RegisterValues::default();
    let form = Form { event: &event, programme: &programme, values: &values, errors: &FormErrors::default() };
    let mut response = form_page(&state, &signed_in, &form, csrf, lang.lang, StatusCode::OK);
    session::set_cookie(response.headers_mut(), cookie);
    Ok(response)
}

/// Registers, then the person's page (which shows their seats or places in line); on a
/// problem, the form again with everything typed.
pub async fn register(
    State(state): State<AppState>,
    Extension(lang): Extension<PageLang>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    posted: Posted,
) -> Result<Response, Response> {
    let signed_in = auth::require(&state, &headers).await?;
    registered(&state, &signed_in, &slug, &posted, lang.lang).await.map_err(IntoResponse::into_response)
}

async fn registered(
    state: &AppState,
    signed_in: &SignedIn,
    slug: &str,
    posted: &Posted,
    lang: Lang,
) -> Result<Response, PageError> {
    let event = signed_in.event(state, slug).await?;
    let programme = state.store.programme(event.event.id).await?;
    let by = Registrant::Organiser(signed_in.organiser.id);
    match registering::submit(state, event.event.id, &programme, posted, by, lang).await? {
        Submitted::Done(done) => {
            Ok(see_other(&format!("{}?done=registered", person_href(slug, done.registration.id.0))))
        }
        Submitted::Again(again) => {
            let form =
                Form { event: &event, programme: &programme, values: &again.values, errors: &again.errors };
            Ok(form_page(state, signed_in, &form, posted.text(session::FIELD), lang, again.status))
        }
    }
}

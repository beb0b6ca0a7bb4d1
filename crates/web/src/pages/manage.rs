//! The private page behind the link of the e-mails (`/manage/{token}`), in the person's
//! language unless they chose another: their dates, their whole programme (join links only
//! for confirmed seats of online sessions), forms to change workshops and correct details,
//! cancelling with a confirmation page, and the confirmation page after registering.

use std::collections::HashMap;

use axum::Extension;
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use tisser_domain::{ChoiceStatus, Language, RegistrationStatus};
use tisser_persistence::{DetailsChange, EventRecord, RegistrationRecord, SessionRecord};

use super::registering;
use super::texts::tx;
use super::views::{
    self, CancelPage, ConfirmationLine, ConfirmationPage, FormErrors, ManagePage, RegState, RegisterValues,
};
use super::{PageError, PageLang, Posted, Shell, respond, secure, see_other};
use crate::AppState;
use crate::check::{Check, LINE_MAX, NAME_MAX, TEXT_MAX};
use crate::dto::Allowed;
use crate::error::Lang;
use crate::session;

/// The person's language unless they chose one with the switch.
fn reader(lang: PageLang, r: &RegistrationRecord) -> Lang {
    if lang.chosen { lang.lang } else { views::lang_of(r.language) }
}

struct Loaded {
    r: RegistrationRecord,
    /// When the link in the address was made.
    link_made: chrono::DateTime<chrono::Utc>,
    event: EventRecord,
    programme: Vec<SessionRecord>,
}

async fn load(state: &AppState, token: &str) -> Result<Loaded, PageError> {
    let r = state.store.registration_by_token(token).await?;
    let link_made = state.store.link_made_at(token).await?;
    let event = state.store.event_by_id(r.event_id).await?;
    let programme = state.store.programme(r.event_id).await?;
    Ok(Loaded { r, link_made, event, programme })
}

/// A form posted from the private page, read in this order: the safety check (nothing is read
/// before it passes), then the registration behind the link, in the reader's language.
pub struct ManagePost {
    token: String,
    posted: Posted,
    loaded: Loaded,
    lang: Lang,
}

impl FromRequest<AppState> for ManagePost {
    type Rejection = PageError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, PageError> {
        let (mut parts, body) = req.into_parts();
        let Path(token) =
            Path::<String>::from_request_parts(&mut parts, state).await.map_err(|_| PageError::NotFound)?;
        let Extension(lang) = Extension::<PageLang>::from_request_parts(&mut parts, state)
            .await
            .map_err(|_| PageError::Unavailable)?;
        let posted = Posted::from_request(Request::from_parts(parts, body), state).await?;
        let loaded = load(state, &token).await?;
        let lang = reader(lang, &loaded.r);
        Ok(Self { token, posted, loaded, lang })
    }
}

impl ManagePost {
    /// The private page again with what the post changed nothing about: its errors, the
    /// choices or details as posted.
    fn again(&self, state: &AppState, retry: &Retry, status: StatusCode) -> Response {
        let csrf = self.posted.text(session::FIELD);
        manage_page(state, &self.token, &self.loaded, self.lang, csrf, None, retry, status)
    }
}

/// What a re-rendered private page keeps from a failed post.
#[derive(Default)]
struct Retry {
    errors: FormErrors,
    choices: Option<HashMap<String, String>>,
    details: Option<RegisterValues>,
}

#[derive(Deserialize)]
pub struct PageQuery {
    saved: Option<String>,
}

#[allow(clippy::too_many_arguments)]
fn manage_page(
    state: &AppState,
    token: &str,
    loaded: &Loaded,
    lang: Lang,
    csrf: String,
    saved: Option<&str>,
    retry: &Retry,
    status: StatusCode,
) -> Response {
    let Loaded { r, link_made, event, programme } = loaded;
    let tz = event.event.timezone;
    let now = state.now();
    let reg = RegState::of(event, now);
    let cancelled = r.status == RegistrationStatus::Cancelled;
    let open = event.registration_open(now);
    let (state_name, status_text) = views::registration_status(r, lang);
    let details_values = retry.details.clone().unwrap_or_else(|| views::values_of(r));
    let slug = event.event.slug.as_str();
    let mut page = ManagePage {
        link_made: format!(
            "{} {} {} {}.",
            tx(lang, "manage_link_made"),
            tisser_domain::wording::day(*link_made, tz, views::language(lang)),
            tx(lang, "manage_link_at"),
            tisser_domain::wording::time(*link_made, tz, views::language(lang)),
        ),
        event_title: event.event.title.clone(),
        greeting: format!("{} {},", tx(lang, "manage_hello"), r.first_name),
        state: state_name,
        status_text,
        reregister_href: (cancelled && reg.accepts()).then(|| format!("/events/{slug}/register")),
        saved: match saved {
            Some("choices") if !cancelled => Some(tx(lang, "manage_saved_choices").to_owned()),
            Some("details") if !cancelled => Some(tx(lang, "manage_saved_details").to_owned()),
            _ => None,
        },
        errors: Vec::new(),
        dates: views::event_dates(event, lang),
        place: views::place(event, lang),
        event_href: format!("/events/{slug}"),
        zone_note: views::zone_note(tz, lang),
        days: views::own_programme(r, programme, tz, lang),
        csrf,
        choices: if !cancelled && open {
            views::change_groups(
                r,
                programme,
                retry.choices.as_ref(),
                &retry.errors,
                tz,
                lang,
                views::Voice::Own,
            )
        } else {
            Vec::new()
        },
        choices_action: format!("/manage/{token}/choices"),
        details: (!cancelled).then(|| {
            views::details_form(&details_values, views::has_meal(event, programme), &retry.errors, lang)
        }),
        details_action: format!("/manage/{token}/details"),
        email_line: format!("{} {}", tx(lang, "manage_email_is"), r.email.as_deref().unwrap_or_default()),
        ics_href: (!cancelled).then(|| format!("/api/v1/manage/{token}/calendar.ics")),
        cancel_href: (!cancelled).then(|| format!("/manage/{token}/cancel")),
    };
    page.errors = retry.errors.summary(&|field| views::manage_target(field, &page));
    let shell = Shell::new(lang, &[tx(lang, "manage_title"), &event.event.title], format!("/manage/{token}"))
        .errors(!retry.errors.is_empty());
    respond(state, "manage.html", &shell, &page, status)
}

/// The private page.
pub async fn page(
    State(state): State<AppState>,
    Extension(lang): Extension<PageLang>,
    Path(token): Path<String>,
    Query(query): Query<PageQuery>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let loaded = load(&state, &token).await?;
    let lang = reader(lang, &loaded.r);
    let (csrf, cookie) = session::issue(&headers, secure(&state));
    let mut response = manage_page(
        &state,
        &token,
        &loaded,
        lang,
        csrf,
        query.saved.as_deref(),
        &Retry::default(),
        StatusCode::OK,
    );
    session::set_cookie(response.headers_mut(), cookie);
    Ok(response)
}

/// Saves the workshops of the form: the chosen session of each time slot (none when empty).
/// A refusal shows the page again with the reason, naming sessions by their titles, and
/// changes nothing.
pub async fn choices(State(state): State<AppState>, post: ManagePost) -> Result<Response, PageError> {
    let ManagePost { token, posted, loaded, lang } = &post;
    let lang = *lang;
    let (chosen, wanted, errors) = registering::posted_choices(posted, lang);
    let mut retry = Retry { choices: Some(chosen), errors, ..Retry::default() };
    if !retry.errors.is_empty() {
        return Ok(post.again(&state, &retry, StatusCode::UNPROCESSABLE_ENTITY));
    }
    match state.store.replace_choices(token, &wanted, state.now()).await {
        Ok(_) => Ok(see_other(&format!("/manage/{token}?saved=choices"))),
        Err(e) => {
            let status = registering::choices_refused(e, &loaded.programme, &mut retry.errors, lang)?;
            Ok(post.again(&state, &retry, status))
        }
    }
}

/// Corrects the person's own details and the language of their messages.
pub async fn details(State(state): State<AppState>, post: ManagePost) -> Result<Response, PageError> {
    let ManagePost { token, posted, loaded, lang } = &post;
    let lang = *lang;
    let meal = views::has_meal(&loaded.event, &loaded.programme);
    let mut values = views::values_of(&loaded.r);
    values.first_name = posted.text("first_name");
    values.last_name = posted.text("last_name");
    values.organization = posted.text("organization");
    values.accessibility_needs = posted.text("accessibility_needs");
    values.language = posted.text("language");
    if meal {
        values.dietary_requirements = posted.text("dietary_requirements");
    }
    // The same checks as the registration (`check.rs`).
    let mut check = Check::default();
    let first_name = check.line("first_name", Some(&values.first_name), NAME_MAX);
    let last_name = check.line("last_name", Some(&values.last_name), NAME_MAX);
    let organization = check.optional_line("organization", Some(&values.organization), LINE_MAX);
    let accessibility_needs =
        check.optional_text("accessibility_needs", Some(&values.accessibility_needs), TEXT_MAX);
    let dietary_requirements =
        check.optional_text("dietary_requirements", Some(&values.dietary_requirements), TEXT_MAX);
    let language = check
        .choice("language", values.language.trim(), Language::parse, &Allowed::languages())
        .unwrap_or(loaded.r.language);
    if let Err(found) = check.into_result() {
        let mut retry = Retry { details: Some(values), ..Retry::default() };
        for f in found {
            let text = if lang == Lang::Fr { f.message.fr.to_string() } else { f.message.en.to_string() };
            retry.errors.push(f.field, text);
        }
        return Ok(post.again(&state, &retry, StatusCode::UNPROCESSABLE_ENTITY));
    }
    let change = DetailsChange {
        first_name,
        last_name,
        organization,
        accessibility_needs,
        dietary_requirements,
        language,
    };
    state.store.update_details(token, change, state.now()).await?;
    Ok(see_other(&format!("/manage/{token}?saved=details")))
}

/// "Voulez-vous vraiment annuler ?"
pub async fn cancel_page(
    State(state): State<AppState>,
    Extension(lang): Extension<PageLang>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let loaded = load(&state, &token).await?;
    if loaded.r.status == RegistrationStatus::Cancelled {
        return Ok(see_other(&format!("/manage/{token}")));
    }
    let lang = reader(lang, &loaded.r);
    let (csrf, cookie) = session::issue(&headers, secure(&state));
    let page = CancelPage {
        event_title: loaded.event.event.title.clone(),
        dates: views::event_dates(&loaded.event, lang),
        action: format!("/manage/{token}/cancel"),
        back_href: format!("/manage/{token}"),
        csrf,
    };
    let shell = Shell::new(
        lang,
        &[tx(lang, "cancel_h1"), &loaded.event.event.title],
        format!("/manage/{token}/cancel"),
    );
    let mut response = respond(&state, "cancel.html", &shell, &page, StatusCode::OK);
    session::set_cookie(response.headers_mut(), cookie);
    Ok(response)
}

/// Cancels; every seat goes to the next person waiting. Then back to the private page, which
/// says so.
pub async fn cancel(
    State(state): State<AppState>,
    Path(token): Path<String>,
    _checked: Posted,
) -> Result<Response, PageError> {
    state.store.cancel_registration(&token, state.now()).await?;
    Ok(see_other(&format!("/manage/{token}")))
}

/// After registering (POST–redirect–GET): a seat or a place in line per session, the
/// e-mail on its way, the way to the private page.
pub async fn confirmation(
    State(state): State<AppState>,
    Extension(lang): Extension<PageLang>,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    let Loaded { r, event, .. } = load(&state, &token).await?;
    let lang = reader(lang, &r);
    let tz = event.event.timezone;
    let lines: Vec<ConfirmationLine> = r
        .choices
        .iter()
        .filter(|c| c.status != ChoiceStatus::Cancelled)
        .map(|c| {
            let (state, status) = views::choice_status(c.status, c.waitlist_position, lang);
            ConfirmationLine {
                title: c.title.clone(),
                when: views::capitalised(&tisser_domain::wording::slot(
                    c.slot.start(),
                    c.slot.end(),
                    tz,
                    views::language(lang),
                )),
                state,
                status,
            }
        })
        .collect();
    let waiting = r.status == RegistrationStatus::Waitlisted
        || (!lines.is_empty() && r.choices.iter().all(|c| c.status != ChoiceStatus::Confirmed));
    let h1 = tx(lang, if waiting { "confirmation_h1_waiting" } else { "confirmation_h1" }).to_owned();
    let page = ConfirmationPage {
        h1: h1.clone(),
        summary: if waiting && r.status == RegistrationStatus::Confirmed {
            tx(lang, "confirmation_sessions_waiting").to_owned()
        } else {
            views::registration_status(&r, lang).1
        },
        mail_note: format!(
            "{} {}. {}",
            tx(lang, "confirmation_mail"),
            r.email.as_deref().unwrap_or_default(),
            tx(lang, "confirmation_mail_2")
        ),
        event_title: event.event.title.clone(),
        dates: views::event_dates(&event, lang),
        place: views::place(&event, lang),
        lines,
        manage_href: format!("/manage/{token}"),
        ics_href: format!("/api/v1/manage/{token}/calendar.ics"),
    };
    let shell = Shell::new(lang, &[&h1, &event.event.title], format!("/manage/{token}/confirmation"));
    Ok(respond(&state, "confirmation.html", &shell, &page, StatusCode::OK))
}

//! Pages anyone may read: home, event, registration form, series, lost link,
//! accessibility statement. Never a join link, never a participant.

use std::collections::BTreeMap;

use axum::Extension;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use tisser_domain::{EventStatus, SessionKind};
use tisser_persistence::{EventRecord, SessionRecord};

use super::registering::{self, Registrant, Submitted, message};
use super::texts::tx;
use super::views::{
    self, AccessibilityPage, ClosedPage, EventCard, EventPage, FormErrors, HomeGroup, HomePage, Link,
    PublicSession, RegState, RegisterInput, RegisterPage, RegisterValues, SeriesPage,
};
use super::{EmailForm, PageError, PageLang, Posted, Shell, respond, secure, see_other};
use crate::AppState;
use crate::check::Check;
use crate::error::Lang;
use crate::session;

/// An event the public may see: published or closed, never a draft.
async fn public_event(state: &AppState, slug: &str) -> Result<EventRecord, PageError> {
    let event = state.store.event_by_slug(slug).await?;
    if event.event.status == EventStatus::Draft {
        return Err(PageError::NotFound);
    }
    Ok(event)
}

/// The calendar feed of a series, as `https://` and as `webcal://`.
fn series_feeds(state: &AppState, series: &str) -> (String, String) {
    let https =
        format!("{}/api/v1/series/{series}/calendar.ics", state.config.public_url.trim_end_matches('/'));
    let webcal = match https.split_once("://") {
        Some((_, rest)) => format!("webcal://{rest}"),
        None => https.clone(),
    };
    (https, webcal)
}

/// Upcoming events, soonest first, in groups: conferences (several sessions), each series,
/// practice workshops (one workshop), the others.
pub async fn home(
    State(state): State<AppState>,
    Extension(PageLang { lang, .. }): Extension<PageLang>,
) -> Result<Response, PageError> {
    let now = state.now();
    let events = state.store.public_events(None, now).await?;
    let mut conferences = Vec::new();
    let mut workshops = Vec::new();
    let mut others = Vec::new();
    let mut series: BTreeMap<String, Vec<EventCard>> = BTreeMap::new();
    let mut series_order: Vec<String> = Vec::new();
    for e in events.iter().filter(|e| RegState::of(e, now) != RegState::Over) {
        let card = EventCard::new(e, now, lang);
        if let Some(slug) = &e.series_slug {
            if !series.contains_key(slug) {
                series_order.push(slug.clone());
            }
            series.entry(slug.clone()).or_default().push(card);
            continue;
        }
        let programme = state.store.programme(e.event.id).await?;
        match programme.as_slice() {
            [only] if only.kind == SessionKind::Workshop => workshops.push(card),
            [] | [_] => others.push(card),
            _ => conferences.push(card),
        }
    }
    let mut groups = Vec::new();
    let group = |heading: &str, events: Vec<EventCard>| HomeGroup {
        heading: heading.to_owned(),
        intro: None,
        series_href: None,
        events,
    };
    if !conferences.is_empty() {
        groups.push(group(tx(lang, "group_conferences"), conferences));
    }
    for slug in series_order {
        let record = state.store.series_by_slug(&slug).await?;
        groups.push(HomeGroup {
            heading: record.title,
            intro: record.description,
            series_href: Some(format!("/series/{slug}")),
            events: series.remove(&slug).unwrap_or_default(),
        });
    }
    if !workshops.is_empty() {
        groups.push(group(tx(lang, "group_workshops"), workshops));
    }
    if !others.is_empty() {
        groups.push(group(tx(lang, "group_other"), others));
    }
    let shell = Shell::new(lang, &[tx(lang, "home_title")], "/");
    Ok(respond(&state, "home.html", &shell, &HomePage { groups }, StatusCode::OK))
}

/// An event's page: what, when, where, the programme by day and hour.
pub async fn event(
    State(state): State<AppState>,
    Extension(PageLang { lang, .. }): Extension<PageLang>,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let e = public_event(&state, &slug).await?;
    let page = event_page(&state, &e, lang).await?;
    let shell = Shell::new(lang, &[&e.event.title], format!("/events/{slug}"));
    Ok(respond(&state, "event.html", &shell, &page, StatusCode::OK))
}

/// What an event's public page shows: the same for the public and for its organisers'
/// preview (`organiser/editor.rs`).
///
/// # Errors
/// A page error when the store fails.
pub(crate) async fn event_page(
    state: &AppState,
    e: &EventRecord,
    lang: Lang,
) -> Result<EventPage, PageError> {
    let now = state.now();
    let slug = e.event.slug.as_str();
    let programme = state.store.programme(e.event.id).await?;
    let tz = e.event.timezone;
    let reg = RegState::of(e, now);
    let (series_title, series_href, series_webcal) = match &e.series_slug {
        Some(s) => {
            let record = state.store.series_by_slug(s).await?;
            (Some(record.title), Some(format!("/series/{s}")), Some(series_feeds(state, s).1))
        }
        None => (None, None, None),
    };
    Ok(EventPage {
        title: e.event.title.clone(),
        series_title,
        series_href,
        dates: views::event_dates(e, lang),
        place: views::place(e, lang),
        state: reg.as_str(),
        state_text: reg.sentence(e, lang),
        register_href: reg.accepts().then(|| format!("/events/{slug}/register")),
        description: views::paragraphs(e.event.description.as_deref()),
        zone_note: views::zone_note(tz, lang),
        days: views::by_day(&programme, tz, lang, |s| PublicSession::new(s, tz, lang)),
        ics_href: format!("/api/v1/events/{slug}/calendar.ics"),
        series_webcal,
    })
}

fn closed_page(state: &AppState, e: &EventRecord, reg: RegState, lang: Lang) -> Response {
    let slug = e.event.slug.as_str();
    let page = ClosedPage {
        h1: format!("{} {}", tx(lang, "register_h1"), e.event.title),
        state: reg.as_str(),
        state_text: reg.sentence(e, lang),
        event_href: format!("/events/{slug}"),
    };
    let shell =
        Shell::new(lang, &[tx(lang, "closed_title"), &e.event.title], format!("/events/{slug}/register"));
    respond(state, "closed.html", &shell, &page, StatusCode::OK)
}

/// Renders the registration form, with what was typed and its errors.
#[allow(clippy::too_many_arguments)]
fn form_page(
    state: &AppState,
    e: &EventRecord,
    programme: &[SessionRecord],
    values: &RegisterValues,
    errors: &FormErrors,
    csrf: String,
    lang: Lang,
    status: StatusCode,
) -> Response {
    let page = RegisterPage::new(
        RegisterInput {
            event: e,
            programme,
            values,
            errors,
            csrf,
            retention_days: state.config.retention_days,
            contact: &state.config.contact_email,
        },
        lang,
    );
    let slug = e.event.slug.as_str();
    let shell =
        Shell::new(lang, &[tx(lang, "register_title"), &e.event.title], format!("/events/{slug}/register"))
            .errors(!errors.is_empty());
    respond(state, "register.html", &shell, &page, status)
}

/// The registration form (a fresh safety token in a cookie and a hidden field).
pub async fn form(
    State(state): State<AppState>,
    Extension(PageLang { lang, .. }): Extension<PageLang>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let e = public_event(&state, &slug).await?;
    let reg = RegState::of(&e, state.now());
    if !reg.accepts() {
        return Ok(closed_page(&state, &e, reg, lang));
    }
    let programme = state.store.programme(e.event.id).await?;
    let (token, cookie) = session::issue(&headers, secure(&state));
    let mut response = form_page(
        &state,
        &e,
        &programme,
        &RegisterValues::default(),
        &FormErrors::default(),
        token,
        lang,
        StatusCode::OK,
    );
    session::set_cookie(response.headers_mut(), cookie);
    Ok(response)
}

/// Registers from the form: the same checks and the same store operation as the JSON API,
/// then 303 to the confirmation page. On a problem, the form again with everything typed.
pub async fn register(
    State(state): State<AppState>,
    Extension(PageLang { lang, .. }): Extension<PageLang>,
    Path(slug): Path<String>,
    posted: Posted,
) -> Result<Response, PageError> {
    // What a registration needs, without the counts a page shows (they grow with the
    // waiting lines): the store decides under the event's lock.
    let event = state.store.event_by_slug_alone(&slug).await?;
    if event.status == EventStatus::Draft {
        return Err(PageError::NotFound);
    }
    let programme = state.store.programme_to_choose(event.id).await?;
    match registering::submit(&state, event.id, &programme, &posted, Registrant::Person, lang).await? {
        Submitted::Done(registered) => {
            Ok(see_other(&format!("/manage/{}/confirmation", registered.manage_token)))
        }
        Submitted::Again(again) => {
            // The form again, with the seats and lines of now.
            let e = public_event(&state, &slug).await?;
            let programme = state.store.programme(e.event.id).await?;
            Ok(form_page(
                &state,
                &e,
                &programme,
                &again.values,
                &again.errors,
                posted.text(session::FIELD),
                lang,
                again.status,
            ))
        }
    }
}

/// A series: upcoming dates with "S'inscrire", past ones with their replays, and the
/// calendar subscription.
pub async fn series(
    State(state): State<AppState>,
    Extension(PageLang { lang, .. }): Extension<PageLang>,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let now = state.now();
    let record = state.store.series_by_slug(&slug).await?;
    let mut upcoming = Vec::new();
    let mut past = Vec::new();
    for e in state.store.public_events(Some(&slug), now).await? {
        let mut card = EventCard::new(&e, now, lang);
        if RegState::of(&e, now) == RegState::Over {
            card.replays = state
                .store
                .programme(e.event.id)
                .await?
                .into_iter()
                .filter_map(|s| s.replay_url.map(|url| Link { title: s.title, url }))
                .collect();
            past.push(card);
        } else {
            upcoming.push(card);
        }
    }
    let (https_url, webcal_url) = series_feeds(&state, &slug);
    let page = SeriesPage {
        title: record.title.clone(),
        description: views::paragraphs(record.description.as_deref()),
        upcoming,
        past,
        webcal_url,
        https_url,
    };
    let shell = Shell::new(lang, &[&record.title], format!("/series/{slug}"));
    Ok(respond(&state, "series.html", &shell, &page, StatusCode::OK))
}

/// The "J'ai perdu mon lien" form.
const LOST: EmailForm = EmailForm { template: "lost_link.html", h1: "lost_h1", path: "/lost-link" };

/// "J'ai perdu mon lien": one e-mail field.
pub async fn lost_link(
    State(state): State<AppState>,
    Extension(PageLang { lang, .. }): Extension<PageLang>,
    headers: HeaderMap,
) -> Response {
    let (token, cookie) = session::issue(&headers, secure(&state));
    let mut response = LOST.page(&state, lang, (token, ""), &FormErrors::default(), StatusCode::OK);
    session::set_cookie(response.headers_mut(), cookie);
    response
}

/// Sends the private link of every registration of the address again (through the outbox),
/// then the same page whether the address is known or not.
pub async fn lost_link_post(
    State(state): State<AppState>,
    Extension(PageLang { lang, .. }): Extension<PageLang>,
    posted: Posted,
) -> Result<Response, PageError> {
    if posted.is_robot() {
        return Ok(see_other("/lost-link/sent"));
    }
    let typed = posted.text("email");
    let mut check = Check::default();
    let email = check.email("email", Some(&typed));
    match (check.into_result(), email) {
        (Ok(()), Some(email)) => {
            state.store.resend_links(&email, state.now()).await?;
            Ok(see_other("/lost-link/sent"))
        }
        (result, _) => {
            let mut errors = FormErrors::default();
            for f in result.err().unwrap_or_default() {
                errors.push(f.field, message(&f.message, lang));
            }
            Ok(LOST.page(
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
pub async fn lost_link_sent(
    State(state): State<AppState>,
    Extension(PageLang { lang, .. }): Extension<PageLang>,
) -> Response {
    let shell = Shell::new(lang, &[tx(lang, "lost_sent_title")], "/lost-link/sent");
    respond(&state, "lost_link_sent.html", &shell, &(), StatusCode::OK)
}

/// The accessibility statement (RGAA 4.1).
pub async fn accessibility(
    State(state): State<AppState>,
    Extension(PageLang { lang, .. }): Extension<PageLang>,
) -> Response {
    let shell = Shell::new(lang, &[tx(lang, "a11y_h1")], "/accessibility");
    let page = AccessibilityPage { contact: state.config.contact_email.clone() };
    respond(&state, "accessibility.html", &shell, &page, StatusCode::OK)
}

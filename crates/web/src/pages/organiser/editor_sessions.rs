//! An event's programme in the editor: the sessions day by day; add, change, move (new
//! times) or cancel one. Each form goes through the JSON API's checks (`check::programme`)
//! and store operations (`add_session`, `update_session`, `cancel_session`), which write the
//! registrants' notices (updated invites: same UID, higher SEQUENCE) and promote the people
//! waiting when seats are added. Before a change that registrants will be told of, a
//! confirmation page says how many will receive an updated invite (and who would then hold
//! two sessions at once); before a cancellation, who loses a seat, by name.

use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use tisser_domain::{ChoiceStatus, SessionId, wording};
use tisser_persistence::{EventRecord, Overlap, RegistrationFilter, SessionPatch, SessionRecord};
use uuid::Uuid;

use super::auth::{SignedIn, SignedPost};
use super::editor::{form_response, with_token};
use super::editor_form::{SESSION_FIELDS, SessionValues, merge, refusal_at};
use super::editor_views::{ProgrammePage, SessionFormPage, programme_href};
use super::person_views::{ConfirmActionPage, Hidden};
use super::views::Bar;
use crate::AppState;
use crate::check;
use crate::error::Lang;
use crate::pages::error::{EditorRefusal, editor_refusal};
use crate::pages::texts::tx;
use crate::pages::views::{FormErrors, capitalised, language};
use crate::pages::{PageError, PageLang, Posted, Shell, respond, see_other};
use crate::session;

#[derive(serde::Deserialize)]
pub struct Done {
    done: Option<String>,
}

fn bar(signed_in: &SignedIn, csrf: String, lang: Lang) -> Bar {
    let me = &signed_in.organiser;
    Bar::new(&me.name, &me.email, me.role, csrf, lang)
}

fn session_id(id: &str) -> Result<SessionId, PageError> {
    Uuid::parse_str(id).map(SessionId).map_err(|_| PageError::NotFound)
}

/// "1 personne …", "3 personnes …": `n` before the words of one or many.
fn people(n: u32, one: &str, many: &str, lang: Lang) -> String {
    if n == 1 { tx(lang, one).to_owned() } else { format!("{n} {}", tx(lang, many)) }
}

/// The programme day by day.
pub async fn programme(
    State(state): State<AppState>,
    Extension(lang): Extension<PageLang>,
    signed_in: SignedIn,
    Path(slug): Path<String>,
    Query(done): Query<Done>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let lang = lang.lang;
    let event = signed_in.event(&state, &slug).await?;
    let sessions = state.store.programme(event.event.id).await?;
    let h1 = format!("{} {}", tx(lang, "org_ed_programme_h1"), event.event.title);
    let shell = Shell::new(lang, &[&h1], programme_href(&slug));
    Ok(with_token(&headers, &state, |csrf| {
        let page =
            ProgrammePage::new(bar(&signed_in, csrf, lang), &event, &sessions, done.done.as_deref(), lang);
        respond(&state, "organiser/programme.html", &shell, &page, StatusCode::OK)
    }))
}

/// The session form, with what was typed and its errors.
fn form_page(
    state: &AppState,
    signed_in: &SignedIn,
    event: &EventRecord,
    (values, errors): (&SessionValues, &FormErrors),
    session: Option<&SessionRecord>,
    csrf: String,
    lang: Lang,
) -> Response {
    let page = SessionFormPage::new(bar(signed_in, csrf, lang), event, (values, errors), session, lang);
    let title = (lang, &[page.h1.as_str(), &event.event.title][..], page.action.clone());
    form_response(state, "organiser/session_form.html", title, errors, &page)
}

/// "Ajouter un temps": the empty form, on the programme's first day.
pub async fn new_form(
    State(state): State<AppState>,
    Extension(lang): Extension<PageLang>,
    signed_in: SignedIn,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let event = signed_in.event(&state, &slug).await?;
    let tz = event.event.timezone;
    let values = SessionValues {
        day: event.starts_at.map(|t| t.with_timezone(&tz).format("%d/%m/%Y").to_string()).unwrap_or_default(),
        ..SessionValues::default()
    };
    Ok(with_token(&headers, &state, |csrf| {
        form_page(&state, &signed_in, &event, (&values, &FormErrors::default()), None, csrf, lang.lang)
    }))
}

/// Adds the session, then back to the programme.
pub async fn add(
    State(state): State<AppState>,
    Extension(PageLang { lang, .. }): Extension<PageLang>,
    Path(slug): Path<String>,
    SignedPost { signed_in, posted }: SignedPost,
) -> Result<Response, PageError> {
    let event = signed_in.event(&state, &slug).await?;
    let values = SessionValues::posted(&posted);
    let mut errors = FormErrors::default();
    let request = values.request(event.event.timezone, &mut errors, lang);
    match check::new_session(request) {
        Ok(new) if errors.is_empty() => {
            state.store.add_session(event.event.id, new).await?;
            return Ok(see_other(&format!("{}?done=added", programme_href(&slug))));
        }
        Ok(_) => {}
        Err(found) => merge(&mut errors, found, &SESSION_FIELDS, lang),
    }
    Ok(form_page(&state, &signed_in, &event, (&values, &errors), None, posted.text(session::FIELD), lang))
}

/// A session of the organiser's event.
async fn found(
    state: &AppState,
    signed_in: &SignedIn,
    slug: &str,
    id: &str,
) -> Result<(EventRecord, SessionRecord), PageError> {
    let event = signed_in.event(state, slug).await?;
    let session = state.store.session(event.event.id, session_id(id)?).await?;
    Ok((event, session))
}

/// A session's form, filled with what it is now.
pub async fn edit_form(
    State(state): State<AppState>,
    Extension(lang): Extension<PageLang>,
    signed_in: SignedIn,
    Path((slug, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let (event, session) = found(&state, &signed_in, &slug, &id).await?;
    let values = SessionValues::of(&session, event.event.timezone);
    Ok(with_token(&headers, &state, |csrf| {
        let typed = (&values, &FormErrors::default());
        form_page(&state, &signed_in, &event, typed, Some(&session), csrf, lang.lang)
    }))
}

/// Saves a session's form: first a confirmation page when registrants will be told (or
/// would hold two sessions at once), then the change.
pub async fn change(
    State(state): State<AppState>,
    Extension(PageLang { lang, .. }): Extension<PageLang>,
    Path((slug, id)): Path<(String, String)>,
    SignedPost { signed_in, posted }: SignedPost,
) -> Result<Response, PageError> {
    let (state, signed_in, posted) = (&state, &signed_in, &posted);
    let (event, current) = found(state, signed_in, &slug, &id).await?;
    let values = SessionValues::posted(posted);
    let mut errors = FormErrors::default();
    let mut request = values.request(event.event.timezone, &mut errors, lang);
    request.confirm_overlaps = Some(posted.get("confirm_overlaps") == Some("yes"));
    let csrf = posted.text(session::FIELD);
    let patch = match check::session_patch(request, current.slot) {
        Ok(patch) if errors.is_empty() => patch,
        Ok(_) => {
            return Ok(form_page(state, signed_in, &event, (&values, &errors), Some(&current), csrf, lang));
        }
        Err(found) => {
            merge(&mut errors, found, &SESSION_FIELDS, lang);
            return Ok(form_page(state, signed_in, &event, (&values, &errors), Some(&current), csrf, lang));
        }
    };
    let told = patch.changes_invites(
        &current.title,
        current.slot,
        current.room.as_deref(),
        current.online_url.as_deref(),
    );
    if told && current.taken + current.waitlist_length > 0 && posted.get("confirmed") != Some("yes") {
        let lines = change_lines(&event, &current, &patch, lang);
        return Ok(confirm_change(state, signed_in, (&event, &current), (lines, Vec::new()), posted, lang));
    }
    match state.store.update_session(event.event.id, current.id, patch).await {
        Ok(_) => Ok(see_other(&format!("{}?done=changed", programme_href(&slug)))),
        Err(e) => match editor_refusal(e, lang)? {
            EditorRefusal::Field(field, message) => {
                refusal_at(&mut errors, field, message, &SESSION_FIELDS);
                Ok(form_page(state, signed_in, &event, (&values, &errors), Some(&current), csrf, lang))
            }
            EditorRefusal::Overlaps(found) => {
                let lines = vec![tx(lang, "org_ed_overlap_1").to_owned()];
                let names = overlap_names(&found);
                Ok(confirm_change(state, signed_in, (&event, &current), (lines, names), posted, lang))
            }
        },
    }
}

/// "Ana Martin : Atelier B" for each person who would hold two sessions at once.
fn overlap_names(found: &[Overlap]) -> Vec<String> {
    found.iter().map(|o| format!("{} {} : {}", o.first_name, o.last_name, o.session_title)).collect()
}

/// What the confirmation of a change says: who receives what, and what changes.
fn change_lines(
    event: &EventRecord,
    current: &SessionRecord,
    patch: &SessionPatch,
    lang: Lang,
) -> Vec<String> {
    let tz = event.event.timezone;
    let mut lines = Vec::new();
    if current.taken > 0 {
        lines.push(people(current.taken, "org_ed_invite_one", "org_ed_invite_many", lang));
    }
    if current.waitlist_length > 0 {
        lines.push(people(
            current.waitlist_length,
            "org_ed_told_waiting_one",
            "org_ed_told_waiting_many",
            lang,
        ));
    }
    if let Some(slot) = patch.slot.filter(|s| *s != current.slot) {
        let when =
            |s: tisser_domain::TimeSlot| capitalised(&wording::slot(s.start(), s.end(), tz, language(lang)));
        lines.push(format!("{} {}", tx(lang, "org_ed_was"), when(current.slot)));
        lines.push(format!("{} {}", tx(lang, "org_ed_becomes"), when(slot)));
    }
    if let Some(title) = patch.title.as_ref().filter(|t| **t != current.title) {
        lines.push(format!("{} {title}", tx(lang, "org_ed_new_title")));
    }
    if let Some(room) = patch.room.as_ref().filter(|r| **r != current.room) {
        let room = room.clone().unwrap_or_else(|| tx(lang, "org_ed_no_room").to_owned());
        lines.push(format!("{} {room}", tx(lang, "org_ed_new_room")));
    }
    if patch.online_url.as_ref().is_some_and(|u| *u != current.online_url) {
        lines.push(tx(lang, "org_ed_link_changes").to_owned());
    }
    lines
}

/// The confirmation of a change: the form's fields sent again as typed, with `confirmed`
/// (and, when `names` are given, `confirm_overlaps`).
fn confirm_change(
    state: &AppState,
    signed_in: &SignedIn,
    (event, current): (&EventRecord, &SessionRecord),
    (lines, names): (Vec<String>, Vec<String>),
    posted: &Posted,
    lang: Lang,
) -> Response {
    let overlaps = !names.is_empty();
    let mut hidden: Vec<Hidden> = posted
        .pairs(|k| k != session::FIELD && k != "confirmed" && k != "confirm_overlaps")
        .map(|(name, value)| Hidden { name: name.to_owned(), value: value.to_owned() })
        .collect();
    hidden.push(Hidden { name: "confirmed".into(), value: "yes".into() });
    if overlaps || posted.get("confirm_overlaps") == Some("yes") {
        hidden.push(Hidden { name: "confirm_overlaps".into(), value: "yes".into() });
    }
    let slug = event.event.slug.as_str();
    let action = format!("{}/{}", programme_href(slug), current.id.0);
    let page = ConfirmActionPage {
        bar: bar(signed_in, posted.text(session::FIELD), lang),
        h1: format!("{} « {} » ?", tx(lang, "org_ed_change_h1"), current.title),
        lines,
        people: names,
        hidden,
        action: action.clone(),
        button: tx(lang, if overlaps { "org_ed_overlap_button" } else { "org_ed_change_button" }).to_owned(),
        danger: false,
        back_href: programme_href(slug),
        back: tx(lang, "org_ed_change_back").to_owned(),
    };
    let shell = Shell::new(lang, &[&page.h1, &event.event.title], action);
    respond(state, "organiser/confirm_action.html", &shell, &page, StatusCode::OK)
}

/// "Annuler « … » ?": who loses a seat, by name (a list of people: its line in the audit
/// log), and how many people waiting are told.
pub async fn cancel_confirm(
    State(state): State<AppState>,
    Extension(lang): Extension<PageLang>,
    signed_in: SignedIn,
    Path((slug, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let lang = lang.lang;
    let (event, current) = found(&state, &signed_in, &slug, &id).await?;
    let filter = RegistrationFilter { session: Some(current.id), status: Some(ChoiceStatus::Confirmed) };
    let mut holders =
        state.store.registration_list(event.event.id, filter, signed_in.organiser.id, state.now()).await?;
    holders.sort_by(|a, b| (&a.last_name, &a.first_name).cmp(&(&b.last_name, &b.first_name)));
    let mut lines = vec![match holders.len() {
        0 => tx(lang, "org_ed_cancel_nobody").to_owned(),
        n => people(u32::try_from(n).unwrap_or(u32::MAX), "org_ed_cancel_one", "org_ed_cancel_many", lang),
    }];
    if current.waitlist_length > 0 {
        lines.push(people(
            current.waitlist_length,
            "org_ed_told_waiting_one",
            "org_ed_told_waiting_many",
            lang,
        ));
    }
    lines.push(tx(lang, "org_ed_cancel_final").to_owned());
    let here = format!("{}/{}/cancel", programme_href(&slug), current.id.0);
    let people = holders.iter().map(|r| format!("{} {}", r.first_name, r.last_name)).collect();
    Ok(with_token(&headers, &state, |csrf| {
        let page = ConfirmActionPage {
            bar: bar(&signed_in, csrf, lang),
            h1: format!("{} « {} » ?", tx(lang, "org_ed_cancel_h1"), current.title),
            lines,
            people,
            hidden: Vec::new(),
            action: here.clone(),
            button: tx(lang, "org_ed_cancel_button").to_owned(),
            danger: true,
            back_href: programme_href(&slug),
            back: tx(lang, "org_ed_cancel_back").to_owned(),
        };
        let shell = Shell::new(lang, &[&page.h1, &event.event.title], here.clone());
        respond(&state, "organiser/confirm_action.html", &shell, &page, StatusCode::OK)
    }))
}

/// Cancels the session: its registrants are told, with a cancellation of their invite.
pub async fn cancel(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, String)>,
    SignedPost { signed_in, .. }: SignedPost,
) -> Result<Response, PageError> {
    let (event, current) = found(&state, &signed_in, &slug, &id).await?;
    state.store.cancel_session(event.event.id, current.id).await?;
    Ok(see_other(&format!("{}?done=cancelled", programme_href(&slug))))
}

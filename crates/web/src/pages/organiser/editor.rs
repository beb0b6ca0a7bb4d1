//! Events in the editor: create one (a draft), change it, preview its public page as
//! participants will see it (drafts too, for its organisers only), publish it or close its
//! registration after a confirmation page, copy it to new dates. Each form goes through the
//! JSON API's checks (`check::programme`) and store operations (`create_event`,
//! `update_event`, `clone_event`); a refused form is shown again with its errors and nothing
//! is written.

use axum::Extension;
use axum::extract::{MatchedPath, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use tisser_domain::EventStatus;
use tisser_persistence::{EventPatch, EventRecord};

use super::auth::{SignedIn, SignedPost};
use super::editor_form::{EVENT_FIELDS, EventValues, iso_day, merge, refusal_at};
use super::editor_views::{CopyPage, CopyValues, EventFormPage, PreviewPage, event_href};
use super::person_views::ConfirmActionPage;
use super::views::Bar;
use crate::AppState;
use crate::check;
use crate::dto::CloneRequest;
use crate::error::Lang;
use crate::pages::error::{EditorRefusal, editor_refusal};
use crate::pages::public::event_page;
use crate::pages::texts::tx;
use crate::pages::views::FormErrors;
use crate::pages::{PageError, PageLang, Shell, respond, secure, see_other};
use crate::session;

#[derive(serde::Deserialize)]
pub struct Done {
    done: Option<String>,
}

fn bar(signed_in: &SignedIn, csrf: String, lang: Lang) -> Bar {
    let me = &signed_in.organiser;
    Bar::new(&me.name, &me.email, me.role, csrf, lang)
}

/// A page read with GET: a fresh CSRF token in the page and its cookie.
pub(super) fn with_token(
    headers: &HeaderMap,
    state: &AppState,
    draw: impl FnOnce(String) -> Response,
) -> Response {
    let (csrf, cookie) = session::issue(headers, secure(state));
    let mut response = draw(csrf);
    session::set_cookie(response.headers_mut(), cookie);
    response
}

/// A form's page: titled "Erreur : …" and answered 422 when it shows problems.
pub(super) fn form_response(
    state: &AppState,
    template: &str,
    (lang, title, here): (Lang, &[&str], String),
    errors: &FormErrors,
    page: &impl serde::Serialize,
) -> Response {
    let shell = Shell::new(lang, title, here).errors(!errors.is_empty());
    respond(state, template, &shell, page, errors.status())
}

/// An event with its number of sessions, for its editor page.
async fn counted<'a>(state: &AppState, e: &'a EventRecord) -> Result<(&'a EventRecord, usize), PageError> {
    Ok((e, state.store.programme(e.event.id).await?.len()))
}

/// The event's form, with what was typed and its errors (an existing event: with its
/// actions).
fn form_page(
    state: &AppState,
    signed_in: &SignedIn,
    (values, errors): (&EventValues, &FormErrors),
    (event, done): (Option<(&EventRecord, usize)>, Option<&str>),
    csrf: String,
    lang: Lang,
) -> Response {
    let page = EventFormPage::new(bar(signed_in, csrf, lang), (values, errors), event, done, lang);
    let title = (lang, &[page.h1.as_str()][..], page.action.clone());
    form_response(state, "organiser/event_form.html", title, errors, &page)
}

/// "Créer un évènement": the empty form.
pub async fn new_form(
    State(state): State<AppState>,
    Extension(lang): Extension<PageLang>,
    signed_in: SignedIn,
    headers: HeaderMap,
) -> Response {
    let values = EventValues::blank();
    with_token(&headers, &state, |csrf| {
        form_page(&state, &signed_in, (&values, &FormErrors::default()), (None, None), csrf, lang.lang)
    })
}

/// Puts a refusal of the store beside its field; anything else is a page error.
fn refused(
    e: tisser_persistence::StoreError,
    errors: &mut FormErrors,
    order: &[&str],
    lang: Lang,
) -> Result<(), PageError> {
    match editor_refusal(e, lang)? {
        EditorRefusal::Field(field, message) => {
            refusal_at(errors, field, message, order);
            Ok(())
        }
        // Only a session's move is refused for overlaps, never an event's change.
        EditorRefusal::Overlaps(_) => Err(PageError::Unavailable),
    }
}

/// Creates the event as a draft, then opens its editor page.
pub async fn create(
    State(state): State<AppState>,
    Extension(PageLang { lang, .. }): Extension<PageLang>,
    SignedPost { signed_in, posted }: SignedPost,
) -> Result<Response, PageError> {
    let values = EventValues::posted(&posted);
    let mut errors = FormErrors::default();
    let request = values.request(&mut errors, lang);
    match check::new_event(request) {
        Ok(new) if errors.is_empty() => {
            match state.store.create_event(new, Some(signed_in.organiser.id)).await {
                Ok(e) => {
                    return Ok(see_other(&format!("{}?done=created", event_href(e.event.slug.as_str()))));
                }
                Err(e) => refused(e, &mut errors, &EVENT_FIELDS, lang)?,
            }
        }
        Ok(_) => {}
        Err(found) => merge(&mut errors, found, &EVENT_FIELDS, lang),
    }
    Ok(form_page(&state, &signed_in, (&values, &errors), (None, None), posted.text(session::FIELD), lang))
}

/// The event's editor page: its actions and its form.
pub async fn edit_form(
    State(state): State<AppState>,
    Extension(lang): Extension<PageLang>,
    signed_in: SignedIn,
    Path(slug): Path<String>,
    Query(done): Query<Done>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let event = signed_in.event(&state, &slug).await?;
    let values = EventValues::of(&event);
    let seen = (Some(counted(&state, &event).await?), done.done.as_deref());
    Ok(with_token(&headers, &state, |csrf| {
        form_page(&state, &signed_in, (&values, &FormErrors::default()), seen, csrf, lang.lang)
    }))
}

/// Saves the event's form (its status does not change here).
pub async fn update(
    State(state): State<AppState>,
    Extension(PageLang { lang, .. }): Extension<PageLang>,
    Path(slug): Path<String>,
    SignedPost { signed_in, posted }: SignedPost,
) -> Result<Response, PageError> {
    let event = signed_in.event(&state, &slug).await?;
    let values = EventValues::posted(&posted);
    let mut errors = FormErrors::default();
    let request = values.request(&mut errors, lang);
    match check::event_patch(request, &event.event.window) {
        Ok(patch) if errors.is_empty() => match state.store.update_event(event.event.id, patch).await {
            Ok(e) => return Ok(see_other(&format!("{}?done=saved", event_href(e.event.slug.as_str())))),
            Err(e) => refused(e, &mut errors, &EVENT_FIELDS, lang)?,
        },
        Ok(_) => {}
        Err(found) => merge(&mut errors, found, &EVENT_FIELDS, lang),
    }
    let csrf = posted.text(session::FIELD);
    let seen = (Some(counted(&state, &event).await?), None);
    Ok(form_page(&state, &signed_in, (&values, &errors), seen, csrf, lang))
}

/// The public page of the event as participants will see it, drafts included, under a note
/// saying it is a preview. Only for its organisers.
pub async fn preview(
    State(state): State<AppState>,
    Extension(lang): Extension<PageLang>,
    signed_in: SignedIn,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let lang = lang.lang;
    let event = signed_in.event(&state, &slug).await?;
    let note = match event.event.status {
        EventStatus::Draft => "org_ed_preview_draft",
        _ => "org_ed_preview_published",
    };
    let page = PreviewPage {
        event: event_page(&state, &event, lang).await?,
        preview_note: tx(lang, note).to_owned(),
        back_href: event_href(&slug),
        back: tx(lang, "org_ed_back_to_event").to_owned(),
    };
    let shell = Shell::new(
        lang,
        &[tx(lang, "org_ed_preview_title"), &event.event.title],
        format!("/organiser/events/{slug}/preview"),
    );
    Ok(respond(&state, "organiser/preview.html", &shell, &page, StatusCode::OK))
}

/// Publishing or closing, the last word of the address.
#[derive(Clone, Copy)]
enum Move {
    Publish,
    Close,
}

impl Move {
    fn of(path: &MatchedPath) -> Self {
        if path.as_str().ends_with("/publish") { Self::Publish } else { Self::Close }
    }

    fn path(self) -> &'static str {
        match self {
            Self::Publish => "publish",
            Self::Close => "close",
        }
    }
}

/// "Publier … ?", "Clore les inscriptions de … ?"
pub async fn status_page(
    State(state): State<AppState>,
    Extension(lang): Extension<PageLang>,
    signed_in: SignedIn,
    Path(slug): Path<String>,
    matched: MatchedPath,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    status_confirm(&state, &signed_in, &slug, &headers, Move::of(&matched), lang.lang).await
}

/// What publishing or closing does, then one button.
async fn status_confirm(
    state: &AppState,
    signed_in: &SignedIn,
    slug: &str,
    headers: &HeaderMap,
    asked: Move,
    lang: Lang,
) -> Result<Response, PageError> {
    let event = signed_in.event(state, slug).await?;
    let (h1, lines, button) = match asked {
        Move::Publish => (
            format!("{} {} ?", tx(lang, "org_ed_publish_h1"), event.event.title),
            vec![tx(lang, "org_ed_publish_1").to_owned(), tx(lang, "org_ed_publish_2").to_owned()],
            tx(lang, "org_ed_publish_button"),
        ),
        Move::Close => (
            format!("{} {} ?", tx(lang, "org_ed_close_h1"), event.event.title),
            vec![tx(lang, "org_ed_close_1").to_owned(), tx(lang, "org_ed_close_2").to_owned()],
            tx(lang, "org_ed_close_button"),
        ),
    };
    let here = format!("/organiser/events/{slug}/{}", asked.path());
    Ok(with_token(headers, state, |csrf| {
        let page = ConfirmActionPage {
            bar: bar(signed_in, csrf, lang),
            h1,
            lines,
            people: Vec::new(),
            hidden: Vec::new(),
            action: here.clone(),
            button: button.to_owned(),
            danger: false,
            back_href: event_href(slug),
            back: tx(lang, "org_ed_back_to_event").to_owned(),
        };
        let shell = Shell::new(lang, &[&page.h1], here.clone());
        respond(state, "organiser/confirm_action.html", &shell, &page, StatusCode::OK)
    }))
}

/// Publishes the event (the public sees it and may register, within its window), or closes
/// its registration (the public still sees it).
pub async fn status_post(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    matched: MatchedPath,
    SignedPost { signed_in, .. }: SignedPost,
) -> Result<Response, PageError> {
    status_act(&state, &signed_in, &slug, Move::of(&matched)).await
}

async fn status_act(
    state: &AppState,
    signed_in: &SignedIn,
    slug: &str,
    asked: Move,
) -> Result<Response, PageError> {
    let event = signed_in.event(state, slug).await?;
    let (status, done) = match asked {
        Move::Publish => (EventStatus::Published, "published"),
        Move::Close => (EventStatus::Closed, "closed"),
    };
    let patch = EventPatch { status: Some(status), ..EventPatch::default() };
    state.store.update_event(event.event.id, patch).await?;
    Ok(see_other(&format!("{}?done={done}", event_href(slug))))
}

fn copy_page(
    state: &AppState,
    signed_in: &SignedIn,
    event: &EventRecord,
    (values, errors): (&CopyValues, &FormErrors),
    csrf: String,
    lang: Lang,
) -> Response {
    let page = CopyPage::new(bar(signed_in, csrf, lang), event, (values, errors), lang);
    let title = (lang, &[page.h1.as_str()][..], page.action.clone());
    form_response(state, "organiser/copy.html", title, errors, &page)
}

/// "Copier vers de nouvelles dates": the form.
pub async fn copy_form(
    State(state): State<AppState>,
    Extension(lang): Extension<PageLang>,
    signed_in: SignedIn,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let event = signed_in.event(&state, &slug).await?;
    let values = CopyValues { title: event.event.title.clone(), ..CopyValues::default() };
    Ok(with_token(&headers, &state, |csrf| {
        copy_page(&state, &signed_in, &event, (&values, &FormErrors::default()), csrf, lang.lang)
    }))
}

/// Copies the event and its programme to new dates (the existing cloning: a draft, without
/// its registrations), then opens the copy's editor page.
pub async fn copy(
    State(state): State<AppState>,
    Extension(PageLang { lang, .. }): Extension<PageLang>,
    Path(slug): Path<String>,
    SignedPost { signed_in, posted }: SignedPost,
) -> Result<Response, PageError> {
    let event = signed_in.event(&state, &slug).await?;
    let values = CopyValues {
        slug: posted.text("slug"),
        title: posted.text("title"),
        first_day: posted.text("first_day"),
    };
    let order = ["slug", "title", "first_day"];
    let mut errors = FormErrors::default();
    let request = CloneRequest {
        slug: Some(values.slug.trim().to_owned()),
        title: Some(values.title.clone()).filter(|t| !t.trim().is_empty()),
        first_day: iso_day(&values.first_day, "first_day", &mut errors, lang),
    };
    match check::event_copy(&request) {
        Ok((new_slug, title, first_day)) if errors.is_empty() => {
            let by = Some(signed_in.organiser.id);
            match state.store.clone_event(event.event.id, new_slug, title, first_day, by).await {
                Ok(copy) => {
                    return Ok(see_other(&format!("{}?done=copied", event_href(copy.event.slug.as_str()))));
                }
                Err(e) => refused(e, &mut errors, &order, lang)?,
            }
        }
        Ok(_) => {}
        Err(found) => merge(&mut errors, found, &order, lang),
    }
    Ok(copy_page(&state, &signed_in, &event, (&values, &errors), posted.text(session::FIELD), lang))
}

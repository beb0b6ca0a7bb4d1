//! Importing a programme from the organisers' spreadsheet (CSV or XLSX): the form (the file,
//! the date of day 1), the preview of every session the file would create day by day and of
//! every problem by line and column (nothing written), then "Confirmer l'import", which
//! writes all of it in one transaction or nothing (the store's `import_programme`). The
//! template and the current programme as downloads.
//!
//! The file is read once, in the domain (`programme_file::read_file`); the preview is the
//! store's `plan_import`. The confirmation posts the rows back as a programme file (the
//! domain's `write`, read again with `read`) with the lines they came from, so that a refusal
//! at that moment still names the lines of the organiser's file; the store checks everything
//! again under the event's lock.

use axum::extract::DefaultBodyLimit;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use chrono::NaiveDate;
use tisser_domain::programme_file::{self, Planned, Problem, Row};
use tisser_persistence::{EventRecord, ImportOutcome, Store};

use super::auth::{self, SignedIn};
use super::import_views::{
    ConfirmForm, ImportPage, PreviewInput, PreviewPage, UploadForm, import_href, typed_day,
};
use super::views::Bar;
use crate::AppState;
use crate::error::Lang;
use crate::pages::texts::tx;
use crate::pages::views::FormErrors;
use crate::pages::{PageError, PageLang, Posted, Shell, respond, secure, see_other};
use crate::routes::organiser_tools::exports::attachment;
use crate::session;

/// The largest programme file read: 2 MB. A programme of several hundred sessions is far
/// smaller; a larger workbook holds images or other sheets.
pub const FILE_MAX: usize = 2 * 1024 * 1024;

/// The largest body read by the upload and the confirmation (above the site's small limit
/// for forms): a file somewhat larger than [`FILE_MAX`] is still read to its end, so that the
/// browser gets the page saying it is too large rather than a broken connection.
pub const BODY_MAX: usize = 3 * FILE_MAX;

/// A small field of the upload form (the token, the date): more is not a date.
const SMALL_FIELD_MAX: usize = 256;

/// The import's routes; the upload and the confirmation read up to [`BODY_MAX`].
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/organiser/events/{slug}/import",
            get(form).post(upload).layer(DefaultBodyLimit::max(BODY_MAX)),
        )
        .route(
            "/organiser/events/{slug}/import/confirm",
            post(confirm).layer(DefaultBodyLimit::max(BODY_MAX)),
        )
        .route("/organiser/events/{slug}/modele-programme.csv", get(template))
        .route("/organiser/events/{slug}/programme.csv", get(export))
}

fn bar(signed_in: &SignedIn, csrf: String, lang: Lang) -> Bar {
    let me = &signed_in.organiser;
    Bar::new(&me.name, &me.email, me.role, csrf, lang)
}

/// A day as an organiser types it: `17/10/2024`, `17/10/24` is not accepted (which
/// century?), `2024-10-17` (what a date field sends).
fn parse_day(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(text, f).ok())
        .filter(|d| (2000..=2200).contains(&chrono::Datelike::year(d)))
}

/// The form page, with what was typed and its errors.
fn form_page(
    state: &AppState,
    signed_in: &SignedIn,
    event: &EventRecord,
    (first_day, known): (&str, Option<NaiveDate>),
    (errors, status): (&FormErrors, StatusCode),
    csrf: String,
    lang: Lang,
) -> Response {
    let slug = event.event.slug.as_str();
    let form = UploadForm::new(slug, csrf.clone(), (first_day, known), errors, event.event.timezone, lang);
    let page = ImportPage::new(bar(signed_in, csrf, lang), (slug, &event.event.title), form, errors, lang);
    let shell = Shell::new(lang, &[tx(lang, "org_imp_h1"), &event.event.title], import_href(slug))
        .errors(!errors.is_empty());
    respond(state, "organiser/import.html", &shell, &page, status)
}

/// The empty form, day 1 prefilled with the day of the programme's first session.
pub async fn form(
    State(state): State<AppState>,
    Extension(lang): Extension<PageLang>,
    signed_in: SignedIn,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let event = signed_in.event(&state, &slug).await?;
    let known = state.store.first_day(event.event.id).await?;
    let typed = known.map(typed_day).unwrap_or_default();
    let (csrf, cookie) = session::issue(&headers, secure(&state));
    let ok = (&FormErrors::default(), StatusCode::OK);
    let mut response = form_page(&state, &signed_in, &event, (&typed, known), ok, csrf, lang.lang);
    session::set_cookie(response.headers_mut(), cookie);
    Ok(response)
}

/// What the upload form brought.
#[derive(Default)]
pub struct Upload {
    csrf: Option<String>,
    first_day: String,
    file: Option<Vec<u8>>,
    /// The file is larger than [`FILE_MAX`] (or the whole body than [`BODY_MAX`]).
    too_big: bool,
    /// The body broke off, or is not a form with a file.
    broken: bool,
}

/// Reads one field to its end, keeping at most `max` bytes; `None` when it is larger.
async fn field_bytes(
    field: &mut axum::extract::multipart::Field<'_>,
    max: usize,
) -> Result<Option<Vec<u8>>, bool> {
    let mut bytes = Vec::new();
    let mut over = false;
    loop {
        match field.chunk().await {
            Ok(Some(chunk)) if !over && bytes.len() + chunk.len() <= max => bytes.extend_from_slice(&chunk),
            Ok(Some(_)) => {
                over = true;
                bytes = Vec::new();
            }
            Ok(None) => return Ok((!over).then_some(bytes)),
            // `true`: the body is larger than the route allows.
            Err(e) => return Err(e.status() == StatusCode::PAYLOAD_TOO_LARGE),
        }
    }
}

async fn read_upload(mut multipart: Multipart) -> Upload {
    let mut upload = Upload::default();
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => return upload,
            Err(e) => {
                upload.too_big |= e.status() == StatusCode::PAYLOAD_TOO_LARGE;
                upload.broken = true;
                return upload;
            }
        };
        let name = field.name().unwrap_or_default().to_owned();
        // No file chosen: browsers send an empty part without a file name.
        let chosen = field.file_name().is_some_and(|f| !f.is_empty());
        let max = if name == "file" { FILE_MAX } else { SMALL_FIELD_MAX };
        let bytes = match field_bytes(&mut field, max).await {
            Ok(bytes) => bytes,
            Err(too_big) => {
                upload.too_big |= too_big;
                upload.broken = true;
                return upload;
            }
        };
        let text = || bytes.as_deref().map(|b| String::from_utf8_lossy(b).into_owned());
        match name.as_str() {
            session::FIELD => upload.csrf = text(),
            "first_day" => upload.first_day = text().unwrap_or_default(),
            "file" => match bytes {
                Some(bytes) if bytes.is_empty() && !chosen => {}
                Some(bytes) => upload.file = Some(bytes),
                None => upload.too_big = true,
            },
            _ => {}
        }
    }
}

/// A posted upload form that passed the safety check of every page POST (`session.rs`): its
/// token comes first in the form, so that even a file too large to keep is answered with the
/// form and its error. A body that is not such a form fails the check.
impl FromRequest<AppState> for Upload {
    type Rejection = PageError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, PageError> {
        let headers = req.headers().clone();
        let upload = match Multipart::from_request(req, state).await {
            Ok(multipart) => read_upload(multipart).await,
            Err(_) => Upload { broken: true, ..Upload::default() },
        };
        if session::verify(&headers, upload.csrf.as_deref(), &state.config.public_url) {
            Ok(upload)
        } else {
            Err(PageError::Forbidden)
        }
    }
}

/// A POST whose form passed the CSRF check: the organiser signed in, then `act`.
async fn signed_in_then<F: Future<Output = Result<Response, PageError>>>(
    state: &AppState,
    headers: &HeaderMap,
    act: impl FnOnce(SignedIn) -> F,
) -> Response {
    match auth::require(state, headers).await {
        Ok(signed_in) => act(signed_in).await.unwrap_or_else(IntoResponse::into_response),
        Err(response) => response,
    }
}

/// The file posted: its preview, or the form again with its errors.
pub async fn upload(
    State(state): State<AppState>,
    Extension(lang): Extension<PageLang>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    upload: Upload,
) -> Response {
    signed_in_then(&state, &headers, |me| uploaded(&state, me, &slug, upload, lang.lang)).await
}

async fn uploaded(
    state: &AppState,
    signed_in: SignedIn,
    slug: &str,
    upload: Upload,
    lang: Lang,
) -> Result<Response, PageError> {
    let signed_in = &signed_in;
    let event = signed_in.event(state, slug).await?;
    let csrf = upload.csrf.clone().unwrap_or_default();
    let mut errors = FormErrors::default();
    let mut status = StatusCode::UNPROCESSABLE_ENTITY;
    // In the form's order: the date, then the file.
    let first_day = parse_day(&upload.first_day);
    if first_day.is_none() {
        errors.push("first_day", tx(lang, "org_imp_err_day"));
    }
    let file = match (upload.file, upload.too_big, upload.broken) {
        (_, true, _) => {
            status = StatusCode::PAYLOAD_TOO_LARGE;
            errors.push("file", tx(lang, "org_imp_err_too_big"));
            None
        }
        (_, _, true) => {
            errors.push("file", tx(lang, "org_imp_err_unread"));
            None
        }
        (None, _, _) => {
            errors.push("file", tx(lang, "org_imp_err_no_file"));
            None
        }
        (Some(bytes), _, _) if bytes.is_empty() => {
            errors.push("file", tx(lang, "org_imp_err_empty_file"));
            None
        }
        (Some(bytes), _, _) => Some(bytes),
    };
    let (Some(bytes), Some(first_day)) = (file, first_day) else {
        let known = state.store.first_day(event.event.id).await?;
        let form = (upload.first_day.as_str(), known);
        return Ok(form_page(state, signed_in, &event, form, (&errors, status), csrf, lang));
    };
    let reading = programme_file::read_file(&bytes);
    if reading.rows.is_empty() && reading.problems.is_empty() {
        errors.push("file", tx(lang, "org_imp_err_no_session"));
        let known = state.store.first_day(event.event.id).await?;
        let form = (upload.first_day.as_str(), known);
        return Ok(form_page(state, signed_in, &event, form, (&errors, status), csrf, lang));
    }
    let plan = state.store.plan_import(event.event.id, &reading.rows, first_day).await?;
    let mut problems = reading.problems;
    problems.extend(plan.problems);
    problems.sort_by_key(|p| p.line);
    let shown = Shown { sessions: &plan.sessions, problems: &problems, changed: false };
    preview(state, signed_in, &event, &shown, first_day, csrf, lang).await
}

/// What a preview shows.
struct Shown<'a> {
    sessions: &'a [Planned],
    problems: &'a [Problem],
    /// The store refused at the confirmation.
    changed: bool,
}

async fn preview(
    state: &AppState,
    signed_in: &SignedIn,
    event: &EventRecord,
    shown: &Shown<'_>,
    first_day: NaiveDate,
    csrf: String,
    lang: Lang,
) -> Result<Response, PageError> {
    let slug = event.event.slug.as_str();
    let tz = event.event.timezone;
    let next = if shown.problems.is_empty() && !shown.sessions.is_empty() {
        let rows: Vec<Row> = shown.sessions.iter().map(|p| p.row.clone()).collect();
        let lines: Vec<String> = rows.iter().map(|r| r.line.to_string()).collect();
        Ok(ConfirmForm {
            action: format!("{}/confirm", import_href(slug)),
            csrf: csrf.clone(),
            rows: programme_file::write(&rows),
            lines: lines.join(","),
            first_day: first_day.to_string(),
        })
    } else {
        let known = state.store.first_day(event.event.id).await?;
        let typed = typed_day(first_day);
        Err(UploadForm::new(slug, csrf.clone(), (&typed, known), &FormErrors::default(), tz, lang))
    };
    let input = PreviewInput {
        bar: bar(signed_in, csrf, lang),
        slug,
        title: &event.event.title,
        tz,
        sessions: shown.sessions,
        problems: shown.problems,
        changed: shown.changed,
        next,
    };
    let page = PreviewPage::new(input, lang);
    let has_problems = !shown.problems.is_empty();
    let shell = Shell::new(lang, &[tx(lang, "org_imp_preview_h1"), &event.event.title], import_href(slug))
        .errors(has_problems);
    let status = match (has_problems, shown.changed) {
        (false, _) => StatusCode::OK,
        (true, false) => StatusCode::UNPROCESSABLE_ENTITY,
        (true, true) => StatusCode::CONFLICT,
    };
    Ok(respond(state, "organiser/import_preview.html", &shell, &page, status))
}

/// The rows posted back by the preview, on the lines of the organiser's file they came from.
///
/// # Errors
/// The problems of a posted text that does not read (never, unless it was changed).
fn posted_rows(posted: &Posted) -> Result<Vec<Row>, Vec<Problem>> {
    // A browser sends the line breaks of a field as CRLF.
    let text = posted.text("rows").replace("\r\n", "\n");
    let mut rows = programme_file::read(&text)?;
    let lines: Vec<usize> = posted.text("lines").split(',').filter_map(|l| l.trim().parse().ok()).collect();
    if lines.len() == rows.len() {
        for (row, line) in rows.iter_mut().zip(lines) {
            row.line = line;
        }
    }
    Ok(rows)
}

/// "Confirmer l'import": everything in one transaction, then the dashboard saying how many
/// sessions were added; or, when the store refuses, the problems again.
pub async fn confirm(
    State(state): State<AppState>,
    Extension(lang): Extension<PageLang>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    posted: Posted,
) -> Response {
    signed_in_then(&state, &headers, |me| confirmed(&state, me, &slug, posted, lang.lang)).await
}

async fn confirmed(
    state: &AppState,
    signed_in: SignedIn,
    slug: &str,
    posted: Posted,
    lang: Lang,
) -> Result<Response, PageError> {
    let (signed_in, posted) = (&signed_in, &posted);
    let event = signed_in.event(state, slug).await?;
    let csrf = posted.text(session::FIELD);
    let Some(first_day) = parse_day(&posted.text("first_day")) else {
        let mut errors = FormErrors::default();
        errors.push("first_day", tx(lang, "org_imp_err_day"));
        let known = state.store.first_day(event.event.id).await?;
        let unprocessable = (&errors, StatusCode::UNPROCESSABLE_ENTITY);
        return Ok(form_page(state, signed_in, &event, ("", known), unprocessable, csrf, lang));
    };
    let problems = match posted_rows(posted) {
        Err(problems) => problems,
        Ok(rows) => match state.store.import_programme(event.event.id, &rows, first_day).await? {
            ImportOutcome::Imported(sessions) => {
                let n = sessions.len();
                return Ok(see_other(&format!("/organiser?imported={n}&event={slug}")));
            }
            ImportOutcome::Refused(problems) => problems,
        },
    };
    let shown = Shown { sessions: &[], problems: &problems, changed: true };
    preview(state, signed_in, &event, &shown, first_day, csrf, lang).await
}

/// The programme template (`modele-programme.csv`), for the event's organisers.
pub async fn template(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    signed_in.event(&state, &slug).await?;
    Ok(attachment("modele-programme.csv", "text/csv; charset=utf-8", Store::programme_template().into()))
}

/// The event's current programme in the same format (`programme-<slug>.csv`): it holds the
/// join links, so it goes to the event's organisers only and is kept by no cache.
pub async fn export(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let event = signed_in.event(&state, &slug).await?;
    let text = state.store.export_programme(event.event.id).await?;
    Ok(attachment(&format!("programme-{slug}.csv"), "text/csv; charset=utf-8", text.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_reads_as_organisers_type_it() {
        let day = NaiveDate::from_ymd_opt(2024, 10, 17);
        for typed in ["17/10/2024", " 2024-10-17 ", "17-10-2024", "17.10.2024"] {
            assert_eq!(parse_day(typed), day, "{typed}");
        }
        for typed in ["", "17/10/24", "31/02/2024", "demain"] {
            assert_eq!(parse_day(typed), None, "{typed}");
        }
    }
}

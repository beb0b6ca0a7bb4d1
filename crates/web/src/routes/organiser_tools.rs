//! Organiser tools: attendee exports (CSV and XLSX), attendance sheets, check-in, fill rates,
//! messages to registrants, and data protection (a person's data, erasure, audit log).
//!
//! Every handler takes the organiser's bearer token ([`OrganiserAuth`]) and the rights on the
//! event ([`OrganiserAuth::event`]): no token or a participant's private link answers 401,
//! another event's organiser 403, before anything is read. Each action that shows or
//! changes personal data writes a line into the audit log (who, what, when; never the data)
//! before it answers.
//!
//! The CSV is UTF-8 with a byte order mark and `;` between fields: that is what Excel set
//! to French (where `,` is the decimal mark) opens in columns with its accents intact, and
//! LibreOffice recognises both. Every field is quoted. A cell a spreadsheet would run as a
//! formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading
//! `'`. The CSV streams: the store is read in pages of [`PAGE`] registrations, each page
//! written out before the next is read. The XLSX cannot stream (a zip whose directory comes
//! last): it is built from the same pages, its rows kept in temporary files (constant
//! memory mode), then sent whole.

use std::fmt::Write as _;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{delete, get, post, put};
use axum::{Json, Router};
use chrono_tz::Tz;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use serde::{Deserialize, Serialize};
use tisser_domain::{
    ChoiceStatus, EventId, Language, Profile, RegistrationId, RegistrationStatus, Role, SessionId,
};
use tisser_persistence::{
    AttendeePages, AttendeeRow, AuditAction, AuditEntry, AuditRecord, CheckinOutcome, EventRecord, FillRates,
    PersonData, SessionRecord, Store,
};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::AppState;
use crate::auth::OrganiserAuth;
use crate::check::{Check, DESCRIPTION_MAX, TITLE_MAX};
use crate::dto::{RegistrationView, local};
use crate::error::{ApiError, FieldError, Msg};
use crate::extract::{AppJson, AppPath, AppQuery};
use crate::html::escape;

/// Registrations read from the store at a time while exporting.
pub const PAGE: u64 = 500;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/events/{slug}/attendees.csv", get(attendees_csv))
        .route("/api/v1/events/{slug}/attendees.xlsx", get(attendees_xlsx))
        .route("/api/v1/events/{slug}/sessions/{id}/attendance-sheet", get(attendance_sheet))
        .route(
            "/api/v1/events/{slug}/sessions/{id}/checkins/{registration_id}",
            put(check_in).delete(undo_check_in),
        )
        .route("/api/v1/events/{slug}/stats", get(stats))
        .route("/api/v1/events/{slug}/messages", post(send_message))
        .route("/api/v1/events/{slug}/registrations/{id}/export", get(person_export))
        .route("/api/v1/events/{slug}/registrations/{id}", delete(erase))
        .route("/api/v1/audit", get(audit_log))
}

// ---------------------------------------------------------------- bodies

/// Which registrations an export holds.
#[derive(Deserialize, Default, IntoParams)]
#[serde(default)]
pub struct ExportQuery {
    /// Only the people who chose this session (one workshop), and did not give it up.
    pub session: Option<Uuid>,
}

/// Presence at a session.
#[derive(Serialize, ToSchema)]
pub struct CheckinView {
    pub session_id: Uuid,
    pub registration_id: Uuid,
    /// Whether the person is now marked present.
    pub present: bool,
    #[schema(format = DateTime)]
    pub checked_in_at: Option<String>,
    pub counts: PresenceView,
}

/// Present and absent at a session.
#[derive(Serialize, ToSchema)]
pub struct PresenceView {
    /// People with a confirmed seat (a session open to all: every confirmed registrant).
    pub expected: u32,
    pub present: u32,
    pub absent: u32,
}

/// Seats and presence of one session.
#[derive(Serialize, ToSchema)]
pub struct SessionStatsView {
    pub id: Uuid,
    pub title: String,
    pub kind: &'static str,
    /// `scheduled` or `cancelled`.
    pub status: &'static str,
    #[schema(format = DateTime)]
    pub starts_at: String,
    #[schema(format = DateTime)]
    pub ends_at: String,
    /// Open to every registrant: its counts are the event's registrations.
    pub open_to_all: bool,
    /// Null when unlimited.
    pub capacity: Option<u32>,
    pub confirmed: u32,
    pub waitlisted: u32,
    pub cancelled: u32,
    pub checked_in: u32,
    /// Confirmed but not checked in.
    pub absent: u32,
    /// confirmed / capacity, from 0 to 1; null when unlimited.
    pub fill_rate: Option<f64>,
}

/// The event's registrations (people) by status.
#[derive(Serialize, ToSchema)]
pub struct EventTotalsView {
    /// Null when unlimited.
    pub capacity: Option<u32>,
    pub confirmed: u32,
    pub waitlisted: u32,
    pub cancelled: u32,
    /// People checked in at one session at least.
    pub checked_in: u32,
    pub fill_rate: Option<f64>,
}

/// Fill rates of an event.
#[derive(Serialize, ToSchema)]
pub struct StatsView {
    pub event: String,
    pub sessions: Vec<SessionStatsView>,
    pub totals: EventTotalsView,
}

/// A message to registrants.
#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct MessageRequest {
    /// One line, at most 200 characters.
    pub subject: Option<String>,
    /// The text; blank lines separate paragraphs.
    pub body: Option<String>,
    /// Only the people confirmed for this session; absent: everyone confirmed for the event.
    pub session: Option<Uuid>,
}

/// Messages written into the outbox.
#[derive(Serialize, ToSchema)]
pub struct MessageQueuedView {
    /// One per person.
    pub queued: u32,
}

/// A person's check-in.
#[derive(Serialize, ToSchema)]
pub struct PersonCheckinView {
    pub session_id: Uuid,
    pub title: String,
    #[schema(format = DateTime)]
    pub checked_in_at: String,
}

/// A message written for the person (its kind and fate, not its text).
#[derive(Serialize, ToSchema)]
pub struct PersonMessageView {
    pub kind: String,
    /// `pending`, `sent` or `failed`.
    pub status: String,
    #[schema(format = DateTime)]
    pub created_at: String,
    #[schema(format = DateTime)]
    pub sent_at: Option<String>,
}

/// Everything held about one person.
#[derive(Serialize, ToSchema)]
pub struct PersonExportView {
    /// The registration, as the organisers' list shows it.
    #[serde(flatten)]
    pub registration: RegistrationView,
    /// When the person's data was erased; null if it was not.
    #[schema(format = DateTime)]
    pub erased_at: Option<String>,
    pub checkins: Vec<PersonCheckinView>,
    pub messages: Vec<PersonMessageView>,
    /// Private links that still open the registration.
    pub active_private_links: u32,
}

/// The answer to an erasure.
#[derive(Serialize, ToSchema)]
pub struct ErasedView {
    pub id: Uuid,
    pub erased: bool,
    #[schema(format = DateTime)]
    pub erased_at: String,
}

/// Filters of the audit log.
#[derive(Deserialize, Default, IntoParams)]
#[serde(default)]
pub struct AuditQuery {
    /// Only the lines about this event (its slug).
    pub event: Option<String>,
    /// At most this many lines (100 by default, 1,000 at most).
    pub limit: Option<u64>,
    /// Skip this many lines (newest first).
    pub offset: Option<u64>,
}

/// One line of the audit log: who did what, when, on which ids. Never personal data.
#[derive(Serialize, ToSchema)]
pub struct AuditView {
    pub id: Uuid,
    #[schema(format = DateTime)]
    pub at: String,
    /// Null for the server itself (erasure after the retention period).
    #[serde(rename = "organizer_id")]
    pub organiser_id: Option<Uuid>,
    #[serde(rename = "organizer_email")]
    pub organiser_email: Option<String>,
    /// `attendees_csv`, `attendees_xlsx`, `attendance_sheet`, `registration_list`,
    /// `person_export`, `erasure`, `retention_erasure`, `message`, `check_in`,
    /// `check_in_undone`.
    pub action: String,
    pub event: Option<String>,
    pub event_id: Option<Uuid>,
    pub registration_id: Option<Uuid>,
    pub session_id: Option<Uuid>,
    /// How many people it concerned, when counted.
    pub count: Option<u32>,
}

impl From<AuditRecord> for AuditView {
    fn from(r: AuditRecord) -> Self {
        Self {
            id: r.id,
            at: r.at.to_rfc3339(),
            organiser_id: r.organiser_id.map(|o| o.0),
            organiser_email: r.organiser_email,
            action: r.action,
            event: r.event_slug,
            event_id: r.event_id.map(|e| e.0),
            registration_id: r.registration_id.map(|r| r.0),
            session_id: r.session_id.map(|s| s.0),
            count: r.count,
        }
    }
}

// ---------------------------------------------------------------- shared

fn unknown_session() -> ApiError {
    ApiError::validation(vec![FieldError::new(
        "session",
        "Ce temps ne fait pas partie de cet événement.",
        "This session is not part of this event.",
    )])
}

/// The session named in an export or a message, checked to be the event's.
async fn session_filter(
    state: &AppState,
    event: &EventRecord,
    session: Option<Uuid>,
) -> Result<Option<SessionRecord>, ApiError> {
    match session {
        None => Ok(None),
        Some(id) => match state.store.session(event.event.id, SessionId(id)).await {
            Ok(s) => Ok(Some(s)),
            Err(tisser_persistence::StoreError::NotFound(_)) => Err(unknown_session()),
            Err(e) => Err(e.into()),
        },
    }
}

fn profile_label(p: Profile) -> &'static str {
    match p {
        Profile::PatientPartner => "Patient partenaire",
        Profile::Caregiver => "Proche aidant",
        Profile::UserRepresentative => "Représentant des usagers",
        Profile::HealthProfessional => "Professionnel de santé",
        Profile::Student => "Étudiant",
        Profile::Institution => "Institution",
        Profile::Other => "Autre",
    }
}

fn registration_label(s: RegistrationStatus) -> &'static str {
    match s {
        RegistrationStatus::Confirmed => "Confirmée",
        RegistrationStatus::Waitlisted => "Liste d'attente",
        RegistrationStatus::Cancelled => "Annulée",
    }
}

fn choice_label(s: ChoiceStatus) -> &'static str {
    match s {
        ChoiceStatus::Confirmed => "confirmé",
        ChoiceStatus::Waitlisted => "liste d'attente",
        ChoiceStatus::Cancelled => "annulé",
    }
}

fn city(tz: Tz) -> String {
    tz.name().rsplit('/').next().unwrap_or(tz.name()).replace('_', " ")
}

/// The columns of an attendee list, and their widths in a spreadsheet.
fn columns(tz: Tz, session: Option<&SessionRecord>) -> Vec<(String, f64)> {
    let mut cols: Vec<(String, f64)> = vec![
        ("Nom".into(), 22.0),
        ("Prénom".into(), 18.0),
        ("E-mail".into(), 32.0),
        ("Profil".into(), 24.0),
        ("Organisation".into(), 28.0),
        ("Statut de l'inscription".into(), 20.0),
        ("Place en liste d'attente (événement)".into(), 14.0),
        ("Temps choisis et statut".into(), 60.0),
    ];
    if session.is_some() {
        cols.push(("Statut pour ce temps".into(), 18.0));
        cols.push(("Place en liste d'attente (ce temps)".into(), 14.0));
    }
    cols.push(("Besoins d'accessibilité".into(), 36.0));
    cols.push(("Régime alimentaire".into(), 28.0));
    cols.push((format!("Inscription (heure de {})", city(tz)), 20.0));
    cols
}

/// One registration as the cells of a row, in the order of [`columns`].
fn cells(row: &AttendeeRow, tz: Tz, session: Option<&SessionRecord>) -> Vec<String> {
    let chosen: Vec<String> = row
        .choices
        .iter()
        .map(|c| match c.waitlist_position {
            Some(p) => format!("{} : {} ({p})", c.title, choice_label(c.status)),
            None => format!("{} : {}", c.title, choice_label(c.status)),
        })
        .collect();
    let mut out = vec![
        row.last_name.clone(),
        row.first_name.clone(),
        row.email.clone(),
        row.profile.map(profile_label).unwrap_or_default().to_owned(),
        row.organization.clone().unwrap_or_default(),
        registration_label(row.status).to_owned(),
        row.waitlist_position.map(|p| p.to_string()).unwrap_or_default(),
        chosen.join(" | "),
    ];
    if let Some(s) = session {
        let choice = row.choices.iter().find(|c| c.session_id == s.id);
        out.push(choice.map(|c| choice_label(c.status)).unwrap_or_default().to_owned());
        out.push(choice.and_then(|c| c.waitlist_position).map(|p| p.to_string()).unwrap_or_default());
    }
    out.push(row.accessibility_needs.clone().unwrap_or_default());
    out.push(row.dietary_requirements.clone().unwrap_or_default());
    out.push(row.created_at.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string());
    out
}

/// A cell a spreadsheet would run as a formula gets a leading `'`, which makes it text.
#[must_use]
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{cell}").into() } else { cell.into() }
}

/// One CSV line: every field neutralised and quoted, `;` between, CRLF at the end.
fn csv_line(out: &mut String, fields: &[String]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(';');
        }
        out.push('"');
        out.push_str(&neutralise(f).replace('"', "\"\""));
        out.push('"');
    }
    out.push_str("\r\n");
}

fn attachment(filename: &str, content_type: &'static str, body: Body) -> Response {
    let mut res = Response::new(body);
    let headers = res.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    // Personal data: kept by no cache.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

// ---------------------------------------------------------------- exports

/// The attendee list as CSV, streamed.
#[utoipa::path(get, path = "/api/v1/events/{slug}/attendees.csv", tag = "organizer", security(("bearer" = [])),
    params(("slug" = String, Path), ExportQuery),
    description = "Every registration of the event (or of one session with `?session=ID`): name, e-mail, profile, \
organisation, status, place on the event's waitlist, chosen sessions and their status, accessibility needs, dietary \
requirements, registration time in the event's zone. UTF-8 with a byte order mark, `;` as separator (Excel in \
French, LibreOffice), every field quoted, CRLF line ends; a cell starting with `=`, `+`, `-`, `@`, a tab or a \
carriage return gets a leading `'` so that no spreadsheet runs it. Streamed: read in pages of 500.",
    responses(
        (status = 200, description = "The list", content_type = "text/csv", body = String),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "a session that is not the event's", body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub async fn attendees_csv(
    State(state): State<AppState>,
    auth: OrganiserAuth,
    AppPath(slug): AppPath<String>,
    AppQuery(query): AppQuery<ExportQuery>,
) -> Result<Response, ApiError> {
    let event = auth.event(&state, &slug).await?;
    let session = session_filter(&state, &event, query.session).await?;
    let entry = AuditEntry::new(auth.0.id, AuditAction::ExportCsv, event.event.id)
        .session(session.as_ref().map(|s| s.id));
    state.store.audit(entry, state.now()).await?;
    let tz = event.event.timezone;
    let mut head = String::from("\u{feff}");
    csv_line(&mut head, &columns(tz, session.as_ref()).into_iter().map(|c| c.0).collect::<Vec<_>>());
    let pages = state.store.attendee_pages(event.event.id, session.as_ref().map(|s| s.id)).await?;
    let start = CsvState { store: state.store.clone(), pages, tz, session, head: Some(head), done: false };
    let stream = futures::stream::unfold(start, next_csv_chunk);
    let name = format!("inscriptions-{slug}.csv");
    Ok(attachment(&name, "text/csv; charset=utf-8", Body::from_stream(stream)))
}

struct CsvState {
    store: Store,
    pages: AttendeePages,
    tz: Tz,
    session: Option<SessionRecord>,
    head: Option<String>,
    done: bool,
}

/// The next piece of the CSV: the header, then one page of registrations at a time.
async fn next_csv_chunk(mut st: CsvState) -> Option<(Result<Bytes, std::io::Error>, CsvState)> {
    if let Some(head) = st.head.take() {
        return Some((Ok(Bytes::from(head)), st));
    }
    if st.done {
        return None;
    }
    match st.store.next_attendees(&mut st.pages, PAGE).await {
        Ok(rows) if rows.is_empty() => None,
        Ok(rows) => {
            let mut out = String::new();
            for row in &rows {
                csv_line(&mut out, &cells(row, st.tz, st.session.as_ref()));
            }
            Some((Ok(Bytes::from(out)), st))
        }
        Err(e) => {
            // The answer has begun: all that can be done is to cut it, so that the client
            // sees a broken download rather than a short list.
            tracing::error!(error = %e, "attendee export failed");
            st.done = true;
            Some((Err(std::io::Error::other("export failed")), st))
        }
    }
}

fn xlsx_error(e: &XlsxError) -> ApiError {
    tracing::error!(error = %e, "spreadsheet building failed");
    ApiError::internal()
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, unique.
fn sheet_name(title: &str, taken: &mut Vec<String>) -> String {
    let clean: String = title
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { ' ' } else { c })
        .collect::<String>()
        .trim()
        .trim_matches('\'')
        .to_owned();
    let base: String = if clean.is_empty() { "Temps".to_owned() } else { clean.chars().take(31).collect() };
    let mut name = base.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.to_lowercase() == name.to_lowercase()) {
        let suffix = format!(" ({n})");
        name = format!("{}{suffix}", base.chars().take(31 - suffix.chars().count()).collect::<String>());
        n += 1;
    }
    taken.push(name.clone());
    name
}

/// Writes one sheet: header, frozen first row, widths, then the rows read page by page.
async fn write_sheet(
    sheet: &mut Worksheet,
    store: &Store,
    event: EventId,
    tz: Tz,
    session: Option<&SessionRecord>,
    bold: &Format,
) -> Result<u32, ApiError> {
    for (i, (title, width)) in columns(tz, session).iter().enumerate() {
        let col = u16::try_from(i).unwrap_or(u16::MAX);
        sheet.write_string_with_format(0, col, title, bold).map_err(|e| xlsx_error(&e))?;
        sheet.set_column_width(col, *width).map_err(|e| xlsx_error(&e))?;
    }
    sheet.set_freeze_panes(1, 0).map_err(|e| xlsx_error(&e))?;
    let mut row_number: u32 = 1;
    let mut pages = store.attendee_pages(event, session.map(|s| s.id)).await?;
    loop {
        let rows = store.next_attendees(&mut pages, PAGE).await?;
        if rows.is_empty() {
            break;
        }
        for row in &rows {
            for (i, cell) in cells(row, tz, session).iter().enumerate() {
                // A string cell is never run as a formula: no quote needed here.
                let col = u16::try_from(i).unwrap_or(u16::MAX);
                sheet.write_string(row_number, col, cell).map_err(|e| xlsx_error(&e))?;
            }
            row_number += 1;
        }
    }
    Ok(row_number - 1)
}

/// The attendee list as a spreadsheet: one sheet for the event and one per session that
/// needs a choice (workshops, dinner, webinars), or one sheet with `?session=ID`.
#[utoipa::path(get, path = "/api/v1/events/{slug}/attendees.xlsx", tag = "organizer", security(("bearer" = [])),
    params(("slug" = String, Path), ExportQuery),
    description = "The same columns as the CSV, in an Office Open XML workbook: a sheet `Inscriptions` for the whole \
event and one per session that needs a choice (or only that session's with `?session=ID`), each with a bold \
header row, frozen, and column widths. Built whole before it is sent (a zip cannot stream): the store is read in \
pages of 500 and the rows kept in temporary files, not in memory.",
    responses(
        (status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "a session that is not the event's", body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub async fn attendees_xlsx(
    State(state): State<AppState>,
    auth: OrganiserAuth,
    AppPath(slug): AppPath<String>,
    AppQuery(query): AppQuery<ExportQuery>,
) -> Result<Response, ApiError> {
    let event = auth.event(&state, &slug).await?;
    let session = session_filter(&state, &event, query.session).await?;
    let entry = AuditEntry::new(auth.0.id, AuditAction::ExportXlsx, event.event.id)
        .session(session.as_ref().map(|s| s.id));
    state.store.audit(entry, state.now()).await?;
    let tz = event.event.timezone;
    let sheets: Vec<(String, Option<SessionRecord>)> = match session {
        Some(s) => vec![(s.title.clone(), Some(s))],
        None => {
            let mut list = vec![("Inscriptions".to_owned(), None)];
            for s in state.store.programme(event.event.id).await? {
                if s.requires_registration {
                    list.push((s.title.clone(), Some(s)));
                }
            }
            list
        }
    };
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let mut names = Vec::new();
    for (title, session) in &sheets {
        let sheet = workbook.add_worksheet_with_constant_memory().map_err(|e| xlsx_error(&e))?;
        sheet.set_name(sheet_name(title, &mut names)).map_err(|e| xlsx_error(&e))?;
        write_sheet(sheet, &state.store, event.event.id, tz, session.as_ref(), &bold).await?;
    }
    let bytes = tokio::task::spawn_blocking(move || workbook.save_to_buffer())
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "spreadsheet task failed");
            ApiError::internal()
        })?
        .map_err(|e| xlsx_error(&e))?;
    let name = format!("inscriptions-{slug}.xlsx");
    Ok(attachment(
        &name,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Body::from(bytes),
    ))
}

// ---------------------------------------------------------------- attendance

/// A session's attendance sheet (*feuille d'émargement*), ready to print.
#[utoipa::path(get, path = "/api/v1/events/{slug}/sessions/{id}/attendance-sheet", tag = "organizer", security(("bearer" = [])),
    params(("slug" = String, Path), ("id" = Uuid, Path)),
    description = "An HTML page in French with a print style sheet (A4): the event, the session, its date and time \
in the event's zone, its facilitators, and one row per person expected (a confirmed seat; for a session open to \
all, every confirmed registrant), sorted by last name, with an empty box to sign.",
    responses(
        (status = 200, description = "The sheet", content_type = "text/html", body = String),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub async fn attendance_sheet(
    State(state): State<AppState>,
    auth: OrganiserAuth,
    AppPath((slug, id)): AppPath<(String, Uuid)>,
) -> Result<Response, ApiError> {
    let event = auth.event(&state, &slug).await?;
    let session = state.store.session(event.event.id, SessionId(id)).await?;
    let people = state.store.attendance(event.event.id, SessionId(id)).await?;
    let entry = AuditEntry::new(auth.0.id, AuditAction::AttendanceSheet, event.event.id)
        .session(Some(session.id))
        .count(u32::try_from(people.len()).unwrap_or(u32::MAX));
    state.store.audit(entry, state.now()).await?;
    let tz = event.event.timezone;
    let when = tisser_domain::wording::when(session.slot.start(), session.slot.end(), tz, Language::Fr);
    let mut html = String::from(
        "<!doctype html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
    );
    let _ = write!(html, "<title>Feuille d'émargement — {}</title>", escape(&session.title));
    html.push_str(
        "<style>\
         body{font-family:system-ui,Arial,sans-serif;font-size:12pt;line-height:1.4;max-width:60rem;margin:1.5rem auto;padding:0 1rem;color:#000}\
         h1{font-size:1.5rem;margin:0 0 .5rem}h2{font-size:1.2rem;margin:.25rem 0}p{margin:.2rem 0}\
         table{border-collapse:collapse;width:100%;margin-top:1rem}\
         th,td{border:1px solid #000;padding:.35rem .5rem;text-align:left;vertical-align:middle}\
         thead th{background:#eee}td.signature{width:35%;height:2.4rem}td.number{width:2.5rem;text-align:right}\
         @media print{@page{size:A4 portrait;margin:12mm}body{margin:0;max-width:none;font-size:11pt}\
         thead{display:table-header-group}tr{break-inside:avoid;page-break-inside:avoid}thead th{background:none}}\
         </style></head><body><main>",
    );
    let _ = write!(
        html,
        "<h1>Feuille d'émargement</h1><p><strong>{}</strong></p><h2>{}</h2><p>{}</p>",
        escape(&event.event.title),
        escape(&session.title),
        escape(&when)
    );
    let place: Vec<&str> =
        [session.room.as_deref(), event.event.venue.as_deref()].into_iter().flatten().collect();
    if !place.is_empty() {
        let _ = write!(html, "<p>Lieu : {}</p>", escape(&place.join(", ")));
    }
    if !session.facilitators.is_empty() {
        let names: Vec<String> = session
            .facilitators
            .iter()
            .map(|f| match &f.role {
                Some(role) => format!("{} ({})", escape(&f.name), escape(role)),
                None => escape(&f.name),
            })
            .collect();
        let _ = write!(html, "<p>Co-animation : {}</p>", names.join(", "));
    }
    let _ = write!(
        html,
        "<table><caption>{} participant{} attendu{}</caption><thead><tr><th scope=\"col\">N°</th>\
         <th scope=\"col\">Nom</th><th scope=\"col\">Prénom</th><th scope=\"col\">Organisation</th>\
         <th scope=\"col\">Signature</th></tr></thead><tbody>",
        people.len(),
        if people.len() > 1 { "s" } else { "" },
        if people.len() > 1 { "s" } else { "" },
    );
    for (i, p) in people.iter().enumerate() {
        let _ = write!(
            html,
            "<tr><td class=\"number\">{}</td><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td class=\"signature\"></td></tr>",
            i + 1,
            escape(&p.last_name),
            escape(&p.first_name),
            escape(p.organization.as_deref().unwrap_or_default())
        );
    }
    html.push_str("</tbody></table></main></body></html>\n");
    let mut res = Html(html).into_response();
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

// ---------------------------------------------------------------- check-in

async fn mark(
    state: &AppState,
    auth: &OrganiserAuth,
    slug: &str,
    session: Uuid,
    registration: Uuid,
    present: bool,
) -> Result<Json<CheckinView>, ApiError> {
    let event = auth.event(state, slug).await?;
    let outcome = state
        .store
        .check_in(
            event.event.id,
            SessionId(session),
            RegistrationId(registration),
            present,
            auth.0.id,
            state.now(),
        )
        .await?;
    match outcome {
        CheckinOutcome::Done { present, checked_in_at, counts } => Ok(Json(CheckinView {
            session_id: session,
            registration_id: registration,
            present,
            checked_in_at: checked_in_at.map(|t| local(t, event.event.timezone)),
            counts: PresenceView {
                expected: counts.expected,
                present: counts.present,
                absent: counts.absent,
            },
        })),
        CheckinOutcome::NotExpected => Err(ApiError::new(
            StatusCode::CONFLICT,
            "not_expected",
            Msg::new("Conflit", "Conflict"),
            Msg::new(
                "Cette personne n'a pas de place confirmée à ce temps.",
                "This person holds no confirmed seat at this session.",
            ),
        )),
    }
}

/// Marks a person present at a session. Marking twice changes nothing.
#[utoipa::path(put, path = "/api/v1/events/{slug}/sessions/{id}/checkins/{registration_id}", tag = "organizer", security(("bearer" = [])),
    params(("slug" = String, Path), ("id" = Uuid, Path), ("registration_id" = Uuid, Path)),
    responses(
        (status = 200, body = CheckinView),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "`not_expected`: no confirmed seat at this session", body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub async fn check_in(
    State(state): State<AppState>,
    auth: OrganiserAuth,
    AppPath((slug, id, registration_id)): AppPath<(String, Uuid, Uuid)>,
) -> Result<Json<CheckinView>, ApiError> {
    mark(&state, &auth, &slug, id, registration_id, true).await
}

/// Undoes a check-in.
#[utoipa::path(delete, path = "/api/v1/events/{slug}/sessions/{id}/checkins/{registration_id}", tag = "organizer", security(("bearer" = [])),
    params(("slug" = String, Path), ("id" = Uuid, Path), ("registration_id" = Uuid, Path)),
    responses(
        (status = 200, body = CheckinView),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub async fn undo_check_in(
    State(state): State<AppState>,
    auth: OrganiserAuth,
    AppPath((slug, id, registration_id)): AppPath<(String, Uuid, Uuid)>,
) -> Result<Json<CheckinView>, ApiError> {
    mark(&state, &auth, &slug, id, registration_id, false).await
}

// ---------------------------------------------------------------- stats

fn rate(confirmed: u32, capacity: Option<u32>) -> Option<f64> {
    capacity.filter(|c| *c > 0).map(|c| f64::from(confirmed) / f64::from(c))
}

/// Fill rates: per session, capacity, confirmed, waitlisted, cancelled, checked in and
/// absent; and the event's totals.
#[utoipa::path(get, path = "/api/v1/events/{slug}/stats", tag = "organizer", security(("bearer" = [])),
    params(("slug" = String, Path)),
    responses(
        (status = 200, body = StatsView),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub async fn stats(
    State(state): State<AppState>,
    auth: OrganiserAuth,
    AppPath(slug): AppPath<String>,
) -> Result<Json<StatsView>, ApiError> {
    let event = auth.event(&state, &slug).await?;
    let tz = event.event.timezone;
    let FillRates { sessions, totals } = state.store.fill_rates(event.event.id).await?;
    Ok(Json(StatsView {
        event: event.event.slug.to_string(),
        sessions: sessions
            .into_iter()
            .map(|s| SessionStatsView {
                id: s.id.0,
                title: s.title,
                kind: s.kind.as_str(),
                status: s.status.as_str(),
                starts_at: local(s.slot.start(), tz),
                ends_at: local(s.slot.end(), tz),
                open_to_all: s.open_to_all,
                capacity: s.capacity.seats(),
                confirmed: s.confirmed,
                waitlisted: s.waitlisted,
                cancelled: s.cancelled,
                checked_in: s.checked_in,
                absent: s.absent,
                fill_rate: rate(s.confirmed, s.capacity.seats()),
            })
            .collect(),
        totals: EventTotalsView {
            capacity: totals.capacity.seats(),
            confirmed: totals.confirmed,
            waitlisted: totals.waitlisted,
            cancelled: totals.cancelled,
            checked_in: totals.checked_in,
            fill_rate: rate(totals.confirmed, totals.capacity.seats()),
        },
    }))
}

// ---------------------------------------------------------------- messages

/// Writes one e-mail per person confirmed for the event (or for one session) into the
/// outbox, in one transaction; the delivery worker sends them.
#[utoipa::path(post, path = "/api/v1/events/{slug}/messages", tag = "organizer", security(("bearer" = [])),
    params(("slug" = String, Path)), request_body = MessageRequest,
    responses(
        (status = 202, body = MessageQueuedView),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub async fn send_message(
    State(state): State<AppState>,
    auth: OrganiserAuth,
    AppPath(slug): AppPath<String>,
    AppJson(body): AppJson<MessageRequest>,
) -> Result<(StatusCode, Json<MessageQueuedView>), ApiError> {
    let event = auth.event(&state, &slug).await?;
    let mut check = Check::default();
    let subject = check.line("subject", body.subject.as_deref(), TITLE_MAX);
    let text = check.optional_text("body", body.body.as_deref(), DESCRIPTION_MAX);
    if body.body.as_deref().is_none_or(|b| b.trim().is_empty()) {
        check.push(FieldError::new("body", "Ce champ est obligatoire.", "This field is required."));
    }
    check.finish()?;
    let session = session_filter(&state, &event, body.session).await?;
    let text = text.ok_or_else(ApiError::internal)?;
    let queued = state
        .store
        .message_registrants(event.event.id, session.map(|s| s.id), subject, text, auth.0.id, state.now())
        .await?;
    Ok((StatusCode::ACCEPTED, Json(MessageQueuedView { queued })))
}

// ---------------------------------------------------------------- data protection

fn person_view(data: PersonData, tz: Tz) -> PersonExportView {
    PersonExportView {
        registration: RegistrationView::new(&data.registration, tz, &|_| None),
        erased_at: data.erased_at.map(|t| local(t, tz)),
        checkins: data
            .checkins
            .into_iter()
            .map(|c| PersonCheckinView {
                session_id: c.session_id.0,
                title: c.session_title,
                checked_in_at: local(c.checked_in_at, tz),
            })
            .collect(),
        messages: data
            .messages
            .into_iter()
            .map(|m| PersonMessageView {
                kind: m.kind,
                status: m.status,
                created_at: local(m.created_at, tz),
                sent_at: m.sent_at.map(|t| local(t, tz)),
            })
            .collect(),
        active_private_links: data.active_links,
    }
}

/// Everything held about one person (their right of access), as JSON.
#[utoipa::path(get, path = "/api/v1/events/{slug}/registrations/{id}/export", tag = "organizer", security(("bearer" = [])),
    params(("slug" = String, Path), ("id" = Uuid, Path)),
    responses(
        (status = 200, body = PersonExportView),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub async fn person_export(
    State(state): State<AppState>,
    auth: OrganiserAuth,
    AppPath((slug, id)): AppPath<(String, Uuid)>,
) -> Result<Response, ApiError> {
    let event = auth.event(&state, &slug).await?;
    let data = state.store.person_data(event.event.id, RegistrationId(id)).await?;
    let entry = AuditEntry::new(auth.0.id, AuditAction::PersonExport, event.event.id)
        .registration(RegistrationId(id));
    state.store.audit(entry, state.now()).await?;
    let mut res = Json(person_view(data, event.event.timezone)).into_response();
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

/// Erases a person: their seats go to the first people waiting, then their name, e-mail,
/// profile, organisation, needs and diet are replaced or removed everywhere, their private
/// links stop working and the messages written for them are deleted.
#[utoipa::path(delete, path = "/api/v1/events/{slug}/registrations/{id}", tag = "organizer", security(("bearer" = [])),
    params(("slug" = String, Path), ("id" = Uuid, Path)),
    responses(
        (status = 200, body = ErasedView),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub async fn erase(
    State(state): State<AppState>,
    auth: OrganiserAuth,
    AppPath((slug, id)): AppPath<(String, Uuid)>,
) -> Result<Json<ErasedView>, ApiError> {
    let event = auth.event(&state, &slug).await?;
    let at =
        state.store.erase_registration(event.event.id, RegistrationId(id), auth.0.id, state.now()).await?;
    Ok(Json(ErasedView { id, erased: true, erased_at: local(at, event.event.timezone) }))
}

/// The audit log of organiser actions touching personal data, newest first. Admins only.
#[utoipa::path(get, path = "/api/v1/audit", tag = "organizer", security(("bearer" = [])),
    params(AuditQuery),
    responses(
        (status = 200, body = [AuditView]),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "not an admin", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "unknown event", body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub async fn audit_log(
    State(state): State<AppState>,
    auth: OrganiserAuth,
    AppQuery(query): AppQuery<AuditQuery>,
) -> Result<Json<Vec<AuditView>>, ApiError> {
    if auth.0.role != Role::Admin {
        return Err(ApiError::forbidden());
    }
    let event = match query.event.as_deref() {
        Some(slug) => Some(state.store.event_by_slug(slug).await?.event.id),
        None => None,
    };
    let limit = query.limit.unwrap_or(100).clamp(1, 1000);
    let rows = state.store.audit_log(event, limit, query.offset.unwrap_or(0)).await?;
    Ok(Json(rows.into_iter().map(AuditView::from).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_fields_quoted() {
        let mut line = String::new();
        csv_line(
            &mut line,
            &["=HYPERLINK(\"http://x\")".into(), "Hélène; \"Léa\"".into(), "-2".into(), "ok".into()],
        );
        assert_eq!(line, "\"'=HYPERLINK(\"\"http://x\"\")\";\"Hélène; \"\"Léa\"\"\";\"'-2\";\"ok\"\r\n");
        for start in ["+", "@", "\t", "\r"] {
            assert!(neutralise(&format!("{start}x")).starts_with('\''));
        }
    }

    #[test]
    fn sheet_names_are_short_clean_and_unique() {
        let mut taken = Vec::new();
        assert_eq!(
            sheet_name("Atelier A : l'aventure / du partenariat en santé", &mut taken).chars().count(),
            31
        );
        assert_eq!(sheet_name("Dîner", &mut taken), "Dîner");
        assert_eq!(sheet_name("dîner", &mut taken), "dîner (2)");
    }
}

//! Attendee exports: CSV (streamed) and XLSX (built from the same pages).
//!
//! The CSV is UTF-8 with a byte order mark and `;` between fields: that is what Excel set
//! to French (where `,` is the decimal mark) opens in columns with its accents intact, and
//! LibreOffice recognises both. Every field is quoted. A cell a spreadsheet would run as a
//! formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading
//! `'`. The CSV streams: the store is read in pages of [`PAGE`] registrations, each page
//! written out before the next is read. The XLSX cannot stream (a zip whose directory comes
//! last): its sheets are written from one reading of the same pages, their rows kept in
//! temporary files (constant memory mode), zipped into a temporary file, then sent from it.

use std::io::{Read, Seek, SeekFrom};

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use chrono_tz::Tz;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use tisser_domain::{ChoiceStatus, Organiser, Profile, RegistrationStatus};
use tisser_persistence::{
    AttendeeExport, AttendeePages, AttendeeRow, EventRecord, ExportFormat, Listed, SessionRecord, Store,
    StoreError,
};

use super::session_filter;
use crate::AppState;
use crate::auth::OrganiserAuth;
use crate::dto::ExportQuery;
use crate::error::OrganiserRefusals;
use crate::error::{ApiError, FieldError};
use crate::extract::{AppPath, AppQuery};

/// Registrations read from the store at a time while exporting.
pub const PAGE: u64 = 500;

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
        row.email.clone().unwrap_or_default(),
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

/// A file to download, kept by no cache (it may hold personal data or join links).
pub fn attachment(filename: &str, content_type: &'static str, body: Body) -> Response {
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

/// What a download can fail on: the store, or building the file (logged where it happens,
/// without personal data). The JSON API answers it as a problem, the pages as a page.
#[derive(Debug)]
pub enum ToolError {
    Store(StoreError),
    Build,
}

impl From<StoreError> for ToolError {
    fn from(e: StoreError) -> Self {
        Self::Store(e)
    }
}

impl From<ToolError> for ApiError {
    fn from(e: ToolError) -> Self {
        match e {
            ToolError::Store(e) => e.into(),
            ToolError::Build => Self::internal(),
        }
    }
}

/// The `?status=` of an export.
fn listed(query: &ExportQuery) -> Result<Listed, ApiError> {
    match query.status.as_deref().map(str::trim) {
        None | Some("" | "active") => Ok(Listed::Active),
        Some("cancelled") => Ok(Listed::Cancelled),
        Some("all") => Ok(Listed::All),
        Some(_) => Err(ApiError::validation(vec![FieldError::new(
            "status",
            "Valeurs possibles : active, cancelled, all.",
            "Allowed values: active, cancelled, all.",
        )])),
    }
}

/// The attendee list of `event` (with `session`: that session's) as a download, exported by
/// the organiser `by`, whose rights on the event the caller checked: the one function behind
/// the JSON API's exports (bearer token) and the pages' downloads (session cookie). The
/// store writes the export's audit line before any page is read.
///
/// # Errors
/// [`ToolError`] when the store fails or the spreadsheet cannot be built.
pub async fn attendees(
    state: &AppState,
    by: &Organiser,
    event: &EventRecord,
    session: Option<SessionRecord>,
    listed: Listed,
    format: ExportFormat,
) -> Result<Response, ToolError> {
    let export = state
        .store
        .start_export(event.event.id, session.as_ref().map(|s| s.id), format, listed, by.id, state.now())
        .await?;
    let started = Started { state, event, session, export };
    match format {
        ExportFormat::Csv => started.csv().await,
        ExportFormat::Xlsx => started.xlsx().await,
    }
}

/// An export whose audit line is written: what its file is made from.
struct Started<'a> {
    state: &'a AppState,
    event: &'a EventRecord,
    session: Option<SessionRecord>,
    export: AttendeeExport,
}

/// The API's export: `?status=` and `?session=` checked, then [`attendees`].
async fn exported(
    state: &AppState,
    auth: &OrganiserAuth,
    slug: &str,
    query: &ExportQuery,
    format: ExportFormat,
) -> Result<Response, ApiError> {
    let listed = listed(query)?;
    let event = auth.event(state, slug).await?;
    let session = session_filter(state, &event, query.session).await?;
    Ok(attendees(state, &auth.0, &event, session, listed, format).await?)
}

/// The attendee list as CSV, streamed.
#[utoipa::path(get, path = "/api/v1/events/{slug}/attendees.csv", tag = "organizer", security(("bearer" = [])),
    params(("slug" = String, Path), ExportQuery),
    description = "The registrations of the event holding a seat or a place in line (`?status=cancelled` for the cancelled ones, `?status=all` for both; `?session=ID` for one session): name, e-mail, profile, \
organisation, status, place on the event's waitlist, chosen sessions and their status, accessibility needs, dietary \
requirements, registration time in the event's zone. UTF-8 with a byte order mark, `;` as separator (Excel in \
French, LibreOffice), every field quoted, CRLF line ends; a cell starting with `=`, `+`, `-`, `@`, a tab or a \
carriage return gets a leading `'` so that no spreadsheet runs it. Streamed: read in pages of 500.",
    responses(
        (status = 200, description = "The list", content_type = "text/csv", body = String),
        (status = 422, description = "a session that is not the event's", body = crate::error::Problem, content_type = "application/problem+json"),
        OrganiserRefusals,
    ))]
pub async fn attendees_csv(
    State(state): State<AppState>,
    auth: OrganiserAuth,
    AppPath(slug): AppPath<String>,
    AppQuery(query): AppQuery<ExportQuery>,
) -> Result<Response, ApiError> {
    exported(&state, &auth, &slug, &query, ExportFormat::Csv).await
}

impl Started<'_> {
    /// The CSV, streamed.
    async fn csv(self) -> Result<Response, ToolError> {
        let Started { state, event, session, export } = self;
        let tz = event.event.timezone;
        let mut head = String::from("\u{feff}");
        csv_line(&mut head, &columns(tz, session.as_ref()).into_iter().map(|c| c.0).collect::<Vec<_>>());
        let pages = state.store.attendee_pages(&export, session.as_ref().map(|s| s.id)).await?;
        let start =
            CsvState { store: state.store.clone(), pages, tz, session, head: Some(head), done: false };
        let stream = futures::stream::unfold(start, next_csv_chunk);
        let name = format!("inscriptions-{}.csv", event.event.slug.as_str());
        Ok(attachment(&name, "text/csv; charset=utf-8", Body::from_stream(stream)))
    }
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

fn xlsx_error(e: &XlsxError) -> ToolError {
    tracing::error!(error = %e, "spreadsheet building failed");
    ToolError::Build
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

/// Writes a sheet's head: the header row in bold, frozen, and the columns' widths.
fn sheet_head(
    sheet: &mut Worksheet,
    tz: Tz,
    session: Option<&SessionRecord>,
    bold: &Format,
) -> Result<(), XlsxError> {
    for (i, (title, width)) in columns(tz, session).iter().enumerate() {
        let col = u16::try_from(i).unwrap_or(u16::MAX);
        sheet.write_string_with_format(0, col, title, bold)?;
        sheet.set_column_width(col, *width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// Writes one registration as row `row` of a sheet.
fn sheet_row(sheet: &mut Worksheet, row: u32, cells: &[String]) -> Result<(), XlsxError> {
    for (i, cell) in cells.iter().enumerate() {
        // A string cell is never run as a formula: no quote needed here.
        sheet.write_string(row, u16::try_from(i).unwrap_or(u16::MAX), cell)?;
    }
    Ok(())
}

/// The zip's compression level: 2 of 9 gives a file about a tenth larger than the default
/// (6) in about half the time (rust_xlsxwriter's own measurements; `bench/export.sh`).
const ZIP_LEVEL: u8 = 2;

/// Bytes of the finished workbook sent at a time.
const CHUNK: usize = 64 * 1024;

/// The attendee list as a spreadsheet: one sheet for the event and one per session that
/// needs a choice (workshops, dinner, webinars), or one sheet with `?session=ID`.
#[utoipa::path(get, path = "/api/v1/events/{slug}/attendees.xlsx", tag = "organizer", security(("bearer" = [])),
    params(("slug" = String, Path), ExportQuery),
    description = "The same columns as the CSV, in an Office Open XML workbook: a sheet `Inscriptions` for the whole \
event and one per session that needs a choice (or only that session's with `?session=ID`), each with a bold \
header row, frozen, and column widths. Built whole before it is sent (a zip cannot stream): the store is read once, in \
pages of 500, and the rows kept in temporary files, not in memory.",
    responses(
        (status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 422, description = "a session that is not the event's", body = crate::error::Problem, content_type = "application/problem+json"),
        OrganiserRefusals,
    ))]
pub async fn attendees_xlsx(
    State(state): State<AppState>,
    auth: OrganiserAuth,
    AppPath(slug): AppPath<String>,
    AppQuery(query): AppQuery<ExportQuery>,
) -> Result<Response, ApiError> {
    exported(&state, &auth, &slug, &query, ExportFormat::Xlsx).await
}

impl Started<'_> {
    /// The workbook: every sheet written from one reading of the list (each registration is
    /// put on the event's sheet and on the sheet of each session it chose), kept in temporary
    /// files, zipped into an anonymous temporary file, then sent from it in pieces: the
    /// server's memory does not grow with the list.
    async fn xlsx(self) -> Result<Response, ToolError> {
        let Started { state, event, session, export } = self;
        let tz = event.event.timezone;
        let alone = session.as_ref().map(|s| s.id);
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
        workbook.set_zip_compression_level(ZIP_LEVEL);
        let bold = Format::new().set_bold();
        let mut names = Vec::new();
        for (title, session) in &sheets {
            let sheet = workbook.add_worksheet_with_constant_memory().map_err(|e| xlsx_error(&e))?;
            sheet.set_name(sheet_name(title, &mut names)).map_err(|e| xlsx_error(&e))?;
            sheet_head(sheet, tz, session.as_ref(), &bold).map_err(|e| xlsx_error(&e))?;
        }
        let mut next_row = vec![1_u32; sheets.len()];
        let mut pages = state.store.attendee_pages(&export, alone).await?;
        loop {
            let rows = state.store.next_attendees(&mut pages, PAGE).await?;
            if rows.is_empty() {
                break;
            }
            for row in &rows {
                for (i, (_, sheet_session)) in sheets.iter().enumerate() {
                    let listed = match (sheet_session, alone) {
                        (Some(s), None) => export.on_session_list(row, s.id),
                        _ => true,
                    };
                    if !listed {
                        continue;
                    }
                    let sheet = workbook.worksheet_from_index(i).map_err(|e| xlsx_error(&e))?;
                    sheet_row(sheet, next_row[i], &cells(row, tz, sheet_session.as_ref()))
                        .map_err(|e| xlsx_error(&e))?;
                    next_row[i] += 1;
                }
            }
        }
        let file = tokio::task::spawn_blocking(move || -> Result<std::fs::File, ToolError> {
            let mut file = tempfile::tempfile().map_err(|e| {
                tracing::error!(error = %e, "no temporary file for a spreadsheet");
                ToolError::Build
            })?;
            workbook.save_to_writer(&mut file).map_err(|e| xlsx_error(&e))?;
            file.seek(SeekFrom::Start(0)).map_err(|e| {
                tracing::error!(error = %e, "spreadsheet file unreadable");
                ToolError::Build
            })?;
            Ok(file)
        })
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "spreadsheet task failed");
            ToolError::Build
        })??;
        let name = format!("inscriptions-{}.xlsx", event.event.slug.as_str());
        let stream = futures::stream::unfold(Some(file), next_file_chunk);
        Ok(attachment(
            &name,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Body::from_stream(stream),
        ))
    }
}

/// The next piece of a finished file, read off the runtime's threads; the file (anonymous,
/// gone once closed) is dropped at its end or on an error.
async fn next_file_chunk(
    file: Option<std::fs::File>,
) -> Option<(Result<Bytes, std::io::Error>, Option<std::fs::File>)> {
    let mut file = file?;
    let read = tokio::task::spawn_blocking(move || {
        let mut buf = vec![0; CHUNK];
        let n = file.read(&mut buf)?;
        buf.truncate(n);
        Ok::<_, std::io::Error>((file, buf))
    })
    .await
    .map_err(std::io::Error::other)
    .and_then(|r| r);
    match read {
        Ok((_, buf)) if buf.is_empty() => None,
        Ok((file, buf)) => Some((Ok(Bytes::from(buf)), Some(file))),
        Err(e) => {
            tracing::error!(error = %e, "spreadsheet file unreadable");
            Some((Err(e), None))
        }
    }
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

//! Attendance: the printable sheet of a session and the check-in.

use std::fmt::Write as _;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use tisser_domain::{Language, Organiser, RegistrationId, SessionId};
use tisser_persistence::{AuditAction, CheckinOutcome, EventRecord, SessionRecord, StoreError};
use uuid::Uuid;

use crate::AppState;
use crate::auth::OrganiserAuth;
use crate::dto::{CheckinView, PresenceView, local};
use crate::error::{ApiError, Msg, OrganiserRefusals};
use crate::extract::AppPath;
use crate::html::escape;

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
    Ok(sheet(&state, &auth.0, &event, &session).await?)
}

/// The attendance sheet of `session`, read by the organiser `by`, whose rights on the event
/// the caller checked: the one function behind the JSON API's sheet (bearer token) and the
/// pages' (session cookie). The store writes its audit line.
///
/// # Errors
/// [`StoreError`] when the store fails.
pub async fn sheet(
    state: &AppState,
    by: &Organiser,
    event: &EventRecord,
    session: &SessionRecord,
) -> Result<Response, StoreError> {
    let people = state
        .store
        .attendance(event.event.id, session.id, by.id, state.now(), AuditAction::AttendanceSheet)
        .await?;
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
        OrganiserRefusals,
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
    responses((status = 200, body = CheckinView), OrganiserRefusals))]
pub async fn undo_check_in(
    State(state): State<AppState>,
    auth: OrganiserAuth,
    AppPath((slug, id, registration_id)): AppPath<(String, Uuid, Uuid)>,
) -> Result<Json<CheckinView>, ApiError> {
    mark(&state, &auth, &slug, id, registration_id, false).await
}

//! The checks of an event and of a session as organisers send them, shared by the JSON API
//! (`routes/organiser.rs`) and the editor's pages (`pages/organiser/editor*.rs`): every
//! field's problem at once, named as in the JSON API (`title`, `starts_at`,
//! `facilitators[2].name`, …), or the values the store takes.

use chrono::{DateTime, NaiveDate, Utc};
use tisser_domain::{
    Capacity, EventFormat, EventStatus, Facilitator, RegistrationWindow, SessionKind, Slug, TimeSlot,
};
use tisser_persistence::{Document, EventPatch, NewEvent, NewSession, SessionPatch};
use validator::Validate;

use super::{Check, DESCRIPTION_MAX, ITEMS_MAX, LINE_MAX, NAME_MAX, TITLE_MAX, URL_MAX};
use crate::dto::{
    Allowed, CloneRequest, DocumentBody, EventRequest, FacilitatorBody, SessionRequest,
    default_requires_registration,
};
use crate::error::FieldError;

/// A field of a PATCH: absent, cleared, or set.
type Patched<T> = Option<Option<T>>;

fn required(field: &str) -> FieldError {
    FieldError::new(field, "Ce champ est obligatoire.", "This field is required.")
}

fn window_error() -> FieldError {
    FieldError::new(
        "registration_closes_at",
        "Les inscriptions doivent fermer après leur ouverture.",
        "Registration must close after it opens.",
    )
}

fn slot_error() -> FieldError {
    FieldError::new("ends_at", "Un temps doit finir après son début.", "A session must end after it starts.")
}

fn parse_window(
    check: &mut Check,
    opens: Patched<&str>,
    closes: Patched<&str>,
) -> (Patched<DateTime<Utc>>, Patched<DateTime<Utc>>) {
    let mut one = |field: &str, v: Option<Option<&str>>| {
        v.map(|inner| inner.and_then(|raw| check.parse_time(field, raw)))
    };
    let o = one("registration_opens_at", opens);
    let c = one("registration_closes_at", closes);
    (o, c)
}

/// A new event, a draft unless `status` says otherwise.
///
/// # Errors
/// Every field's problem.
pub fn new_event(body: EventRequest) -> Result<NewEvent, Vec<FieldError>> {
    let mut check = Check::default();
    check.validated(body.validate());
    let slug = check.slug("slug", body.slug.as_deref());
    let title = check.line("title", body.title.as_deref(), TITLE_MAX);
    let description =
        check.optional_text("description", body.description.flatten().as_deref(), DESCRIPTION_MAX);
    let timezone = match body.timezone.as_deref() {
        Some(tz) => check.timezone("timezone", tz),
        None => Some(chrono_tz::Europe::Paris),
    };
    let format = match body.format.as_deref() {
        Some(f) => check.choice("format", f, EventFormat::parse, &Allowed::formats()),
        None => {
            check.push(required("format"));
            None
        }
    };
    let venue = check.optional_line("venue", body.venue.flatten().as_deref(), LINE_MAX);
    let series = match body.series.flatten() {
        Some(s) => check.slug("series", Some(&s)),
        None => None,
    };
    let status = match body.status.as_deref() {
        Some(s) => check.choice("status", s, EventStatus::parse, &Allowed::statuses()),
        None => Some(EventStatus::Draft),
    };
    let (opens, closes) = parse_window(
        &mut check,
        body.registration_opens_at.as_ref().map(Option::as_deref),
        body.registration_closes_at.as_ref().map(Option::as_deref),
    );
    let window = RegistrationWindow::new(opens.flatten(), closes.flatten()).unwrap_or_else(|_| {
        check.push(window_error());
        RegistrationWindow::default()
    });
    check.into_result()?;
    let (Some(slug), Some(timezone), Some(format), Some(status)) = (slug, timezone, format, status) else {
        return Err(vec![required("format")]);
    };
    Ok(NewEvent {
        slug,
        title,
        description,
        timezone,
        format,
        venue,
        series,
        capacity: Capacity::from_option(body.capacity.flatten()),
        window,
        status,
    })
}

/// A change of an event whose registration window is `window`: only the fields sent.
///
/// # Errors
/// Every field's problem.
pub fn event_patch(body: EventRequest, window: &RegistrationWindow) -> Result<EventPatch, Vec<FieldError>> {
    let mut check = Check::default();
    check.validated(body.validate());
    let mut patch = EventPatch {
        slug: body.slug.as_deref().and_then(|s| check.slug("slug", Some(s))),
        title: body.title.as_deref().map(|t| check.line("title", Some(t), TITLE_MAX)),
        description: body
            .description
            .map(|d| check.optional_text("description", d.as_deref(), DESCRIPTION_MAX)),
        timezone: body.timezone.as_deref().and_then(|tz| check.timezone("timezone", tz)),
        format: body
            .format
            .as_deref()
            .and_then(|f| check.choice("format", f, EventFormat::parse, &Allowed::formats())),
        venue: body.venue.map(|v| check.optional_line("venue", v.as_deref(), LINE_MAX)),
        series: body.series.map(|s| s.and_then(|s| check.slug("series", Some(&s)))),
        capacity: body.capacity.map(Capacity::from_option),
        status: body
            .status
            .as_deref()
            .and_then(|s| check.choice("status", s, EventStatus::parse, &Allowed::statuses())),
        ..EventPatch::default()
    };
    let (opens, closes) = parse_window(
        &mut check,
        body.registration_opens_at.as_ref().map(Option::as_deref),
        body.registration_closes_at.as_ref().map(Option::as_deref),
    );
    if RegistrationWindow::new(opens.unwrap_or(window.opens_at()), closes.unwrap_or(window.closes_at()))
        .is_err()
    {
        check.push(window_error());
    }
    check.into_result()?;
    patch.registration_opens_at = opens;
    patch.registration_closes_at = closes;
    Ok(patch)
}

fn facilitators(check: &mut Check, list: Vec<FacilitatorBody>) -> Vec<Facilitator> {
    check.at_most("facilitators", &list, ITEMS_MAX);
    list.into_iter()
        .enumerate()
        .map(|(i, f)| Facilitator {
            name: check.line(&format!("facilitators[{i}].name"), Some(&f.name), NAME_MAX),
            role: check.optional_line(&format!("facilitators[{i}].role"), f.role.as_deref(), NAME_MAX),
        })
        .collect()
}

fn documents(check: &mut Check, list: Vec<DocumentBody>) -> Vec<Document> {
    check.at_most("documents", &list, ITEMS_MAX);
    list.into_iter()
        .enumerate()
        .map(|(i, d)| {
            check.plain(&format!("documents[{i}].url"), &d.url, URL_MAX);
            Document {
                title: check.line(&format!("documents[{i}].title"), Some(&d.title), TITLE_MAX),
                url: d.url,
            }
        })
        .collect()
}

/// The session's join and replay links: their form is checked by `validator`, their
/// characters and length here.
fn links(check: &mut Check, body: &SessionRequest) {
    for (field, url) in [("online_url", &body.online_url), ("replay_url", &body.replay_url)] {
        if let Some(Some(url)) = url {
            check.plain(field, url, URL_MAX);
        }
    }
}

/// A new session. `requires_registration` not sent: see [`default_requires_registration`].
///
/// # Errors
/// Every field's problem.
pub fn new_session(body: SessionRequest) -> Result<NewSession, Vec<FieldError>> {
    let mut check = Check::default();
    check.validated(body.validate());
    links(&mut check, &body);
    let title = check.line("title", body.title.as_deref(), TITLE_MAX);
    let kind = match body.kind.as_deref() {
        Some(k) => check.choice("kind", k, SessionKind::parse, &Allowed::kinds()),
        None => {
            check.push(required("kind"));
            None
        }
    };
    let start = check.time("starts_at", body.starts_at.as_deref());
    let end = check.time("ends_at", body.ends_at.as_deref());
    let slot = match (start, end) {
        (Some(s), Some(e)) => TimeSlot::new(s, e).map_err(|_| check.push(slot_error())).ok(),
        _ => None,
    };
    let capacity = Capacity::from_option(body.capacity.flatten());
    let new_facilitators = facilitators(&mut check, body.facilitators.unwrap_or_default());
    let new_documents = documents(&mut check, body.documents.unwrap_or_default());
    let description =
        check.optional_text("description", body.description.flatten().as_deref(), DESCRIPTION_MAX);
    let room = check.optional_line("room", body.room.flatten().as_deref(), LINE_MAX);
    check.into_result()?;
    let (Some(kind), Some(slot)) = (kind, slot) else { return Err(vec![required("kind")]) };
    Ok(NewSession {
        title,
        kind,
        description,
        room,
        capacity,
        requires_registration: body
            .requires_registration
            .unwrap_or_else(|| default_requires_registration(kind, capacity)),
        facilitators: new_facilitators,
        documents: new_documents,
        online_url: body.online_url.flatten(),
        replay_url: body.replay_url.flatten(),
        slot,
    })
}

/// A change of a session now at `current`: only the fields sent.
///
/// # Errors
/// Every field's problem.
pub fn session_patch(body: SessionRequest, current: TimeSlot) -> Result<SessionPatch, Vec<FieldError>> {
    let mut check = Check::default();
    check.validated(body.validate());
    links(&mut check, &body);
    let start = body.starts_at.as_deref().and_then(|s| check.parse_time("starts_at", s));
    let end = body.ends_at.as_deref().and_then(|s| check.parse_time("ends_at", s));
    let slot = if start.is_some() || end.is_some() {
        TimeSlot::new(start.unwrap_or(current.start()), end.unwrap_or(current.end()))
            .map_err(|_| check.push(slot_error()))
            .ok()
    } else {
        None
    };
    let patch = SessionPatch {
        title: body.title.as_deref().map(|t| check.line("title", Some(t), TITLE_MAX)),
        kind: body
            .kind
            .as_deref()
            .and_then(|k| check.choice("kind", k, SessionKind::parse, &Allowed::kinds())),
        description: body
            .description
            .map(|d| check.optional_text("description", d.as_deref(), DESCRIPTION_MAX)),
        slot,
        room: body.room.map(|r| check.optional_line("room", r.as_deref(), LINE_MAX)),
        capacity: body.capacity.map(Capacity::from_option),
        requires_registration: body.requires_registration,
        facilitators: body.facilitators.map(|f| facilitators(&mut check, f)),
        documents: body.documents.map(|d| documents(&mut check, d)),
        online_url: body.online_url,
        replay_url: body.replay_url,
        confirm_overlaps: body.confirm_overlaps.unwrap_or(false),
    };
    check.into_result()?;
    Ok(patch)
}

/// Copying an event to new dates: the new slug, the new title if any, the new first day.
///
/// # Errors
/// Every field's problem (`slug`, `title`, `first_day`).
pub fn event_copy(body: &CloneRequest) -> Result<(Slug, Option<String>, NaiveDate), Vec<FieldError>> {
    let mut check = Check::default();
    let slug = check.slug("slug", body.slug.as_deref());
    let title = check.optional_line("title", body.title.as_deref(), TITLE_MAX);
    let first_day = match body.first_day.as_deref().map(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d")) {
        Some(Ok(d)) => Some(d),
        _ => {
            check.push(FieldError::new(
                "first_day",
                "Date attendue au format AAAA-MM-JJ (exemple : 2027-04-22).",
                "Expected a date as YYYY-MM-DD (example: 2027-04-22).",
            ));
            None
        }
    };
    check.into_result()?;
    let (Some(slug), Some(first_day)) = (slug, first_day) else { return Err(vec![required("slug")]) };
    Ok((slug, title, first_day))
}

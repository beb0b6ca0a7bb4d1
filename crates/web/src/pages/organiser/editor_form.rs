//! The editor's forms as typed: an event's and a session's fields as raw texts, read from a
//! posted form or from the stored records, and turned into the JSON API's request bodies
//! (`EventRequest`, `SessionRequest`) so that both go through the same checks
//! (`check::programme`). What only a page has is read here: a day and an hour in the event's
//! zone (`23/04/2030` or `2030-04-23`, `10:45` or `10 h 45`), a number of seats, one
//! facilitator or one document per line. The errors end up under the form's field names, in
//! the form's order.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use tisser_domain::programme_file;
use tisser_persistence::{EventRecord, SessionRecord};

use crate::dto::{DocumentBody, EventRequest, FacilitatorBody, SessionRequest};
use crate::error::{FieldError, Lang};
use crate::pages::Posted;
use crate::pages::registering::message;
use crate::pages::texts::tx;
use crate::pages::views::FormErrors;

/// An event's form, as typed.
#[derive(Default, Clone, Debug)]
pub struct EventValues {
    pub title: String,
    pub slug: String,
    pub description: String,
    pub format: String,
    pub venue: String,
    pub timezone: String,
    pub series: String,
    pub capacity: String,
    pub opens_date: String,
    pub opens_time: String,
    pub closes_date: String,
    pub closes_time: String,
}

/// The event form's fields, in their order on the page.
pub const EVENT_FIELDS: [&str; 12] = [
    "title",
    "slug",
    "description",
    "format",
    "venue",
    "timezone",
    "series",
    "capacity",
    "opens_date",
    "opens_time",
    "closes_date",
    "closes_time",
];

/// A session's form, as typed.
#[derive(Default, Clone, Debug)]
pub struct SessionValues {
    pub title: String,
    pub kind: String,
    pub day: String,
    pub start: String,
    pub end: String,
    pub room: String,
    pub capacity: String,
    pub requires: String,
    pub description: String,
    pub facilitators: String,
    pub documents: String,
    pub online_url: String,
    pub replay_url: String,
}

/// The session form's fields, in their order on the page.
pub const SESSION_FIELDS: [&str; 13] = [
    "title",
    "kind",
    "day",
    "start",
    "end",
    "room",
    "capacity",
    "requires",
    "description",
    "facilitators",
    "documents",
    "online_url",
    "replay_url",
];

fn day_text(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%d/%m/%Y").to_string()
}

fn hour_text(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%H:%M").to_string()
}

/// `23/04/2030` (as the form shows a day) or `2030-04-23`.
fn day(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    NaiveDate::parse_from_str(text, "%Y-%m-%d").or_else(|_| NaiveDate::parse_from_str(text, "%d/%m/%Y")).ok()
}

/// A day as the JSON API takes it (`2030-04-23`), or the page's error under `field`.
pub fn iso_day(text: &str, field: &str, errors: &mut FormErrors, lang: Lang) -> Option<String> {
    let found = day(text).map(|d| d.format("%Y-%m-%d").to_string());
    if found.is_none() {
        errors.push(field, tx(lang, "org_ed_err_date"));
    }
    found
}

/// `10:45`, `10h45`, `10 h 45`: as the programme files are read.
fn hour(text: &str) -> Option<NaiveTime> {
    programme_file::time(text).and_then(|(h, m)| NaiveTime::from_hms_opt(h, m, 0))
}

/// An optional text of a request: a blank field clears it.
fn optional(text: &str) -> Option<Option<String>> {
    Some((!text.trim().is_empty()).then(|| text.to_owned()))
}

/// A number of seats; blank: unlimited.
fn seats(text: &str, field: &str, errors: &mut FormErrors, lang: Lang) -> Option<Option<u32>> {
    let text = text.trim();
    if text.is_empty() {
        return Some(None);
    }
    if let Ok(n) = text.parse::<u32>() {
        Some(Some(n))
    } else {
        errors.push(field, tx(lang, "org_ed_err_number"));
        None
    }
}

/// A day and an hour in `tz`, as an instant in RFC 3339 (as the JSON API takes it); the
/// errors under `date_field` and `time_field`. Both blank: `None`.
fn instant(
    (date, time): (&str, &str),
    (date_field, time_field): (&str, &str),
    tz: Tz,
    errors: &mut FormErrors,
    lang: Lang,
) -> Option<String> {
    if date.trim().is_empty() && time.trim().is_empty() {
        return None;
    }
    let d = day(date);
    let t = hour(time);
    if d.is_none() {
        errors.push(date_field, tx(lang, "org_ed_err_date"));
    }
    if t.is_none() {
        errors.push(time_field, tx(lang, "org_ed_err_time"));
    }
    let found = local(d?, t?, tz);
    if found.is_none() {
        errors.push(time_field, tx(lang, "org_ed_err_local_time"));
    }
    found
}

/// A day and an hour in `tz`, in RFC 3339; `None` for an hour that does not exist that day
/// (skipped by a change of clocks).
fn local(d: NaiveDate, t: NaiveTime, tz: Tz) -> Option<String> {
    tz.from_local_datetime(&d.and_time(t)).earliest().map(|at| at.with_timezone(&Utc).to_rfc3339())
}

/// The event's zone as typed, or Paris's when it cannot be read (the check says so).
fn zone(text: &str) -> Tz {
    tisser_domain::event::parse_timezone(text.trim()).unwrap_or(chrono_tz::Europe::Paris)
}

impl EventValues {
    /// From a posted form.
    #[must_use]
    pub fn posted(posted: &Posted) -> Self {
        Self {
            title: posted.text("title"),
            slug: posted.text("slug"),
            description: posted.text("description"),
            format: posted.text("format"),
            venue: posted.text("venue"),
            timezone: posted.text("timezone"),
            series: posted.text("series"),
            capacity: posted.text("capacity"),
            opens_date: posted.text("opens_date"),
            opens_time: posted.text("opens_time"),
            closes_date: posted.text("closes_date"),
            closes_time: posted.text("closes_time"),
        }
    }

    /// An empty form, in Paris's zone (no format chosen: radio buttons start unchecked).
    #[must_use]
    pub fn blank() -> Self {
        Self { timezone: "Europe/Paris".into(), ..Self::default() }
    }

    /// A stored event, times in its zone.
    #[must_use]
    pub fn of(e: &EventRecord) -> Self {
        let tz = e.event.timezone;
        let window = &e.event.window;
        Self {
            title: e.event.title.clone(),
            slug: e.event.slug.to_string(),
            description: e.event.description.clone().unwrap_or_default(),
            format: e.event.format.as_str().to_owned(),
            venue: e.event.venue.clone().unwrap_or_default(),
            timezone: tz.name().to_owned(),
            series: e.series_slug.clone().unwrap_or_default(),
            capacity: e.event.capacity.seats().map(|n| n.to_string()).unwrap_or_default(),
            opens_date: window.opens_at().map(|t| day_text(t, tz)).unwrap_or_default(),
            opens_time: window.opens_at().map(|t| hour_text(t, tz)).unwrap_or_default(),
            closes_date: window.closes_at().map(|t| day_text(t, tz)).unwrap_or_default(),
            closes_time: window.closes_at().map(|t| hour_text(t, tz)).unwrap_or_default(),
        }
    }

    /// The JSON API's body for these values (every field sent: what is blank is cleared);
    /// the problems of the page's own fields go into `errors`.
    #[must_use]
    pub fn request(&self, errors: &mut FormErrors, lang: Lang) -> EventRequest {
        let tz = zone(&self.timezone);
        let opens =
            instant((&self.opens_date, &self.opens_time), ("opens_date", "opens_time"), tz, errors, lang);
        let closes =
            instant((&self.closes_date, &self.closes_time), ("closes_date", "closes_time"), tz, errors, lang);
        EventRequest {
            slug: Some(self.slug.trim().to_owned()),
            title: Some(self.title.clone()),
            description: optional(&self.description),
            timezone: Some(self.timezone.trim().to_owned()),
            format: (!self.format.is_empty()).then(|| self.format.clone()),
            venue: optional(&self.venue),
            series: optional(self.series.trim()),
            capacity: seats(&self.capacity, "capacity", errors, lang),
            registration_opens_at: Some(opens),
            registration_closes_at: Some(closes),
            status: None,
        }
    }
}

/// One facilitator per line: `Claire Martin (patiente partenaire)`.
fn facilitator_lines(text: &str) -> Vec<FacilitatorBody> {
    text.lines()
        .flat_map(programme_file::facilitators)
        .map(|(name, role)| FacilitatorBody { name, role })
        .collect()
}

fn facilitators_text(s: &SessionRecord) -> String {
    let line = |f: &tisser_domain::Facilitator| match &f.role {
        Some(role) => format!("{} ({role})", f.name),
        None => f.name.clone(),
    };
    s.facilitators.iter().map(line).collect::<Vec<_>>().join("\n")
}

/// One document per line: its title, then its address (`Diaporama https://…`, the address
/// may be between `<` and `>`). A line without an address is an error.
fn document_lines(text: &str, errors: &mut FormErrors, lang: Lang) -> Vec<DocumentBody> {
    let mut list = Vec::new();
    for (i, line) in text.lines().map(str::trim).filter(|l| !l.is_empty()).enumerate() {
        let found = line
            .rsplit_once(char::is_whitespace)
            .map(|(title, url)| (title.trim(), url.trim_start_matches('<').trim_end_matches('>')))
            .filter(|(_, url)| url.contains("://"));
        match found {
            Some((title, url)) => list.push(DocumentBody {
                title: title.trim_end_matches([':', '-', '—']).trim().to_owned(),
                url: url.to_owned(),
            }),
            None => errors.push(
                "documents",
                format!("{} {} : {}", tx(lang, "org_ed_line"), i + 1, tx(lang, "org_ed_err_document")),
            ),
        }
    }
    list
}

fn documents_text(s: &SessionRecord) -> String {
    s.documents.iter().map(|d| format!("{} {}", d.title, d.url)).collect::<Vec<_>>().join("\n")
}

impl SessionValues {
    /// From a posted form.
    #[must_use]
    pub fn posted(posted: &Posted) -> Self {
        Self {
            title: posted.text("title"),
            kind: posted.text("kind"),
            day: posted.text("day"),
            start: posted.text("start"),
            end: posted.text("end"),
            room: posted.text("room"),
            capacity: posted.text("capacity"),
            requires: posted.text("requires"),
            description: posted.text("description"),
            facilitators: posted.text("facilitators"),
            documents: posted.text("documents"),
            online_url: posted.text("online_url"),
            replay_url: posted.text("replay_url"),
        }
    }

    /// A stored session, times in the event's zone `tz`.
    #[must_use]
    pub fn of(s: &SessionRecord, tz: Tz) -> Self {
        Self {
            title: s.title.clone(),
            kind: s.kind.as_str().to_owned(),
            day: day_text(s.slot.start(), tz),
            start: hour_text(s.slot.start(), tz),
            end: hour_text(s.slot.end(), tz),
            room: s.room.clone().unwrap_or_default(),
            capacity: s.capacity.seats().map(|n| n.to_string()).unwrap_or_default(),
            requires: if s.requires_registration { "yes" } else { "no" }.to_owned(),
            description: s.description.clone().unwrap_or_default(),
            facilitators: facilitators_text(s),
            documents: documents_text(s),
            online_url: s.online_url.clone().unwrap_or_default(),
            replay_url: s.replay_url.clone().unwrap_or_default(),
        }
    }

    /// The JSON API's body for these values, times read in `tz` (every field sent); the
    /// problems of the page's own fields go into `errors`.
    #[must_use]
    pub fn request(&self, tz: Tz, errors: &mut FormErrors, lang: Lang) -> SessionRequest {
        let d = day(&self.day);
        if d.is_none() {
            errors.push("day", tx(lang, "org_ed_err_date"));
        }
        let mut at = |text: &str, field: &str| {
            let Some(t) = hour(text) else {
                errors.push(field, tx(lang, "org_ed_err_time"));
                return None;
            };
            let found = local(d?, t, tz);
            if found.is_none() {
                errors.push(field, tx(lang, "org_ed_err_local_time"));
            }
            found
        };
        let starts = at(&self.start, "start");
        let ends = at(&self.end, "end");
        SessionRequest {
            title: Some(self.title.clone()),
            kind: (!self.kind.is_empty()).then(|| self.kind.clone()),
            starts_at: starts,
            ends_at: ends,
            room: optional(&self.room),
            description: optional(&self.description),
            capacity: seats(&self.capacity, "capacity", errors, lang),
            requires_registration: match self.requires.as_str() {
                "yes" => Some(true),
                "no" => Some(false),
                _ => None,
            },
            facilitators: Some(facilitator_lines(&self.facilitators)),
            documents: Some(document_lines(&self.documents, errors, lang)),
            online_url: optional(self.online_url.trim()),
            replay_url: optional(self.replay_url.trim()),
            confirm_overlaps: None,
        }
    }
}

/// The form's field for a field of the JSON API, and the words to add before its message
/// ("Ligne 2 :" for one facilitator or document).
fn form_field(field: &str, lang: Lang) -> (String, Option<String>) {
    let line = |rest: &str| {
        rest.split_once(']')
            .and_then(|(i, _)| i.parse::<usize>().ok())
            .map(|i| format!("{} {} :", tx(lang, "org_ed_line"), i + 1))
    };
    match field {
        "registration_opens_at" => ("opens_date".into(), None),
        "registration_closes_at" => ("closes_date".into(), None),
        "starts_at" => ("start".into(), None),
        "ends_at" => ("end".into(), None),
        f => match f.split_once('[') {
            Some((list, rest)) => (list.to_owned(), line(rest)),
            None => (f.to_owned(), None),
        },
    }
}

/// The form's fields a field of the JSON API is made of.
fn made_of(field: &str) -> &'static [&'static str] {
    match field {
        "starts_at" => &["day", "start"],
        "ends_at" => &["day", "end"],
        "registration_opens_at" => &["opens_date", "opens_time"],
        "registration_closes_at" => &["closes_date", "closes_time"],
        _ => &[],
    }
}

/// Adds the shared check's problems to the page's own, under the form's fields: a value that
/// already has a problem of the page (a day that cannot be read) gets no second one; then
/// puts every problem in the form's order.
pub fn merge(errors: &mut FormErrors, found: Vec<FieldError>, order: &[&str], lang: Lang) {
    let own: Vec<String> = errors.list.iter().map(|(f, _)| f.clone()).collect();
    for f in found {
        let (field, before) = form_field(&f.field, lang);
        if own.contains(&field) || made_of(&f.field).iter().any(|part| own.iter().any(|o| o == part)) {
            continue;
        }
        let text = message(&f.message, lang);
        errors.push(field, before.map_or_else(|| text.clone(), |b| format!("{b} {text}")));
    }
    let place = |f: &str| order.iter().position(|o| *o == f).unwrap_or(order.len());
    errors.list.sort_by_key(|(f, _)| place(f));
}

/// Adds a refusal of the store about `field` (named as in the JSON API) under the form's
/// field, in the form's order.
pub fn refusal_at(errors: &mut FormErrors, field: &str, message: String, order: &[&str]) {
    let (field, _) = form_field(field, Lang::Fr);
    errors.push(field, message);
    let place = |f: &str| order.iter().position(|o| *o == f).unwrap_or(order.len());
    errors.list.sort_by_key(|(f, _)| place(f));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_hours_are_read_as_people_write_them() {
        assert_eq!(day("23/04/2030"), NaiveDate::from_ymd_opt(2030, 4, 23));
        assert_eq!(day(" 2030-04-23 "), NaiveDate::from_ymd_opt(2030, 4, 23));
        assert_eq!(day("30/02/2030"), None);
        assert_eq!(hour("10 h 45"), NaiveTime::from_hms_opt(10, 45, 0));
        assert_eq!(hour("9h"), NaiveTime::from_hms_opt(9, 0, 0));
        assert_eq!(hour("25:00"), None);
    }

    #[test]
    fn an_hour_skipped_by_the_change_of_clocks_is_refused() {
        let mut errors = FormErrors::default();
        let paris = chrono_tz::Europe::Paris;
        let at = instant(("30/03/2031", "02:30"), ("d", "t"), paris, &mut errors, Lang::Fr);
        assert_eq!(at, None);
        assert_eq!(errors.list.len(), 1);
        assert_eq!(errors.list[0].0, "t");
        let summer = instant(("22/04/2031", "11:15"), ("d", "t"), paris, &mut errors, Lang::Fr);
        assert_eq!(summer.as_deref(), Some("2031-04-22T09:15:00+00:00"));
    }

    #[test]
    fn one_document_per_line_its_title_then_its_address() {
        let mut errors = FormErrors::default();
        let text = "Diaporama : https://a.example.org/x.pdf\r\nCompte rendu <https://b.example.org/y>\n\nSans adresse";
        let docs = document_lines(text, &mut errors, Lang::Fr);
        let pairs: Vec<(&str, &str)> = docs.iter().map(|d| (d.title.as_str(), d.url.as_str())).collect();
        assert_eq!(
            pairs,
            [("Diaporama", "https://a.example.org/x.pdf"), ("Compte rendu", "https://b.example.org/y")]
        );
        assert_eq!(
            errors.list,
            [("documents".to_owned(), format!("Ligne 3 : {}", tx(Lang::Fr, "org_ed_err_document")))]
        );
    }

    #[test]
    fn the_checks_errors_land_under_the_forms_fields_in_its_order_without_repeating_the_pages() {
        let mut errors = FormErrors::default();
        errors.push("day", "Écrivez une date.");
        let found = vec![
            FieldError::new("facilitators[1].name", "Ce champ est obligatoire.", "This field is required."),
            FieldError::new("starts_at", "Ce champ est obligatoire.", "This field is required."),
            FieldError::new("title", "Ce champ est obligatoire.", "This field is required."),
        ];
        merge(&mut errors, found, &SESSION_FIELDS, Lang::Fr);
        let fields: Vec<&str> = errors.list.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, ["title", "day", "facilitators"], "the start comes from the day: no second error");
        assert_eq!(errors.message("facilitators").as_deref(), Some("Ligne 2 : Ce champ est obligatoire."));
    }
}

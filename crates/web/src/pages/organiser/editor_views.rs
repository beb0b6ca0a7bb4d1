//! Plain view data of the editor's pages (an event's form and its actions, the programme day
//! by day, a session's form, copying an event, the preview), built from the typed values
//! (`editor_form.rs`) and the store's records, every word already in the reader's language.

use serde::Serialize;
use tisser_domain::{EventFormat, EventStatus, SessionKind, SessionStatus};
use tisser_persistence::{EventRecord, SessionRecord};

use super::editor_form::{EventValues, SessionValues};
use super::views::Bar;
use crate::error::Lang;
use crate::pages::texts::tx;
use crate::pages::views::{
    self, ChoiceGroup, ChoiceOption, Day, EventPage, Field, FormErrors, SummaryError, by_day,
};

/// The address of an event's editor page.
#[must_use]
pub fn event_href(slug: &str) -> String {
    format!("/organiser/events/{slug}/edit")
}

/// The address of an event's programme in the editor.
#[must_use]
pub fn programme_href(slug: &str) -> String {
    format!("/organiser/events/{slug}/programme")
}

/// A group of radio buttons named `name`, one per `(value, label)`, `chosen` checked.
fn radios(
    name: &str,
    legend: &str,
    options: &[(&str, &str)],
    chosen: &str,
    errors: &FormErrors,
) -> ChoiceGroup {
    ChoiceGroup {
        id: name.to_owned(),
        name: name.to_owned(),
        legend: legend.to_owned(),
        hint: None,
        error: errors.message(name),
        input_type: "radio",
        options: options
            .iter()
            .enumerate()
            .map(|(i, (value, label))| ChoiceOption {
                id: format!("{name}-{i}"),
                value: (*value).to_owned(),
                label: (*label).to_owned(),
                note: None,
                full: false,
                checked: *value == chosen,
                lang: None,
            })
            .collect(),
    }
}

/// Where each error of the summary leads: the field's id (a group's first button), with the
/// field's label before the message.
fn summary(errors: &FormErrors, fields: &[&Field], groups: &[&ChoiceGroup]) -> Vec<SummaryError> {
    errors.summary(&|name| {
        if let Some(f) = fields.iter().find(|f| f.name == name) {
            return (f.id.clone(), Some(f.label.clone()));
        }
        if let Some(g) = groups.iter().find(|g| g.name == name) {
            return (g.first_id(), Some(g.legend.clone()));
        }
        (fields.first().map_or_else(String::new, |f| f.id.clone()), None)
    })
}

/// What a `?done=` says at the top of an editor page.
fn done_text(done: Option<&str>, lang: Lang) -> Option<String> {
    let key = match done? {
        "created" => "org_ed_done_created",
        "saved" => "org_ed_done_saved",
        "published" => "org_ed_done_published",
        "closed" => "org_ed_done_closed",
        "copied" => "org_ed_done_copied",
        "added" => "org_ed_done_added",
        "changed" => "org_ed_done_changed",
        "cancelled" => "org_ed_done_cancelled",
        _ => return None,
    };
    Some(tx(lang, key).to_owned())
}

/// The event form's fields.
#[derive(Serialize, Debug)]
pub struct EventFields {
    pub title: Field,
    pub slug: Field,
    pub description: Field,
    pub format: ChoiceGroup,
    pub venue: Field,
    pub timezone: Field,
    pub series: Field,
    pub capacity: Field,
    pub opens_date: Field,
    pub opens_time: Field,
    pub closes_date: Field,
    pub closes_time: Field,
}

impl EventFields {
    #[must_use]
    pub fn new(v: &EventValues, errors: &FormErrors, lang: Lang) -> Self {
        let t = |key| tx(lang, key);
        let formats = [
            (EventFormat::InPerson.as_str(), t("org_ed_format_in_person")),
            (EventFormat::Online.as_str(), t("org_ed_format_online")),
            (EventFormat::Hybrid.as_str(), t("org_ed_format_hybrid")),
        ];
        Self {
            title: Field::text("title", t("org_ed_title"), &v.title).required().with_error(errors),
            slug: Field::text("slug", t("org_ed_slug"), &v.slug)
                .required()
                .hint(t("org_ed_slug_hint"))
                .with_error(errors),
            description: Field::text("description", t("org_ed_description"), &v.description)
                .multiline()
                .hint(t("org_ed_description_hint"))
                .with_error(errors),
            format: radios("format", t("org_ed_format"), &formats, &v.format, errors),
            venue: Field::text("venue", t("org_ed_venue"), &v.venue)
                .hint(t("org_ed_venue_hint"))
                .with_error(errors),
            timezone: Field::text("timezone", t("org_ed_timezone"), &v.timezone)
                .required()
                .hint(t("org_ed_timezone_hint"))
                .with_error(errors),
            series: Field::text("series", t("org_ed_series"), &v.series)
                .hint(t("org_ed_series_hint"))
                .with_error(errors),
            capacity: Field::text("capacity", t("org_ed_event_capacity"), &v.capacity)
                .numeric()
                .hint(t("org_ed_capacity_hint"))
                .with_error(errors),
            opens_date: Field::text("opens_date", t("org_ed_opens_date"), &v.opens_date)
                .hint(t("org_ed_date_hint"))
                .with_error(errors),
            opens_time: Field::text("opens_time", t("org_ed_opens_time"), &v.opens_time)
                .hint(t("org_ed_time_hint"))
                .with_error(errors),
            closes_date: Field::text("closes_date", t("org_ed_closes_date"), &v.closes_date)
                .hint(t("org_ed_date_hint"))
                .with_error(errors),
            closes_time: Field::text("closes_time", t("org_ed_closes_time"), &v.closes_time)
                .hint(t("org_ed_time_hint"))
                .with_error(errors),
        }
    }

    fn summary(&self, errors: &FormErrors) -> Vec<SummaryError> {
        let fields = [
            &self.title,
            &self.slug,
            &self.description,
            &self.venue,
            &self.timezone,
            &self.series,
            &self.capacity,
            &self.opens_date,
            &self.opens_time,
            &self.closes_date,
            &self.closes_time,
        ];
        summary(errors, &fields, &[&self.format])
    }
}

/// What an organiser does with an event from its editor page.
#[derive(Serialize, Debug)]
pub struct EventActions {
    pub status: String,
    pub programme_href: String,
    pub programme_text: String,
    pub preview_href: String,
    pub public_href: Option<String>,
    pub publish_href: Option<String>,
    pub close_href: Option<String>,
    pub copy_href: String,
}

impl EventActions {
    #[must_use]
    pub fn new(e: &EventRecord, sessions: usize, lang: Lang) -> Self {
        let slug = e.event.slug.as_str();
        let status = e.event.status;
        Self {
            status: super::views::status_words(status, lang).to_owned(),
            programme_href: programme_href(slug),
            programme_text: match sessions {
                0 => tx(lang, "org_ed_programme_none").to_owned(),
                1 => tx(lang, "org_ed_programme_one").to_owned(),
                n => format!("{n} {}", tx(lang, "org_ed_programme_many")),
            },
            preview_href: format!("/organiser/events/{slug}/preview"),
            public_href: (status != EventStatus::Draft).then(|| format!("/events/{slug}")),
            publish_href: (status != EventStatus::Published)
                .then(|| format!("/organiser/events/{slug}/publish")),
            close_href: (status == EventStatus::Published).then(|| format!("/organiser/events/{slug}/close")),
            copy_href: format!("/organiser/events/{slug}/copy"),
        }
    }
}

/// An event's form: to create one, or to change one (then with its actions).
#[derive(Serialize, Debug)]
pub struct EventFormPage {
    pub bar: Bar,
    pub h1: String,
    pub action: String,
    pub button: String,
    pub errors: Vec<SummaryError>,
    pub done: Option<String>,
    pub fields: EventFields,
    pub actions: Option<EventActions>,
}

impl EventFormPage {
    #[must_use]
    pub fn new(
        bar: Bar,
        (values, errors): (&EventValues, &FormErrors),
        event: Option<(&EventRecord, usize)>,
        done: Option<&str>,
        lang: Lang,
    ) -> Self {
        let fields = EventFields::new(values, errors, lang);
        let (h1, action, button) = match event {
            Some((e, _)) => (
                format!("{} {}", tx(lang, "org_ed_edit_h1"), e.event.title),
                event_href(e.event.slug.as_str()),
                tx(lang, "org_ed_save"),
            ),
            None => (
                tx(lang, "org_ed_new_h1").to_owned(),
                "/organiser/events/new".to_owned(),
                tx(lang, "org_ed_save_draft"),
            ),
        };
        Self {
            bar,
            h1,
            action,
            button: button.to_owned(),
            errors: fields.summary(errors),
            done: done_text(done, lang),
            fields,
            actions: event.map(|(e, n)| EventActions::new(e, n, lang)),
        }
    }
}

/// The public page of an event, as participants will see it, under a note saying it is a
/// preview.
#[derive(Serialize, Debug)]
pub struct PreviewPage {
    #[serde(flatten)]
    pub event: EventPage,
    pub preview_note: String,
    pub back_href: String,
    pub back: String,
}

/// A session in the editor's programme.
#[derive(Serialize, Debug)]
pub struct EditorSession {
    pub title: String,
    pub hours: String,
    pub kind: &'static str,
    pub room: Option<String>,
    pub seats: String,
    pub cancelled: bool,
    pub edit_href: String,
    pub cancel_href: String,
}

impl EditorSession {
    fn new(s: &SessionRecord, slug: &str, tz: chrono_tz::Tz, lang: Lang) -> Self {
        let here = format!("{}/{}", programme_href(slug), s.id.0);
        Self {
            title: s.title.clone(),
            hours: views::capitalised(&tisser_domain::wording::hours(
                s.slot.start(),
                s.slot.end(),
                tz,
                views::language(lang),
            )),
            kind: views::kind(s.kind, lang),
            room: s.room.clone(),
            seats: seats_words(s, lang),
            cancelled: s.status == SessionStatus::Cancelled,
            cancel_href: format!("{here}/cancel"),
            edit_href: here,
        }
    }
}

/// "12 places prises sur 15, 3 en attente", "1 personne inscrite, sans limite de places"
/// (in French, 0 and 1 take the singular).
fn seats_words(s: &SessionRecord, lang: Lang) -> String {
    let waiting = if s.waitlist_length > 0 {
        format!(", {} {}", s.waitlist_length, tx(lang, "org_waiting"))
    } else {
        String::new()
    };
    let one = s.taken == 1 || (s.taken == 0 && lang == Lang::Fr);
    let key = match (s.capacity.seats(), one) {
        (Some(_), true) => "org_ed_seat_of",
        (Some(_), false) => "org_ed_seats_of",
        (None, true) => "org_ed_seat_unlimited",
        (None, false) => "org_ed_seats_unlimited",
    };
    let total = s.capacity.seats().map(|n| format!(" {n}")).unwrap_or_default();
    format!("{} {}{total}{waiting}", s.taken, tx(lang, key))
}

/// The programme day by day, each session with its links.
#[derive(Serialize, Debug)]
pub struct ProgrammePage {
    pub bar: Bar,
    pub h1: String,
    pub done: Option<String>,
    pub event_href: String,
    pub add_href: String,
    pub zone_note: String,
    pub days: Vec<Day<EditorSession>>,
}

impl ProgrammePage {
    #[must_use]
    pub fn new(
        bar: Bar,
        e: &EventRecord,
        programme: &[SessionRecord],
        done: Option<&str>,
        lang: Lang,
    ) -> Self {
        let slug = e.event.slug.as_str();
        let tz = e.event.timezone;
        Self {
            bar,
            h1: format!("{} {}", tx(lang, "org_ed_programme_h1"), e.event.title),
            done: done_text(done, lang),
            event_href: event_href(slug),
            add_href: format!("{}/new", programme_href(slug)),
            zone_note: views::zone_note(tz, lang),
            days: by_day(programme, tz, lang, |s| EditorSession::new(s, slug, tz, lang)),
        }
    }
}

/// The session form's fields.
#[derive(Serialize, Debug)]
pub struct SessionFields {
    pub title: Field,
    pub kind: ChoiceGroup,
    pub day: Field,
    pub start: Field,
    pub end: Field,
    pub room: Field,
    pub capacity: Field,
    pub requires: ChoiceGroup,
    pub description: Field,
    pub facilitators: Field,
    pub documents: Field,
    pub online_url: Field,
    pub replay_url: Field,
}

const KINDS: [SessionKind; 8] = [
    SessionKind::Plenary,
    SessionKind::Workshop,
    SessionKind::Talk,
    SessionKind::RoundTable,
    SessionKind::Forum,
    SessionKind::Social,
    SessionKind::Webinar,
    SessionKind::Other,
];

impl SessionFields {
    #[must_use]
    pub fn new(v: &SessionValues, errors: &FormErrors, lang: Lang) -> Self {
        let t = |key| tx(lang, key);
        let kinds: Vec<(&str, &str)> = KINDS.iter().map(|k| (k.as_str(), views::kind(*k, lang))).collect();
        let mut requires = radios(
            "requires",
            t("org_ed_requires"),
            &[("yes", t("org_ed_yes")), ("no", t("org_ed_no"))],
            &v.requires,
            errors,
        );
        requires.hint = Some(t("org_ed_requires_hint").to_owned());
        Self {
            title: Field::text("title", t("org_ed_session_title"), &v.title).required().with_error(errors),
            kind: radios("kind", t("org_ed_kind"), &kinds, &v.kind, errors),
            day: Field::text("day", t("org_ed_day"), &v.day)
                .hint(t("org_ed_date_hint"))
                .required()
                .with_error(errors),
            start: Field::text("start", t("org_ed_start"), &v.start)
                .hint(t("org_ed_time_hint"))
                .required()
                .with_error(errors),
            end: Field::text("end", t("org_ed_end"), &v.end)
                .hint(t("org_ed_time_hint"))
                .required()
                .with_error(errors),
            room: Field::text("room", t("org_ed_room"), &v.room).with_error(errors),
            capacity: Field::text("capacity", t("org_ed_capacity"), &v.capacity)
                .numeric()
                .hint(t("org_ed_capacity_hint"))
                .with_error(errors),
            requires,
            description: Field::text("description", t("org_ed_description"), &v.description)
                .multiline()
                .with_error(errors),
            facilitators: Field::text("facilitators", t("org_ed_facilitators"), &v.facilitators)
                .multiline()
                .hint(t("org_ed_facilitators_hint"))
                .with_error(errors),
            documents: Field::text("documents", t("org_ed_documents"), &v.documents)
                .multiline()
                .hint(t("org_ed_documents_hint"))
                .with_error(errors),
            online_url: Field::text("online_url", t("org_ed_online_url"), &v.online_url)
                .input("url")
                .hint(t("org_ed_online_url_hint"))
                .with_error(errors),
            replay_url: Field::text("replay_url", t("org_ed_replay_url"), &v.replay_url)
                .input("url")
                .hint(t("org_ed_replay_url_hint"))
                .with_error(errors),
        }
    }

    fn summary(&self, errors: &FormErrors) -> Vec<SummaryError> {
        let fields = [
            &self.title,
            &self.day,
            &self.start,
            &self.end,
            &self.room,
            &self.capacity,
            &self.description,
            &self.facilitators,
            &self.documents,
            &self.online_url,
            &self.replay_url,
        ];
        summary(errors, &fields, &[&self.kind, &self.requires])
    }
}

/// A session's form: to add one, or to change one.
#[derive(Serialize, Debug)]
pub struct SessionFormPage {
    pub bar: Bar,
    pub h1: String,
    pub action: String,
    pub button: String,
    pub errors: Vec<SummaryError>,
    pub zone_note: String,
    /// Who holds a seat or waits, for a session that has registrants.
    pub people: Option<String>,
    pub fields: SessionFields,
    pub back_href: String,
    pub cancel_href: Option<String>,
}

impl SessionFormPage {
    #[must_use]
    pub fn new(
        bar: Bar,
        e: &EventRecord,
        (values, errors): (&SessionValues, &FormErrors),
        session: Option<&SessionRecord>,
        lang: Lang,
    ) -> Self {
        let slug = e.event.slug.as_str();
        let fields = SessionFields::new(values, errors, lang);
        let (h1, action, button) = match session {
            Some(s) => (
                format!("{} {}", tx(lang, "org_ed_session_edit_h1"), s.title),
                format!("{}/{}", programme_href(slug), s.id.0),
                tx(lang, "org_ed_save"),
            ),
            None => (
                format!("{} {}", tx(lang, "org_ed_session_new_h1"), e.event.title),
                format!("{}/new", programme_href(slug)),
                tx(lang, "org_ed_add_session"),
            ),
        };
        Self {
            bar,
            h1,
            action,
            button: button.to_owned(),
            errors: fields.summary(errors),
            zone_note: views::zone_note(e.event.timezone, lang),
            people: session.filter(|s| s.taken + s.waitlist_length > 0).map(|s| seats_words(s, lang)),
            fields,
            back_href: programme_href(slug),
            cancel_href: session
                .filter(|s| s.status != SessionStatus::Cancelled)
                .map(|s| format!("{}/{}/cancel", programme_href(slug), s.id.0)),
        }
    }
}

/// Copying an event to new dates.
#[derive(Serialize, Debug)]
pub struct CopyPage {
    pub bar: Bar,
    pub h1: String,
    pub intro: String,
    pub action: String,
    pub errors: Vec<SummaryError>,
    pub slug: Field,
    pub title: Field,
    pub first_day: Field,
    pub back_href: String,
}

/// What the copy form holds.
#[derive(Default, Debug)]
pub struct CopyValues {
    pub slug: String,
    pub title: String,
    pub first_day: String,
}

impl CopyPage {
    #[must_use]
    pub fn new(bar: Bar, e: &EventRecord, (v, errors): (&CopyValues, &FormErrors), lang: Lang) -> Self {
        let t = |key| tx(lang, key);
        let slug = Field::text("slug", t("org_ed_copy_slug"), &v.slug)
            .required()
            .hint(t("org_ed_slug_hint"))
            .with_error(errors);
        let title = Field::text("title", t("org_ed_copy_title"), &v.title)
            .hint(t("org_ed_copy_title_hint"))
            .with_error(errors);
        let first_day = Field::text("first_day", t("org_ed_copy_day"), &v.first_day)
            .required()
            .hint(t("org_ed_copy_day_hint"))
            .with_error(errors);
        let here = e.event.slug.as_str();
        Self {
            bar,
            h1: format!("{} {}", t("org_ed_copy_h1"), e.event.title),
            intro: t("org_ed_copy_intro").to_owned(),
            action: format!("/organiser/events/{here}/copy"),
            errors: summary(errors, &[&slug, &title, &first_day], &[]),
            slug,
            title,
            first_day,
            back_href: event_href(here),
        }
    }
}

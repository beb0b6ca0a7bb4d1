//! Plain view data for the templates, built from the store's records: every date already
//! worded in the event's zone and the reader's language, every status already a sentence.
//! What a page shows is decided here, in Rust; templates only lay it out.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use tisser_domain::wording;
use tisser_domain::{
    ChoiceStatus, EventFormat, Language, Profile, RegistrationStatus, SessionKind, SessionStatus,
};
use tisser_persistence::{EventRecord, RegistrationRecord, SessionRecord};

use super::texts::tx;
use crate::error::Lang;

/// The domain's language for a page language.
#[must_use]
pub fn language(lang: Lang) -> Language {
    match lang {
        Lang::Fr => Language::Fr,
        Lang::En => Language::En,
    }
}

/// The page language for a person's language.
#[must_use]
pub fn lang_of(language: Language) -> Lang {
    match language {
        Language::Fr => Lang::Fr,
        Language::En => Lang::En,
    }
}

/// The first letter in capitals: « Mardi 23 avril 2024 ».
#[must_use]
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// A text cut into paragraphs at its line breaks.
#[must_use]
pub fn paragraphs(text: Option<&str>) -> Vec<String> {
    text.unwrap_or_default().lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

// ───────────────────────────── forms ─────────────────────────────

/// One error of a form: in the summary, a link to its field.
#[derive(Serialize, Clone, Debug)]
pub struct SummaryError {
    /// The id of the field (the first radio button of a group).
    pub target: String,
    pub message: String,
}

/// A text field.
#[derive(Serialize, Debug)]
pub struct Field {
    pub id: String,
    pub name: String,
    pub label: String,
    pub hint: Option<String>,
    pub value: String,
    pub error: Option<String>,
    pub required: bool,
    pub multiline: bool,
    pub input_type: &'static str,
    pub autocomplete: Option<&'static str>,
    /// The keyboard a phone shows (`numeric` for a number of seats).
    pub inputmode: Option<&'static str>,
}

impl Field {
    pub fn text(name: &str, label: &str, value: &str) -> Self {
        Self {
            id: name.to_owned(),
            name: name.to_owned(),
            label: label.to_owned(),
            hint: None,
            value: value.to_owned(),
            error: None,
            required: false,
            multiline: false,
            input_type: "text",
            autocomplete: None,
            inputmode: None,
        }
    }

    /// Another type of input (`date`, `time`, `url`).
    #[must_use]
    pub fn input(mut self, input_type: &'static str) -> Self {
        self.input_type = input_type;
        self
    }

    /// A whole number: a phone shows its keypad of digits.
    #[must_use]
    pub fn numeric(mut self) -> Self {
        self.inputmode = Some("numeric");
        self
    }

    #[must_use]
    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }

    #[must_use]
    pub fn multiline(mut self) -> Self {
        self.multiline = true;
        self
    }

    #[must_use]
    pub fn email(mut self) -> Self {
        self.input_type = "email";
        self
    }

    #[must_use]
    pub fn autocomplete(mut self, value: &'static str) -> Self {
        self.autocomplete = Some(value);
        self
    }

    #[must_use]
    pub fn hint(mut self, hint: &str) -> Self {
        self.hint = Some(hint.to_owned());
        self
    }

    /// Takes this field's error from the form's errors.
    #[must_use]
    pub fn with_error(mut self, errors: &FormErrors) -> Self {
        self.error = errors.message(&self.name);
        self
    }
}

/// A group of radio buttons or checkboxes, in a fieldset.
#[derive(Serialize, Debug)]
pub struct ChoiceGroup {
    pub id: String,
    pub name: String,
    pub legend: String,
    pub hint: Option<String>,
    pub error: Option<String>,
    pub input_type: &'static str,
    pub options: Vec<ChoiceOption>,
}

/// One radio button or checkbox.
#[derive(Serialize, Debug)]
pub struct ChoiceOption {
    pub id: String,
    pub value: String,
    pub label: String,
    /// Seats left, "Complet : liste d'attente", or the person's own status.
    pub note: Option<String>,
    pub full: bool,
    pub checked: bool,
    /// The language of the label when it differs from the page's ("English" on a French page).
    pub lang: Option<&'static str>,
}

impl ChoiceOption {
    /// A session to choose, under its title, with its note (seats left or the person's own
    /// status).
    fn session(s: &SessionRecord, id: String, (note, full): (Option<String>, bool), checked: bool) -> Self {
        Self { id, value: s.id.0.to_string(), label: s.title.clone(), note, full, checked, lang: None }
    }
}

/// The radio buttons of time slot `i` (named `slot-{i}`): one per session of `group`
/// (`options`), then "none of them" under `none_label`.
fn slot_group(
    i: usize,
    group: &[&SessionRecord],
    mut options: Vec<ChoiceOption>,
    (none_label, none_checked): (&str, bool),
    errors: &FormErrors,
    tz: Tz,
    lang: Lang,
) -> ChoiceGroup {
    let name = format!("slot-{i}");
    options.push(ChoiceOption {
        id: format!("slot-{i}-{}", group.len()),
        value: String::new(),
        label: none_label.to_owned(),
        note: None,
        full: false,
        checked: none_checked,
        lang: None,
    });
    ChoiceGroup {
        id: name.clone(),
        error: errors.message(&name),
        name,
        legend: slot_legend(group, tz, lang),
        hint: None,
        input_type: "radio",
        options,
    }
}

impl ChoiceGroup {
    /// The id of its first button: where the error summary leads.
    #[must_use]
    pub fn first_id(&self) -> String {
        self.options.first().map_or_else(|| self.id.clone(), |o| o.id.clone())
    }
}

/// The problems of a posted form, by field name, in the order found.
#[derive(Default, Debug, Clone)]
pub struct FormErrors {
    pub list: Vec<(String, String)>,
}

impl FormErrors {
    pub fn push(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.list.push((field.into(), message.into()));
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The status of the form's page: 200, or 422 when it shows problems.
    #[must_use]
    pub fn status(&self) -> axum::http::StatusCode {
        if self.is_empty() {
            axum::http::StatusCode::OK
        } else {
            axum::http::StatusCode::UNPROCESSABLE_ENTITY
        }
    }

    /// Every message for this field, joined.
    #[must_use]
    pub fn message(&self, field: &str) -> Option<String> {
        let found: Vec<&str> =
            self.list.iter().filter(|(f, _)| f == field).map(|(_, m)| m.as_str()).collect();
        (!found.is_empty()).then(|| found.join(" "))
    }

    /// The error summary: each error a link to its field, labelled with the field's name.
    #[must_use]
    pub fn summary(&self, targets: &dyn Fn(&str) -> (String, Option<String>)) -> Vec<SummaryError> {
        self.list
            .iter()
            .map(|(field, message)| {
                let (target, label) = targets(field);
                SummaryError {
                    target,
                    message: match label {
                        Some(label) => format!("{label} — {message}"),
                        None => message.clone(),
                    },
                }
            })
            .collect()
    }
}

/// The seats of a session in words; never colour alone.
#[must_use]
pub fn seats(s: &SessionRecord, lang: Lang) -> (Option<String>, bool) {
    match s.seats_left() {
        None => (None, false),
        Some(0) => (Some(tx(lang, "seats_full").to_owned()), true),
        Some(1) => (Some(tx(lang, "seat_left").to_owned()), false),
        Some(n) => (Some(format!("{n} {}", tx(lang, "seats_left"))), false),
    }
}

/// What kind of session, in words.
#[must_use]
pub fn kind(kind: SessionKind, lang: Lang) -> &'static str {
    tx(
        lang,
        match kind {
            SessionKind::Plenary => "kind_plenary",
            SessionKind::Workshop => "kind_workshop",
            SessionKind::Talk => "kind_talk",
            SessionKind::RoundTable => "kind_round_table",
            SessionKind::Forum => "kind_forum",
            SessionKind::Social => "kind_social",
            SessionKind::Webinar => "kind_webinar",
            SessionKind::Other => "kind_other",
        },
    )
}

/// A profile in words (inclusive French).
#[must_use]
pub fn profile_label(p: Profile, lang: Lang) -> &'static str {
    tx(
        lang,
        match p {
            Profile::PatientPartner => "profile_patient_partner",
            Profile::Caregiver => "profile_caregiver",
            Profile::UserRepresentative => "profile_user_representative",
            Profile::HealthProfessional => "profile_health_professional",
            Profile::Student => "profile_student",
            Profile::Institution => "profile_institution",
            Profile::Other => "profile_other",
        },
    )
}

/// The radio group "Vous êtes".
#[must_use]
pub fn profile_group(chosen: &str, errors: &FormErrors, lang: Lang) -> ChoiceGroup {
    ChoiceGroup {
        id: "profile".into(),
        name: "profile".into(),
        legend: tx(lang, "label_profile").into(),
        hint: Some(tx(lang, "hint_profile").into()),
        error: errors.message("profile"),
        input_type: "radio",
        options: Profile::ALL
            .iter()
            .enumerate()
            .map(|(i, p)| ChoiceOption {
                id: format!("profile-{i}"),
                value: p.as_str().into(),
                label: profile_label(*p, lang).into(),
                note: None,
                full: false,
                checked: chosen == p.as_str(),
                lang: None,
            })
            .collect(),
    }
}

/// The radio group "Langue de vos messages".
#[must_use]
pub fn language_group(chosen: &str, errors: &FormErrors, lang: Lang) -> ChoiceGroup {
    ChoiceGroup {
        id: "language".into(),
        name: "language".into(),
        legend: tx(lang, "label_language").into(),
        hint: None,
        error: errors.message("language"),
        input_type: "radio",
        options: Language::ALL
            .iter()
            .enumerate()
            .map(|(i, l)| ChoiceOption {
                id: format!("language-{i}"),
                value: l.as_str().into(),
                label: tx(lang, if *l == Language::Fr { "language_fr" } else { "language_en" }).into(),
                note: None,
                full: false,
                checked: chosen == l.as_str(),
                lang: (*l != language(lang)).then(|| l.as_str()),
            })
            .collect(),
    }
}

// ───────────────────────────── events ─────────────────────────────

/// Where registration stands, for the public.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RegState {
    Open,
    Full,
    NotYet,
    Closed,
    Over,
}

impl RegState {
    #[must_use]
    pub fn of(e: &EventRecord, now: DateTime<Utc>) -> Self {
        if e.ends_at.is_some_and(|end| end <= now) {
            Self::Over
        } else if e.registration_open(now) {
            if e.event.capacity.has_room(e.taken) { Self::Open } else { Self::Full }
        } else if e.event.window.opens_at().is_some_and(|o| now < o) {
            Self::NotYet
        } else {
            Self::Closed
        }
    }

    /// Whether a person may register now (on the waiting list when full).
    #[must_use]
    pub fn accepts(self) -> bool {
        matches!(self, Self::Open | Self::Full)
    }

    /// The name the stylesheet knows.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Full => "full",
            Self::NotYet | Self::Closed | Self::Over => "closed",
        }
    }

    /// The state in a sentence: until when it is open, why it is not.
    #[must_use]
    pub fn sentence(self, e: &EventRecord, lang: Lang) -> String {
        let tz = e.event.timezone;
        let l = language(lang);
        match self {
            Self::Open => match e.event.window.closes_at().or(e.ends_at) {
                Some(until) => format!("{} {}", tx(lang, "state_open_until"), wording::day(until, tz, l)),
                None => tx(lang, "state_open").to_owned(),
            },
            Self::Full => tx(lang, "state_full").to_owned(),
            Self::NotYet => match e.event.window.opens_at() {
                Some(at) => format!("{} {}.", tx(lang, "state_not_yet"), wording::day(at, tz, l)),
                None => tx(lang, "state_closed").to_owned(),
            },
            Self::Closed => tx(lang, "state_closed").to_owned(),
            Self::Over => tx(lang, "state_over").to_owned(),
        }
    }
}

/// The dates of an event in full.
#[must_use]
pub fn event_dates(e: &EventRecord, lang: Lang) -> String {
    let tz = e.event.timezone;
    match (e.starts_at, e.ends_at) {
        (Some(s), Some(end)) => {
            let l = language(lang);
            if wording::day(s, tz, l) == wording::day(end, tz, l) {
                capitalised(&wording::slot(s, end, tz, l))
            } else {
                capitalised(&wording::days(s, end, tz, l))
            }
        }
        _ => tx(lang, "dates_unknown").to_owned(),
    }
}

/// Where an event takes place: the venue, "En ligne", or both.
#[must_use]
pub fn place(e: &EventRecord, lang: Lang) -> String {
    match (e.event.format, e.event.venue.as_deref()) {
        (EventFormat::Online, _) => tx(lang, "online").to_owned(),
        (EventFormat::Hybrid, Some(v)) => format!("{v} {}", tx(lang, "and_online")),
        (EventFormat::Hybrid, None) => tx(lang, "online").to_owned(),
        (EventFormat::InPerson, Some(v)) => v.to_owned(),
        (EventFormat::InPerson, None) => tx(lang, "place_unknown").to_owned(),
    }
}

/// An event in a list.
#[derive(Serialize, Debug)]
pub struct EventCard {
    pub title: String,
    pub href: String,
    pub dates: String,
    pub place: String,
    pub state: &'static str,
    pub state_text: String,
    pub register_href: Option<String>,
    pub replays: Vec<Link>,
}

impl EventCard {
    #[must_use]
    pub fn new(e: &EventRecord, now: DateTime<Utc>, lang: Lang) -> Self {
        let state = RegState::of(e, now);
        let slug = e.event.slug.as_str();
        Self {
            title: e.event.title.clone(),
            href: format!("/events/{slug}"),
            dates: event_dates(e, lang),
            place: place(e, lang),
            state: state.as_str(),
            state_text: state.sentence(e, lang),
            register_href: state.accepts().then(|| format!("/events/{slug}/register")),
            replays: Vec::new(),
        }
    }
}

/// A link with its words.
#[derive(Serialize, Debug)]
pub struct Link {
    pub title: String,
    pub url: String,
}

/// A group of events on the home page.
#[derive(Serialize, Debug)]
pub struct HomeGroup {
    pub heading: String,
    pub intro: Option<String>,
    pub series_href: Option<String>,
    pub events: Vec<EventCard>,
}

#[derive(Serialize, Debug)]
pub struct HomePage {
    pub groups: Vec<HomeGroup>,
}

/// A day of a programme.
#[derive(Serialize, Debug)]
pub struct Day<T> {
    pub heading: String,
    pub sessions: Vec<T>,
}

/// Sessions by day, in time order.
pub fn by_day<'a, T>(
    sessions: impl IntoIterator<Item = &'a SessionRecord>,
    tz: Tz,
    lang: Lang,
    mut item: impl FnMut(&'a SessionRecord) -> T,
) -> Vec<Day<T>> {
    let mut sorted: Vec<&SessionRecord> = sessions.into_iter().collect();
    sorted.sort_by_key(|s| (s.slot.start(), s.slot.end(), s.title.clone()));
    let mut days: Vec<Day<T>> = Vec::new();
    for s in sorted {
        let heading = capitalised(&wording::day(s.slot.start(), tz, language(lang)));
        match days.last_mut() {
            Some(d) if d.heading == heading => d.sessions.push(item(s)),
            _ => days.push(Day { heading, sessions: vec![item(s)] }),
        }
    }
    days
}

/// A session of the public programme. Never a join link.
#[derive(Serialize, Debug)]
pub struct PublicSession {
    pub hours: String,
    pub title: String,
    pub kind: &'static str,
    pub room: Option<String>,
    pub registration_note: Option<&'static str>,
    pub cancelled: bool,
    pub seats: Option<String>,
    pub full: bool,
    pub description: Vec<String>,
    pub facilitators: Vec<String>,
    pub documents: Vec<Link>,
    pub replay_url: Option<String>,
}

fn facilitators(s: &SessionRecord) -> Vec<String> {
    s.facilitators
        .iter()
        .map(|f| match &f.role {
            Some(role) => format!("{} ({role})", f.name),
            None => f.name.clone(),
        })
        .collect()
}

fn documents(s: &SessionRecord) -> Vec<Link> {
    s.documents.iter().map(|d| Link { title: d.title.clone(), url: d.url.clone() }).collect()
}

impl PublicSession {
    #[must_use]
    pub fn new(s: &SessionRecord, tz: Tz, lang: Lang) -> Self {
        let cancelled = s.status == SessionStatus::Cancelled;
        let (seats, full) = if cancelled { (None, false) } else { seats(s, lang) };
        Self {
            hours: capitalised(&wording::hours(s.slot.start(), s.slot.end(), tz, language(lang))),
            title: s.title.clone(),
            kind: kind(s.kind, lang),
            room: s.room.clone(),
            registration_note: Some(tx(
                lang,
                if s.requires_registration { "session_on_registration" } else { "session_for_all" },
            )),
            cancelled,
            seats,
            full,
            description: paragraphs(s.description.as_deref()),
            facilitators: facilitators(s),
            documents: documents(s),
            replay_url: s.replay_url.clone(),
        }
    }
}

#[derive(Serialize, Debug)]
pub struct EventPage {
    pub title: String,
    pub series_title: Option<String>,
    pub series_href: Option<String>,
    pub dates: String,
    pub place: String,
    pub state: &'static str,
    pub state_text: String,
    pub register_href: Option<String>,
    pub description: Vec<String>,
    pub zone_note: String,
    pub days: Vec<Day<PublicSession>>,
    pub ics_href: String,
    pub series_webcal: Option<String>,
}

/// The zone the times of a page are in, in a sentence.
#[must_use]
pub fn zone_note(tz: Tz, lang: Lang) -> String {
    let zone = wording::zone(tz, language(lang));
    match lang {
        Lang::Fr => format!("Les horaires sont donnés à l'{zone}."),
        Lang::En => format!("Times are given in {zone}."),
    }
}

// ───────────────────────────── registration form ─────────────────────────────

/// How a programme is offered in the form: parallel groups (one radio group per time slot),
/// lone sessions to tick, sessions open to all, or the one session chosen for the person.
pub struct Offer<'a> {
    pub slots: Vec<Vec<&'a SessionRecord>>,
    pub singles: Vec<&'a SessionRecord>,
    pub included: Vec<&'a SessionRecord>,
    pub automatic: Option<&'a SessionRecord>,
}

/// The sessions a person may choose, in groups that take place at the same time (each
/// group overlapping in a chain), in time order.
#[must_use]
pub fn parallel_groups(programme: &[SessionRecord]) -> Vec<Vec<&SessionRecord>> {
    let mut selectable: Vec<&SessionRecord> = programme
        .iter()
        .filter(|s| s.requires_registration && s.status != SessionStatus::Cancelled)
        .collect();
    selectable.sort_by_key(|s| (s.slot.start(), s.slot.end(), s.id.0));
    let mut groups: Vec<Vec<&SessionRecord>> = Vec::new();
    for s in selectable {
        match groups.last_mut() {
            Some(group) if group.iter().any(|g| g.slot.overlaps(&s.slot)) => group.push(s),
            _ => groups.push(vec![s]),
        }
    }
    groups
}

impl<'a> Offer<'a> {
    #[must_use]
    pub fn of(programme: &'a [SessionRecord]) -> Self {
        let groups = parallel_groups(programme);
        let mut included: Vec<&SessionRecord> = programme
            .iter()
            .filter(|s| !s.requires_registration && s.status != SessionStatus::Cancelled)
            .collect();
        included.sort_by_key(|s| (s.slot.start(), s.slot.end()));
        let count: usize = groups.iter().map(Vec::len).sum();
        if count == 1 {
            return Self {
                slots: Vec::new(),
                singles: Vec::new(),
                included,
                automatic: groups[0].first().copied(),
            };
        }
        let (slots, singles): (Vec<_>, Vec<_>) = groups.into_iter().partition(|g| g.len() > 1);
        Self { slots, singles: singles.into_iter().flatten().collect(), included, automatic: None }
    }
}

/// Whether the form asks about diet: a social session, or one whose title names a meal
/// (webinars at lunchtime excepted).
#[must_use]
pub fn has_meal(e: &EventRecord, programme: &[SessionRecord]) -> bool {
    e.event.format != EventFormat::Online
        && programme.iter().any(|s| {
            let title = s.title.to_lowercase();
            s.status != SessionStatus::Cancelled
                && (s.kind == SessionKind::Social
                    || (s.kind != SessionKind::Webinar
                        && ["dîner", "diner", "déjeuner", "dejeuner", "repas"]
                            .iter()
                            .any(|m| title.contains(m))))
        })
}

/// What a person typed into the registration form, kept as typed.
#[derive(Default, Debug, Clone)]
pub struct RegisterValues {
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub profile: String,
    pub organization: String,
    pub language: String,
    pub accessibility_needs: String,
    pub dietary_requirements: String,
    /// Radio chosen in each time slot, by its field name (`slot-0`).
    pub slots: HashMap<String, String>,
    /// Ticked lone sessions (ids).
    pub singles: Vec<String>,
}

/// A session shown as included, with its time.
#[derive(Serialize, Debug)]
pub struct Included {
    pub title: String,
    pub when: String,
    pub note: Option<String>,
    pub full: bool,
}

#[derive(Serialize, Debug)]
pub struct RegisterPage {
    pub h1: String,
    pub dates: String,
    pub place: String,
    pub event_href: String,
    pub action: String,
    pub csrf: String,
    pub errors: Vec<SummaryError>,
    pub email: Field,
    pub first_name: Field,
    pub last_name: Field,
    pub profile: ChoiceGroup,
    pub organization: Field,
    pub language: ChoiceGroup,
    pub accessibility_needs: Field,
    pub dietary: Option<Field>,
    pub slots: Vec<ChoiceGroup>,
    pub singles: Option<ChoiceGroup>,
    pub included: Vec<Included>,
    pub automatic: Option<Included>,
    pub privacy: Vec<String>,
    /// The headings and the button: the person's own words, or an organiser's.
    pub you_h2: String,
    pub sessions_h2: String,
    pub privacy_h2: String,
    pub submit: String,
}

/// The legend of a time slot: « Mardi 23 avril 2024, de 10 h 45 à 12 h 30 ».
#[must_use]
pub fn slot_legend(group: &[&SessionRecord], tz: Tz, lang: Lang) -> String {
    let start = group.iter().map(|s| s.slot.start()).min();
    let end = group.iter().map(|s| s.slot.end()).max();
    match (start, end) {
        (Some(s), Some(e)) => capitalised(&wording::slot(s, e, tz, language(lang))),
        _ => String::new(),
    }
}

/// A session's time in full.
#[must_use]
pub fn session_when(s: &SessionRecord, tz: Tz, lang: Lang) -> String {
    capitalised(&wording::slot(s.slot.start(), s.slot.end(), tz, language(lang)))
}

/// Which field of the registration form an error names, and its label for the summary.
#[must_use]
pub fn register_target(field: &str, page: &RegisterPage) -> (String, Option<String>) {
    let label = |f: &Field| (f.id.clone(), Some(f.label.clone()));
    match field {
        "email" => label(&page.email),
        "first_name" => label(&page.first_name),
        "last_name" => label(&page.last_name),
        "organization" => label(&page.organization),
        "accessibility_needs" => label(&page.accessibility_needs),
        "dietary_requirements" => page.dietary.as_ref().map_or((page.email.id.clone(), None), label),
        "profile" => (page.profile.first_id(), Some(page.profile.legend.clone())),
        "language" => (page.language.first_id(), Some(page.language.legend.clone())),
        other => {
            if let Some(g) = page.slots.iter().find(|g| g.name == other) {
                return (g.first_id(), None);
            }
            if let Some(g) = page.singles.as_ref().filter(|g| g.options.iter().any(|o| o.id == other)) {
                return (other.to_owned(), Some(g.legend.clone()));
            }
            let first = page
                .slots
                .first()
                .map(ChoiceGroup::first_id)
                .or_else(|| page.singles.as_ref().map(ChoiceGroup::first_id))
                .unwrap_or_else(|| page.email.id.clone());
            (first, None)
        }
    }
}

/// The sentences before the button: what is kept, who sees it, for how long.
#[must_use]
pub fn privacy(lang: Lang, retention_days: u32, contact: &str) -> Vec<String> {
    vec![
        tx(lang, "privacy_kept").to_owned(),
        tx(lang, "privacy_who").to_owned(),
        tx(lang, "privacy_how_long").replace("{days}", &retention_days.to_string()),
        tx(lang, "privacy_erase").replace("{contact}", contact),
    ]
}

/// Everything the registration form needs.
pub struct RegisterInput<'a> {
    pub event: &'a EventRecord,
    pub programme: &'a [SessionRecord],
    pub values: &'a RegisterValues,
    pub errors: &'a FormErrors,
    pub csrf: String,
    pub retention_days: u32,
    pub contact: &'a str,
}

impl RegisterPage {
    #[must_use]
    pub fn new(input: RegisterInput<'_>, lang: Lang) -> Self {
        let RegisterInput { event, programme, values, errors, csrf, retention_days, contact } = input;
        let tz = event.event.timezone;
        let slug = event.event.slug.as_str();
        let offer = Offer::of(programme);
        let option = |s: &SessionRecord, id: String, checked: bool| {
            ChoiceOption::session(s, id, seats(s, lang), checked)
        };
        let slots = offer
            .slots
            .iter()
            .enumerate()
            .map(|(i, group)| {
                let posted = values.slots.get(&format!("slot-{i}"));
                let chosen = posted.map_or("", String::as_str);
                let options = group
                    .iter()
                    .enumerate()
                    .map(|(j, s)| option(s, format!("slot-{i}-{j}"), chosen == s.id.0.to_string()))
                    .collect();
                let none_checked = posted.is_some() && chosen.is_empty();
                slot_group(i, group, options, (tx(lang, "register_none"), none_checked), errors, tz, lang)
            })
            .collect();
        let singles = (!offer.singles.is_empty()).then(|| ChoiceGroup {
            id: "singles".into(),
            name: "session".into(),
            legend: tx(lang, "register_singles").into(),
            hint: Some(tx(lang, "register_singles_hint").into()),
            error: offer.singles.iter().find_map(|s| errors.message(&format!("session-{}", s.id.0))),
            input_type: "checkbox",
            options: offer
                .singles
                .iter()
                .map(|s| {
                    let mut o = option(
                        s,
                        format!("session-{}", s.id.0),
                        values.singles.contains(&s.id.0.to_string()),
                    );
                    o.label = format!("{} — {}", s.title, session_when(s, tz, lang));
                    o
                })
                .collect(),
        });
        let included = offer
            .included
            .iter()
            .map(|s| Included {
                title: s.title.clone(),
                when: session_when(s, tz, lang),
                note: None,
                full: false,
            })
            .collect();
        let automatic = offer.automatic.map(|s| {
            let (note, full) = seats(s, lang);
            Included { title: s.title.clone(), when: session_when(s, tz, lang), note, full }
        });
        let DetailsForm { first_name, last_name, organization, accessibility_needs, dietary, language } =
            details_form(values, has_meal(event, programme), errors, lang);
        // A new form speaks the page's language.
        let language = if values.language.is_empty() {
            language_group(self::language(lang).as_str(), errors, lang)
        } else {
            language
        };
        let mut page = Self {
            h1: format!("{} {}", tx(lang, "register_h1"), event.event.title),
            dates: event_dates(event, lang),
            place: place(event, lang),
            event_href: format!("/events/{slug}"),
            action: format!("/events/{slug}/register"),
            csrf,
            errors: Vec::new(),
            email: Field::text("email", tx(lang, "label_email"), &values.email)
                .email()
                .required()
                .autocomplete("email")
                .hint(tx(lang, "hint_email"))
                .with_error(errors),
            first_name,
            last_name,
            profile: profile_group(&values.profile, errors, lang),
            organization: organization.hint(tx(lang, "hint_organization")),
            language,
            accessibility_needs,
            dietary,
            slots,
            singles,
            included,
            automatic,
            privacy: privacy(lang, retention_days, contact),
            you_h2: tx(lang, "register_you").to_owned(),
            sessions_h2: tx(lang, "register_sessions").to_owned(),
            privacy_h2: tx(lang, "privacy_h2").to_owned(),
            submit: tx(lang, "register_submit").to_owned(),
        };
        page.errors = errors.summary(&|field| register_target(field, &page));
        page
    }
}

// ───────────────────────────── the private page ─────────────────────────────

/// One line of a person's own programme.
#[derive(Serialize, Debug)]
pub struct OwnSession {
    pub hours: String,
    pub title: String,
    pub kind: &'static str,
    pub room: Option<String>,
    /// `confirmed`, `waitlisted` or `included`, for the stylesheet.
    pub state: &'static str,
    pub status: String,
    /// Only for a confirmed seat (or a session open to all, with a confirmed registration)
    /// of an online session.
    pub join_url: Option<String>,
    pub facilitators: Vec<String>,
    pub documents: Vec<Link>,
    pub replay_url: Option<String>,
}

/// The status of a chosen session in a sentence.
#[must_use]
pub fn choice_status(status: ChoiceStatus, position: Option<u32>, lang: Lang) -> (&'static str, String) {
    match (status, position) {
        (ChoiceStatus::Confirmed, _) => ("confirmed", tx(lang, "status_confirmed").to_owned()),
        (ChoiceStatus::Waitlisted, Some(n)) => {
            ("waitlisted", format!("{} {n}.", tx(lang, "status_waitlisted")))
        }
        (ChoiceStatus::Waitlisted, None) => ("waitlisted", tx(lang, "status_waitlisted_plain").to_owned()),
        (ChoiceStatus::Cancelled, _) => ("cancelled", tx(lang, "status_cancelled").to_owned()),
    }
}

/// The person's programme: what they chose (not given up) and what is open to all.
pub fn own_programme(
    r: &RegistrationRecord,
    programme: &[SessionRecord],
    tz: Tz,
    lang: Lang,
) -> Vec<Day<OwnSession>> {
    if r.status == RegistrationStatus::Cancelled {
        return Vec::new();
    }
    let admitted = r.status == RegistrationStatus::Confirmed;
    let held: HashMap<uuid::Uuid, (ChoiceStatus, Option<u32>)> = r
        .choices
        .iter()
        .filter(|c| c.status != ChoiceStatus::Cancelled)
        .map(|c| (c.session_id.0, (c.status, c.waitlist_position)))
        .collect();
    let mine = programme.iter().filter(|s| {
        s.status != SessionStatus::Cancelled && (!s.requires_registration || held.contains_key(&s.id.0))
    });
    by_day(mine, tz, lang, |s| {
        let (state, status, seated) = match held.get(&s.id.0) {
            Some((status, position)) => {
                let (state, text) = choice_status(*status, *position, lang);
                (state, text, *status == ChoiceStatus::Confirmed)
            }
            None if admitted => ("included", tx(lang, "status_included").to_owned(), true),
            None => ("waitlisted", tx(lang, "status_included_waiting").to_owned(), false),
        };
        OwnSession {
            hours: capitalised(&wording::hours(s.slot.start(), s.slot.end(), tz, language(lang))),
            title: s.title.clone(),
            kind: kind(s.kind, lang),
            room: s.room.clone(),
            state,
            status,
            join_url: if admitted && seated { s.online_url.clone() } else { None },
            facilitators: facilitators(s),
            documents: documents(s),
            replay_url: s.replay_url.clone(),
        }
    })
}

/// The form to change one's workshops: a radio group per time slot, current choices
/// checked (or those just posted), and "none" in each.
#[must_use]
/// Who reads about the choices: the person (« votre place ») or an organiser (« sa place »).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Voice {
    Own,
    Theirs,
}

pub fn change_groups(
    r: &RegistrationRecord,
    programme: &[SessionRecord],
    posted: Option<&HashMap<String, String>>,
    errors: &FormErrors,
    tz: Tz,
    lang: Lang,
    voice: Voice,
) -> Vec<ChoiceGroup> {
    let (mine_confirmed, mine_waiting) = match voice {
        Voice::Own => ("manage_mine_confirmed", "manage_mine_waiting"),
        Voice::Theirs => ("org_theirs_confirmed", "org_theirs_waiting"),
    };
    let held: HashMap<uuid::Uuid, ChoiceStatus> = r
        .choices
        .iter()
        .filter(|c| c.status != ChoiceStatus::Cancelled)
        .map(|c| (c.session_id.0, c.status))
        .collect();
    parallel_groups(programme)
        .iter()
        .enumerate()
        .map(|(i, group)| {
            let name = format!("slot-{i}");
            let is_checked = |s: &SessionRecord| match posted {
                Some(p) => p.get(&name).is_some_and(|v| *v == s.id.0.to_string()),
                None => held.contains_key(&s.id.0),
            };
            let mut any = false;
            let options: Vec<ChoiceOption> = group
                .iter()
                .enumerate()
                .map(|(j, s)| {
                    let checked = is_checked(s);
                    any |= checked;
                    let note = match held.get(&s.id.0) {
                        Some(ChoiceStatus::Confirmed) => (Some(tx(lang, mine_confirmed).to_owned()), false),
                        Some(_) => (Some(tx(lang, mine_waiting).to_owned()), false),
                        None => seats(s, lang),
                    };
                    ChoiceOption::session(s, format!("slot-{i}-{j}"), note, checked)
                })
                .collect();
            slot_group(i, group, options, (tx(lang, "manage_none"), !any), errors, tz, lang)
        })
        .collect()
}

/// The details form of the private page.
#[derive(Serialize, Debug)]
pub struct DetailsForm {
    pub first_name: Field,
    pub last_name: Field,
    pub organization: Field,
    pub accessibility_needs: Field,
    pub dietary: Option<Field>,
    pub language: ChoiceGroup,
}

#[derive(Serialize, Debug)]
pub struct ManagePage {
    /// « Ce lien a été fait le … »: a person who forwarded it by mistake asks for a fresh one.
    pub link_made: String,
    pub event_title: String,
    pub greeting: String,
    pub state: &'static str,
    pub status_text: String,
    pub reregister_href: Option<String>,
    pub saved: Option<String>,
    pub errors: Vec<SummaryError>,
    pub dates: String,
    pub place: String,
    pub event_href: String,
    pub zone_note: String,
    pub days: Vec<Day<OwnSession>>,
    pub csrf: String,
    pub choices: Vec<ChoiceGroup>,
    pub choices_action: String,
    pub details: Option<DetailsForm>,
    pub details_action: String,
    pub email_line: String,
    pub ics_href: Option<String>,
    pub cancel_href: Option<String>,
}

/// The registration's own status in a sentence.
#[must_use]
pub fn registration_status(r: &RegistrationRecord, lang: Lang) -> (&'static str, String) {
    match r.status {
        RegistrationStatus::Confirmed => ("confirmed", tx(lang, "registration_confirmed").to_owned()),
        RegistrationStatus::Waitlisted => (
            "waitlisted",
            format!(
                "{} {}. {}",
                tx(lang, "registration_waitlisted"),
                r.waitlist_position.unwrap_or(1),
                tx(lang, "registration_next_in_line")
            ),
        ),
        RegistrationStatus::Cancelled => ("cancelled", tx(lang, "registration_cancelled").to_owned()),
    }
}

/// The fields of the details form, from the record or from what was posted.
#[must_use]
pub fn details_form(values: &RegisterValues, meal: bool, errors: &FormErrors, lang: Lang) -> DetailsForm {
    DetailsForm {
        first_name: Field::text("first_name", tx(lang, "label_first_name"), &values.first_name)
            .required()
            .autocomplete("given-name")
            .with_error(errors),
        last_name: Field::text("last_name", tx(lang, "label_last_name"), &values.last_name)
            .required()
            .autocomplete("family-name")
            .with_error(errors),
        organization: Field::text("organization", tx(lang, "label_organization"), &values.organization)
            .autocomplete("organization")
            .with_error(errors),
        accessibility_needs: Field::text(
            "accessibility_needs",
            tx(lang, "label_needs"),
            &values.accessibility_needs,
        )
        .hint(tx(lang, "hint_needs"))
        .multiline()
        .with_error(errors),
        dietary: meal.then(|| {
            Field::text("dietary_requirements", tx(lang, "label_dietary"), &values.dietary_requirements)
                .hint(tx(lang, "hint_dietary"))
                .multiline()
                .with_error(errors)
        }),
        language: language_group(&values.language, errors, lang),
    }
}

/// A record's details as form values.
#[must_use]
pub fn values_of(r: &RegistrationRecord) -> RegisterValues {
    RegisterValues {
        email: r.email.clone().unwrap_or_default(),
        first_name: r.first_name.clone(),
        last_name: r.last_name.clone(),
        profile: r.profile.map(|p| p.as_str().to_owned()).unwrap_or_default(),
        organization: r.organization.clone().unwrap_or_default(),
        language: r.language.as_str().to_owned(),
        accessibility_needs: r.accessibility_needs.clone().unwrap_or_default(),
        dietary_requirements: r.dietary_requirements.clone().unwrap_or_default(),
        slots: HashMap::new(),
        singles: Vec::new(),
    }
}

/// Which field of the private page an error names, and its label.
#[must_use]
pub fn manage_target(field: &str, page: &ManagePage) -> (String, Option<String>) {
    if let Some(g) = page.choices.iter().find(|g| g.name == field) {
        return (g.first_id(), None);
    }
    if let Some(d) = &page.details {
        let label = |f: &Field| (f.id.clone(), Some(f.label.clone()));
        match field {
            "first_name" => return label(&d.first_name),
            "last_name" => return label(&d.last_name),
            "organization" => return label(&d.organization),
            "accessibility_needs" => return label(&d.accessibility_needs),
            "dietary_requirements" if d.dietary.is_some() => {
                return d.dietary.as_ref().map_or((String::new(), None), label);
            }
            "language" => return (d.language.first_id(), Some(d.language.legend.clone())),
            _ => {}
        }
    }
    let first = page.choices.first().map_or_else(|| "contenu".to_owned(), ChoiceGroup::first_id);
    (first, None)
}

// ───────────────────────────── other pages ─────────────────────────────

/// One line of the confirmation page.
#[derive(Serialize, Debug)]
pub struct ConfirmationLine {
    pub title: String,
    pub when: String,
    pub state: &'static str,
    pub status: String,
}

#[derive(Serialize, Debug)]
pub struct ConfirmationPage {
    pub h1: String,
    pub summary: String,
    pub mail_note: String,
    pub event_title: String,
    pub dates: String,
    pub place: String,
    pub lines: Vec<ConfirmationLine>,
    pub manage_href: String,
    pub ics_href: String,
}

#[derive(Serialize, Debug)]
pub struct SeriesPage {
    pub title: String,
    pub description: Vec<String>,
    pub upcoming: Vec<EventCard>,
    pub past: Vec<EventCard>,
    pub webcal_url: String,
    pub https_url: String,
}

#[derive(Serialize, Debug)]
pub struct EmailFormPage {
    pub csrf: String,
    pub errors: Vec<SummaryError>,
    pub email: Field,
}

#[derive(Serialize, Debug)]
pub struct AccessibilityPage {
    pub contact: String,
}

#[derive(Serialize, Debug)]
pub struct MessagePage {
    pub h1: String,
    pub paragraphs: Vec<String>,
}

#[derive(Serialize, Debug)]
pub struct ClosedPage {
    pub h1: String,
    pub state: &'static str,
    pub state_text: String,
    pub event_href: String,
}

#[derive(Serialize, Debug)]
pub struct CancelPage {
    pub event_title: String,
    pub dates: String,
    pub action: String,
    pub back_href: String,
    pub csrf: String,
}

/// A form with one e-mail field ("J'ai perdu mon lien", an organiser's sign-in), its error
/// summary pointing at that field.
#[must_use]
pub fn email_form(lang: Lang, csrf: String, email: &str, errors: &FormErrors) -> EmailFormPage {
    let field = Field::text("email", tx(lang, "label_email"), email)
        .email()
        .required()
        .autocomplete("email")
        .with_error(errors);
    let summary = errors.summary(&|_| ("email".to_owned(), Some(tx(lang, "label_email").to_owned())));
    EmailFormPage { csrf, errors: summary, email: field }
}

//! Plain view data of the organisers' pages: every word and number already written in the
//! reader's language, so that the templates only place them.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use tisser_domain::{Capacity, ChoiceStatus, EventStatus, Role, SessionId, SessionStatus, wording};
use tisser_persistence::{
    Attendee, EventFill, EventRecord, FillRates, RegistrationRecord, SessionFill, SessionRecord,
};

use crate::error::Lang;
use crate::pages::texts::tx;
use crate::pages::views::{self, capitalised, language};

/// The page behind a sign-in link: one button that signs in (a POST, so that a mail
/// scanner following the link does not use it up).
#[derive(Serialize, Debug)]
pub struct ConfirmPage {
    pub csrf: String,
    pub action: String,
}

/// A link that cannot sign in: why, and the way to ask for another.
#[derive(Serialize, Debug)]
pub struct LinkGonePage {
    pub h1: String,
    pub reason: String,
}

/// What every signed-in page shows at its top: who, the pages, signing out.
#[derive(Serialize, Debug)]
pub struct Bar {
    pub who: String,
    pub admin: bool,
    pub csrf: String,
}

impl Bar {
    pub fn new(name: &str, email: &str, role: Role, csrf: String, lang: Lang) -> Self {
        Self {
            who: format!("{} {name} ({email})", tx(lang, "org_signed_in_as")),
            admin: role == Role::Admin,
            csrf,
        }
    }
}

#[derive(Serialize, Debug)]
pub struct DashboardPage {
    pub bar: Bar,
    /// What the last action did (a programme imported).
    pub done: Option<String>,
    pub events: Vec<EventSummary>,
}

#[derive(Serialize, Debug)]
pub struct EventSummary {
    pub title: String,
    pub dates: String,
    pub status: String,
    pub registrations: String,
    pub public_href: Option<String>,
    /// The attendee list of the whole event, as CSV and XLSX.
    pub downloads: Vec<Download>,
    /// Its registrations' page.
    pub registrations_href: String,
    /// Registering someone on their behalf.
    pub register_href: String,
    /// Writing to the registrants.
    pub messages_href: String,
    /// Its editor page, and its programme in the editor.
    pub edit_href: String,
    pub programme_href: String,
    pub sessions: Vec<SessionLine>,
    /// Importing a programme from a spreadsheet.
    pub import_href: String,
}

/// A file to download: its words and its address.
#[derive(Serialize, Debug)]
pub struct Download {
    pub text: String,
    pub href: String,
}

/// The attendee list of an event (with `session`: one session's), as CSV and XLSX, and the
/// session's attendance sheet.
pub fn downloads(slug: &str, session: Option<SessionId>, lang: Lang) -> Vec<Download> {
    let base = format!("/organiser/events/{slug}");
    let filter = session.map(|s| format!("?session={}", s.0)).unwrap_or_default();
    let mut list = vec![
        Download { text: tx(lang, "org_dl_csv").to_owned(), href: format!("{base}/attendees.csv{filter}") },
        Download { text: tx(lang, "org_dl_xlsx").to_owned(), href: format!("{base}/attendees.xlsx{filter}") },
    ];
    if let Some(s) = session {
        list.push(Download {
            text: tx(lang, "org_dl_sheet").to_owned(),
            href: format!("{base}/sessions/{}/attendance-sheet", s.0),
        });
    }
    list
}

#[derive(Serialize, Debug)]
pub struct SessionLine {
    pub title: String,
    pub when: String,
    /// The seats as a bar (`<meter>`), for sessions with a number of seats.
    pub meter: Option<Meter>,
    /// The same as words and numbers: never the bar alone.
    pub numbers: String,
    /// Its check-in page.
    pub check_in_href: String,
}

#[derive(Serialize, Debug)]
pub struct Meter {
    pub value: u32,
    pub max: u32,
    /// Almost full: the bar is drawn darker (the words say it too).
    pub high: u32,
}

/// "0 présent", "1 présent", "2 présents"; "0 seats", "1 seat", "2 seats".
fn count(n: u32, one: &str, many: &str, lang: Lang) -> String {
    let singular = n == 1 || (n == 0 && lang == Lang::Fr);
    format!("{n} {}", if singular { one } else { many })
}

pub(crate) fn status_words(status: EventStatus, lang: Lang) -> &'static str {
    match status {
        EventStatus::Draft => tx(lang, "org_status_draft"),
        EventStatus::Published => tx(lang, "org_status_published"),
        EventStatus::Closed => tx(lang, "org_status_closed"),
    }
}

fn totals(t: &EventFill, lang: Lang) -> String {
    format!(
        "{}, {} {}, {}",
        count(t.confirmed, tx(lang, "org_registration"), tx(lang, "org_registrations"), lang),
        t.waitlisted,
        tx(lang, "org_waiting"),
        count(t.checked_in, tx(lang, "org_present"), tx(lang, "org_presents"), lang),
    )
}

fn session_line(s: &SessionFill, slug: &str, tz: Tz, lang: Lang) -> SessionLine {
    let when = capitalised(&wording::slot(s.slot.start(), s.slot.end(), tz, language(lang)));
    let present = count(s.checked_in, tx(lang, "org_present"), tx(lang, "org_presents"), lang);
    let waiting = format!("{} {}", s.waitlisted, tx(lang, "org_waiting"));
    let (meter, mut numbers) = match (s.open_to_all, s.capacity) {
        (true, _) => (None, format!("{}, {present}", tx(lang, "org_open_to_all"))),
        (false, Capacity::Limited(max)) => (
            Some(Meter { value: s.confirmed.min(max), max, high: max.saturating_sub(max / 10).max(1) }),
            format!(
                "{} / {}, {waiting}, {present}",
                s.confirmed,
                count(max, tx(lang, "org_seat"), tx(lang, "org_seats"), lang)
            ),
        ),
        (false, Capacity::Unlimited) => (
            None,
            format!(
                "{}, {waiting}, {present}",
                count(s.confirmed, tx(lang, "org_registration"), tx(lang, "org_registrations"), lang)
            ),
        ),
    };
    if s.status == SessionStatus::Cancelled {
        numbers = format!("{} {numbers}", tx(lang, "org_session_cancelled"));
    }
    SessionLine { title: s.title.clone(), when, meter, numbers, check_in_href: check_in_href(slug, s.id) }
}

impl EventSummary {
    pub fn new(e: &EventRecord, fill: &FillRates, lang: Lang) -> Self {
        let tz = e.event.timezone;
        let slug = e.event.slug.as_str();
        Self {
            title: e.event.title.clone(),
            dates: views::event_dates(e, lang),
            status: status_words(e.event.status, lang).to_owned(),
            registrations: totals(&fill.totals, lang),
            public_href: (e.event.status != EventStatus::Draft)
                .then(|| format!("/events/{}", e.event.slug.as_str())),
            downloads: downloads(slug, None, lang),
            registrations_href: format!("/organiser/events/{slug}/registrations"),
            register_href: format!("/organiser/events/{slug}/register"),
            messages_href: format!("/organiser/events/{slug}/messages"),
            edit_href: super::editor_views::event_href(slug),
            programme_href: super::editor_views::programme_href(slug),
            sessions: fill.sessions.iter().map(|s| session_line(s, slug, tz, lang)).collect(),
            import_href: super::import_views::import_href(slug),
        }
    }
}

#[derive(Serialize, Debug)]
pub struct SessionsPage {
    pub bar: Bar,
    /// What the last action did.
    pub done: Option<String>,
    /// A token made just now, shown this once.
    pub new_token: Option<NewToken>,
    pub accounts: Vec<AccountLine>,
    pub sessions: Vec<OpenSession>,
}

#[derive(Serialize, Debug)]
pub struct AccountLine {
    pub who: String,
    pub name: String,
    pub email: String,
    pub role: String,
    pub token: String,
    pub revoke_action: Option<String>,
    pub new_action: String,
}

/// A new API token and whose it is.
#[derive(Serialize, Debug)]
pub struct NewToken {
    pub who: String,
    pub token: String,
}

#[derive(Serialize, Debug)]
pub struct OpenSession {
    pub who: String,
    pub lines: Vec<String>,
    pub mine: bool,
    pub action: String,
}

/// A moment in full, in Paris time ("mardi 23 avril 2030 à 10 h 45").
pub fn moment(t: DateTime<Utc>, lang: Lang) -> String {
    moment_in(t, chrono_tz::Europe::Paris, lang)
}

pub fn role_words(role: Role, lang: Lang) -> &'static str {
    match role {
        Role::Admin => tx(lang, "org_role_admin"),
        Role::Organiser => tx(lang, "org_role_organiser"),
    }
}

/// The address of a session's check-in page.
pub fn check_in_href(slug: &str, session: SessionId) -> String {
    format!("/organiser/events/{slug}/sessions/{}/check-in", session.0)
}

/// The check-in page of a session: the counts, the search, one line per person expected.
#[derive(Serialize, Debug)]
pub struct CheckinPage {
    pub bar: Bar,
    pub event: String,
    pub session: String,
    pub when: String,
    /// "2 présents / 10 attendus".
    pub counts: String,
    /// The address of the page (the search form's action).
    pub here: String,
    /// What was searched.
    pub q: String,
    /// Nobody is expected at all.
    pub nobody: bool,
    pub people: Vec<CheckinLine>,
    /// This session's attendee list and attendance sheet.
    pub downloads: Vec<Download>,
}

#[derive(Serialize, Debug)]
pub struct CheckinLine {
    /// The line's anchor, where the browser comes back after a button.
    pub anchor: String,
    pub name: String,
    pub organisation: Option<String>,
    pub present: bool,
    /// "Présent à 10 h 45" or "Pas encore arrivé".
    pub state: String,
    pub action: String,
    /// What the button does: `yes` marks present, `no` undoes it.
    pub value: &'static str,
    pub button: String,
}

impl CheckinPage {
    /// The page for `people` (everyone expected), showing those whose name matches `q`.
    pub fn new(
        bar: Bar,
        e: &EventRecord,
        s: &SessionRecord,
        people: &[Attendee],
        q: &str,
        lang: Lang,
    ) -> Self {
        let tz = e.event.timezone;
        let here = check_in_href(e.event.slug.as_str(), s.id);
        let expected = u32::try_from(people.len()).unwrap_or(u32::MAX);
        let present =
            u32::try_from(people.iter().filter(|p| p.checked_in_at.is_some()).count()).unwrap_or(u32::MAX);
        let counts = format!(
            "{} / {}",
            count(present, tx(lang, "org_present"), tx(lang, "org_presents"), lang),
            count(expected, tx(lang, "org_ci_expected"), tx(lang, "org_ci_expecteds"), lang)
        );
        let lines = people
            .iter()
            .filter(|p| tisser_domain::text::name_matches(q, &[&p.first_name, &p.last_name]))
            .map(|p| {
                let present = p.checked_in_at.is_some();
                CheckinLine {
                    anchor: format!("p-{}", p.registration_id.0),
                    name: format!("{} {}", p.first_name, p.last_name),
                    organisation: p.organization.clone(),
                    present,
                    state: match p.checked_in_at {
                        Some(t) => {
                            format!("{} {}", tx(lang, "org_ci_here"), wording::time(t, tz, language(lang)))
                        }
                        None => tx(lang, "org_ci_not_yet").to_owned(),
                    },
                    action: format!("{here}/{}", p.registration_id.0),
                    value: if present { "no" } else { "yes" },
                    button: tx(lang, if present { "org_ci_unmark" } else { "org_ci_mark" }).to_owned(),
                }
            })
            .collect();
        Self {
            bar,
            event: e.event.title.clone(),
            session: s.title.clone(),
            when: capitalised(&wording::slot(s.slot.start(), s.slot.end(), tz, language(lang))),
            counts,
            here,
            q: q.trim().to_owned(),
            nobody: people.is_empty(),
            people: lines,
            downloads: downloads(e.event.slug.as_str(), Some(s.id), lang),
        }
    }
}

/// Registrations shown on a page of the registrations' table.
pub const PER_PAGE: usize = 50;

/// What the organiser asked the registrations' table to show.
#[derive(Debug, Default)]
pub struct Shown {
    pub q: String,
    pub session: Option<SessionId>,
    pub status: Option<ChoiceStatus>,
    pub by_date: bool,
    pub page: usize,
}

impl Shown {
    /// The query string of this view at `page`.
    fn query(&self, page: usize) -> String {
        let mut parts = Vec::new();
        if !self.q.is_empty() {
            parts.push(format!("q={}", utf8_percent_encode(&self.q, NON_ALPHANUMERIC)));
        }
        if let Some(s) = self.session {
            parts.push(format!("session={}", s.0));
        }
        if let Some(s) = self.status {
            parts.push(format!("status={}", s.as_str()));
        }
        if self.by_date {
            parts.push("sort=date".to_owned());
        }
        if page > 1 {
            parts.push(format!("page={page}"));
        }
        if parts.is_empty() { String::new() } else { format!("?{}", parts.join("&")) }
    }
}

#[derive(Serialize, Debug)]
pub struct RegistrationsPage {
    pub bar: Bar,
    pub event: String,
    pub here: String,
    pub register_href: String,
    pub q: String,
    pub sessions: Vec<SelectOption>,
    pub statuses: Vec<SelectOption>,
    pub sorts: Vec<SelectOption>,
    /// "12 personnes, page 1 sur 1".
    pub caption: String,
    pub people: Vec<PersonRow>,
    /// "Page 2 sur 5".
    pub position: String,
    pub previous: Option<String>,
    pub next: Option<String>,
}

/// An option of a `<select>`.
#[derive(Serialize, Debug)]
pub struct SelectOption {
    pub value: String,
    pub text: String,
    pub selected: bool,
}

#[derive(Serialize, Debug)]
pub struct PersonRow {
    pub name: String,
    /// Their page.
    pub href: String,
    pub email: String,
    pub profile: String,
    pub organisation: String,
    pub status: String,
    pub sessions: Vec<String>,
    pub accessibility: String,
    pub diet: String,
    pub registered: String,
}

pub fn status_word(s: ChoiceStatus, lang: Lang) -> &'static str {
    match s {
        ChoiceStatus::Confirmed => tx(lang, "org_st_confirmed"),
        ChoiceStatus::Waitlisted => tx(lang, "org_st_waitlisted"),
        ChoiceStatus::Cancelled => tx(lang, "org_st_cancelled"),
    }
}

pub fn registration_word(s: tisser_domain::RegistrationStatus, lang: Lang) -> &'static str {
    use tisser_domain::RegistrationStatus as R;
    status_word(
        match s {
            R::Confirmed => ChoiceStatus::Confirmed,
            R::Waitlisted => ChoiceStatus::Waitlisted,
            R::Cancelled => ChoiceStatus::Cancelled,
        },
        lang,
    )
}

impl RegistrationsPage {
    /// The page of `records` (the store's filtered list) searched, sorted and cut as `shown`
    /// says.
    pub fn new(
        bar: Bar,
        e: &EventRecord,
        programme: &[SessionRecord],
        mut records: Vec<RegistrationRecord>,
        shown: &Shown,
        lang: Lang,
    ) -> Self {
        let tz = e.event.timezone;
        let here = format!("/organiser/events/{}/registrations", e.event.slug.as_str());
        records.retain(|r| {
            tisser_domain::text::name_matches(
                &shown.q,
                &[&r.first_name, &r.last_name, r.email.as_deref().unwrap_or_default()],
            )
        });
        if !shown.by_date {
            records.sort_by_cached_key(|r| {
                (tisser_domain::text::folded(&r.last_name), tisser_domain::text::folded(&r.first_name), r.id)
            });
        }
        let total = records.len();
        let pages = total.div_ceil(PER_PAGE).max(1);
        let page = shown.page.clamp(1, pages);
        let people = records
            .iter()
            .skip((page - 1) * PER_PAGE)
            .take(PER_PAGE)
            .map(|r| PersonRow {
                name: format!("{} {}", r.last_name, r.first_name),
                href: super::person_views::person_href(e.event.slug.as_str(), r.id.0),
                email: r.email.clone().unwrap_or_default(),
                profile: r
                    .profile
                    .map(|p| crate::pages::views::profile_label(p, lang))
                    .unwrap_or_default()
                    .to_owned(),
                organisation: r.organization.clone().unwrap_or_default(),
                status: registration_word(r.status, lang).to_owned(),
                sessions: r
                    .choices
                    .iter()
                    .map(|c| format!("{} : {}", c.title, status_word(c.status, lang)))
                    .collect(),
                accessibility: r.accessibility_needs.clone().unwrap_or_default(),
                diet: r.dietary_requirements.clone().unwrap_or_default(),
                registered: moment_in(r.created_at, tz, lang),
            })
            .collect();
        let option = |value: String, text: &str, selected: bool| SelectOption {
            value,
            text: text.to_owned(),
            selected,
        };
        let mut sessions =
            vec![option(String::new(), tx(lang, "org_reg_all_sessions"), shown.session.is_none())];
        sessions.extend(
            programme.iter().map(|s| option(s.id.0.to_string(), &s.title, shown.session == Some(s.id))),
        );
        let mut statuses =
            vec![option(String::new(), tx(lang, "org_reg_all_statuses"), shown.status.is_none())];
        statuses.extend(
            [ChoiceStatus::Confirmed, ChoiceStatus::Waitlisted, ChoiceStatus::Cancelled]
                .into_iter()
                .map(|s| option(s.as_str().to_owned(), status_word(s, lang), shown.status == Some(s))),
        );
        let sorts = vec![
            option("name".to_owned(), tx(lang, "org_reg_sort_name"), !shown.by_date),
            option("date".to_owned(), tx(lang, "org_reg_sort_date"), shown.by_date),
        ];
        let position = format!("{} {page} {} {pages}", tx(lang, "org_reg_page"), tx(lang, "org_reg_of"));
        let people_count = u32::try_from(total).unwrap_or(u32::MAX);
        Self {
            bar,
            event: e.event.title.clone(),
            caption: format!(
                "{} — {}, {}",
                e.event.title,
                count(people_count, tx(lang, "org_reg_person"), tx(lang, "org_reg_people"), lang),
                position.to_lowercase()
            ),
            register_href: format!("/organiser/events/{}/register", e.event.slug.as_str()),
            previous: (page > 1).then(|| format!("{here}{}", shown.query(page - 1))),
            next: (page < pages).then(|| format!("{here}{}", shown.query(page + 1))),
            here,
            q: shown.q.clone(),
            sessions,
            statuses,
            sorts,
            people,
            position,
        }
    }
}

/// A moment in the event's zone ("mardi 23 avril 2030 à 10 h 45").
pub fn moment_in(t: DateTime<Utc>, tz: Tz, lang: Lang) -> String {
    format!(
        "{} {} {}",
        wording::day(t, tz, language(lang)),
        tx(lang, "org_at"),
        wording::time(t, tz, language(lang))
    )
}

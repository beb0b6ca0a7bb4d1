//! Plain view data of the organisers' pages: every word and number already written in the
//! reader's language, so that the templates only place them.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use tisser_domain::{Capacity, EventStatus, Role, SessionId, SessionStatus, wording};
use tisser_persistence::{Attendee, EventFill, EventRecord, FillRates, SessionFill, SessionRecord};

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
    pub sessions: Vec<SessionLine>,
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

fn status_words(status: EventStatus, lang: Lang) -> &'static str {
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
            sessions: fill.sessions.iter().map(|s| session_line(s, slug, tz, lang)).collect(),
        }
    }
}

#[derive(Serialize, Debug)]
pub struct SessionsPage {
    pub bar: Bar,
    pub revoked: bool,
    pub accounts: Vec<AccountLine>,
    pub sessions: Vec<OpenSession>,
}

#[derive(Serialize, Debug)]
pub struct AccountLine {
    pub name: String,
    pub email: String,
    pub role: String,
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
    let tz = chrono_tz::Europe::Paris;
    format!(
        "{} {} {}",
        wording::day(t, tz, language(lang)),
        tx(lang, "org_at"),
        wording::time(t, tz, language(lang))
    )
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

//! Plain view data of the pages about one person (their page, the confirmation of an action
//! on their behalf), of the form registering someone on their behalf, and of the messages'
//! page.

use std::collections::HashMap;

use serde::Serialize;
use tisser_domain::{RegistrationStatus, wording};
use tisser_persistence::{EventRecord, PersonData, SessionRecord};

use super::views::{Bar, SelectOption, moment_in, registration_word, status_word};
use crate::error::Lang;
use crate::pages::texts::tx;
use crate::pages::views::{
    self, ChoiceGroup, FormErrors, RegisterPage, SummaryError, capitalised, language, profile_label,
};

/// The address of a person's page.
pub fn person_href(slug: &str, id: uuid::Uuid) -> String {
    format!("/organiser/events/{slug}/registrations/{id}")
}

/// A term and its value.
#[derive(Serialize, Debug)]
pub struct Fact {
    pub term: String,
    pub value: String,
}

/// A session the person chose, with its status.
#[derive(Serialize, Debug)]
pub struct ChoiceLine {
    pub title: String,
    pub when: String,
    pub state: &'static str,
    pub status: String,
}

/// A message written for the person (its kind, when, whether it left).
#[derive(Serialize, Debug)]
pub struct MessageLine {
    pub kind: String,
    pub written: String,
    pub delivery: String,
}

#[derive(Serialize, Debug)]
pub struct PersonPage {
    pub bar: Bar,
    pub h1: String,
    pub event: String,
    pub back_href: String,
    /// What the last action did ("Inscription annulée. La personne a reçu un message.").
    pub done: Option<String>,
    /// "Données effacées le …": nothing else can be done.
    pub erased: Option<String>,
    pub status: String,
    pub facts: Vec<Fact>,
    pub choices: Vec<ChoiceLine>,
    pub messages: Vec<MessageLine>,
    pub csrf: String,
    pub errors: Vec<SummaryError>,
    /// The workshops' form (one group per time slot), while the registration stands.
    pub change: Vec<ChoiceGroup>,
    pub change_action: String,
    pub resend_action: Option<String>,
    pub data_href: String,
    pub cancel_href: Option<String>,
    pub erase_href: Option<String>,
}

/// What the person page shows besides the data.
pub struct PersonInput<'a> {
    pub bar: Bar,
    pub event: &'a EventRecord,
    pub programme: &'a [SessionRecord],
    pub data: &'a PersonData,
    pub done: Option<&'a str>,
    /// The workshops as posted, when the form is shown again with its errors.
    pub posted: Option<&'a HashMap<String, String>>,
    pub errors: &'a FormErrors,
}

fn message_kind(kind: &str, lang: Lang) -> String {
    use tisser_domain::notice::NoticeKind as K;
    let key = match K::parse(kind) {
        Some(K::RegistrationConfirmed) => "org_msg_kind_confirmed",
        Some(K::Waitlisted) => "org_msg_kind_waitlisted",
        Some(K::Promoted) => "org_msg_kind_promoted",
        Some(K::ChoicesChanged) => "org_msg_kind_choices",
        Some(K::RegistrationCancelled) => "org_msg_kind_cancelled",
        Some(K::LinkResent) => "org_msg_kind_link",
        Some(K::SessionChanged) => "org_msg_kind_session_changed",
        Some(K::SessionCancelled) => "org_msg_kind_session_cancelled",
        Some(K::ReplayAvailable) => "org_msg_kind_replay",
        Some(K::Reminder) => "org_msg_kind_reminder",
        Some(K::OrganiserMessage) => "org_msg_kind_organiser",
        Some(K::OrganiserSignIn) | None => return kind.to_owned(),
    };
    tx(lang, key).to_owned()
}

fn done_words(done: &str, lang: Lang) -> Option<&'static str> {
    Some(match done {
        "registered" => tx(lang, "org_person_done_registered"),
        "moved" => tx(lang, "org_person_done_moved"),
        "cancelled" => tx(lang, "org_person_done_cancelled"),
        "resent" => tx(lang, "org_person_done_resent"),
        "not-resent" => tx(lang, "org_person_done_not_resent"),
        "erased" => tx(lang, "org_person_done_erased"),
        _ => return None,
    })
}

impl PersonPage {
    pub fn new(input: PersonInput<'_>, lang: Lang) -> Self {
        let PersonInput { bar, event, programme, data, done, posted, errors } = input;
        let r = &data.registration;
        let tz = event.event.timezone;
        let slug = event.event.slug.as_str();
        let here = person_href(slug, r.id.0);
        let standing = data.erased_at.is_none() && r.status != RegistrationStatus::Cancelled;
        let fact = |term: &str, value: String| Fact { term: tx(lang, term).to_owned(), value };
        let or_none = |v: &Option<String>| v.clone().filter(|v| !v.trim().is_empty());
        let none = || tx(lang, "org_person_none").to_owned();
        let facts = vec![
            fact(
                "org_reg_col_email",
                r.email.clone().unwrap_or_else(|| tx(lang, "org_person_no_email").to_owned()),
            ),
            fact(
                "org_reg_col_profile",
                r.profile.map(|p| profile_label(p, lang).to_owned()).unwrap_or_else(none),
            ),
            fact("org_reg_col_org", or_none(&r.organization).unwrap_or_else(none)),
            fact(
                "org_person_language",
                tx(
                    lang,
                    if r.language == tisser_domain::Language::Fr { "language_fr" } else { "language_en" },
                )
                .to_owned(),
            ),
            fact("org_reg_col_access", or_none(&r.accessibility_needs).unwrap_or_else(none)),
            fact("org_reg_col_diet", or_none(&r.dietary_requirements).unwrap_or_else(none)),
            fact("org_reg_col_date", moment_in(r.created_at, tz, lang)),
        ];
        let choices = r
            .choices
            .iter()
            .map(|c| {
                let (state, _) = views::choice_status(c.status, c.waitlist_position, lang);
                let status = match c.waitlist_position {
                    Some(n) => {
                        format!("{} ({} {n})", status_word(c.status, lang), tx(lang, "org_person_place"))
                    }
                    None => status_word(c.status, lang).to_owned(),
                };
                ChoiceLine {
                    title: c.title.clone(),
                    when: capitalised(&wording::slot(c.slot.start(), c.slot.end(), tz, language(lang))),
                    state,
                    status,
                }
            })
            .collect();
        let messages = data
            .messages
            .iter()
            .map(|m| MessageLine {
                kind: message_kind(&m.kind, lang),
                written: moment_in(m.created_at, tz, lang),
                delivery: match (m.status.as_str(), m.sent_at) {
                    ("sent", Some(at)) => format!("{} {}", tx(lang, "org_msg_sent"), moment_in(at, tz, lang)),
                    ("failed", _) => tx(lang, "org_msg_failed").to_owned(),
                    _ => tx(lang, "org_msg_pending").to_owned(),
                },
            })
            .collect();
        let open_groups = if standing {
            views::change_groups(r, programme, posted, errors, tz, lang, views::Voice::Theirs)
        } else {
            Vec::new()
        };
        let summary = errors.summary(&|field| {
            let first = open_groups.iter().find(|g| g.name == field).or(open_groups.first());
            (first.map_or_else(|| "contenu".to_owned(), ChoiceGroup::first_id), None)
        });
        Self {
            csrf: bar.csrf.clone(),
            bar,
            h1: format!("{} {}", r.first_name, r.last_name),
            event: event.event.title.clone(),
            back_href: format!("/organiser/events/{slug}/registrations"),
            done: done.and_then(|d| done_words(d, lang)).map(str::to_owned),
            erased: data
                .erased_at
                .map(|at| format!("{} {}", tx(lang, "org_person_erased"), moment_in(at, tz, lang))),
            status: format!("{} {}", tx(lang, "org_person_status"), registration_word(r.status, lang)),
            facts,
            choices,
            messages,
            errors: summary,
            change: open_groups,
            change_action: format!("{here}/choices"),
            resend_action: (standing && r.email.is_some()).then(|| format!("{here}/resend-link")),
            data_href: format!("{here}/data.json"),
            cancel_href: standing.then(|| format!("{here}/cancel")),
            erase_href: data.erased_at.is_none().then(|| format!("{here}/erase")),
        }
    }
}

/// "Do you really want to …?" before an action on someone's behalf that cannot be undone
/// (cancelling, erasing).
#[derive(Serialize, Debug)]
pub struct ConfirmActionPage {
    pub bar: Bar,
    pub h1: String,
    pub lines: Vec<String>,
    /// The people concerned, by name (those who lose a seat).
    pub people: Vec<String>,
    /// What the form sends again with the confirmation (a changed session's fields).
    pub hidden: Vec<Hidden>,
    pub action: String,
    pub button: String,
    /// The button says it cannot be undone (red).
    pub danger: bool,
    pub back_href: String,
    pub back: String,
}

/// A field a confirmation sends again as it was typed.
#[derive(Serialize, Debug)]
pub struct Hidden {
    pub name: String,
    pub value: String,
}

/// The registration form, filled by an organiser on someone's behalf.
#[derive(Serialize, Debug)]
pub struct OnBehalfPage {
    pub bar: Bar,
    pub form: RegisterPage,
}

impl OnBehalfPage {
    /// The public form's view, sent to the organisers' address, with the address optional.
    pub fn new(bar: Bar, mut form: RegisterPage, event: &EventRecord, lang: Lang) -> Self {
        let slug = event.event.slug.as_str();
        form.h1 = format!("{} {}", tx(lang, "org_behalf_h1"), event.event.title);
        form.action = format!("/organiser/events/{slug}/register");
        form.event_href = format!("/organiser/events/{slug}/registrations");
        form.email.required = false;
        form.you_h2 = tx(lang, "org_behalf_you").to_owned();
        form.sessions_h2 = tx(lang, "org_behalf_sessions").to_owned();
        form.privacy_h2 = tx(lang, "org_behalf_privacy").to_owned();
        form.submit = tx(lang, "org_behalf_submit").to_owned();
        form.email.hint = Some(tx(lang, "org_behalf_email_hint").to_owned());
        Self { bar, form }
    }
}

/// Writing to the people of an event: the form, then its preview with how many people will
/// receive it, then what was sent.
#[derive(Serialize, Debug)]
pub struct MessagesPage {
    pub bar: Bar,
    pub event: String,
    pub action: String,
    pub csrf: String,
    pub errors: Vec<SummaryError>,
    pub sessions: Vec<SelectOption>,
    pub subject: views::Field,
    pub body: views::Field,
    /// After "Voir l'aperçu": the message as it will be read, and to how many.
    pub preview: Option<Preview>,
    /// After sending.
    pub sent: Option<String>,
}

#[derive(Serialize, Debug)]
pub struct Preview {
    pub reach: String,
    pub subject: String,
    pub paragraphs: Vec<String>,
    /// Nobody to send it to: no "Envoyer" button.
    pub nobody: bool,
}

//! The registration form, posted: read, checked (`check.rs`, the JSON API's checks) and
//! registered through the store, by the person themself (the public form) or by an
//! organiser on their behalf (the organisers' form). One place for both, so that a rule
//! lives once.

use std::collections::HashMap;

use tisser_domain::{EventId, OrganiserId, SessionId};
use tisser_persistence::{Registered, SessionRecord};
use uuid::Uuid;

use super::error::refusal;
use super::texts::tx;
use super::views::{FormErrors, Offer, RegisterValues};
use super::{PageError, Posted};
use crate::AppState;
use crate::check::{self, RegistrationInput};
use crate::error::{Lang, Msg};

/// Who fills the form.
#[derive(Clone, Copy, Debug)]
pub enum Registrant {
    /// The person, on the public form, while registration is open.
    Person,
    /// An organiser on the person's behalf: the address may be left empty, and the public
    /// registration window does not apply.
    Organiser(OrganiserId),
}

/// What came of a posted form.
pub enum Submitted {
    Done(Box<Registered>),
    /// Nothing was written: the form again, with what was typed and why.
    Again(Box<Again>),
}

pub struct Again {
    pub values: RegisterValues,
    pub errors: FormErrors,
    pub status: axum::http::StatusCode,
}

/// A checked message in the reader's language.
pub fn message(m: &Msg, lang: Lang) -> String {
    match lang {
        Lang::Fr => m.fr.to_string(),
        Lang::En => m.en.to_string(),
    }
}

fn values_from(posted: &Posted) -> RegisterValues {
    RegisterValues {
        email: posted.text("email"),
        first_name: posted.text("first_name"),
        last_name: posted.text("last_name"),
        profile: posted.text("profile"),
        organization: posted.text("organization"),
        language: posted.text("language"),
        accessibility_needs: posted.text("accessibility_needs"),
        dietary_requirements: posted.text("dietary_requirements"),
        slots: posted.pairs(|k| k.starts_with("slot-")).map(|(k, v)| (k.to_owned(), v.to_owned())).collect(),
        singles: posted.pairs(|k| k == "session").map(|(_, v)| v.to_owned()).collect(),
    }
}

/// The field of the form that shows an error about `session`: its time slot's group, or its
/// checkbox.
fn session_field(programme: &[SessionRecord], session: SessionId) -> String {
    let offer = Offer::of(programme);
    if let Some(i) = offer.slots.iter().position(|g| g.iter().any(|s| s.id == session)) {
        return format!("slot-{i}");
    }
    if offer.singles.iter().any(|s| s.id == session) {
        return format!("session-{}", session.0);
    }
    "sessions".to_owned()
}

/// Reads, checks and registers the posted form for `event`, whose `programme` needs only
/// what a choice needs (`Store::programme_to_choose`).
///
/// # Errors
/// A [`PageError`] for what no form can mend (the database is down, the event is gone).
pub async fn submit(
    state: &AppState,
    event: EventId,
    programme: &[SessionRecord],
    posted: &Posted,
    registrant: Registrant,
    lang: Lang,
) -> Result<Submitted, PageError> {
    let values = values_from(posted);
    let mut errors = FormErrors::default();
    let again = |values, errors, status| Ok(Submitted::Again(Box::new(Again { values, errors, status })));
    if posted.is_robot() {
        errors.push("form", tx(lang, "err_honeypot"));
        return again(values, errors, axum::http::StatusCode::UNPROCESSABLE_ENTITY);
    }
    let mut sessions = Vec::new();
    for value in values.slots.values().chain(&values.singles).filter(|v| !v.trim().is_empty()) {
        match Uuid::parse_str(value.trim()) {
            Ok(id) => sessions.push(SessionId(id)),
            Err(_) => errors.push("sessions", tx(lang, "err_unreadable")),
        }
    }
    if let Some(only) = Offer::of(programme).automatic {
        sessions.push(only.id);
    }
    sessions.sort_by_key(|s| s.0);
    sessions.dedup();
    let checked = check::registration(RegistrationInput {
        email: Some(&values.email),
        first_name: Some(&values.first_name),
        last_name: Some(&values.last_name),
        profile: Some(&values.profile),
        language: Some(&values.language),
        organization: Some(&values.organization),
        accessibility_needs: Some(&values.accessibility_needs),
        dietary_requirements: Some(&values.dietary_requirements),
        sessions,
        email_optional: matches!(registrant, Registrant::Organiser(_)),
    });
    let new = match checked {
        Ok(new) if errors.is_empty() => new,
        Ok(_) => return again(values, errors, axum::http::StatusCode::UNPROCESSABLE_ENTITY),
        Err(found) => {
            for f in found {
                errors.push(f.field, message(&f.message, lang));
            }
            return again(values, errors, axum::http::StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let done = match registrant {
        Registrant::Person => state.store.register(event, new, state.now()).await,
        Registrant::Organiser(by) => state.store.register_for(event, new, by, state.now()).await,
    };
    match done {
        Ok(registered) => Ok(Submitted::Done(Box::new(registered))),
        Err(err) => {
            let titles: HashMap<SessionId, String> =
                programme.iter().map(|s| (s.id, s.title.clone())).collect();
            let title = |id: SessionId| titles.get(&id).cloned().unwrap_or_else(|| id.0.to_string());
            let refused = refusal(err, &title, lang)?;
            let field = match refused.session {
                Some(session) => session_field(programme, session),
                None => refused.field.to_owned(),
            };
            errors.push(field, refused.message);
            again(values, errors, refused.status)
        }
    }
}

/// The workshops posted by a form of changes (one `slot-N` field per time slot, empty for
/// none): as posted (to show the form again), the sessions wanted, and what could not be
/// read.
pub fn posted_choices(posted: &Posted, lang: Lang) -> (HashMap<String, String>, Vec<SessionId>, FormErrors) {
    let chosen: HashMap<String, String> =
        posted.pairs(|k| k.starts_with("slot-")).map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
    let mut errors = FormErrors::default();
    let mut wanted = Vec::new();
    for (name, value) in &chosen {
        if value.trim().is_empty() {
            continue;
        }
        match Uuid::parse_str(value.trim()) {
            Ok(id) => wanted.push(SessionId(id)),
            Err(_) => errors.push(name.clone(), tx(lang, "err_unreadable")),
        }
    }
    wanted.sort_by_key(|s| s.0);
    wanted.dedup();
    (chosen, wanted, errors)
}

/// A refused change of workshops, as an error of the form of changes: on the time slot of
/// the session it names, else on `field`.
///
/// # Errors
/// What is no refusal (the database is down, …).
pub fn choices_refused(
    err: tisser_persistence::StoreError,
    programme: &[SessionRecord],
    errors: &mut FormErrors,
    lang: Lang,
) -> Result<axum::http::StatusCode, PageError> {
    let titles: HashMap<SessionId, String> = programme.iter().map(|s| (s.id, s.title.clone())).collect();
    let title = |id: SessionId| titles.get(&id).cloned().unwrap_or_else(|| id.0.to_string());
    let refused = refusal(err, &title, lang)?;
    let field = refused
        .session
        .and_then(|session| {
            super::views::parallel_groups(programme)
                .iter()
                .position(|g| g.iter().any(|s| s.id == session))
                .map(|i| format!("slot-{i}"))
        })
        .unwrap_or_else(|| refused.field.to_owned());
    errors.push(field, refused.message);
    Ok(refused.status)
}

//! The participant's own page behind the private link of their e-mails (`/manage/{token}`):
//! plain, accessible HTML in their language, readable without scripts: their sessions, a
//! form to change their workshops (one group of radio buttons per time slot, so that two
//! sessions at the same time cannot be chosen), a button to cancel and a link to add their
//! sessions to a calendar. Plain forms, no script: it works on any browser and with a screen
//! reader.

use std::fmt::Write as _;

use std::collections::HashMap;

use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use tisser_domain::rules::ChoiceError;
use tisser_domain::wording::when;
use tisser_domain::{ChoiceStatus, Language, RegistrationStatus, SessionId, SessionStatus};
use tisser_persistence::{EventRecord, RegistrationRecord, SessionRecord, StoreError};
use uuid::Uuid;

use crate::AppState;
use crate::error::ApiError;
use crate::extract::AppPath;
use crate::html::escape;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/manage/{token}", get(page))
        .route("/manage/{token}/cancel", post(cancel))
        .route("/manage/{token}/choices", post(change))
}

fn shell(lang: Language, title: &str, body: &str) -> String {
    format!(
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title>\
         <style>body{{font-family:system-ui,sans-serif;font-size:1.15rem;line-height:1.6;max-width:40rem;\
         margin:2rem auto;padding:0 1rem}}button{{font-size:1.1rem;padding:.5rem 1rem}}\
         fieldset{{margin:0 0 1rem;border:1px solid #888}}label{{display:block;padding:.25rem 0}}\
         input[type=radio]{{width:1.2rem;height:1.2rem;margin-right:.5rem}}</style></head>\
         <body><main>{body}</main></body></html>",
        lang.as_str(),
        escape(title)
    )
}

fn not_found() -> Response {
    let body = "<h1>Lien introuvable</h1><p>Ce lien ne correspond à aucune inscription. \
                Vérifiez qu'il est complet.</p><p lang=\"en\">This link matches no registration.</p>";
    (StatusCode::NOT_FOUND, Html(shell(Language::Fr, "Lien introuvable", body))).into_response()
}

/// Renders the page, with a notice on top (`alert`: an error to correct, said as such).
async fn render(
    state: &AppState,
    token: &str,
    r: &RegistrationRecord,
    notice: Option<(&str, bool)>,
    code: StatusCode,
) -> Result<Response, PageError> {
    let event = state.store.event_by_id(r.event_id).await?;
    let programme = state.store.programme(r.event_id).await?;
    let lang = r.language;
    let fr = lang == Language::Fr;
    let tz = event.event.timezone;
    let mut body = String::new();
    let _ = write!(body, "<h1>{}</h1>", escape(&event.event.title));
    if let Some((notice, alert)) = notice {
        let role = if alert { "alert" } else { "status" };
        let _ = write!(body, "<p role=\"{role}\"><strong>{}</strong></p>", escape(notice));
    }
    let hello = if fr { "Bonjour" } else { "Hello" };
    let _ = write!(body, "<p>{hello} {},</p>", escape(&r.first_name));
    let status = match (r.status, fr) {
        (RegistrationStatus::Confirmed, true) => "Votre inscription est confirmée.".to_owned(),
        (RegistrationStatus::Confirmed, false) => "Your registration is confirmed.".to_owned(),
        (RegistrationStatus::Waitlisted, true) => format!(
            "L'événement est complet. Vous êtes sur la liste d'attente (place {}).",
            r.waitlist_position.unwrap_or(0)
        ),
        (RegistrationStatus::Waitlisted, false) => {
            format!(
                "The event is full. You are on the waiting list (place {}).",
                r.waitlist_position.unwrap_or(0)
            )
        }
        (RegistrationStatus::Cancelled, true) => "Votre inscription est annulée.".to_owned(),
        (RegistrationStatus::Cancelled, false) => "Your registration is cancelled.".to_owned(),
    };
    let _ = write!(body, "<p>{status}</p>");
    let links: HashMap<_, _> =
        programme.iter().filter_map(|s| s.online_url.as_ref().map(|u| (s.id, u.clone()))).collect();
    let chosen: Vec<_> = r.choices.iter().filter(|c| c.status != ChoiceStatus::Cancelled).collect();
    if !chosen.is_empty() {
        let _ = write!(body, "<h2>{}</h2><ul>", if fr { "Vos choix" } else { "Your choices" });
        for c in chosen {
            let state_text = match (c.status, fr) {
                (ChoiceStatus::Confirmed, true) => "place confirmée".to_owned(),
                (ChoiceStatus::Confirmed, false) => "seat confirmed".to_owned(),
                (_, true) => format!("liste d'attente, place {}", c.waitlist_position.unwrap_or(0)),
                (_, false) => format!("waiting list, place {}", c.waitlist_position.unwrap_or(0)),
            };
            // The join link goes only to a confirmed seat.
            let join = match links.get(&c.session_id) {
                Some(url)
                    if c.status == ChoiceStatus::Confirmed && r.status == RegistrationStatus::Confirmed =>
                {
                    format!(
                        "<br><a href=\"{}\">{}</a>",
                        escape(url),
                        if fr { "Rejoindre la visio" } else { "Join the video call" }
                    )
                }
                _ => String::new(),
            };
            let _ = write!(
                body,
                "<li><strong>{}</strong><br>{}<br>{}{join}</li>",
                escape(&c.title),
                escape(&when(c.slot.start(), c.slot.end(), tz, lang)),
                escape(&state_text)
            );
        }
        body.push_str("</ul>");
    }
    if r.status != RegistrationStatus::Cancelled && event.registration_open(state.now()) {
        choice_form(&mut body, token, r, &programme, &event, lang);
    }
    if r.status != RegistrationStatus::Cancelled {
        let calendar = format!("/api/v1/manage/{token}/calendar.ics");
        let _ = write!(
            body,
            "<p><a href=\"{}\">{}</a></p>",
            escape(&calendar),
            if fr {
                "Ajouter mes temps à mon agenda (fichier .ics)"
            } else {
                "Add my sessions to my calendar (.ics file)"
            }
        );
        let _ = write!(
            body,
            "<h2>{}</h2><p>{}</p><form method=\"post\" action=\"/manage/{}/cancel\"><button type=\"submit\">{}</button></form>",
            if fr { "Vous ne pouvez plus venir ?" } else { "Can't come any more?" },
            if fr {
                "Annulez ici. Votre place ira à une autre personne."
            } else {
                "Cancel here. Your seat will go to someone else."
            },
            escape(token),
            if fr { "Annuler mon inscription" } else { "Cancel my registration" }
        );
    }
    let _ = write!(
        body,
        "<p><small>{}</small></p>",
        if fr {
            "Ce lien est personnel : ne le transmettez pas."
        } else {
            "This link is personal: do not share it."
        }
    );
    Ok((code, Html(shell(lang, &event.event.title, &body))).into_response())
}

/// The sessions a person may choose, in groups that take place at the same time (each
/// group overlapping in a chain), in time order.
fn parallel_groups(programme: &[SessionRecord]) -> Vec<Vec<&SessionRecord>> {
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

/// The form to change one's workshops: a fieldset of radio buttons per time slot, the
/// person's current choices checked, and "none" in each.
fn choice_form(
    body: &mut String,
    token: &str,
    r: &RegistrationRecord,
    programme: &[SessionRecord],
    event: &EventRecord,
    lang: Language,
) {
    let groups = parallel_groups(programme);
    if groups.is_empty() {
        return;
    }
    let fr = lang == Language::Fr;
    let tz = event.event.timezone;
    let held: HashMap<Uuid, ChoiceStatus> = r
        .choices
        .iter()
        .filter(|c| c.status != ChoiceStatus::Cancelled)
        .map(|c| (c.session_id.0, c.status))
        .collect();
    let _ = write!(
        body,
        "<h2>{}</h2><p>{}</p><form method=\"post\" action=\"/manage/{}/choices\">",
        if fr { "Changer mes choix" } else { "Change my choices" },
        if fr {
            "Un choix par créneau. Si vous quittez un atelier, votre place va à la personne suivante."
        } else {
            "One choice per time slot. If you leave a workshop, your seat goes to the next person."
        },
        escape(token)
    );
    for (i, group) in groups.iter().enumerate() {
        let start = group.iter().map(|s| s.slot.start()).min().unwrap_or_else(|| group[0].slot.start());
        let end = group.iter().map(|s| s.slot.end()).max().unwrap_or_else(|| group[0].slot.end());
        let _ = write!(body, "<fieldset><legend>{}</legend>", escape(&when(start, end, tz, lang)));
        let mut any = false;
        for s in group {
            let mine = held.get(&s.id.0);
            any |= mine.is_some();
            let seats = match (mine, s.seats_left(), fr) {
                (Some(ChoiceStatus::Confirmed), _, true) => " — votre place est réservée".to_owned(),
                (Some(ChoiceStatus::Confirmed), _, false) => " — your seat is booked".to_owned(),
                (Some(_), _, true) => " — vous êtes sur la liste d'attente".to_owned(),
                (Some(_), _, false) => " — you are on the waiting list".to_owned(),
                (None, Some(0), true) => " — complet : liste d'attente".to_owned(),
                (None, Some(0), false) => " — full: waiting list".to_owned(),
                (None, Some(1), true) => " — 1 place libre".to_owned(),
                (None, Some(n), true) => format!(" — {n} places libres"),
                (None, Some(1), false) => " — 1 seat left".to_owned(),
                (None, Some(n), false) => format!(" — {n} seats left"),
                (None, None, _) => String::new(),
            };
            let _ = write!(
                body,
                "<label><input type=\"radio\" name=\"slot-{i}\" value=\"{}\"{}> {}{}</label>",
                s.id.0,
                if mine.is_some() { " checked" } else { "" },
                escape(&s.title),
                escape(&seats)
            );
        }
        let _ = write!(
            body,
            "<label><input type=\"radio\" name=\"slot-{i}\" value=\"\"{}> {}</label></fieldset>",
            if any { "" } else { " checked" },
            if fr { "Aucun" } else { "None" }
        );
    }
    let _ = write!(
        body,
        "<button type=\"submit\">{}</button></form>",
        if fr { "Enregistrer mes choix" } else { "Save my choices" }
    );
}

/// What can go wrong on the participant's page: the one mapping from the store's errors to
/// pages (the JSON API has its own, [`ApiError`]).
enum PageError {
    /// No registration behind this link: 404.
    NotFound,
    /// The database cannot be reached: 503, "try again later". Logged without values.
    Unavailable,
    /// Anything else that is our fault: 500, logged.
    Internal,
    /// A change the rules refuse (closed, cancelled, a conflict): said on the page.
    Refused(StoreError),
}

impl From<StoreError> for PageError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(_) => Self::NotFound,
            StoreError::Unavailable(_) => {
                tracing::error!(error = %e, "participant page: database unavailable");
                Self::Unavailable
            }
            e if e.is_database_failure() => {
                tracing::error!(error = %e, "participant page: storage failure");
                Self::Internal
            }
            StoreError::RegistrationClosed
            | StoreError::RegistrationCancelled
            | StoreError::Choice(_)
            | StoreError::SessionCancelled(_) => Self::Refused(e),
            e => {
                tracing::error!(error = %e, "participant page: storage failure");
                Self::Internal
            }
        }
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        match self {
            Self::NotFound => not_found(),
            Self::Unavailable => (
                StatusCode::SERVICE_UNAVAILABLE,
                [(axum::http::header::RETRY_AFTER, "30")],
                Html(shell(
                    Language::Fr,
                    "Service indisponible",
                    "<h1>Service indisponible</h1><p>Le service est momentanément indisponible. \
                     Rien n'a été enregistré. Réessayez dans quelques minutes.</p>\
                     <p lang=\"en\">The service is unavailable for a moment. Nothing was saved. \
                     Please try again in a few minutes.</p>",
                )),
            )
                .into_response(),
            Self::Internal | Self::Refused(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                Html(shell(
                    Language::Fr,
                    "Erreur",
                    "<h1>Erreur</h1><p>Une erreur est survenue de notre côté. Réessayez dans un instant.</p>\
                     <p lang=\"en\">Something went wrong on our side. Please try again in a moment.</p>",
                )),
            )
                .into_response(),
        }
    }
}

/// A refusal in the person's words, naming sessions by their titles.
fn refusal(e: StoreError, programme: &[SessionRecord], fr: bool) -> (StatusCode, String) {
    let status = if matches!(e, StoreError::Choice(_)) {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::CONFLICT
    };
    let title = |id: SessionId| {
        programme.iter().find(|s| s.id == id).map_or_else(|| id.to_string(), |s| format!("« {} »", s.title))
    };
    let text = match (e, fr) {
        (StoreError::Choice(ChoiceError::Conflict(a, b)), true) => {
            format!("{} et {} ont lieu en même temps. Choisissez-en un seul.", title(a), title(b))
        }
        (StoreError::Choice(ChoiceError::Conflict(a, b)), false) => {
            format!("{} and {} take place at the same time. Please choose only one.", title(a), title(b))
        }
        (StoreError::Choice(ChoiceError::Cancelled(a) | ChoiceError::NotInEvent(a)), true)
        | (StoreError::SessionCancelled(a), true) => format!("{} ne peut plus être choisi.", title(a)),
        (StoreError::Choice(ChoiceError::Cancelled(a) | ChoiceError::NotInEvent(a)), false)
        | (StoreError::SessionCancelled(a), false) => format!("{} can no longer be chosen.", title(a)),
        (StoreError::Choice(ChoiceError::NotSelectable(a)), true) => {
            format!("{} est ouvert à tous les inscrits : inutile de le choisir.", title(a))
        }
        (StoreError::Choice(ChoiceError::NotSelectable(a)), false) => {
            format!("{} is open to every registrant: there is no need to choose it.", title(a))
        }
        (e, fr) => ApiError::from(e).detail(fr).to_owned(),
    };
    let text = if fr { format!("{text} Rien n'a changé.") } else { format!("{text} Nothing changed.") };
    (status, text)
}

async fn page(State(state): State<AppState>, AppPath(token): AppPath<String>) -> Result<Response, PageError> {
    let r = state.store.registration_by_token(&token).await?;
    render(&state, &token, &r, None, StatusCode::OK).await
}

async fn cancel(
    State(state): State<AppState>,
    AppPath(token): AppPath<String>,
) -> Result<Response, PageError> {
    let r = state.store.cancel_registration(&token, state.now()).await?;
    let notice = if r.language == Language::Fr {
        "C'est fait : votre inscription est annulée."
    } else {
        "Done: your registration is cancelled."
    };
    render(&state, &token, &r, Some((notice, false)), StatusCode::OK).await
}

/// Saves the choices of the form: the chosen session of each time slot (none when empty).
/// A refusal (closed registration, a session that cannot be chosen) shows the page again
/// with the reason, in the person's words, and changes nothing.
async fn change(
    State(state): State<AppState>,
    AppPath(token): AppPath<String>,
    form: Result<Form<HashMap<String, String>>, FormRejection>,
) -> Result<Response, PageError> {
    let r = state.store.registration_by_token(&token).await?;
    let fr = r.language == Language::Fr;
    let mut wanted = Vec::new();
    let mut unreadable = form.is_err();
    for (key, value) in form.map(|Form(f)| f).unwrap_or_default() {
        if !key.starts_with("slot-") || value.trim().is_empty() {
            continue;
        }
        match Uuid::parse_str(value.trim()) {
            Ok(id) => wanted.push(SessionId(id)),
            Err(_) => unreadable = true,
        }
    }
    if unreadable {
        let notice = if fr {
            "Le formulaire n'a pas pu être lu. Rien n'a changé. Réessayez."
        } else {
            "The form could not be read. Nothing changed. Please try again."
        };
        return render(&state, &token, &r, Some((notice, true)), StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    wanted.sort_by_key(|s| s.0);
    wanted.dedup();
    match state.store.replace_choices(&token, &wanted, state.now()).await.map_err(PageError::from) {
        Ok(updated) => {
            let notice = if fr {
                "C'est enregistré : vos choix sont à jour. Un e-mail de confirmation va suivre."
            } else {
                "Saved: your choices are up to date. A confirmation e-mail will follow."
            };
            render(&state, &token, &updated, Some((notice, false)), StatusCode::OK).await
        }
        Err(PageError::Refused(e)) => {
            let programme = state.store.programme(r.event_id).await?;
            let (status, notice) = refusal(e, &programme, fr);
            render(&state, &token, &r, Some((&notice, true)), status).await
        }
        Err(other) => Err(other),
    }
}

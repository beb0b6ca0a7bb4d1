//! The participant's own page behind the private link of their e-mails (`/manage/{token}`):
//! plain, accessible HTML in their language, readable without scripts, with a button to
//! cancel and a link to add their sessions to a calendar. Everything else goes through the
//! JSON API.

use std::fmt::Write as _;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use tisser_domain::wording::when;
use tisser_domain::{ChoiceStatus, Language, RegistrationStatus};
use tisser_persistence::{RegistrationRecord, StoreError};

use crate::AppState;
use crate::extract::AppPath;

pub fn router() -> Router<AppState> {
    Router::new().route("/manage/{token}", get(page)).route("/manage/{token}/cancel", post(cancel))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn shell(lang: Language, title: &str, body: &str) -> String {
    format!(
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title>\
         <style>body{{font-family:system-ui,sans-serif;font-size:1.15rem;line-height:1.6;max-width:40rem;\
         margin:2rem auto;padding:0 1rem}}button{{font-size:1.1rem;padding:.5rem 1rem}}</style></head>\
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

async fn render(state: &AppState, token: &str, r: &RegistrationRecord, notice: Option<&str>) -> Response {
    let Ok(event) = state.store.event_by_id(r.event_id).await else { return not_found() };
    let lang = r.language;
    let fr = lang == Language::Fr;
    let tz = event.event.timezone;
    let mut body = String::new();
    let _ = write!(body, "<h1>{}</h1>", escape(&event.event.title));
    if let Some(notice) = notice {
        let _ = write!(body, "<p role=\"status\"><strong>{}</strong></p>", escape(notice));
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
    let links: std::collections::HashMap<_, _> = state
        .store
        .programme(r.event_id)
        .await
        .unwrap_or_default()
        .into_iter()
        .filter_map(|s| s.online_url.map(|u| (s.id, u)))
        .collect();
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
    Html(shell(lang, &event.event.title, &body)).into_response()
}

async fn page(State(state): State<AppState>, AppPath(token): AppPath<String>) -> Response {
    match state.store.registration_by_token(&token).await {
        Ok(r) => render(&state, &token, &r, None).await,
        Err(StoreError::NotFound(_)) => not_found(),
        Err(e) => {
            tracing::error!(error = %e, "participant page");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                Html(shell(Language::Fr, "Erreur", "<h1>Erreur</h1><p>Réessayez dans un instant.</p>")),
            )
                .into_response()
        }
    }
}

async fn cancel(State(state): State<AppState>, AppPath(token): AppPath<String>) -> Response {
    match state.store.cancel_registration(&token, state.now()).await {
        Ok(r) => {
            let notice = if r.language == Language::Fr {
                "C'est fait : votre inscription est annulée."
            } else {
                "Done: your registration is cancelled."
            };
            render(&state, &token, &r, Some(notice)).await
        }
        Err(StoreError::NotFound(_)) => not_found(),
        Err(e) => {
            tracing::error!(error = %e, "participant cancellation");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                Html(shell(Language::Fr, "Erreur", "<h1>Erreur</h1><p>Réessayez dans un instant.</p>")),
            )
                .into_response()
        }
    }
}

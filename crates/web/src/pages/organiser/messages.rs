//! Writing to everyone confirmed for an event or one session: the form; "Voir l'aperçu"
//! shows the message as it will be read and how many people will receive it; "Envoyer"
//! writes it into the outbox (the store's `message_registrants`, as the JSON API does, with
//! its line in the audit log), and the page says how many messages left.

use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use tisser_domain::SessionId;
use tisser_persistence::EventRecord;
use uuid::Uuid;

use super::auth::{self, SignedIn};
use super::person_views::{MessagesPage, Preview};
use super::views::{Bar, SelectOption};
use crate::AppState;
use crate::check;
use crate::error::Lang;
use crate::pages::registering::message;
use crate::pages::texts::tx;
use crate::pages::views::{self, Field, FormErrors};
use crate::pages::{PageError, PageLang, Posted, Shell, respond, secure, see_other};
use crate::session;

/// What the form holds.
#[derive(Default)]
struct Typed {
    session: Option<SessionId>,
    subject: String,
    body: String,
}

#[derive(serde::Deserialize)]
pub struct Sent {
    sent: Option<u32>,
}

async fn render(
    state: &AppState,
    signed_in: &SignedIn,
    event: &EventRecord,
    (typed, errors): (&Typed, &FormErrors),
    (preview, sent): (Option<Preview>, Option<u32>),
    csrf: String,
    lang: Lang,
) -> Result<Response, PageError> {
    let me = &signed_in.organiser;
    let programme = state.store.programme(event.event.id).await?;
    let mut sessions = vec![SelectOption {
        value: String::new(),
        text: tx(lang, "org_msg_everyone").to_owned(),
        selected: typed.session.is_none(),
    }];
    sessions.extend(programme.iter().map(|s| SelectOption {
        value: s.id.0.to_string(),
        text: s.title.clone(),
        selected: typed.session == Some(s.id),
    }));
    let subject =
        Field::text("subject", tx(lang, "org_msg_subject"), &typed.subject).required().with_error(errors);
    let body = Field::text("body", tx(lang, "org_msg_body"), &typed.body)
        .multiline()
        .required()
        .hint(tx(lang, "org_msg_body_hint"))
        .with_error(errors);
    let summary = errors.summary(&|field| match field {
        "body" => (body.id.clone(), Some(body.label.clone())),
        _ => (subject.id.clone(), Some(subject.label.clone())),
    });
    let slug = event.event.slug.as_str();
    let page = MessagesPage {
        bar: Bar::new(&me.name, &me.email, me.role, csrf.clone(), lang),
        event: event.event.title.clone(),
        action: format!("/organiser/events/{slug}/messages"),
        csrf,
        errors: summary,
        sessions,
        subject,
        body,
        preview,
        sent: sent.map(|n| match n {
            0 => tx(lang, "org_msg_sent_none").to_owned(),
            1 => tx(lang, "org_msg_sent_one").to_owned(),
            n => format!("{n} {}", tx(lang, "org_msg_sent_many")),
        }),
    };
    let shell = Shell::new(lang, &[tx(lang, "org_msg_h1"), &event.event.title], page.action.clone())
        .errors(!errors.is_empty());
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok(respond(state, "organiser/messages.html", &shell, &page, status))
}

/// The empty form (`?sent=N` after sending).
pub async fn page(
    State(state): State<AppState>,
    Extension(lang): Extension<PageLang>,
    signed_in: SignedIn,
    Path(slug): Path<String>,
    Query(sent): Query<Sent>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let event = signed_in.event(&state, &slug).await?;
    let (csrf, cookie) = session::issue(&headers, secure(&state));
    let typed = Typed::default();
    let mut response = render(
        &state,
        &signed_in,
        &event,
        (&typed, &FormErrors::default()),
        (None, sent.sent),
        csrf,
        lang.lang,
    )
    .await?;
    session::set_cookie(response.headers_mut(), cookie);
    Ok(response)
}

/// `step=preview`: the preview and how many will receive it; `step=send`: sends.
pub async fn post(
    State(state): State<AppState>,
    Extension(lang): Extension<PageLang>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    posted: Posted,
) -> Result<Response, Response> {
    let signed_in = auth::require(&state, &headers).await?;
    posted_message(&state, &signed_in, &slug, &posted, lang.lang).await.map_err(IntoResponse::into_response)
}

async fn posted_message(
    state: &AppState,
    signed_in: &SignedIn,
    slug: &str,
    posted: &Posted,
    lang: Lang,
) -> Result<Response, PageError> {
    let event = signed_in.event(state, slug).await?;
    let session = match posted.get("session").map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(id) => {
            let id = Uuid::parse_str(id).map(SessionId).map_err(|_| PageError::NotFound)?;
            Some(state.store.session(event.event.id, id).await?.id)
        }
    };
    let typed = Typed { session, subject: posted.text("subject"), body: posted.text("body") };
    let csrf = posted.text(session::FIELD);
    let (subject, body) = match check::message(Some(&typed.subject), Some(&typed.body)) {
        Ok(checked) => checked,
        Err(found) => {
            let mut errors = FormErrors::default();
            for f in found {
                errors.push(f.field, message(&f.message, lang));
            }
            return render(state, signed_in, &event, (&typed, &errors), (None, None), csrf, lang).await;
        }
    };
    if posted.get("step") == Some("send") {
        let by = signed_in.organiser.id;
        let queued =
            state.store.message_registrants(event.event.id, session, subject, body, by, state.now()).await?;
        return Ok(see_other(&format!("/organiser/events/{slug}/messages?sent={queued}")));
    }
    let reach = state.store.message_reach(event.event.id, session).await?;
    let preview = Preview {
        reach: match reach {
            0 => tx(lang, "org_msg_reach_none").to_owned(),
            1 => tx(lang, "org_msg_reach_one").to_owned(),
            n => format!("{n} {}", tx(lang, "org_msg_reach_many")),
        },
        subject,
        paragraphs: views::paragraphs(Some(&body)),
        nobody: reach == 0,
    };
    render(state, signed_in, &event, (&typed, &FormErrors::default()), (Some(preview), None), csrf, lang)
        .await
}

//! The one error type of the HTTP interface, answered as `application/problem+json`
//! (RFC 9457) with a stable snake_case `code`, in French by default and in English when the
//! request's `Accept-Language` prefers it.
//!
//! Each variant of [`ApiError`]'s constructors documents the status it answers with.
//! Internal errors are logged here and never shown to the client.

use std::borrow::Cow;

use axum::extract::Request;
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use tisser_domain::rules::ChoiceError;
use tisser_persistence::StoreError;
use utoipa::ToSchema;

/// A language a message can be written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Fr,
    En,
}

impl Lang {
    /// The language the request prefers: English when `Accept-Language` ranks English above
    /// French, French otherwise.
    #[must_use]
    pub fn of(headers: &HeaderMap) -> Self {
        let Some(value) = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()) else {
            return Self::Fr;
        };
        let mut best: Option<(f32, Lang)> = None;
        for part in value.split(',') {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next().unwrap_or_default().trim().to_ascii_lowercase();
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok()))
                .unwrap_or(1.0);
            let lang = if tag.starts_with("en") {
                Lang::En
            } else if tag.starts_with("fr") {
                Lang::Fr
            } else {
                continue;
            };
            if best.is_none_or(|(bq, _)| q > bq) {
                best = Some((q, lang));
            }
        }
        best.map_or(Self::Fr, |(_, l)| l)
    }
}

/// A text in both languages.
#[derive(Clone, Debug)]
pub struct Msg {
    pub fr: Cow<'static, str>,
    pub en: Cow<'static, str>,
}

impl Msg {
    pub fn new(fr: impl Into<Cow<'static, str>>, en: impl Into<Cow<'static, str>>) -> Self {
        Self { fr: fr.into(), en: en.into() }
    }

    fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
        }
    }
}

/// A problem with one field of the request.
#[derive(Clone, Debug)]
pub struct FieldError {
    pub field: String,
    pub message: Msg,
}

impl FieldError {
    pub fn new(
        field: impl Into<String>,
        fr: impl Into<Cow<'static, str>>,
        en: impl Into<Cow<'static, str>>,
    ) -> Self {
        Self { field: field.into(), message: Msg::new(fr, en) }
    }
}

/// An error answered to the client. Boxed: it travels in every handler's `Result`.
#[derive(Clone, Debug)]
pub struct ApiError(Box<Inner>);

#[derive(Clone, Debug)]
struct Inner {
    status: StatusCode,
    code: &'static str,
    title: Msg,
    detail: Msg,
    errors: Vec<FieldError>,
    /// Seconds to wait before trying again (`Retry-After`).
    retry_after: Option<u64>,
}

/// The problem document, as sent.
#[derive(Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem (`about:blank` plus the code).
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// Stable snake_case code: `validation_failed`, `not_found`, `already_registered`,
    /// `registration_closed`, `session_conflict`, `session_full`, `unauthorized`,
    /// `forbidden`, …
    pub code: String,
    pub errors: Vec<ProblemField>,
}

/// The refusals of an organiser's route about one thing, for the OpenAPI document: no or
/// a wrong token (401), not the event's organiser (403), no such thing (404).
#[derive(utoipa::IntoResponses)]
pub enum OrganiserRefusals {
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthorized(Problem),
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
    #[response(status = 404, content_type = "application/problem+json")]
    NotFound(Problem),
}

/// One field's problem.
#[derive(Serialize, ToSchema)]
pub struct ProblemField {
    pub field: String,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, title: Msg, detail: Msg) -> Self {
        Self(Box::new(Inner { status, code, title, detail, errors: Vec::new(), retry_after: None }))
    }

    /// The same error, naming the fields concerned.
    #[must_use]
    pub fn with_errors(mut self, errors: Vec<FieldError>) -> Self {
        self.0.errors = errors;
        self
    }

    /// 422 `validation_failed`, with one entry per field.
    #[must_use]
    pub fn validation(errors: Vec<FieldError>) -> Self {
        let detail = Msg::new(
            "Certaines informations sont manquantes ou incorrectes. Corrigez les champs indiqués.",
            "Some information is missing or wrong. Please correct the fields listed.",
        );
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            Msg::new("Données invalides", "Invalid data"),
            detail,
        )
        .with_errors(errors)
    }

    /// 404 `not_found`.
    #[must_use]
    pub fn not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "not_found",
            Msg::new("Introuvable", "Not found"),
            Msg::new("Cette adresse ne correspond à rien.", "Nothing exists at this address."),
        )
    }

    /// 401 `unauthorized`.
    #[must_use]
    pub fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            Msg::new("Non authentifié", "Unauthorized"),
            Msg::new(
                "Un jeton d'organisateur valide est nécessaire (en-tête Authorization: Bearer).",
                "A valid organiser token is required (Authorization: Bearer header).",
            ),
        )
    }

    /// 403 `forbidden`.
    #[must_use]
    pub fn forbidden() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            Msg::new("Accès refusé", "Forbidden"),
            Msg::new(
                "Ce jeton ne donne pas accès à cet événement.",
                "This token gives no access to this event.",
            ),
        )
    }

    /// 429 `rate_limited`, with `Retry-After: seconds`.
    #[must_use]
    pub fn rate_limited(seconds: u64) -> Self {
        let mut e = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            Msg::new("Trop de demandes", "Too many requests"),
            Msg::new(
                "Trop de demandes depuis cette adresse. Rien n'a été enregistré. Réessayez dans un instant.",
                "Too many requests from this address. Nothing was saved. Please try again in a moment.",
            ),
        );
        e.0.retry_after = Some(seconds);
        e
    }

    /// 500 `internal_error`: the cause is logged, never shown.
    #[must_use]
    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            Msg::new("Erreur interne", "Internal error"),
            Msg::new(
                "Une erreur est survenue de notre côté. Réessayez dans un instant.",
                "Something went wrong on our side. Please try again in a moment.",
            ),
        )
    }

    /// 503 `unavailable`: the database cannot be reached; the cause is logged.
    #[must_use]
    pub fn unavailable() -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            Msg::new("Service indisponible", "Service unavailable"),
            Msg::new(
                "Le service est momentanément indisponible. Rien n'a été enregistré. Réessayez dans quelques minutes.",
                "The service is unavailable for a moment. Nothing was saved. Please try again in a few minutes.",
            ),
        )
    }

    /// The status this error answers with.
    #[must_use]
    pub fn status(&self) -> StatusCode {
        self.0.status
    }

    /// The detail, in French or in English.
    #[must_use]
    pub fn detail(&self, fr: bool) -> &str {
        self.0.detail.get(if fr { Lang::Fr } else { Lang::En })
    }

    /// The stable code.
    #[must_use]
    pub fn code(&self) -> &'static str {
        self.0.code
    }

    fn render(&self, lang: Lang) -> Response {
        let e = &self.0;
        let problem = Problem {
            kind: format!("https://tisser.org/problems/{}", e.code.replace('_', "-")),
            title: e.title.get(lang).to_owned(),
            status: e.status.as_u16(),
            detail: e.detail.get(lang).to_owned(),
            code: e.code.to_owned(),
            errors: e
                .errors
                .iter()
                .map(|e| ProblemField { field: e.field.clone(), message: e.message.get(lang).to_owned() })
                .collect(),
        };
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        let mut response = (e.status, body).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, header::HeaderValue::from_static("application/problem+json"));
        if let Some(seconds) = e.retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from(seconds));
        }
        if e.status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
        }
        response
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        // Rendered in French here; the `localize` middleware renders it again in the
        // language the request asked for.
        let mut response = self.render(Lang::Fr);
        response.extensions_mut().insert(self);
        response
    }
}

/// Middleware: renders an [`ApiError`] in the request's language.
pub async fn localize(request: Request, next: Next) -> Response {
    let lang = Lang::of(request.headers());
    let mut response = next.run(request).await;
    match response.extensions_mut().remove::<ApiError>() {
        Some(error) => error.render(lang),
        None => response,
    }
}

fn choice_error(e: ChoiceError) -> ApiError {
    let (code, field, fr, en) = match e {
        ChoiceError::NotInEvent(id) => (
            "unknown_session",
            "sessions",
            format!("Le temps {id} ne fait pas partie de cet événement."),
            format!("Session {id} is not part of this event."),
        ),
        ChoiceError::NotSelectable(id) => (
            "session_not_selectable",
            "sessions",
            format!("Le temps {id} est ouvert à tous les inscrits : inutile de le choisir."),
            format!("Session {id} is open to every registrant: there is no need to choose it."),
        ),
        ChoiceError::Cancelled(id) => (
            "session_cancelled",
            "sessions",
            format!("Le temps {id} a été annulé."),
            format!("Session {id} was cancelled."),
        ),
        ChoiceError::Conflict(a, b) => (
            "session_conflict",
            "sessions",
            format!("Les temps {a} et {b} ont lieu en même temps. Choisissez-en un seul."),
            format!("Sessions {a} and {b} take place at the same time. Please choose only one."),
        ),
    };
    let field_error = FieldError::new(field, fr.clone(), en.clone());
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        code,
        Msg::new("Choix impossible", "Choice not possible"),
        Msg::new(fr, en),
    )
    .with_errors(vec![field_error])
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        let conflict = |code, fr: &'static str, en: &'static str| {
            ApiError::new(StatusCode::CONFLICT, code, Msg::new("Conflit", "Conflict"), Msg::new(fr, en))
        };
        match e {
            StoreError::NotFound(_) => ApiError::not_found(),
            StoreError::SlugTaken => conflict("slug_taken", "Cet identifiant est déjà utilisé.", "This slug is already used.")
                .with_errors(vec![FieldError::new("slug", "Cet identifiant est déjà utilisé.", "This slug is already used.")]),
            StoreError::AlreadyRegistered => conflict(
                "already_registered",
                "Cette adresse e-mail est déjà inscrite à cet événement. Votre lien personnel vous a été renvoyé par e-mail.",
                "This e-mail address is already registered for this event. Your private link has been e-mailed to you again.",
            ),
            StoreError::RegistrationClosed => conflict(
                "registration_closed",
                "Les inscriptions ne sont pas ouvertes pour cet événement.",
                "Registration is not open for this event.",
            ),
            StoreError::IdempotencyKeyReused => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "idempotency_key_reused",
                Msg::new("Clé d'idempotence déjà utilisée", "Idempotency key already used"),
                Msg::new(
                    "Cette clé Idempotency-Key a déjà servi pour une autre demande. Utilisez une nouvelle clé pour une nouvelle inscription.",
                    "This Idempotency-Key was already used for another request. Use a new key for a new registration.",
                ),
            )
            .with_errors(vec![FieldError::new(
                "Idempotency-Key",
                "Cette clé a déjà servi pour une autre demande.",
                "This key was already used for another request.",
            )]),
            StoreError::RegistrationCancelled => conflict(
                "registration_cancelled",
                "Cette inscription a été annulée. Pour revenir, inscrivez-vous à nouveau.",
                "This registration was cancelled. To come back, please register again.",
            ),
            StoreError::Choice(c) => choice_error(c),
            StoreError::CapacityBelowConfirmed { capacity, confirmed } => conflict(
                "capacity_below_confirmed",
                "La capacité ne peut pas être inférieure au nombre de places déjà attribuées.",
                "The capacity cannot be lower than the number of seats already given.",
            )
            .with_errors(vec![FieldError::new(
                "capacity",
                format!("{confirmed} personnes ont déjà une place : la capacité ne peut pas descendre à {capacity}."),
                format!("{confirmed} people already hold a seat: the capacity cannot go down to {capacity}."),
            )]),
            StoreError::MoveOverlaps(people) => conflict(
                "session_overlap",
                "À la nouvelle heure, des personnes inscrites ont déjà un autre temps. Prévenez-les, ou confirmez le déplacement.",
                "At the new time, some registrants already hold another session. Tell them, or confirm the move.",
            )
            .with_errors(
                people
                    .into_iter()
                    .map(|p| {
                        FieldError::new(
                            format!("registrations/{}", p.registration.0),
                            format!("{} {} a déjà « {} » à cette heure.", p.first_name, p.last_name, p.session_title),
                            format!("{} {} already holds “{}” at that time.", p.first_name, p.last_name, p.session_title),
                        )
                    })
                    .collect(),
            ),
            StoreError::SessionCancelled(_) => conflict(
                "session_cancelled",
                "Ce temps a été annulé et ne peut plus être modifié.",
                "This session was cancelled and can no longer be changed.",
            ),
            StoreError::OrganiserExists => conflict(
                "organizer_exists",
                "Un organisateur a déjà cette adresse e-mail.",
                "An organiser already has this e-mail address.",
            ),
            StoreError::UnknownReference(what) => ApiError::validation(vec![FieldError::new(
                what,
                "Aucune série ne porte cet identifiant.",
                "No series has this slug.",
            )]),
            StoreError::InvalidWindow => ApiError::validation(vec![FieldError::new(
                "registration_closes_at",
                "La clôture des inscriptions doit venir après leur ouverture.",
                "Registration must close after it opens.",
            )]),
            StoreError::NonexistentLocalTime { .. } => ApiError::validation(vec![FieldError::new(
                "starts_on",
                "À cette date, une heure du programme n'existe pas (changement d'heure). Choisissez une autre date.",
                "On this date, a time of the programme does not exist (clocks change). Please choose another date.",
            )]),
            StoreError::Unavailable(_) => {
                // Logged without values: the error names the failure, never the data.
                tracing::error!(error = %e, "database unavailable");
                ApiError::unavailable()
            }
            StoreError::UnsupportedUrl
            | StoreError::Folder { .. }
            | StoreError::Randomness(_)
            | StoreError::Corrupt { .. }
            | StoreError::SeatInvariant(_)
            | StoreError::Encoding(_)
            | StoreError::Database(_) => {
                tracing::error!(error = %e, "storage failure");
                ApiError::internal()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_LANGUAGE, value.parse().unwrap());
        h
    }

    #[test]
    fn french_is_the_default_and_english_is_chosen_when_preferred() {
        assert_eq!(Lang::of(&HeaderMap::new()), Lang::Fr);
        assert_eq!(Lang::of(&headers("en-GB,en;q=0.9")), Lang::En);
        assert_eq!(Lang::of(&headers("fr-FR,fr;q=0.9,en;q=0.8")), Lang::Fr);
        assert_eq!(Lang::of(&headers("de, en;q=0.5")), Lang::En);
        assert_eq!(Lang::of(&headers("de")), Lang::Fr);
    }
}

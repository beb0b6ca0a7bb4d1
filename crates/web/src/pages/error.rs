//! The one error type of the pages, and the one place where a store error becomes a page:
//! 404, 403 (a form that failed its safety check), 409 (a refusal), 503 (the database
//! failed: logged without personal data, never turned into a 404 or an empty page).
//!
//! `StoreError` is matched here only: in [`From<StoreError>`] and in [`refusal`], which
//! turns a refusal of a form into a field error in plain words.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use tisser_domain::SessionId;
use tisser_domain::rules::ChoiceError;
use tisser_persistence::StoreError;

use super::texts::tx;
use crate::error::{Lang, Msg};
use crate::routes::organiser_tools::exports::ToolError;

/// What went wrong, as a page in the reader's language (rendered by the pages' middleware).
#[derive(Clone, Debug)]
pub enum PageError {
    /// 404: no such page, event, series or private link.
    NotFound,
    /// 403: the form has no valid safety token, or comes from another site. Nothing changed.
    Forbidden,
    /// 403: a page for admins only, asked by an organiser who is not one.
    AdminOnly,
    /// 403: an organiser's page about an event they do not organise. Nothing is shown.
    NotYours,
    /// 409: the request cannot be done now (for instance, a cancelled registration).
    Conflict(Msg),
    /// 503: the database failed. Nothing changed.
    Unavailable,
    /// 429: too many forms from one address (the `Retry-After` header is added by the limit).
    RateLimited,
}

impl PageError {
    #[must_use]
    pub fn status(&self) -> StatusCode {
        match self {
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Forbidden | Self::AdminOnly | Self::NotYours => StatusCode::FORBIDDEN,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Self::RateLimited => StatusCode::TOO_MANY_REQUESTS,
        }
    }

    /// The heading and the paragraphs of its page.
    #[must_use]
    pub fn words(&self, lang: Lang) -> (String, Vec<String>) {
        match self {
            Self::NotFound => (tx(lang, "not_found_h1").into(), vec![tx(lang, "not_found_1").into()]),
            Self::Forbidden => (
                tx(lang, "forbidden_h1").into(),
                vec![tx(lang, "forbidden_1").into(), tx(lang, "forbidden_2").into()],
            ),
            Self::AdminOnly => (tx(lang, "admin_only_h1").into(), vec![tx(lang, "admin_only_1").into()]),
            Self::NotYours => (tx(lang, "not_yours_h1").into(), vec![tx(lang, "not_yours_1").into()]),
            Self::Conflict(msg) => (
                tx(lang, "conflict_h1").into(),
                vec![match lang {
                    Lang::Fr => msg.fr.to_string(),
                    Lang::En => msg.en.to_string(),
                }],
            ),
            Self::Unavailable => (tx(lang, "unavailable_h1").into(), vec![tx(lang, "unavailable_1").into()]),
            Self::RateLimited => {
                (tx(lang, "rate_limited_h1").into(), vec![tx(lang, "rate_limited_1").into()])
            }
        }
    }
}

impl IntoResponse for PageError {
    /// A bare answer carrying the error; the pages' middleware renders it as a page in the
    /// reader's language.
    fn into_response(self) -> Response {
        let mut response =
            (self.status(), self.status().canonical_reason().unwrap_or_default()).into_response();
        response.extensions_mut().insert(self);
        response
    }
}

/// A text of `texts.toml` in both languages, for a [`PageError::Conflict`].
pub(crate) fn msg(key: &str) -> Msg {
    Msg::new(tx(Lang::Fr, key), tx(Lang::En, key))
}

impl From<StoreError> for PageError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(_) => Self::NotFound,
            StoreError::AlreadyRegistered => Self::Conflict(msg("err_already")),
            StoreError::RegistrationClosed => Self::Conflict(msg("err_closed")),
            StoreError::RegistrationCancelled => Self::Conflict(msg("err_cancelled")),
            other => {
                // The error's text names no person: storage errors carry no values.
                tracing::error!(error = %other, "page: storage failure");
                Self::Unavailable
            }
        }
    }
}

impl From<ToolError> for PageError {
    fn from(e: ToolError) -> Self {
        match e {
            ToolError::Store(e) => e.into(),
            // Logged where it happened.
            ToolError::Build => Self::Unavailable,
        }
    }
}

/// A refusal of a form by the store, shown beside a field.
#[derive(Debug)]
pub struct Refusal {
    pub status: StatusCode,
    /// `email`, `form`, or `sessions` when `session` says which one.
    pub field: &'static str,
    /// The session concerned, to point at its group.
    pub session: Option<SessionId>,
    pub message: String,
}

/// Turns a store's refusal of a form into plain words naming sessions by their titles;
/// anything else stays a page error.
///
/// # Errors
/// The [`PageError`] for what is not a refusal of the form (a missing link, a failure).
pub fn refusal(e: StoreError, title: &dyn Fn(SessionId) -> String, lang: Lang) -> Result<Refusal, PageError> {
    let conflict = |field, key: &str| Refusal {
        status: StatusCode::CONFLICT,
        field,
        session: None,
        message: tx(lang, key).to_owned(),
    };
    let choice = |session: SessionId, message: String| Refusal {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        field: "sessions",
        session: Some(session),
        message,
    };
    // Titles between the quotation marks of the reader's language.
    let quoted = |id: SessionId| match lang {
        Lang::Fr => format!("« {} »", title(id)),
        Lang::En => format!("“{}”", title(id)),
    };
    Ok(match e {
        StoreError::AlreadyRegistered => conflict("email", "err_already"),
        StoreError::RegistrationClosed => conflict("form", "err_closed"),
        StoreError::RegistrationCancelled => conflict("form", "err_cancelled"),
        StoreError::Choice(ChoiceError::NotInEvent(id)) => {
            choice(id, format!("{} {}", quoted(id), tx(lang, "err_not_in_event")))
        }
        StoreError::Choice(ChoiceError::NotSelectable(id)) => {
            choice(id, format!("{} {}", quoted(id), tx(lang, "err_not_selectable")))
        }
        StoreError::Choice(ChoiceError::Cancelled(id)) => {
            choice(id, format!("{} {}", quoted(id), tx(lang, "err_session_cancelled")))
        }
        StoreError::Choice(ChoiceError::Conflict(a, b)) => choice(
            a,
            format!(
                "{} {} {} {}",
                quoted(a),
                tx(lang, "err_conflict_and"),
                quoted(b),
                tx(lang, "err_conflict")
            ),
        ),
        other => return Err(other.into()),
    })
}

/// A store's refusal of an organiser's event or session form.
#[derive(Debug)]
pub enum EditorRefusal {
    /// Shown beside the field (named as in the JSON API: `slug`, `series`, `capacity`, …).
    Field(&'static str, String),
    /// Moving a session would give these registrants two sessions at once: the organiser is
    /// asked to confirm.
    Overlaps(Vec<tisser_persistence::Overlap>),
}

/// Turns a store's refusal of an event or session form into words beside a field; anything
/// else stays a page error.
///
/// # Errors
/// The [`PageError`] for what is not a refusal of the form (a cancelled session, a failure).
pub fn editor_refusal(e: StoreError, lang: Lang) -> Result<EditorRefusal, PageError> {
    let field = |name, key: &str| EditorRefusal::Field(name, tx(lang, key).to_owned());
    Ok(match e {
        StoreError::SlugTaken => field("slug", "org_ed_err_slug_taken"),
        StoreError::UnknownReference(_) => field("series", "org_ed_err_series"),
        StoreError::InvalidWindow => field("registration_closes_at", "org_ed_err_window"),
        StoreError::NonexistentLocalTime { .. } => field("first_day", "org_ed_err_local_time"),
        StoreError::CapacityBelowConfirmed { confirmed, .. } => {
            EditorRefusal::Field("capacity", format!("{} {confirmed}.", tx(lang, "org_ed_err_below")))
        }
        StoreError::MoveOverlaps(people) => EditorRefusal::Overlaps(people),
        StoreError::SessionCancelled(_) => return Err(PageError::Conflict(msg("org_ed_err_cancelled"))),
        other => return Err(other.into()),
    })
}

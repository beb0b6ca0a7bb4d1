//! Organiser authentication: `Authorization: Bearer <token>`, checked against the stored
//! hashes. A missing or unknown token answers 401; rights on an event are checked by
//! [`OrganiserAuth::event`], answering 403.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use tisser_domain::Organiser;
use tisser_persistence::EventRecord;

use crate::AppState;
use crate::error::ApiError;

/// An authenticated organiser.
pub struct OrganiserAuth(pub Organiser);

impl FromRequestParts<AppState> for OrganiserAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(ApiError::unauthorized)?;
        match state.store.organiser_by_token(token).await? {
            Some(organiser) => Ok(Self(organiser)),
            None => Err(ApiError::unauthorized()),
        }
    }
}

impl OrganiserAuth {
    /// The event named `slug`, if this organiser may manage it.
    ///
    /// # Errors
    /// 404 when there is no such event, 403 when it is someone else's.
    pub async fn event(&self, state: &AppState, slug: &str) -> Result<EventRecord, ApiError> {
        let event = state.store.event_by_slug(slug).await?;
        if self.0.may_manage(event.event.created_by) { Ok(event) } else { Err(ApiError::forbidden()) }
    }
}

//! Messages from the organisers to the registrants.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use super::session_filter;
use crate::AppState;
use crate::auth::OrganiserAuth;
use crate::check;
use crate::dto::{MessageQueuedView, MessageRequest};
use crate::error::ApiError;
use crate::extract::{AppJson, AppPath};

/// Writes one e-mail per person confirmed for the event (or for one session) into the
/// outbox, in one transaction; the delivery worker sends them.
#[utoipa::path(post, path = "/api/v1/events/{slug}/messages", tag = "organizer", security(("bearer" = [])),
    params(("slug" = String, Path)), request_body = MessageRequest,
    responses(
        (status = 202, body = MessageQueuedView),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub async fn send_message(
    State(state): State<AppState>,
    auth: OrganiserAuth,
    AppPath(slug): AppPath<String>,
    AppJson(body): AppJson<MessageRequest>,
) -> Result<(StatusCode, Json<MessageQueuedView>), ApiError> {
    let event = auth.event(&state, &slug).await?;
    let (subject, text) =
        check::message(body.subject.as_deref(), body.body.as_deref()).map_err(ApiError::validation)?;
    let session = session_filter(&state, &event, body.session).await?;
    let queued = state
        .store
        .message_registrants(event.event.id, session.map(|s| s.id), subject, text, auth.0.id, state.now())
        .await?;
    Ok((StatusCode::ACCEPTED, Json(MessageQueuedView { queued })))
}

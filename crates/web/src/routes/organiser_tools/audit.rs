//! The audit log, for admins.

use axum::Json;
use axum::extract::State;
use tisser_domain::Role;

use crate::AppState;
use crate::auth::OrganiserAuth;
use crate::dto::{AuditQuery, AuditView};
use crate::error::ApiError;
use crate::extract::AppQuery;

/// The audit log of organiser actions touching personal data, newest first. Admins only.
#[utoipa::path(get, path = "/api/v1/audit", tag = "organizer", security(("bearer" = [])),
    params(AuditQuery),
    responses(
        (status = 200, body = [AuditView]),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "not an admin", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "unknown event", body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub async fn audit_log(
    State(state): State<AppState>,
    auth: OrganiserAuth,
    AppQuery(query): AppQuery<AuditQuery>,
) -> Result<Json<Vec<AuditView>>, ApiError> {
    if auth.0.role != Role::Admin {
        return Err(ApiError::forbidden());
    }
    let event = match query.event.as_deref() {
        Some(slug) => Some(state.store.event_by_slug(slug).await?.event.id),
        None => None,
    };
    let limit = query.limit.unwrap_or(100).clamp(1, 1000);
    let rows = state.store.audit_log(event, limit, query.offset.unwrap_or(0)).await?;
    Ok(Json(rows.into_iter().map(AuditView::from).collect()))
}

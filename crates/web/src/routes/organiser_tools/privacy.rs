//! Data protection: a person's data (their right of access) and erasure.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use tisser_domain::RegistrationId;
use uuid::Uuid;

use crate::AppState;
use crate::auth::OrganiserAuth;
use crate::dto::{ErasedView, PersonExportView, local};
use crate::error::ApiError;
use crate::extract::AppPath;

/// Everything held about one person (their right of access), as JSON.
#[utoipa::path(get, path = "/api/v1/events/{slug}/registrations/{id}/export", tag = "organizer", security(("bearer" = [])),
    params(("slug" = String, Path), ("id" = Uuid, Path)),
    responses(
        (status = 200, body = PersonExportView),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub async fn person_export(
    State(state): State<AppState>,
    auth: OrganiserAuth,
    AppPath((slug, id)): AppPath<(String, Uuid)>,
) -> Result<Response, ApiError> {
    let event = auth.event(&state, &slug).await?;
    let data = state.store.person_data(event.event.id, RegistrationId(id), auth.0.id, state.now()).await?;
    let mut res = Json(PersonExportView::new(data, event.event.timezone)).into_response();
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

/// Erases a person: their seats go to the first people waiting, then their name, e-mail,
/// profile, organisation, needs and diet are replaced or removed everywhere, their private
/// links stop working and the messages written for them are deleted.
#[utoipa::path(delete, path = "/api/v1/events/{slug}/registrations/{id}", tag = "organizer", security(("bearer" = [])),
    params(("slug" = String, Path), ("id" = Uuid, Path)),
    responses(
        (status = 200, body = ErasedView),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub async fn erase(
    State(state): State<AppState>,
    auth: OrganiserAuth,
    AppPath((slug, id)): AppPath<(String, Uuid)>,
) -> Result<Json<ErasedView>, ApiError> {
    let event = auth.event(&state, &slug).await?;
    let at =
        state.store.erase_registration(event.event.id, RegistrationId(id), auth.0.id, state.now()).await?;
    Ok(Json(ErasedView { id, erased: true, erased_at: local(at, event.event.timezone) }))
}

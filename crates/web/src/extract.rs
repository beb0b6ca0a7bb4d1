//! Extractors whose rejections answer in our problem format: malformed JSON, a wrong
//! content type, a body over the limit, a malformed id in a path.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::{ApiError, FieldError, Msg};

/// JSON body; rejections become problems (400 malformed, 413 too large, 415 wrong type,
/// 422 wrong shape).
pub struct AppJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for AppJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(Self(value)),
            Err(rejection) => Err(json_rejection(&rejection)),
        }
    }
}

fn json_rejection(rejection: &JsonRejection) -> ApiError {
    match rejection {
        JsonRejection::MissingJsonContentType(_) => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            Msg::new("Type de contenu non pris en charge", "Unsupported media type"),
            Msg::new(
                "Envoyez le corps de la requête en JSON, avec l'en-tête Content-Type: application/json.",
                "Send the request body as JSON, with the header Content-Type: application/json.",
            ),
        ),
        JsonRejection::JsonSyntaxError(e) => ApiError::new(
            StatusCode::BAD_REQUEST,
            "malformed_json",
            Msg::new("JSON mal formé", "Malformed JSON"),
            Msg::new(
                format!("Le corps n'est pas du JSON valide : {e}"),
                format!("The body is not valid JSON: {e}"),
            ),
        ),
        JsonRejection::JsonDataError(e) => {
            let detail = std::error::Error::source(e).map_or_else(|| e.to_string(), ToString::to_string);
            let field = detail.split(": ").next().filter(|p| !p.contains(' ')).unwrap_or("body").to_owned();
            ApiError::validation(vec![FieldError::new(
                field,
                format!("Valeur de type inattendu : {detail}"),
                format!("Value of an unexpected type: {detail}"),
            )])
        }
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            Msg::new("Requête trop volumineuse", "Payload too large"),
            Msg::new(
                "Le corps de la requête dépasse la taille permise.",
                "The request body is larger than allowed.",
            ),
        ),
        other => ApiError::new(
            other.status(),
            "bad_request",
            Msg::new("Requête invalide", "Bad request"),
            Msg::new(format!("Requête illisible : {other}"), format!("Unreadable request: {other}")),
        ),
    }
}

/// A JSON body and its canonical form (object keys sorted, no spaces), for requests whose
/// body must be recognised when sent again (an idempotency key). Rejections as [`AppJson`].
pub struct CanonicalJson<T>(pub T, pub Vec<u8>);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for CanonicalJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let AppJson(value) = AppJson::<serde_json::Value>::from_request(req, state).await?;
        let canonical = serde_json::to_vec(&canonical(value)).map_err(|e| {
            tracing::error!(error = %e, "a parsed JSON value could not be written again");
            ApiError::internal()
        })?;
        match axum::Json::<T>::from_bytes(&canonical) {
            Ok(axum::Json(body)) => Ok(Self(body, canonical)),
            Err(rejection) => Err(json_rejection(&rejection)),
        }
    }
}

/// `value` with every object's keys in sorted order (whatever the order `serde_json` keeps).
fn canonical(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            let sorted: std::collections::BTreeMap<String, Value> =
                map.into_iter().map(|(k, v)| (k, canonical(v))).collect();
            Value::Object(sorted.into_iter().collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(canonical).collect()),
        other => other,
    }
}

/// Path parameters; a malformed id answers 404 (nothing can exist at that address).
pub struct AppPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for AppPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Self(value)),
            Err(PathRejection::FailedToDeserializePathParams(_)) => Err(ApiError::not_found()),
            Err(other) => {
                tracing::error!(error = %other, "path extraction failed");
                Err(ApiError::internal())
            }
        }
    }
}

/// Query parameters; a malformed one answers 422 naming it.
pub struct AppQuery<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for AppQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Self(value)),
            Err(QueryRejection::FailedToDeserializeQueryString(e)) => {
                Err(ApiError::validation(vec![FieldError::new(
                    "query",
                    format!("Paramètre incorrect : {}", e.body_text()),
                    format!("Wrong parameter: {}", e.body_text()),
                )]))
            }
            Err(other) => {
                tracing::error!(error = %other, "query extraction failed");
                Err(ApiError::internal())
            }
        }
    }
}

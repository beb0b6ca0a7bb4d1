//! Organiser tools: exports, attendance sheets, check-in, fill rates, messages, data protection.

use axum::Router;

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
}

//! The Déjeuners: series pages, replays, cloning events.

use axum::Router;

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
}

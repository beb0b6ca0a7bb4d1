//! Probes.

use serde::Serialize;
use utoipa::ToSchema;

/// Health answer.
#[derive(Serialize, ToSchema)]
pub struct Health {
    pub status: &'static str,
}

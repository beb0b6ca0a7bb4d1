//! Series of events.

use serde::{Deserialize, Serialize};
use tisser_persistence::SeriesRecord;
use utoipa::ToSchema;
use uuid::Uuid;

/// A new series.
#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct SeriesRequest {
    pub slug: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
}

/// A series.
#[derive(Serialize, ToSchema)]
pub struct SeriesView {
    pub id: Uuid,
    pub slug: String,
    pub title: String,
    pub description: Option<String>,
}

impl From<&SeriesRecord> for SeriesView {
    fn from(s: &SeriesRecord) -> Self {
        Self {
            id: s.id.0,
            slug: s.slug.to_string(),
            title: s.title.clone(),
            description: s.description.clone(),
        }
    }
}

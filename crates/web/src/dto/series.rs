//! Series of events.

use serde::{Deserialize, Serialize};
use tisser_persistence::SeriesRecord;
use utoipa::ToSchema;
use uuid::Uuid;

use super::EventSummary;

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

/// A replay to watch.
#[derive(Serialize, ToSchema)]
pub struct ReplayView {
    pub session_id: Uuid,
    pub title: String,
    pub replay_url: String,
}

/// One date of a series.
#[derive(Serialize, ToSchema)]
pub struct SeriesEventView {
    #[serde(flatten)]
    pub event: EventSummary,
    /// Whether it is over.
    pub past: bool,
    pub replays: Vec<ReplayView>,
}

/// A series with its dates.
#[derive(Serialize, ToSchema)]
pub struct SeriesPage {
    pub slug: String,
    pub title: String,
    pub description: Option<String>,
    /// The calendar feed, to subscribe to.
    pub calendar_url: String,
    /// The same feed for calendar applications (`webcal://`).
    pub webcal_url: String,
    /// Upcoming dates first (soonest first), then past ones (latest first).
    pub events: Vec<SeriesEventView>,
}

//! Fill rates: seats, lines and presence per session, and the event's totals.

use std::collections::HashMap;

use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use tisser_domain::{
    Capacity, ChoiceStatus, EventId, RegistrationStatus, SessionId, SessionKind, SessionStatus, TimeSlot,
};
use uuid::Uuid;

use super::attendance::presence;
use crate::convert::capacity_from;
use crate::entities::{checkins, choices, events, registrations, sessions};
use crate::{Store, StoreError, to_u32};

/// Seats and presence of one session.
#[derive(Clone, Debug)]
pub struct SessionFill {
    pub id: SessionId,
    pub title: String,
    pub kind: SessionKind,
    pub status: SessionStatus,
    pub slot: TimeSlot,
    /// Open to every registrant (no choice needed).
    pub open_to_all: bool,
    pub capacity: Capacity,
    pub confirmed: u32,
    pub waitlisted: u32,
    pub cancelled: u32,
    pub checked_in: u32,
    pub absent: u32,
}

/// The event's registrations by status, and its seats.
#[derive(Clone, Debug)]
pub struct EventFill {
    pub capacity: Capacity,
    pub confirmed: u32,
    pub waitlisted: u32,
    pub cancelled: u32,
    /// People checked in at one session at least.
    pub checked_in: u32,
}

/// An event's fill rates.
#[derive(Clone, Debug)]
pub struct FillRates {
    pub sessions: Vec<SessionFill>,
    pub totals: EventFill,
}

impl Store {
    /// Seats, lines and presence of every session of the event, and the event's totals.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for an unknown event.
    pub async fn fill_rates(&self, event: EventId) -> Result<FillRates, StoreError> {
        let e = events::Entity::find_by_id(event.0)
            .one(&self.read)
            .await?
            .ok_or(StoreError::NotFound("event"))?;
        let programme = sessions::Entity::find()
            .filter(sessions::Column::EventId.eq(event.0))
            .order_by_asc(sessions::Column::StartsAt)
            .order_by_asc(sessions::Column::Title)
            .all(&self.read)
            .await?;
        let ids: Vec<Uuid> = programme.iter().map(|s| s.id).collect();
        let mut by_choice: HashMap<(Uuid, String), u32> = HashMap::new();
        if !ids.is_empty() {
            let rows: Vec<(Uuid, String, i64)> = choices::Entity::find()
                .select_only()
                .column(choices::Column::SessionId)
                .column(choices::Column::Status)
                .column_as(Expr::col(choices::Column::Id).count(), "n")
                .filter(choices::Column::SessionId.is_in(ids))
                .group_by(choices::Column::SessionId)
                .group_by(choices::Column::Status)
                .into_tuple()
                .all(&self.read)
                .await?;
            for (session, status, n) in rows {
                by_choice.insert((session, status), to_u32(n));
            }
        }
        let by_status: HashMap<String, u32> = registrations::Entity::find()
            .select_only()
            .column(registrations::Column::Status)
            .column_as(Expr::col(registrations::Column::Id).count(), "n")
            .filter(registrations::Column::EventId.eq(event.0))
            .group_by(registrations::Column::Status)
            .into_tuple::<(String, i64)>()
            .all(&self.read)
            .await?
            .into_iter()
            .map(|(s, n)| (s, to_u32(n)))
            .collect();
        let count = |status: RegistrationStatus| by_status.get(status.as_str()).copied().unwrap_or(0);
        let mut sessions_fill = Vec::with_capacity(programme.len());
        for s in programme {
            let counts = presence(&self.read, &s).await?;
            let choice = |status: ChoiceStatus| {
                by_choice.get(&(s.id, status.as_str().to_owned())).copied().unwrap_or(0)
            };
            let open_to_all = !s.requires_registration;
            let (confirmed, waitlisted, cancelled) = if open_to_all {
                (
                    count(RegistrationStatus::Confirmed),
                    count(RegistrationStatus::Waitlisted),
                    count(RegistrationStatus::Cancelled),
                )
            } else {
                (
                    choice(ChoiceStatus::Confirmed),
                    choice(ChoiceStatus::Waitlisted),
                    choice(ChoiceStatus::Cancelled),
                )
            };
            let (kind, status, slot) = (s.kind_value()?, s.status_value()?, s.slot()?);
            sessions_fill.push(SessionFill {
                id: SessionId(s.id),
                title: s.title,
                kind,
                status,
                slot,
                open_to_all,
                capacity: capacity_from(s.capacity),
                confirmed,
                waitlisted,
                cancelled,
                checked_in: counts.present,
                absent: counts.absent,
            });
        }
        let checked_in_people = checkins::Entity::find()
            .select_only()
            .column(checkins::Column::RegistrationId)
            .distinct()
            .filter(
                checkins::Column::RegistrationId.in_subquery(
                    Query::select()
                        .column(registrations::Column::Id)
                        .from(registrations::Entity)
                        .and_where(registrations::Column::EventId.eq(event.0))
                        .and_where(registrations::Column::Status.eq(RegistrationStatus::Confirmed.as_str()))
                        .to_owned(),
                ),
            )
            .count(&self.read)
            .await?;
        Ok(FillRates {
            sessions: sessions_fill,
            totals: EventFill {
                capacity: capacity_from(e.capacity),
                confirmed: count(RegistrationStatus::Confirmed),
                waitlisted: count(RegistrationStatus::Waitlisted),
                cancelled: count(RegistrationStatus::Cancelled),
                checked_in: u32::try_from(checked_in_people).unwrap_or(u32::MAX),
            },
        })
    }
}

//! Messages from the organisers to the registrants, written into the outbox.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Query;
use sea_orm::{
    ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};
use tisser_domain::notice::NoticeKind;
use tisser_domain::{EventId, OrganiserId, RegistrationStatus, SessionId};
use uuid::Uuid;

use super::attendance::expected;
use super::audit::{AuditAction, AuditEntry, write_audit};
use crate::entities::{erasures, registrations};
use crate::notify::{self, Draft};
use crate::programme::find_session;
use crate::{Store, StoreError, seats};

impl Store {
    /// How many people a message to the event (or to `session`) would reach now: the same
    /// people as [`Self::message_registrants`], counted (people without an address are not).
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for a session that is not this event's.
    pub async fn message_reach(&self, event: EventId, session: Option<SessionId>) -> Result<u32, StoreError> {
        let mut query = recipients(event);
        if let Some(session) = session {
            let s = find_session(&self.read, event, session).await?;
            query = query.filter(registrations::Column::Id.in_subquery(expected(&s)));
        }
        Ok(u32::try_from(query.count(&self.read).await?).unwrap_or(u32::MAX))
    }

    /// Writes an organiser's message into the outbox for every person confirmed for the
    /// event, or for `session` (every confirmed registrant for a session open to all), in
    /// one transaction. Erased people get nothing. Returns how many messages were queued.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for a session that is not this event's.
    pub async fn message_registrants(
        &self,
        event: EventId,
        session: Option<SessionId>,
        subject: String,
        body: String,
        by: OrganiserId,
        now: DateTime<Utc>,
    ) -> Result<u32, StoreError> {
        let txn = self.write.begin().await?;
        seats::lock_event(&txn, event).await?;
        let mut query = recipients(event).select_only().column(registrations::Column::Id);
        if let Some(session) = session {
            let s = find_session(&txn, event, session).await?;
            query = query.filter(registrations::Column::Id.in_subquery(expected(&s)));
        }
        let recipients: Vec<Uuid> = query.into_tuple().all(&txn).await?;
        for id in &recipients {
            let draft = Draft::new(NoticeKind::OrganiserMessage).custom(subject.clone(), body.clone());
            notify::enqueue(&txn, *id, draft, now).await?;
        }
        let queued = u32::try_from(recipients.len()).unwrap_or(u32::MAX);
        write_audit(
            &txn,
            AuditEntry::new(by, AuditAction::Message, event).session(session).count(queued),
            now,
        )
        .await?;
        txn.commit().await?;
        Ok(queued)
    }
}

/// The people an organiser's message to the event goes to: confirmed, not erased, with an
/// address.
fn recipients(event: EventId) -> sea_orm::Select<registrations::Entity> {
    registrations::Entity::find()
        .filter(registrations::Column::EventId.eq(event.0))
        .filter(registrations::Column::Status.eq(RegistrationStatus::Confirmed.as_str()))
        .filter(registrations::Column::Id.not_in_subquery(
            Query::select().column(erasures::Column::RegistrationId).from(erasures::Entity).to_owned(),
        ))
        .filter(registrations::Column::Email.not_like(format!("%{}", tisser_domain::email::NO_ADDRESS)))
        .order_by_asc(registrations::Column::Id)
}

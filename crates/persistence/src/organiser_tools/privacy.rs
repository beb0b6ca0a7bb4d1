//! A person's data (their right of access), erasure at their request, and erasure once the
//! retention period is over.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{
    ColumnTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionTrait,
};
use tisser_domain::{EventId, OrganiserId, RegistrationId, SessionId};
use uuid::Uuid;

use super::audit::{AuditAction, AuditEntry, write_audit};
use super::registration_of;
use crate::entities::{checkins, erasures, manage_tokens, outbox, registrations, sessions};
use crate::records::RegistrationRecord;
use crate::{Store, StoreError, seats};

/// First name given to an erased person.
pub const ERASED_FIRST_NAME: &str = "Anonyme";
/// Last name given to an erased person.
pub const ERASED_LAST_NAME: &str = "Personne effacée";

/// A message written for a person (without its text).
#[derive(Clone, Debug)]
pub struct MessageRecord {
    pub kind: String,
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

/// A check-in of the person.
#[derive(Clone, Debug)]
pub struct CheckinRecord {
    pub session_id: SessionId,
    pub session_title: String,
    pub checked_in_at: DateTime<Utc>,
}

/// Everything held about one person.
#[derive(Clone, Debug)]
pub struct PersonData {
    pub registration: RegistrationRecord,
    /// When the person's data was erased.
    pub erased_at: Option<DateTime<Utc>>,
    pub checkins: Vec<CheckinRecord>,
    pub messages: Vec<MessageRecord>,
    /// Private links still valid.
    pub active_links: u32,
}

/// Registrations erased and why.
const REQUEST: &str = "request";
const RETENTION: &str = "retention";

impl Store {
    /// Everything held about one registration of `event`, as the organiser `by` asks for it
    /// (the person's right of access): the line of the audit log is written before the data
    /// is returned.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when the registration is not one of this event's.
    pub async fn person_data(
        &self,
        event: EventId,
        id: RegistrationId,
        by: OrganiserId,
        now: DateTime<Utc>,
    ) -> Result<PersonData, StoreError> {
        self.person(event, id, AuditEntry::new(by, AuditAction::PersonExport, event).registration(id), now)
            .await
    }

    /// The same as [`Self::person_data`], read to show the person's page to the organiser
    /// `by` (its own line in the audit log).
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when the registration is not one of this event's.
    pub async fn person_page(
        &self,
        event: EventId,
        id: RegistrationId,
        by: OrganiserId,
        now: DateTime<Utc>,
    ) -> Result<PersonData, StoreError> {
        self.person(event, id, AuditEntry::new(by, AuditAction::PersonView, event).registration(id), now)
            .await
    }

    async fn person(
        &self,
        event: EventId,
        id: RegistrationId,
        audit: AuditEntry,
        now: DateTime<Utc>,
    ) -> Result<PersonData, StoreError> {
        registration_of(&self.read, event, id).await?;
        let registration = crate::reading::registration_record(&self.read, id).await?;
        let erased_at = erasures::Entity::find_by_id(id.0).one(&self.read).await?.map(|e| e.erased_at);
        let titles: HashMap<Uuid, String> = sessions::Entity::find()
            .filter(sessions::Column::EventId.eq(event.0))
            .all(&self.read)
            .await?
            .into_iter()
            .map(|s| (s.id, s.title))
            .collect();
        let checkins = checkins::Entity::find()
            .filter(checkins::Column::RegistrationId.eq(id.0))
            .all(&self.read)
            .await?
            .into_iter()
            .map(|c| CheckinRecord {
                session_id: SessionId(c.session_id),
                session_title: titles.get(&c.session_id).cloned().unwrap_or_default(),
                checked_in_at: c.checked_at,
            })
            .collect();
        let messages = outbox::Entity::find()
            .filter(outbox::Column::RegistrationId.eq(id.0))
            .order_by_asc(outbox::Column::Id)
            .all(&self.read)
            .await?
            .into_iter()
            .map(|m| MessageRecord {
                kind: m.kind,
                status: m.status,
                created_at: m.created_at,
                sent_at: m.sent_at,
            })
            .collect();
        let active_links = manage_tokens::Entity::find()
            .filter(manage_tokens::Column::RegistrationId.eq(id.0))
            .count(&self.read)
            .await?;
        write_audit(&self.write, audit, now).await?;
        Ok(PersonData {
            registration,
            erased_at,
            checkins,
            messages,
            active_links: u32::try_from(active_links).unwrap_or(u32::MAX),
        })
    }

    /// Erases a person at an organiser's request: their seats go to the first people
    /// waiting (the store's cancellation), then everything naming or describing them is
    /// replaced or deleted. For an event that is over the seats are left as they were
    /// (nobody moves up in a past event, nobody is told). Erasing twice is harmless.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when the registration is not one of this event's.
    pub async fn erase_registration(
        &self,
        event: EventId,
        id: RegistrationId,
        by: OrganiserId,
        now: DateTime<Utc>,
    ) -> Result<DateTime<Utc>, StoreError> {
        let record = self.event_by_id(event).await?;
        let txn = self.write.begin().await?;
        seats::lock_event(&txn, event).await?;
        let reg = registration_of(&txn, event, id).await?;
        if record.ends_at.is_none_or(|end| end > now) {
            // One transaction: the seat is freed and the person erased together, so the
            // cancellation is never sent to someone who asked to be forgotten.
            seats::cancel_locked(&txn, reg, now, false).await?;
        }
        anonymise(&txn, &[id.0], REQUEST, now).await?;
        write_audit(&txn, AuditEntry::new(by, AuditAction::Erasure, event).registration(id), now).await?;
        txn.commit().await?;
        Ok(now)
    }

    /// Erases the personal data of every registration of the events that ended more than
    /// `retention` before `now`. An event without sessions has no end and is kept. Returns
    /// how many registrations were erased.
    ///
    /// # Errors
    /// [`StoreError::Db`] when the database fails.
    pub async fn erase_expired(&self, now: DateTime<Utc>, retention: Duration) -> Result<usize, StoreError> {
        let ends: Vec<(Uuid, DateTime<Utc>)> = sessions::Entity::find()
            .select_only()
            .column(sessions::Column::EventId)
            .column_as(Expr::col(sessions::Column::EndsAt).max(), "last_end")
            .group_by(sessions::Column::EventId)
            .into_tuple()
            .all(&self.read)
            .await?;
        let mut erased = 0;
        for (event, end) in ends {
            if end + retention > now {
                continue;
            }
            loop {
                let txn = self.write.begin().await?;
                seats::lock_event(&txn, EventId(event)).await?;
                let batch: Vec<Uuid> = registrations::Entity::find()
                    .select_only()
                    .column(registrations::Column::Id)
                    .filter(registrations::Column::EventId.eq(event))
                    .filter(
                        registrations::Column::Id.not_in_subquery(
                            Query::select()
                                .column(erasures::Column::RegistrationId)
                                .from(erasures::Entity)
                                .to_owned(),
                        ),
                    )
                    .limit(500)
                    .into_tuple()
                    .all(&txn)
                    .await?;
                if batch.is_empty() {
                    break;
                }
                anonymise(&txn, &batch, RETENTION, now).await?;
                let n = u32::try_from(batch.len()).unwrap_or(u32::MAX);
                let entry = AuditEntry {
                    organiser: None,
                    action: AuditAction::RetentionErasure,
                    event: Some(EventId(event)),
                    registration: None,
                    session: None,
                    count: Some(n),
                };
                write_audit(&txn, entry, now).await?;
                txn.commit().await?;
                erased += batch.len();
            }
        }
        Ok(erased)
    }
}

/// Replaces what names or describes these people, deletes their private links (and the
/// stored first answers that hold one) and every message written for them, and records the
/// erasure.
async fn anonymise(
    txn: &DatabaseTransaction,
    ids: &[Uuid],
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    for id in ids {
        registrations::Entity::update_many()
            .col_expr(registrations::Column::FirstName, Expr::value(ERASED_FIRST_NAME))
            .col_expr(registrations::Column::LastName, Expr::value(ERASED_LAST_NAME))
            .col_expr(
                registrations::Column::Email,
                Expr::value(format!("erased-{}{}", id.simple(), tisser_domain::email::NO_ADDRESS)),
            )
            .col_expr(registrations::Column::Profile, Expr::value(Option::<String>::None))
            .col_expr(registrations::Column::Organization, Expr::value(Option::<String>::None))
            .col_expr(registrations::Column::AccessibilityNeeds, Expr::value(Option::<String>::None))
            .col_expr(registrations::Column::DietaryRequirements, Expr::value(Option::<String>::None))
            .col_expr(registrations::Column::UpdatedAt, Expr::value(now))
            .filter(registrations::Column::Id.eq(*id))
            .exec(txn)
            .await?;
    }
    manage_tokens::Entity::delete_many()
        .filter(manage_tokens::Column::RegistrationId.is_in(ids.to_vec()))
        .exec(txn)
        .await?;
    crate::idempotency::forget_registrations(txn, ids).await?;
    outbox::Entity::delete_many()
        .filter(outbox::Column::RegistrationId.is_in(ids.to_vec()))
        .exec(txn)
        .await?;
    for id in ids {
        erasures::Entity::insert(erasures::ActiveModel {
            registration_id: Set(*id),
            erased_at: Set(now),
            reason: Set(reason.to_owned()),
        })
        .on_conflict(OnConflict::column(erasures::Column::RegistrationId).do_nothing().to_owned())
        .exec_without_returning(txn)
        .await?;
    }
    Ok(())
}

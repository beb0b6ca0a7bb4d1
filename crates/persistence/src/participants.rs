//! What a participant does on their own, apart from seats: correcting their details and
//! asking for their private links again ("J'ai perdu mon lien").

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, IntoActiveModel};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait};
use tisser_domain::notice::NoticeKind;
use tisser_domain::{Email, EventId, RegistrationId, RegistrationStatus};

use crate::entities::{manage_tokens, registrations};
use crate::records::{DetailsChange, RegistrationRecord};
use crate::seats::{lock_event, registration_record};
use crate::{Store, StoreError, notify, tokens};

/// How often one registration's private link may be e-mailed again on request.
const RESEND_EVERY_MINUTES: i64 = 10;

impl Store {
    /// Writes into the outbox, for every registration of `email` that is not cancelled, a
    /// message carrying its private link again ([`NoticeKind::LinkResent`]), at most once per
    /// registration every ten minutes (the same throttle as a second registration with the
    /// same address), so that nobody can flood a mailbox. Returns how many messages were
    /// written; the caller answers the same whatever it is.
    ///
    /// # Errors
    /// [`StoreError::Db`] when the database fails.
    pub async fn resend_links(&self, email: &Email, now: DateTime<Utc>) -> Result<usize, StoreError> {
        let found = registrations::Entity::find()
            .filter(registrations::Column::Email.eq(email.as_str()))
            .filter(registrations::Column::Status.ne(RegistrationStatus::Cancelled.as_str()))
            .order_by_asc(registrations::Column::CreatedAt)
            .all(&self.read)
            .await?;
        let recently = now - chrono::Duration::minutes(RESEND_EVERY_MINUTES);
        let mut written = 0;
        for reg in found {
            let txn = self.write.begin().await?;
            // A write first (see `seats::lock_registration`), which also orders this message
            // after any change of the registration in progress.
            lock_event(&txn, EventId(reg.event_id)).await?;
            if !notify::sent_since(&txn, NoticeKind::LinkResent, reg.id, recently).await? {
                notify::enqueue(&txn, NoticeKind::LinkResent, reg.id, &[]).await?;
                written += 1;
            }
            txn.commit().await?;
        }
        Ok(written)
    }

    /// Replaces a person's own details (names, organisation, needs, diet, language of their
    /// messages). Seats and choices are untouched.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for an unknown token, [`StoreError::RegistrationCancelled`]
    /// for a cancelled registration.
    pub async fn update_details(
        &self,
        token: &str,
        details: DetailsChange,
        now: DateTime<Utc>,
    ) -> Result<RegistrationRecord, StoreError> {
        let id = manage_tokens::Entity::find_by_id(tokens::hash(token))
            .one(&self.read)
            .await?
            .map(|t| RegistrationId(t.registration_id))
            .ok_or(StoreError::NotFound("registration"))?;
        let event_id = registrations::Entity::find_by_id(id.0)
            .one(&self.read)
            .await?
            .map(|r| EventId(r.event_id))
            .ok_or(StoreError::NotFound("registration"))?;
        let txn = self.write.begin().await?;
        lock_event(&txn, event_id).await?;
        let reg = registrations::Entity::find_by_id(id.0)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound("registration"))?;
        if reg.status == RegistrationStatus::Cancelled.as_str() {
            return Err(StoreError::RegistrationCancelled);
        }
        let mut am = reg.into_active_model();
        am.first_name = Set(details.first_name);
        am.last_name = Set(details.last_name);
        am.organization = Set(details.organization);
        am.accessibility_needs = Set(details.accessibility_needs);
        am.dietary_requirements = Set(details.dietary_requirements);
        am.language = Set(details.language.as_str().to_owned());
        am.updated_at = Set(now);
        am.update(&txn).await?;
        txn.commit().await?;
        registration_record(&self.read, id).await
    }
}

//! What a participant does on their own, apart from seats: correcting their details and
//! asking for their private links again ("J'ai perdu mon lien").

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, IntoActiveModel};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait};
use tisser_domain::{Email, EventId, RegistrationStatus};

use crate::entities::registrations;
use crate::reading::registration_record;
use crate::records::{DetailsChange, RegistrationRecord};
use crate::seats::{lock_event, lock_registration, registration_id_by_token};
use crate::{Store, StoreError, notify};

impl Store {
    /// Writes into the outbox, for every registration of `email` that is not cancelled, a
    /// message carrying its private link again ((`NoticeKind::LinkResent`)), at most once per
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
        let mut written = 0;
        for reg in found {
            let txn = self.write.begin().await?;
            // A write first (see `seats::lock_registration`), which also orders this message
            // after any change of the registration in progress.
            lock_event(&txn, EventId(reg.event_id)).await?;
            if notify::resend_link(&txn, reg.id, now).await? {
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
        let id = registration_id_by_token(&self.read, token).await?;
        let txn = self.write.begin().await?;
        let (reg, _) = lock_registration(&txn, id).await?;
        if reg.status_value()? == RegistrationStatus::Cancelled {
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

//! Idempotency keys of registrations: the first answer to a keyed request, stored in the
//! registration's own transaction (so that no registration exists without its key, nor a key
//! without its registration), given again to a retry, refused to another request with the same
//! key. Rows live [`IDEMPOTENCY_KEY_LIFETIME_HOURS`] at most: the answer holds a private link.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use tisser_domain::{EventId, RegistrationId};

use crate::entities::idempotency_keys;
use crate::records::{IdempotentRequest, StoredAnswer};
use crate::{Store, StoreError};

/// How long a key and its answer are kept.
pub const IDEMPOTENCY_KEY_LIFETIME_HOURS: i64 = 24;

fn lifetime() -> Duration {
    Duration::hours(IDEMPOTENCY_KEY_LIFETIME_HOURS)
}

/// The stored answer to `request` for this event, if its key was used less than the lifetime
/// ago. A row past its lifetime is deleted here (inside a writing transaction) so that the key
/// can be used again.
///
/// # Errors
/// [`StoreError::IdempotencyKeyReused`] when the key was used with another body.
pub(crate) async fn find(
    db: &impl ConnectionTrait,
    event_id: EventId,
    request: &IdempotentRequest,
    now: DateTime<Utc>,
    delete_expired: bool,
) -> Result<Option<StoredAnswer>, StoreError> {
    let Some(row) = idempotency_keys::Entity::find_by_id((event_id.0, request.key.clone())).one(db).await?
    else {
        return Ok(None);
    };
    if row.created_at <= now - lifetime() {
        if delete_expired {
            idempotency_keys::Entity::delete_by_id((event_id.0, request.key.clone())).exec(db).await?;
        }
        return Ok(None);
    }
    if row.request_hash != request.request_hash {
        return Err(StoreError::IdempotencyKeyReused);
    }
    let status = u16::try_from(row.response_status).map_err(|_| StoreError::Corrupt {
        what: "response status",
        value: row.response_status.to_string(),
    })?;
    Ok(Some(StoredAnswer { status, body: row.response_body }))
}

/// Stores the first answer to `request`, in the caller's transaction.
pub(crate) async fn remember(
    db: &impl ConnectionTrait,
    event_id: EventId,
    request: &IdempotentRequest,
    registration: RegistrationId,
    answer: &StoredAnswer,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    idempotency_keys::ActiveModel {
        event_id: Set(event_id.0),
        idempotency_key: Set(request.key.clone()),
        request_hash: Set(request.request_hash.clone()),
        registration_id: Set(registration.0),
        response_status: Set(i32::from(answer.status)),
        response_body: Set(answer.body.clone()),
        created_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Forgets the keys of these registrations (their erasure).
pub(crate) async fn forget_registrations(
    db: &impl ConnectionTrait,
    ids: &[uuid::Uuid],
) -> Result<(), StoreError> {
    idempotency_keys::Entity::delete_many()
        .filter(idempotency_keys::Column::RegistrationId.is_in(ids.to_vec()))
        .exec(db)
        .await?;
    Ok(())
}

impl Store {
    /// The first answer to a registration sent again with the same idempotency key and body,
    /// read without locking anything (a retry answers at once). `None`: the key is new (or
    /// past its lifetime).
    ///
    /// # Errors
    /// [`StoreError::IdempotencyKeyReused`] when the key was used with another body.
    pub async fn idempotent_answer(
        &self,
        event_id: EventId,
        request: &IdempotentRequest,
    ) -> Result<Option<StoredAnswer>, StoreError> {
        find(&self.read, event_id, request, self.now(), false).await
    }

    /// Deletes the keys and answers older than their lifetime; returns how many. The server
    /// does it with each retention pass.
    ///
    /// # Errors
    /// [`StoreError::Database`] when the database fails.
    pub async fn forget_idempotency_keys(&self, now: DateTime<Utc>) -> Result<u64, StoreError> {
        let done = idempotency_keys::Entity::delete_many()
            .filter(idempotency_keys::Column::CreatedAt.lte(now - lifetime()))
            .exec(&self.write)
            .await?;
        Ok(done.rows_affected)
    }
}

//! The outbox, as the delivery worker sees it: claim due messages under a lease, then mark
//! them sent or failed.
//!
//! A claim sets `lease_until` on the rows it takes, in one statement; on PostgreSQL the rows
//! are chosen with `FOR UPDATE SKIP LOCKED`, so several server processes never take the same
//! message, and a message whose worker died becomes due again when its lease ends.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, LockBehavior, LockType, Query};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    TransactionTrait,
};
use tisser_domain::notice::Outgoing;
use uuid::Uuid;

use crate::entities::{events, outbox};
use crate::notify::{FAILED, PENDING, SENT};
use crate::{Store, StoreError};

/// A message claimed for delivery.
#[derive(Clone, Debug)]
pub struct OutboxMessage {
    pub id: Uuid,
    /// This worker's claim: see [`Store::hold_outbox`].
    pub claim: String,
    pub message: Outgoing,
    /// Delivery attempts so far, this one included.
    pub attempts: u32,
}

/// How many messages wait, went out, or were given up.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OutboxCounts {
    pub pending: u64,
    pub sent: u64,
    pub failed: u64,
}

/// What the metrics page shows of the store: no participant data, only counts and slugs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Gauges {
    pub outbox: OutboxCounts,
    /// When the oldest message still waiting was written.
    pub oldest_pending: Option<DateTime<Utc>>,
    /// Seats taken per event, by slug.
    pub seats_taken: Vec<(String, u64)>,
}

impl Store {
    /// Claims up to `limit` due messages for `lease`.
    ///
    /// # Errors
    /// [`StoreError::Db`] when the database fails; [`StoreError::Internal`] for a payload
    /// that cannot be read (the message is then marked failed, not retried forever).
    pub async fn claim_outbox(
        &self,
        now: DateTime<Utc>,
        lease: Duration,
        limit: u64,
    ) -> Result<Vec<OutboxMessage>, StoreError> {
        let due = Query::select()
            .column(outbox::Column::Id)
            .from(outbox::Entity)
            .and_where(outbox::Column::Status.eq(PENDING))
            .and_where(outbox::Column::NextAttemptAt.lte(now.timestamp_millis()))
            .cond_where(
                Condition::any()
                    .add(outbox::Column::LeaseUntil.is_null())
                    .add(outbox::Column::LeaseUntil.lt(now.timestamp_millis())),
            )
            .order_by(outbox::Column::CreatedAt, sea_orm::Order::Asc)
            .limit(limit)
            .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
            .to_owned();
        let claim = Uuid::new_v4().simple().to_string();
        let claimed = outbox::Entity::update_many()
            .col_expr(outbox::Column::LeaseUntil, Expr::value(Some((now + lease).timestamp_millis())))
            .col_expr(outbox::Column::ClaimToken, Expr::value(Some(claim.clone())))
            .col_expr(outbox::Column::Attempts, Expr::col(outbox::Column::Attempts).add(1))
            .filter(outbox::Column::Id.in_subquery(due))
            .exec_with_returning(&self.write)
            .await?;
        let mut messages = Vec::with_capacity(claimed.len());
        for row in claimed {
            match serde_json::from_str::<Outgoing>(&row.payload) {
                Ok(message) => messages.push(OutboxMessage {
                    id: row.id,
                    claim: claim.clone(),
                    message,
                    attempts: u32::try_from(row.attempts).unwrap_or(u32::MAX),
                }),
                Err(e) => {
                    tracing::error!(message = %row.id, error = %e, "unreadable outbox payload");
                    self.outbox_failed(row.id, "unreadable payload", None).await?;
                }
            }
        }
        Ok(messages)
    }

    /// Renews this worker's lease on claimed messages before sending them, and says which
    /// are still this worker's claim: a message whose lease ran out may have been taken by
    /// another worker (or sent meanwhile), and must not be sent here.
    ///
    /// # Errors
    /// [`StoreError::Db`] when the database fails.
    pub async fn hold_outbox(
        &self,
        ids: &[Uuid],
        claim: &str,
        until: DateTime<Utc>,
    ) -> Result<Vec<Uuid>, StoreError> {
        let held = outbox::Entity::update_many()
            .col_expr(outbox::Column::LeaseUntil, Expr::value(Some(until.timestamp_millis())))
            .filter(outbox::Column::Id.is_in(ids.iter().copied()))
            .filter(outbox::Column::ClaimToken.eq(claim))
            .filter(outbox::Column::Status.eq(PENDING))
            .exec_with_returning(&self.write)
            .await?;
        Ok(held.into_iter().map(|row| row.id).collect())
    }

    /// Marks messages sent, in one transaction (one commit for a group of messages, not one
    /// each), and removes the private link's (or sign-in link's) token from their stored
    /// copies (written from the copies claimed, without reading them again).
    ///
    /// # Errors
    /// [`StoreError::Db`] when the database fails (then none is marked).
    pub async fn outbox_sent(
        &self,
        messages: &[&OutboxMessage],
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        if messages.is_empty() {
            return Ok(());
        }
        let txn = self.write.begin().await?;
        for message in messages {
            let payload = serde_json::to_string(&message.message.clone().without_link())?;
            outbox::Entity::update_many()
                .col_expr(outbox::Column::Status, Expr::value(SENT))
                .col_expr(outbox::Column::SentAt, Expr::value(Some(now)))
                .col_expr(outbox::Column::LeaseUntil, Expr::value(Option::<i64>::None))
                .col_expr(outbox::Column::LastError, Expr::value(Option::<String>::None))
                .col_expr(outbox::Column::Payload, Expr::value(payload))
                .filter(outbox::Column::Id.eq(message.id))
                .exec(&txn)
                .await?;
        }
        txn.commit().await?;
        Ok(())
    }

    /// Records a failed attempt: due again at `retry_at`, or given up when `None`.
    ///
    /// # Errors
    /// [`StoreError::Db`] when the database fails.
    pub async fn outbox_failed(
        &self,
        id: Uuid,
        error: &str,
        retry_at: Option<DateTime<Utc>>,
    ) -> Result<(), StoreError> {
        let mut update = outbox::Entity::update_many()
            .col_expr(outbox::Column::LeaseUntil, Expr::value(Option::<i64>::None))
            .col_expr(
                outbox::Column::LastError,
                Expr::value(Some(error.chars().take(500).collect::<String>())),
            );
        update = match retry_at {
            Some(at) => update.col_expr(outbox::Column::NextAttemptAt, Expr::value(at.timestamp_millis())),
            None => update.col_expr(outbox::Column::Status, Expr::value(FAILED)),
        };
        update.filter(outbox::Column::Id.eq(id)).exec(&self.write).await?;
        Ok(())
    }

    /// How many messages wait, went out, or were given up.
    ///
    /// # Errors
    /// [`StoreError::Db`] when the database fails.
    pub async fn outbox_counts(&self) -> Result<OutboxCounts, StoreError> {
        let count = |status: &'static str| {
            outbox::Entity::find().filter(outbox::Column::Status.eq(status)).count(&self.read)
        };
        Ok(OutboxCounts {
            pending: count(PENDING).await?,
            sent: count(SENT).await?,
            failed: count(FAILED).await?,
        })
    }

    /// The outbox's counts, its oldest waiting message's age and the seats taken per event.
    ///
    /// # Errors
    /// [`StoreError::Db`] when the database fails.
    pub async fn gauges(&self) -> Result<Gauges, StoreError> {
        let outbox = self.outbox_counts().await?;
        let oldest_pending: Option<DateTime<Utc>> = outbox::Entity::find()
            .select_only()
            .column(outbox::Column::CreatedAt)
            .filter(outbox::Column::Status.eq(PENDING))
            .order_by_asc(outbox::Column::CreatedAt)
            .into_tuple()
            .one(&self.read)
            .await?;
        let seats: Vec<(String, i32)> = events::Entity::find()
            .select_only()
            .column(events::Column::Slug)
            .column(events::Column::Taken)
            .order_by_asc(events::Column::Slug)
            .into_tuple()
            .all(&self.read)
            .await?;
        let seats_taken =
            seats.into_iter().map(|(slug, taken)| (slug, u64::try_from(taken).unwrap_or(0))).collect();
        Ok(Gauges { outbox, oldest_pending, seats_taken })
    }
}

#[cfg(test)]
mod tests {
    use tisser_domain::Language;
    use tisser_domain::notice::{NoticeKind, OrganiserNotice, Outgoing};

    #[test]
    fn a_message_to_an_organiser_reads_back_as_one_and_loses_its_link_once_sent() {
        let message = Outgoing::Organiser(OrganiserNotice {
            kind: NoticeKind::OrganiserSignIn,
            organiser_id: uuid::Uuid::nil(),
            language: Language::En,
            to_email: "o@example.org".into(),
            name: "O".into(),
            sign_in_token: Some("tsi_secret".into()),
        });
        let stored = serde_json::to_string(&message).unwrap();
        assert_eq!(serde_json::from_str::<Outgoing>(&stored).unwrap(), message);
        assert!(serde_json::from_str::<tisser_domain::notice::Notice>(&stored).is_err());
        let kept = serde_json::to_string(&message.without_link()).unwrap();
        assert!(!kept.contains("tsi_secret"));
    }
}

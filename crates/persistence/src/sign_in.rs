//! The organisers' browser sign-in: one-time links sent by e-mail (through the outbox), and
//! the sessions they open. Tokens are stored only as SHA-256 hashes; every time is read from
//! the store's clock by the caller and compared as milliseconds since the epoch.
//!
//! Nothing here is logged: an e-mail address or a token never reaches a log.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};
use tisser_domain::notice::{NoticeKind, OrganiserNotice, Outgoing};
use tisser_domain::{Email, Language, Organiser, OrganiserId};
use uuid::Uuid;

use crate::entities::{organiser_sessions, organiser_sign_in_links, organisers, outbox};
use crate::notify::PENDING;
use crate::organisers::organiser_of;
use crate::{Store, StoreError, tokens};

/// How long a sign-in link stays usable.
pub const SIGN_IN_LINK_MINUTES: i64 = 15;

/// At most this many usable links per organiser at once: asking again and again does not
/// flood their mailbox.
const LIVE_LINKS: u64 = 3;

/// What a sign-in link is now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkState {
    /// Never used, not expired.
    Usable,
    /// Used once already.
    Used,
    /// Older than [`SIGN_IN_LINK_MINUTES`].
    Expired,
    /// No such link.
    Unknown,
}

/// How long a browser session lasts.
#[derive(Clone, Copy, Debug)]
pub struct SessionLimits {
    /// Ends after this long without a request.
    pub idle: Duration,
    /// Ends this long after the sign-in, whatever happens.
    pub absolute: Duration,
}

/// The outcome of following a sign-in link.
#[derive(Clone, Debug)]
pub enum SignIn {
    /// A session is open: `token` goes into the browser's cookie, and nowhere else.
    Opened { token: String, organiser: Organiser },
    /// The link cannot open a session; the state says why.
    Refused(LinkState),
}

/// A signed-in browser, as the pages see it.
#[derive(Clone, Debug)]
pub struct SignedInSession {
    pub id: Uuid,
    pub organiser: Organiser,
}

/// An open browser session, for the admins' list.
#[derive(Clone, Debug)]
pub struct OrganiserSessionRecord {
    pub id: Uuid,
    pub organiser: Organiser,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    /// When it ends at the latest (idle or absolute, whichever comes first).
    pub ends_at: DateTime<Utc>,
}

/// An organiser account and its API token (one per account, made with it), for the admins.
#[derive(Clone, Debug)]
pub struct OrganiserAccount {
    pub organiser: Organiser,
    /// When the account and its API token were made.
    pub created_at: DateTime<Utc>,
    /// Its API token was revoked (and no new one made since).
    pub token_revoked: bool,
}

fn millis(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

fn from_millis(ms: i64) -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp_millis(ms).unwrap_or(DateTime::<Utc>::MIN_UTC)
}

impl Store {
    /// Writes a one-time sign-in link for the organiser with this e-mail into the outbox,
    /// in `language`; `false` (and nothing written) when no organiser has this address or
    /// when they already hold enough usable links. The caller answers the same either way.
    ///
    /// # Errors
    /// [`StoreError::Db`] when the database fails.
    pub async fn request_sign_in(
        &self,
        email: &Email,
        language: Language,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let Some(account) = organisers::Entity::find()
            .filter(organisers::Column::Email.eq(email.as_str()))
            .one(&self.read)
            .await?
        else {
            return Ok(false);
        };
        let organiser = organiser_of(account)?;
        let txn = self.write.begin().await?;
        let live = organiser_sign_in_links::Entity::find()
            .filter(organiser_sign_in_links::Column::OrganiserId.eq(organiser.id.0))
            .filter(organiser_sign_in_links::Column::UsedAt.is_null())
            .filter(organiser_sign_in_links::Column::ExpiresAt.gt(millis(now)))
            .count(&txn)
            .await?;
        if live >= LIVE_LINKS {
            return Ok(false);
        }
        let token = new_link(&txn, organiser.id, now).await?;
        let message = Outgoing::Organiser(OrganiserNotice {
            kind: NoticeKind::OrganiserSignIn,
            organiser_id: organiser.id.0,
            language,
            to_email: organiser.email.clone(),
            name: organiser.name.clone(),
            sign_in_token: Some(token),
        });
        outbox::ActiveModel {
            id: Set(Uuid::now_v7()),
            event_id: Set(None),
            registration_id: Set(None),
            organiser_id: Set(Some(organiser.id.0)),
            kind: Set(NoticeKind::OrganiserSignIn.as_str().to_owned()),
            payload: Set(serde_json::to_string(&message)?),
            status: Set(PENDING.to_owned()),
            attempts: Set(0),
            next_attempt_at: Set(millis(now)),
            lease_until: Set(None),
            claim_token: Set(None),
            last_error: Set(None),
            created_at: Set(now),
            sent_at: Set(None),
        }
        .insert(&txn)
        .await?;
        txn.commit().await?;
        Ok(true)
    }

    /// A one-time sign-in link's token for this organiser, given to the caller instead of
    /// e-mailed (`tisser organizer add`, before any mail server is set up).
    ///
    /// # Errors
    /// [`StoreError::Db`] when the database fails.
    pub async fn sign_in_link(
        &self,
        organiser: OrganiserId,
        now: DateTime<Utc>,
    ) -> Result<String, StoreError> {
        let txn = self.write.begin().await?;
        let token = new_link(&txn, organiser, now).await?;
        txn.commit().await?;
        Ok(token)
    }

    /// What the link of `token` is now (nothing changes).
    ///
    /// # Errors
    /// [`StoreError::Db`] when the database fails.
    pub async fn sign_in_link_state(&self, token: &str, now: DateTime<Utc>) -> Result<LinkState, StoreError> {
        let link = organiser_sign_in_links::Entity::find_by_id(tokens::hash(token)).one(&self.read).await?;
        Ok(match link {
            None => LinkState::Unknown,
            Some(l) if l.used_at.is_some() => LinkState::Used,
            Some(l) if l.expires_at <= millis(now) => LinkState::Expired,
            Some(_) => LinkState::Usable,
        })
    }

    /// Uses the link of `token` (once: two browsers following it at the same moment get one
    /// session between them) and opens a browser session.
    ///
    /// # Errors
    /// [`StoreError::Db`] when the database fails; [`StoreError::Randomness`].
    pub async fn sign_in(
        &self,
        token: &str,
        now: DateTime<Utc>,
        limits: SessionLimits,
    ) -> Result<SignIn, StoreError> {
        let hash = tokens::hash(token);
        let txn = self.write.begin().await?;
        let taken = organiser_sign_in_links::Entity::update_many()
            .col_expr(organiser_sign_in_links::Column::UsedAt, Expr::value(Some(now)))
            .filter(organiser_sign_in_links::Column::TokenHash.eq(hash.as_str()))
            .filter(organiser_sign_in_links::Column::UsedAt.is_null())
            .filter(organiser_sign_in_links::Column::ExpiresAt.gt(millis(now)))
            .exec(&txn)
            .await?;
        if taken.rows_affected != 1 {
            txn.rollback().await?;
            return Ok(SignIn::Refused(self.sign_in_link_state(token, now).await?));
        }
        let link = organiser_sign_in_links::Entity::find_by_id(hash)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound("sign-in link"))?;
        let account = organisers::Entity::find_by_id(link.organiser_id)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound("organiser"))?;
        let organiser = organiser_of(account)?;
        // The organiser's ended sessions go: the list an admin reads holds live ones only.
        organiser_sessions::Entity::delete_many()
            .filter(organiser_sessions::Column::OrganiserId.eq(organiser.id.0))
            .filter(
                Condition::any()
                    .add(organiser_sessions::Column::IdleUntil.lte(millis(now)))
                    .add(organiser_sessions::Column::ExpiresAt.lte(millis(now))),
            )
            .exec(&txn)
            .await?;
        let session = tokens::generate("tss_")?;
        let expires = now + limits.absolute;
        organiser_sessions::ActiveModel {
            id: Set(Uuid::now_v7()),
            token_hash: Set(tokens::hash(&session)),
            organiser_id: Set(organiser.id.0),
            created_at: Set(now),
            last_seen_at: Set(now),
            idle_until: Set(millis((now + limits.idle).min(expires))),
            expires_at: Set(millis(expires)),
        }
        .insert(&txn)
        .await?;
        txn.commit().await?;
        Ok(SignIn::Opened { token: session, organiser })
    }

    /// The organiser signed in with the session `token`, if it is still open; each request
    /// pushes its idle end back (at most to its absolute end). An ended session is deleted.
    ///
    /// # Errors
    /// [`StoreError::Db`] when the database fails.
    pub async fn signed_in(
        &self,
        token: &str,
        now: DateTime<Utc>,
        limits: SessionLimits,
    ) -> Result<Option<SignedInSession>, StoreError> {
        let Some(row) = organiser_sessions::Entity::find()
            .filter(organiser_sessions::Column::TokenHash.eq(tokens::hash(token)))
            .one(&self.read)
            .await?
        else {
            return Ok(None);
        };
        if row.idle_until <= millis(now) || row.expires_at <= millis(now) {
            organiser_sessions::Entity::delete_by_id(row.id).exec(&self.write).await?;
            return Ok(None);
        }
        let Some(account) = organisers::Entity::find_by_id(row.organiser_id).one(&self.read).await? else {
            return Ok(None);
        };
        // One write a minute at most, not one per page.
        if now - row.last_seen_at >= Duration::minutes(1) {
            organiser_sessions::Entity::update_many()
                .col_expr(organiser_sessions::Column::LastSeenAt, Expr::value(now))
                .col_expr(
                    organiser_sessions::Column::IdleUntil,
                    Expr::value(millis(now + limits.idle).min(row.expires_at)),
                )
                .filter(organiser_sessions::Column::Id.eq(row.id))
                .exec(&self.write)
                .await?;
        }
        Ok(Some(SignedInSession { id: row.id, organiser: organiser_of(account)? }))
    }

    /// Ends the session of `token` (signing out).
    ///
    /// # Errors
    /// [`StoreError::Db`] when the database fails.
    pub async fn sign_out(&self, token: &str) -> Result<(), StoreError> {
        organiser_sessions::Entity::delete_many()
            .filter(organiser_sessions::Column::TokenHash.eq(tokens::hash(token)))
            .exec(&self.write)
            .await?;
        Ok(())
    }

    /// Ends a session by its id (an admin revoking it); `false` when there was none.
    ///
    /// # Errors
    /// [`StoreError::Db`] when the database fails.
    pub async fn revoke_session(&self, id: Uuid) -> Result<bool, StoreError> {
        let gone = organiser_sessions::Entity::delete_by_id(id).exec(&self.write).await?;
        Ok(gone.rows_affected == 1)
    }

    /// Every open browser session, newest first.
    ///
    /// # Errors
    /// [`StoreError::Db`] when the database fails.
    pub async fn open_sessions(&self, now: DateTime<Utc>) -> Result<Vec<OrganiserSessionRecord>, StoreError> {
        let accounts = self.organiser_accounts().await?;
        let rows = organiser_sessions::Entity::find()
            .filter(organiser_sessions::Column::IdleUntil.gt(millis(now)))
            .filter(organiser_sessions::Column::ExpiresAt.gt(millis(now)))
            .order_by_desc(organiser_sessions::Column::CreatedAt)
            .all(&self.read)
            .await?;
        Ok(rows
            .into_iter()
            .filter_map(|row| {
                let account = accounts.iter().find(|a| a.organiser.id.0 == row.organiser_id)?;
                Some(OrganiserSessionRecord {
                    id: row.id,
                    organiser: account.organiser.clone(),
                    created_at: row.created_at,
                    last_seen_at: row.last_seen_at,
                    ends_at: from_millis(row.idle_until.min(row.expires_at)),
                })
            })
            .collect())
    }

    /// Every organiser account, oldest first.
    ///
    /// # Errors
    /// [`StoreError::Db`] when the database fails.
    pub async fn organiser_accounts(&self) -> Result<Vec<OrganiserAccount>, StoreError> {
        organisers::Entity::find()
            .order_by_asc(organisers::Column::CreatedAt)
            .all(&self.read)
            .await?
            .into_iter()
            .map(|m| {
                let created_at = m.created_at;
                let token_revoked = m.token_hash.starts_with(REVOKED);
                Ok(OrganiserAccount { organiser: organiser_of(m)?, created_at, token_revoked })
            })
            .collect()
    }
}

/// How a revoked API token is stored: no SHA-256 in hexadecimal starts so, so no token
/// matches it (unique to the organiser, as the column wants).
const REVOKED: &str = "revoked:";

impl Store {
    /// Revokes an organiser's API token: it opens nothing from now on (their browser sign-in
    /// is untouched). `false` for an unknown organiser.
    ///
    /// # Errors
    /// [`StoreError::Db`] when the database fails.
    pub async fn revoke_api_token(&self, organiser: OrganiserId) -> Result<bool, StoreError> {
        let done = organisers::Entity::update_many()
            .col_expr(
                organisers::Column::TokenHash,
                sea_orm::sea_query::Expr::value(format!("{REVOKED}{}", organiser.0.simple())),
            )
            .filter(organisers::Column::Id.eq(organiser.0))
            .exec(&self.write)
            .await?;
        Ok(done.rows_affected == 1)
    }

    /// Gives an organiser a new API token (the old one stops working); returns it, shown
    /// this once. `None` for an unknown organiser.
    ///
    /// # Errors
    /// [`StoreError::Randomness`], [`StoreError::Db`].
    pub async fn new_api_token(&self, organiser: OrganiserId) -> Result<Option<String>, StoreError> {
        let token = tokens::generate("tsr_")?;
        let done = organisers::Entity::update_many()
            .col_expr(organisers::Column::TokenHash, sea_orm::sea_query::Expr::value(tokens::hash(&token)))
            .filter(organisers::Column::Id.eq(organiser.0))
            .exec(&self.write)
            .await?;
        Ok((done.rows_affected == 1).then_some(token))
    }
}

/// A new usable link for `organiser`; returns its token.
async fn new_link(
    txn: &sea_orm::DatabaseTransaction,
    organiser: OrganiserId,
    now: DateTime<Utc>,
) -> Result<String, StoreError> {
    let token = tokens::generate("tsi_")?;
    organiser_sign_in_links::ActiveModel {
        token_hash: Set(tokens::hash(&token)),
        organiser_id: Set(organiser.0),
        created_at: Set(now),
        expires_at: Set(millis(now + Duration::minutes(SIGN_IN_LINK_MINUTES))),
        used_at: Set(None),
    }
    .insert(txn)
    .await?;
    Ok(token)
}

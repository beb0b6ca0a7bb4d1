//! Registrations and seats: who holds one, who waits, who moves up.
//!
//! Every operation here runs in one transaction that starts by locking the event's row
//! ([`lock_event`]): on PostgreSQL that is a row lock held until commit, across every
//! process sharing the database; on SQLite the transaction takes the single write lock. So
//! the rules of `tisser_domain::rules` decide on a picture nobody else can change meanwhile,
//! and a seat freed by a cancellation goes to the first person waiting in the same
//! transaction. The seat counters are changed only by conditional updates
//! (`taken = taken + 1 … WHERE taken < capacity`) and a CHECK constraint bounds them too.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseTransaction, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use tisser_domain::notice::{InviteMethod, NoticeKind};
use tisser_domain::rules::{self, Waiting};
use tisser_domain::{ChoiceStatus, EventId, OrganiserId, RegistrationId, RegistrationStatus, SessionId};
use uuid::Uuid;

use crate::convert::{last_end, selectable};
use crate::entities::{choices, events, manage_tokens, registrations, sessions};
use crate::idempotency;
use crate::notify::{self, About, Draft};
use crate::organiser_tools::audit::{AuditAction, AuditEntry, write_audit};
use crate::reading::{self, Context};
use crate::records::{
    Idempotent, IdempotentRequest, NewRegistration, Registered, RegistrationFilter, RegistrationRecord,
    StoredAnswer,
};
use crate::{Store, StoreError, is_unique_violation, tokens};

/// Locks the event's row for the rest of the transaction and returns it fresh. Must be the
/// transaction's first statement (see [`lock_registration`]).
pub(crate) async fn lock_event(db: &impl ConnectionTrait, id: EventId) -> Result<events::Model, StoreError> {
    if !lock_only(db, id).await? {
        return Err(StoreError::NotFound("event"));
    }
    events::Entity::find_by_id(id.0).one(db).await?.ok_or(StoreError::NotFound("event"))
}

/// Locks the event's row (see [`lock_event`]) without reading it; `false` when there is no
/// such event.
pub(crate) async fn lock_only(db: &impl ConnectionTrait, id: EventId) -> Result<bool, StoreError> {
    let locked = events::Entity::update_many()
        .col_expr(events::Column::LockVersion, Expr::col(events::Column::LockVersion).add(1))
        .filter(events::Column::Id.eq(id.0))
        .exec(db)
        .await?;
    Ok(locked.rows_affected == 1)
}

impl Store {
    /// Registers a person for an event and the sessions they chose. Each choice gets a seat
    /// or a place in line; the event's own capacity is honoured first. A person who chose
    /// nothing, for an event whose only session needs a registration, is given that session.
    /// A person whose earlier registration was cancelled registers again on the same record.
    ///
    /// # Errors
    /// [`StoreError::RegistrationClosed`], [`StoreError::AlreadyRegistered`] (also when the
    /// same e-mail races in concurrently), [`StoreError::Choice`], [`StoreError::NotFound`].
    pub async fn register(
        &self,
        event_id: EventId,
        new: NewRegistration,
        now: DateTime<Utc>,
    ) -> Result<Registered, StoreError> {
        // Committed with the other registrations waiting (`batch.rs`).
        let written = self.batcher.register(event_id, new, now).await?;
        // The record from what the transaction held: places in line are counted after the
        // commit, so the event's lock is held no longer than the change needs.
        written.record(&self.read).await
    }

    /// [`Self::register`] with an idempotency key: in the same transaction, after the event's
    /// lock, a key already used gives back its first answer (nothing is written), and a new
    /// one stores `answer` (what the caller makes of the new registration) with the
    /// registration. Two requests with one key therefore make one registration: the second
    /// waits for the first's lock, then gets its answer.
    ///
    /// # Errors
    /// As [`Self::register`]; [`StoreError::IdempotencyKeyReused`] when the key was used with
    /// another body; [`StoreError::Encoding`] when `answer` fails (nothing is written).
    pub async fn register_idempotent(
        &self,
        event_id: EventId,
        new: NewRegistration,
        now: DateTime<Utc>,
        request: &IdempotentRequest,
        answer: impl FnOnce(&Registered) -> Result<StoredAnswer, serde_json::Error> + Send,
    ) -> Result<Idempotent, StoreError> {
        let txn = self.write.begin().await?;
        let event = lock_event(&txn, event_id).await?;
        if let Some(first) = idempotency::find(&txn, event_id, request, now, true).await? {
            return Ok(Idempotent::Replay(first));
        }
        let (txn, written) = register_locked(txn, event, new, now, None, &Places::new()).await?;
        // The answer is stored with the registration, so it is read inside the transaction.
        let registered = written.record(&txn).await?;
        let stored = answer(&registered)?;
        idempotency::remember(&txn, event_id, request, registered.registration.id, &stored, now).await?;
        txn.commit().await?;
        Ok(Idempotent::New(Box::new(registered), stored))
    }

    /// Registers a person on their behalf (a phone call, a paper form, at the door), as the
    /// organiser `by`: the same rules and capacities as [`Self::register`], but allowed while
    /// public registration is closed; the audit log says who did it. A person without an
    /// address ([`tisser_domain::Email::none`]) is sent nothing.
    ///
    /// # Errors
    /// As [`Self::register`], without [`StoreError::RegistrationClosed`].
    pub async fn register_for(
        &self,
        event_id: EventId,
        new: NewRegistration,
        by: OrganiserId,
        now: DateTime<Utc>,
    ) -> Result<Registered, StoreError> {
        let txn = self.write.begin().await?;
        let event = lock_event(&txn, event_id).await?;
        let (txn, written) = register_locked(txn, event, new, now, Some(by), &Places::new()).await?;
        let entry = AuditEntry::new(by, AuditAction::RegistrationOnBehalf, event_id)
            .registration(written.registration_id());
        write_audit(&txn, entry, now).await?;
        txn.commit().await?;
        written.record(&self.read).await
    }

    /// When the private link `token` was made (the private page says it).
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for an unknown (or revoked) token.
    pub async fn link_made_at(&self, token: &str) -> Result<DateTime<Utc>, StoreError> {
        manage_tokens::Entity::find_by_id(tokens::hash(token))
            .one(&self.read)
            .await?
            .map(|t| t.created_at)
            .ok_or(StoreError::NotFound("registration"))
    }

    /// The registration behind a manage token.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for an unknown token.
    pub async fn registration_by_token(&self, token: &str) -> Result<RegistrationRecord, StoreError> {
        let id = registration_id_by_token(&self.read, token).await?;
        reading::registration_record(&self.read, id).await
    }

    /// Replaces a person's choices in one transaction. Choices they keep keep their seat or
    /// their place in line; seats they give up go to the first people waiting.
    ///
    /// # Errors
    /// [`StoreError::NotFound`], [`StoreError::RegistrationCancelled`],
    /// [`StoreError::RegistrationClosed`], [`StoreError::Choice`].
    pub async fn replace_choices(
        &self,
        token: &str,
        wanted: &[SessionId],
        now: DateTime<Utc>,
    ) -> Result<RegistrationRecord, StoreError> {
        let id = registration_id_by_token(&self.read, token).await?;
        self.replace_locked(id, wanted, now, None).await
    }

    /// Moves a person of `event` to other sessions on their behalf, as the organiser `by`:
    /// the rules of [`Self::replace_choices`] (no overlap, no overbooking, the lines move and
    /// the people promoted are told), allowed while public registration is closed; the audit
    /// log says who did it.
    ///
    /// # Errors
    /// As [`Self::replace_choices`], without [`StoreError::RegistrationClosed`];
    /// [`StoreError::NotFound`] when the registration is not one of this event's.
    pub async fn replace_choices_for(
        &self,
        event: EventId,
        id: RegistrationId,
        wanted: &[SessionId],
        by: OrganiserId,
        now: DateTime<Utc>,
    ) -> Result<RegistrationRecord, StoreError> {
        self.replace_locked(id, wanted, now, Some((event, by))).await
    }

    async fn replace_locked(
        &self,
        id: RegistrationId,
        wanted: &[SessionId],
        now: DateTime<Utc>,
        organiser: Option<(EventId, OrganiserId)>,
    ) -> Result<RegistrationRecord, StoreError> {
        let txn = self.write.begin().await?;
        let (reg, event) = lock_registration(&txn, id).await?;
        if organiser.is_some_and(|(e, _)| e.0 != reg.event_id) {
            return Err(StoreError::NotFound("registration"));
        }
        let status = reg.status_value()?;
        if status == RegistrationStatus::Cancelled {
            return Err(StoreError::RegistrationCancelled);
        }
        let event_id = EventId(reg.event_id);
        let programme = programme_models(&txn, event_id).await?;
        if organiser.is_none() && !event.to_event()?.registration_open(now, last_end(&programme)) {
            return Err(StoreError::RegistrationClosed);
        }
        let mut rows =
            choices::Entity::find().filter(choices::Column::RegistrationId.eq(id.0)).all(&txn).await?;
        let held: Vec<SessionId> =
            rows.iter().filter(|c| c.is_active()).map(|c| SessionId(c.session_id)).collect();
        let checked = rules::check_choices(&selectable(&programme)?, wanted, &held)?;
        let diff = rules::diff_choices(&held, &checked);

        let mut invites = Vec::new();
        for session in &diff.removed {
            if let Some(row) = rows.iter_mut().find(|c| c.session_id == session.0) {
                if row.is_confirmed() {
                    invites.push((session.0, InviteMethod::Cancel));
                }
                *row = drop_choice(&txn, row.clone(), now).await?;
            }
        }
        rebalance(&txn, event_id, &diff.removed, now).await?;
        let changed = !diff.added.is_empty() || !diff.removed.is_empty();
        for session in diff.added {
            let Some(s) = programme.iter().find(|s| s.id == session.0) else { continue };
            let existing = rows.iter().position(|c| c.session_id == session.0);
            let row = add_choice(
                &txn,
                id,
                s,
                status == RegistrationStatus::Confirmed,
                existing.map(|i| rows[i].clone()),
                now,
            )
            .await?;
            if row.is_confirmed() {
                invites.push((session.0, InviteMethod::Request));
            }
            match existing {
                Some(i) => rows[i] = row,
                None => rows.push(row),
            }
        }
        let reg = touch_registration(&txn, reg, now).await?;
        if changed {
            let about = About { registration: &reg, event: &event, choices: &rows, programme: &programme };
            notify::write(&txn, &about, Draft::new(NoticeKind::ChoicesChanged).invites(&invites), now)
                .await?;
        }
        if let Some((event, by)) = organiser {
            write_audit(&txn, AuditEntry::new(by, AuditAction::ChoicesOnBehalf, event).registration(id), now)
                .await?;
        }
        txn.commit().await?;
        reading::registration_record(&self.read, id).await
    }

    /// Cancels a registration: every seat it held goes to the next person waiting, in the
    /// same transaction. Cancelling twice changes nothing.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for an unknown token.
    pub async fn cancel_registration(
        &self,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<RegistrationRecord, StoreError> {
        let id = registration_id_by_token(&self.read, token).await?;
        self.cancel_registration_by_id(id, now).await
    }

    /// Cancels a registration by id (for organisers).
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for an unknown registration.
    pub async fn cancel_registration_by_id(
        &self,
        id: RegistrationId,
        now: DateTime<Utc>,
    ) -> Result<RegistrationRecord, StoreError> {
        let txn = self.write.begin().await?;
        let (reg, _) = lock_registration(&txn, id).await?;
        cancel_locked(&txn, reg, now, true).await?;
        txn.commit().await?;
        reading::registration_record(&self.read, id).await
    }

    /// Cancels a registration of `event` on the person's behalf, as the organiser `by`: as
    /// [`Self::cancel_registration_by_id`] (they are told, the lines move), with its line in
    /// the audit log.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when the registration is not one of this event's.
    pub async fn cancel_for(
        &self,
        event: EventId,
        id: RegistrationId,
        by: OrganiserId,
        now: DateTime<Utc>,
    ) -> Result<RegistrationRecord, StoreError> {
        let txn = self.write.begin().await?;
        let (reg, _) = lock_registration(&txn, id).await?;
        if reg.event_id != event.0 {
            return Err(StoreError::NotFound("registration"));
        }
        cancel_locked(&txn, reg, now, true).await?;
        write_audit(
            &txn,
            AuditEntry::new(by, AuditAction::CancellationOnBehalf, event).registration(id),
            now,
        )
        .await?;
        txn.commit().await?;
        reading::registration_record(&self.read, id).await
    }

    /// Sends a person of `event` their private link again, as the organiser `by` asks (at
    /// most every ten minutes, as for the person; never to a person without an address).
    /// `true` when a message was written; the audit log has its line either way.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when the registration is not one of this event's;
    /// [`StoreError::RegistrationCancelled`] for a cancelled one.
    pub async fn resend_link_for(
        &self,
        event: EventId,
        id: RegistrationId,
        by: OrganiserId,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let txn = self.write.begin().await?;
        let (reg, _) = lock_registration(&txn, id).await?;
        if reg.event_id != event.0 {
            return Err(StoreError::NotFound("registration"));
        }
        if reg.status_value()? == RegistrationStatus::Cancelled {
            return Err(StoreError::RegistrationCancelled);
        }
        let written =
            tisser_domain::Email::reachable(&reg.email) && notify::resend_link(&txn, id.0, now).await?;
        write_audit(&txn, AuditEntry::new(by, AuditAction::LinkResent, event).registration(id), now).await?;
        txn.commit().await?;
        Ok(written)
    }

    /// An event's registrations, oldest first, filtered.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] or [`StoreError::Database`] when the database fails.
    pub(crate) async fn registrations(
        &self,
        event: EventId,
        filter: RegistrationFilter,
    ) -> Result<Vec<RegistrationRecord>, StoreError> {
        let mut query = registrations::Entity::find()
            .filter(registrations::Column::EventId.eq(event.0))
            .order_by_asc(registrations::Column::CreatedAt)
            .order_by_asc(registrations::Column::Id);
        match (filter.session, filter.status) {
            (Some(session), status) => {
                let mut sub = Query::select();
                sub.column(choices::Column::RegistrationId)
                    .from(choices::Entity)
                    .and_where(choices::Column::SessionId.eq(session.0));
                match status {
                    Some(s) => sub.and_where(choices::Column::Status.eq(s.as_str())),
                    None => sub.and_where(choices::Column::Status.ne(ChoiceStatus::Cancelled.as_str())),
                };
                query = query.filter(registrations::Column::Id.in_subquery(sub.to_owned()));
            }
            (None, Some(status)) => {
                query = query.filter(registrations::Column::Status.eq(status.as_str()));
            }
            (None, None) => {}
        }
        let models = query.all(&self.read).await?;
        // A few people: count who is ahead of each; a list: read every line once.
        let context = Context::read(&self.read, &[event.0], models.len() > 8).await?;
        reading::records(&self.read, &context, models).await
    }
}

pub(crate) async fn registration_id_by_token(
    db: &impl ConnectionTrait,
    token: &str,
) -> Result<RegistrationId, StoreError> {
    manage_tokens::Entity::find_by_id(tokens::hash(token))
        .one(db)
        .await?
        .map(|t| RegistrationId(t.registration_id))
        .ok_or(StoreError::NotFound("registration"))
}

/// Cancels a registration inside a transaction that already holds its event's lock: its
/// seats go to the first people waiting (who are told). `tell` says whether the person is
/// sent the cancellation (not when they are being erased).
pub(crate) async fn cancel_locked(
    txn: &DatabaseTransaction,
    reg: registrations::Model,
    now: DateTime<Utc>,
    tell: bool,
) -> Result<(), StoreError> {
    let id = RegistrationId(reg.id);
    let event_id = EventId(reg.event_id);
    let status = reg.status_value()?;
    if status == RegistrationStatus::Cancelled {
        return Ok(());
    }
    if status == RegistrationStatus::Confirmed {
        release_event_seat(txn, event_id).await?;
    }
    let rows = choices::Entity::find()
        .filter(choices::Column::RegistrationId.eq(id.0))
        .filter(choices::Column::Status.ne(ChoiceStatus::Cancelled.as_str()))
        .all(txn)
        .await?;
    let freed: Vec<SessionId> = rows.iter().map(|c| SessionId(c.session_id)).collect();
    let invites: Vec<(Uuid, InviteMethod)> =
        rows.iter().filter(|c| c.is_confirmed()).map(|c| (c.session_id, InviteMethod::Cancel)).collect();
    for row in rows {
        drop_choice(txn, row, now).await?;
    }
    let mut am = reg.into_active_model();
    am.status = Set(RegistrationStatus::Cancelled.as_str().to_owned());
    am.waitlist_seq = Set(None);
    am.updated_at = Set(now);
    am.update(txn).await?;
    if tell {
        notify::enqueue(txn, id.0, Draft::new(NoticeKind::RegistrationCancelled).invites(&invites), now)
            .await?;
    }
    rebalance(txn, event_id, &freed, now).await?;
    Ok(())
}

/// Locks the registration's event, then reads the registration fresh under that lock.
///
/// The lock is the transaction's first statement, and a write: on SQLite a transaction
/// that reads first and writes later cannot wait for the write lock (it fails at once with
/// "database is locked" when another connection wrote meanwhile).
pub(crate) async fn lock_registration(
    txn: &DatabaseTransaction,
    id: RegistrationId,
) -> Result<(registrations::Model, events::Model), StoreError> {
    let event_of_registration = Query::select()
        .column(registrations::Column::EventId)
        .from(registrations::Entity)
        .and_where(registrations::Column::Id.eq(id.0))
        .to_owned();
    let locked = events::Entity::update_many()
        .col_expr(events::Column::LockVersion, Expr::col(events::Column::LockVersion).add(1))
        .filter(events::Column::Id.in_subquery(event_of_registration))
        .exec(txn)
        .await?;
    if locked.rows_affected == 0 {
        return Err(StoreError::NotFound("registration"));
    }
    let reg = registrations::Entity::find_by_id(id.0)
        .one(txn)
        .await?
        .ok_or(StoreError::NotFound("registration"))?;
    let event =
        events::Entity::find_by_id(reg.event_id).one(txn).await?.ok_or(StoreError::NotFound("event"))?;
    Ok((reg, event))
}

async fn touch_registration(
    txn: &DatabaseTransaction,
    reg: registrations::Model,
    now: DateTime<Utc>,
) -> Result<registrations::Model, StoreError> {
    let mut am = reg.into_active_model();
    am.updated_at = Set(now);
    Ok(am.update(txn).await?)
}

pub(crate) async fn programme_models(
    db: &impl ConnectionTrait,
    event: EventId,
) -> Result<Vec<sessions::Model>, StoreError> {
    Ok(sessions::Entity::find().filter(sessions::Column::EventId.eq(event.0)).all(db).await?)
}

/// "The choice's registration is admitted to the event", as a correlated `EXISTS`: cheap
/// for each row, where an `IN (all confirmed registrations)` would read them all.
fn registration_admitted() -> sea_orm::sea_query::SimpleExpr {
    Expr::exists(
        Query::select()
            .expr(Expr::val(1))
            .from(registrations::Entity)
            .and_where(
                Expr::col((registrations::Entity, registrations::Column::Id))
                    .equals((choices::Entity, choices::Column::RegistrationId)),
            )
            .and_where(registrations::Column::Status.eq(RegistrationStatus::Confirmed.as_str()))
            .to_owned(),
    )
}

/// Whether anyone admitted to the event waits in session's line (one row is enough).
pub(crate) async fn admitted_waiting(
    db: &impl ConnectionTrait,
    session: SessionId,
) -> Result<bool, StoreError> {
    let first = choices::Entity::find()
        .filter(choices::Column::SessionId.eq(session.0))
        .filter(choices::Column::Status.eq(ChoiceStatus::Waitlisted.as_str()))
        .filter(registration_admitted())
        .one(db)
        .await?;
    Ok(first.is_some())
}

/// Whether anyone waits in the event's own line (its overall capacity).
pub(crate) async fn event_line_waits(db: &impl ConnectionTrait, event: EventId) -> Result<bool, StoreError> {
    let first = registrations::Entity::find()
        .filter(registrations::Column::EventId.eq(event.0))
        .filter(registrations::Column::Status.eq(RegistrationStatus::Waitlisted.as_str()))
        .one(db)
        .await?;
    Ok(first.is_some())
}

/// What a newcomer's first message is: confirmed when admitted and seated somewhere (or
/// having chose nothing), else waiting (for the event, or for every session chosen).
pub(crate) fn welcome_kind(
    status: RegistrationStatus,
    invites: &[(Uuid, InviteMethod)],
    rows: &[choices::Model],
) -> NoticeKind {
    let seated_or_chose_nothing = !invites.is_empty() || rows.iter().all(|c| !c.is_active());
    if status == RegistrationStatus::Confirmed && seated_or_chose_nothing {
        NoticeKind::RegistrationConfirmed
    } else {
        NoticeKind::Waitlisted
    }
}

/// Gives a person a seat in session `s` (as read under the event's lock), or a place in its
/// line; returns the choice's row as written.
async fn add_choice(
    txn: &DatabaseTransaction,
    registration: RegistrationId,
    s: &sessions::Model,
    eligible: bool,
    existing: Option<choices::Model>,
    now: DateTime<Utc>,
) -> Result<choices::Model, StoreError> {
    let session = SessionId(s.id);
    let capacity = s.capacity_value();
    let taken = s.taken_seats();
    // Whether anyone admitted waits matters only when a seat is free (then, by the rules'
    // invariant, nobody should): one row is enough to know.
    let eligible_waiting = if eligible && capacity.has_room(taken) {
        u32::from(admitted_waiting(txn, session).await?)
    } else {
        0
    };
    let status = rules::seat_for_newcomer(capacity, taken, eligible, eligible_waiting);
    let seq = match status {
        ChoiceStatus::Confirmed => {
            take_session_seat(txn, session).await?;
            None
        }
        _ => Some(next_session_seq(txn, session).await?),
    };
    Ok(match existing {
        Some(row) => {
            let mut am = row.into_active_model();
            am.status = Set(status.as_str().to_owned());
            am.waitlist_seq = Set(seq);
            am.updated_at = Set(now);
            am.update(txn).await?
        }
        None => {
            choices::ActiveModel {
                id: Set(Uuid::now_v7()),
                registration_id: Set(registration.0),
                session_id: Set(session.0),
                status: Set(status.as_str().to_owned()),
                waitlist_seq: Set(seq),
                created_at: Set(now),
                updated_at: Set(now),
                invite_sequence: Set(0),
            }
            .insert(txn)
            .await?
        }
    })
}

/// Gives up a choice: its seat is released (the caller rebalances), its place in line lost.
async fn drop_choice(
    txn: &DatabaseTransaction,
    row: choices::Model,
    now: DateTime<Utc>,
) -> Result<choices::Model, StoreError> {
    if row.is_confirmed() {
        release_session_seat(txn, SessionId(row.session_id)).await?;
    }
    let mut am = row.into_active_model();
    am.status = Set(ChoiceStatus::Cancelled.as_str().to_owned());
    am.waitlist_seq = Set(None);
    am.updated_at = Set(now);
    Ok(am.update(txn).await?)
}

/// Fills free seats from the lines: first the event's own line, then the lines of the
/// sessions named, and of every session the newly admitted people are waiting for.
pub(crate) async fn rebalance(
    txn: &DatabaseTransaction,
    event_id: EventId,
    sessions_freed: &[SessionId],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let event =
        events::Entity::find_by_id(event_id.0).one(txn).await?.ok_or(StoreError::NotFound("event"))?;
    let capacity = event.capacity_value();
    let taken = event.taken_seats();
    let mut to_check: BTreeSet<SessionId> = sessions_freed.iter().copied().collect();
    // Who moved up, and to which sessions: each is told once, with the invites they gained.
    let mut promoted: BTreeMap<Uuid, Vec<(Uuid, InviteMethod)>> = BTreeMap::new();
    if capacity.has_room(taken) {
        let mut query = registrations::Entity::find()
            .filter(registrations::Column::EventId.eq(event_id.0))
            .filter(registrations::Column::Status.eq(RegistrationStatus::Waitlisted.as_str()))
            .order_by_asc(registrations::Column::WaitlistSeq);
        if let Some(free) = capacity.free(taken) {
            query = query.limit(u64::from(free));
        }
        let line: Vec<Waiting<Uuid>> = query
            .all(txn)
            .await?
            .into_iter()
            .map(|r| Waiting { key: r.id, seq: r.waitlist_seq.unwrap_or(i64::MAX), eligible: true })
            .collect();
        for id in rules::promotions(capacity, taken, &line) {
            take_event_seat(txn, event_id).await?;
            registrations::Entity::update_many()
                .col_expr(registrations::Column::Status, Expr::value(RegistrationStatus::Confirmed.as_str()))
                .col_expr(registrations::Column::WaitlistSeq, Expr::value(Option::<i64>::None))
                .col_expr(registrations::Column::UpdatedAt, Expr::value(now))
                .filter(registrations::Column::Id.eq(id))
                .exec(txn)
                .await?;
            promoted.entry(id).or_default();
            let waiting_for: Vec<Uuid> = choices::Entity::find()
                .select_only()
                .column(choices::Column::SessionId)
                .filter(choices::Column::RegistrationId.eq(id))
                .filter(choices::Column::Status.eq(ChoiceStatus::Waitlisted.as_str()))
                .into_tuple()
                .all(txn)
                .await?;
            to_check.extend(waiting_for.into_iter().map(SessionId));
        }
    }
    for session in to_check {
        for registration in rebalance_session(txn, session, now).await? {
            promoted.entry(registration).or_default().push((session.0, InviteMethod::Request));
        }
    }
    for (registration, invites) in promoted {
        notify::enqueue(txn, registration, Draft::new(NoticeKind::Promoted).invites(&invites), now).await?;
    }
    Ok(())
}

/// Fills a session's free seats from its line; returns the registrations that got a seat.
async fn rebalance_session(
    txn: &DatabaseTransaction,
    session: SessionId,
    now: DateTime<Utc>,
) -> Result<Vec<Uuid>, StoreError> {
    let Some(s) = sessions::Entity::find_by_id(session.0).one(txn).await? else {
        return Ok(Vec::new());
    };
    if s.is_cancelled() {
        return Ok(Vec::new());
    }
    let capacity = s.capacity_value();
    let taken = s.taken_seats();
    if !capacity.has_room(taken) {
        return Ok(Vec::new());
    }
    let mut query = choices::Entity::find()
        .filter(choices::Column::SessionId.eq(session.0))
        .filter(choices::Column::Status.eq(ChoiceStatus::Waitlisted.as_str()))
        .filter(registration_admitted())
        .order_by_asc(choices::Column::WaitlistSeq);
    if let Some(free) = capacity.free(taken) {
        query = query.limit(u64::from(free));
    }
    let waiting = query.all(txn).await?;
    let line: Vec<Waiting<Uuid>> = waiting
        .iter()
        .map(|c| Waiting { key: c.id, seq: c.waitlist_seq.unwrap_or(i64::MAX), eligible: true })
        .collect();
    let mut seated = Vec::new();
    for id in rules::promotions(capacity, taken, &line) {
        if let Some(c) = waiting.iter().find(|c| c.id == id) {
            seated.push(c.registration_id);
        }
        take_session_seat(txn, session).await?;
        choices::Entity::update_many()
            .col_expr(choices::Column::Status, Expr::value(ChoiceStatus::Confirmed.as_str()))
            .col_expr(choices::Column::WaitlistSeq, Expr::value(Option::<i64>::None))
            .col_expr(choices::Column::UpdatedAt, Expr::value(now))
            .filter(choices::Column::Id.eq(id))
            .exec(txn)
            .await?;
    }
    Ok(seated)
}

fn has_room<C: ColumnTrait>(capacity: C, taken: C) -> Condition {
    Condition::any().add(capacity.is_null()).add(Expr::col(taken).lt(Expr::col(capacity)))
}

async fn take_session_seat(txn: &DatabaseTransaction, session: SessionId) -> Result<(), StoreError> {
    let done = sessions::Entity::update_many()
        .col_expr(sessions::Column::Taken, Expr::col(sessions::Column::Taken).add(1))
        .filter(sessions::Column::Id.eq(session.0))
        .filter(has_room(sessions::Column::Capacity, sessions::Column::Taken))
        .exec(txn)
        .await?;
    if done.rows_affected == 1 { Ok(()) } else { Err(StoreError::SeatInvariant("session")) }
}

async fn release_session_seat(txn: &DatabaseTransaction, session: SessionId) -> Result<(), StoreError> {
    sessions::Entity::update_many()
        .col_expr(sessions::Column::Taken, Expr::col(sessions::Column::Taken).sub(1))
        .filter(sessions::Column::Id.eq(session.0))
        .filter(sessions::Column::Taken.gt(0))
        .exec(txn)
        .await?;
    Ok(())
}

async fn take_event_seat(txn: &DatabaseTransaction, event: EventId) -> Result<(), StoreError> {
    let done = events::Entity::update_many()
        .col_expr(events::Column::Taken, Expr::col(events::Column::Taken).add(1))
        .filter(events::Column::Id.eq(event.0))
        .filter(has_room(events::Column::Capacity, events::Column::Taken))
        .exec(txn)
        .await?;
    if done.rows_affected == 1 { Ok(()) } else { Err(StoreError::SeatInvariant("event")) }
}

async fn release_event_seat(txn: &DatabaseTransaction, event: EventId) -> Result<(), StoreError> {
    events::Entity::update_many()
        .col_expr(events::Column::Taken, Expr::col(events::Column::Taken).sub(1))
        .filter(events::Column::Id.eq(event.0))
        .filter(events::Column::Taken.gt(0))
        .exec(txn)
        .await?;
    Ok(())
}

async fn next_session_seq(txn: &DatabaseTransaction, session: SessionId) -> Result<i64, StoreError> {
    sessions::Entity::update_many()
        .col_expr(sessions::Column::WaitlistSeq, Expr::col(sessions::Column::WaitlistSeq).add(1))
        .filter(sessions::Column::Id.eq(session.0))
        .exec(txn)
        .await?;
    let s = sessions::Entity::find_by_id(session.0).one(txn).await?.ok_or(StoreError::NotFound("session"))?;
    Ok(s.waitlist_seq)
}

async fn next_event_seq(txn: &DatabaseTransaction, event: EventId) -> Result<i64, StoreError> {
    events::Entity::update_many()
        .col_expr(events::Column::WaitlistSeq, Expr::col(events::Column::WaitlistSeq).add(1))
        .filter(events::Column::Id.eq(event.0))
        .exec(txn)
        .await?;
    let e = events::Entity::find_by_id(event.0).one(txn).await?.ok_or(StoreError::NotFound("event"))?;
    Ok(e.waitlist_seq)
}

/// What a registration wrote, before its record is read.
pub(crate) struct Written {
    pub(crate) event: events::Model,
    pub(crate) programme: Vec<sessions::Model>,
    pub(crate) registration: registrations::Model,
    pub(crate) rows: Vec<choices::Model>,
    pub(crate) manage_token: String,
    /// The places in sessions' lines the notice told (session, number, place).
    pub(crate) places: Vec<(Uuid, i64, u32)>,
}

/// The last place taken in a session's line by this transaction: (number, place).
pub(crate) type Places = std::collections::HashMap<Uuid, (i64, u32)>;

impl Written {
    fn registration_id(&self) -> RegistrationId {
        RegistrationId(self.registration.id)
    }

    pub(crate) async fn record(self, db: &impl ConnectionTrait) -> Result<Registered, StoreError> {
        let context = Context::held(&self.event, &self.programme).knowing(&self.places);
        let registration = reading::records_with(db, &context, vec![self.registration], self.rows)
            .await?
            .pop()
            .ok_or(StoreError::NotFound("registration"))?;
        Ok(Registered { registration, manage_token: self.manage_token })
    }
}

/// The registration itself, in a transaction that holds the event's lock; gives the
/// transaction back, uncommitted, with what it wrote. (When the e-mail is already registered
/// it commits the resent private link itself and answers [`StoreError::AlreadyRegistered`].)
pub(crate) async fn register_locked(
    txn: DatabaseTransaction,
    event: events::Model,
    new: NewRegistration,
    now: DateTime<Utc>,
    organiser: Option<OrganiserId>,
    lines: &Places,
) -> Result<(DatabaseTransaction, Written), StoreError> {
    let event_id = EventId(event.id);
    let programme = programme_models(&txn, event_id).await?;
    if organiser.is_none() && !event.to_event()?.registration_open(now, last_end(&programme)) {
        return Err(StoreError::RegistrationClosed);
    }
    let existing = registrations::Entity::find()
        .filter(registrations::Column::EventId.eq(event_id.0))
        .filter(registrations::Column::Email.eq(new.email.as_str()))
        .one(&txn)
        .await?;
    let earlier = match existing {
        Some(existing) if existing.status_value()? == RegistrationStatus::Cancelled => Some(existing),
        Some(existing) => {
            // The private link again (at most every ten minutes).
            if notify::resend_link(&txn, existing.id, now).await? {
                txn.commit().await?;
            }
            return Err(StoreError::AlreadyRegistered);
        }
        None => None,
    };
    let options = selectable(&programme)?;
    let wanted = if new.sessions.is_empty() {
        rules::default_choice(&options).into_iter().collect()
    } else {
        new.sessions.clone()
    };
    let chosen = rules::check_choices(&options, &wanted, &[])?;

    let capacity = event.capacity_value();
    let room = capacity.has_room(event.taken_seats());
    let someone_waits = room && capacity.seats().is_some() && event_line_waits(&txn, event_id).await?;
    let admitted = room && !someone_waits;
    let (status, seq) = if admitted {
        take_event_seat(&txn, event_id).await?;
        (RegistrationStatus::Confirmed, None)
    } else {
        (RegistrationStatus::Waitlisted, Some(next_event_seq(&txn, event_id).await?))
    };

    let earlier_choices = match &earlier {
        Some(r) => choices::Entity::find().filter(choices::Column::RegistrationId.eq(r.id)).all(&txn).await?,
        None => Vec::new(),
    };
    let id = earlier.as_ref().map_or_else(RegistrationId::new, |r| RegistrationId(r.id));
    let row = registrations::ActiveModel {
        id: Set(id.0),
        event_id: Set(event_id.0),
        email: Set(new.email.as_str().to_owned()),
        first_name: Set(new.first_name),
        last_name: Set(new.last_name),
        profile: Set(new.profile.map(|p| p.as_str().to_owned())),
        organization: Set(new.organization),
        language: Set(new.language.as_str().to_owned()),
        accessibility_needs: Set(new.accessibility_needs),
        dietary_requirements: Set(new.dietary_requirements),
        status: Set(status.as_str().to_owned()),
        waitlist_seq: Set(seq),
        created_at: Set(earlier.as_ref().map_or(now, |r| r.created_at)),
        updated_at: Set(now),
    };
    let registration = if earlier.is_some() { row.update(&txn).await } else { row.insert(&txn).await }
        .map_err(|e| if is_unique_violation(&e) { StoreError::AlreadyRegistered } else { e.into() })?;

    let mut rows = Vec::new();
    let mut invites = Vec::new();
    for session in chosen {
        let Some(s) = programme.iter().find(|s| s.id == session.0) else { continue };
        let reused = earlier_choices.iter().find(|c| c.session_id == session.0).cloned();
        let row = add_choice(&txn, id, s, status == RegistrationStatus::Confirmed, reused, now).await?;
        if row.is_confirmed() {
            invites.push((session.0, InviteMethod::Request));
        }
        rows.push(row);
    }
    // Choices of an earlier, cancelled registration stay in the record, cancelled.
    let untouched: Vec<choices::Model> =
        earlier_choices.into_iter().filter(|c| !rows.iter().any(|r| r.id == c.id)).collect();
    rows.extend(untouched);
    let kind = welcome_kind(status, &invites, &rows);
    let manage_token = tokens::generate("m_")?;
    manage_tokens::ActiveModel {
        token_hash: Set(tokens::hash(&manage_token)),
        registration_id: Set(id.0),
        created_at: Set(now),
    }
    .insert(&txn)
    .await?;
    // A place at the end of a line this transaction has just added to: the one after.
    let known: Vec<(Uuid, i64, u32)> = rows
        .iter()
        .filter(|c| c.status_value().is_ok_and(|s| s == ChoiceStatus::Waitlisted))
        .filter_map(|c| {
            let seq = c.waitlist_seq?;
            let (last, place) = lines.get(&c.session_id)?;
            (seq == last + 1).then_some((c.session_id, seq, place + 1))
        })
        .collect();
    let about = About { registration: &registration, event: &event, choices: &rows, programme: &programme };
    let draft = Draft::new(kind).invites(&invites).token(manage_token.clone()).known(&known);
    let places = notify::write(&txn, &about, draft, now).await?;
    let written = Written { event, programme, registration, rows, manage_token, places };
    Ok((txn, written))
}

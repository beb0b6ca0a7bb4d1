//! Writing notices into the outbox, inside the transaction of the change that causes them.
//!
//! Each notice carries a manage token made for it (the private link of the message; only
//! its hash is kept for good, the token itself leaves the outbox once the message is sent),
//! and the invites it brings, each with the next sequence number of that person's invite
//! for that session.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use sea_orm::QueryOrder;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter, Set,
};
use tisser_domain::ChoiceStatus;
use tisser_domain::notice::{Invite, InviteMethod, Notice, NoticeEvent, NoticeKind, NoticeSession};
use uuid::Uuid;

use crate::entities::{choices, events, manage_tokens, outbox, registrations, sessions};
use crate::{StoreError, tokens};

/// Outbox statuses.
pub(crate) const PENDING: &str = "pending";
pub(crate) const SENT: &str = "sent";
pub(crate) const FAILED: &str = "failed";

/// Writes one notice for `registration` into the outbox. `invites` names the sessions whose
/// invite this message carries, and how.
pub(crate) async fn enqueue(
    txn: &DatabaseTransaction,
    kind: NoticeKind,
    registration: Uuid,
    invites: &[(Uuid, InviteMethod)],
) -> Result<(), StoreError> {
    enqueue_about(txn, kind, registration, invites, &[]).await
}

/// As [`enqueue`], also telling about `also` (sessions the person no longer holds, such as
/// a cancelled one).
pub(crate) async fn enqueue_about(
    txn: &DatabaseTransaction,
    kind: NoticeKind,
    registration: Uuid,
    invites: &[(Uuid, InviteMethod)],
    also: &[Uuid],
) -> Result<(), StoreError> {
    enqueue_custom(txn, kind, registration, invites, also, None).await
}

/// The most general form: `custom` is an organiser's own subject and text
/// ([`NoticeKind::OrganiserMessage`]).
pub(crate) async fn enqueue_custom(
    txn: &DatabaseTransaction,
    kind: NoticeKind,
    registration: Uuid,
    invites: &[(Uuid, InviteMethod)],
    also: &[Uuid],
    custom: Option<(String, String)>,
) -> Result<(), StoreError> {
    write_notice(txn, kind, registration, invites, also, custom, None).await
}

/// A notice about these sessions only (a reminder, a replay), not the person's whole
/// programme.
pub(crate) async fn enqueue_only(
    txn: &DatabaseTransaction,
    kind: NoticeKind,
    registration: Uuid,
    sessions: &[Uuid],
) -> Result<(), StoreError> {
    write_notice(txn, kind, registration, &[], sessions, None, Some(sessions)).await
}

#[allow(clippy::too_many_arguments)]
async fn write_notice(
    txn: &DatabaseTransaction,
    kind: NoticeKind,
    registration: Uuid,
    invites: &[(Uuid, InviteMethod)],
    also: &[Uuid],
    custom: Option<(String, String)>,
    only: Option<&[Uuid]>,
) -> Result<(), StoreError> {
    let reg = registrations::Entity::find_by_id(registration)
        .one(txn)
        .await?
        .ok_or(StoreError::NotFound("registration"))?;
    let event =
        events::Entity::find_by_id(reg.event_id).one(txn).await?.ok_or(StoreError::NotFound("event"))?;
    let rows =
        choices::Entity::find().filter(choices::Column::RegistrationId.eq(registration)).all(txn).await?;
    let mut concerned: BTreeSet<Uuid> =
        rows.iter().filter(|c| c.status != ChoiceStatus::Cancelled.as_str()).map(|c| c.session_id).collect();
    concerned.extend(invites.iter().map(|(s, _)| *s));
    concerned.extend(also.iter().copied());
    if let Some(only) = only {
        concerned.retain(|id| only.contains(id));
    }
    let programme = sessions::Entity::find()
        .filter(sessions::Column::Id.is_in(concerned.iter().copied().collect::<Vec<_>>()))
        .all(txn)
        .await?;

    let mut lines = Vec::new();
    for s in &programme {
        let Some(choice) = rows.iter().find(|c| c.session_id == s.id) else { continue };
        let invite = match invites.iter().find(|(id, _)| *id == s.id) {
            Some((_, method)) => {
                let sequence = choice.invite_sequence.saturating_add(1);
                choices::Entity::update_many()
                    .col_expr(choices::Column::InviteSequence, sea_orm::sea_query::Expr::value(sequence))
                    .filter(choices::Column::Id.eq(choice.id))
                    .exec(txn)
                    .await?;
                Some(Invite { method: *method, sequence: u32::try_from(sequence).unwrap_or(0) })
            }
            None => None,
        };
        let confirmed = choice.status == ChoiceStatus::Confirmed.as_str();
        let waitlist_position = match choice.waitlist_seq {
            Some(seq) if choice.status == ChoiceStatus::Waitlisted.as_str() => {
                let ahead = choices::Entity::find()
                    .filter(choices::Column::SessionId.eq(s.id))
                    .filter(choices::Column::Status.eq(ChoiceStatus::Waitlisted.as_str()))
                    .filter(choices::Column::WaitlistSeq.lt(seq))
                    .count(txn)
                    .await?;
                Some(u32::try_from(ahead).unwrap_or(u32::MAX).saturating_add(1))
            }
            _ => None,
        };
        lines.push(NoticeSession {
            id: s.id,
            title: s.title.clone(),
            starts_at: s.starts_at,
            ends_at: s.ends_at,
            room: s.room.clone(),
            status: choice.status.clone(),
            waitlist_position,
            online_url: if confirmed { s.online_url.clone() } else { None },
            replay_url: s.replay_url.clone(),
            invite,
        });
    }
    lines.sort_by_key(|l| (l.starts_at, l.id));

    let token = tokens::generate("m_")?;
    let now = Utc::now();
    manage_tokens::ActiveModel {
        token_hash: Set(tokens::hash(&token)),
        registration_id: Set(registration),
        created_at: Set(now),
    }
    .insert(txn)
    .await?;
    let notice = Notice {
        kind,
        registration_id: registration,
        language: reg.language.clone(),
        to_email: reg.email.clone(),
        first_name: reg.first_name.clone(),
        last_name: reg.last_name.clone(),
        manage_token: Some(token),
        event: NoticeEvent {
            id: event.id,
            slug: event.slug.clone(),
            title: event.title.clone(),
            timezone: event.timezone.clone(),
            venue: event.venue.clone(),
        },
        sessions: lines,
        custom_subject: custom.as_ref().map(|c| c.0.clone()),
        custom_body: custom.map(|c| c.1),
    };
    insert(txn, &notice, now).await
}

async fn insert(txn: &DatabaseTransaction, notice: &Notice, now: DateTime<Utc>) -> Result<(), StoreError> {
    let payload =
        serde_json::to_string(notice).map_err(|e| StoreError::Internal(format!("notice encoding: {e}")))?;
    outbox::ActiveModel {
        id: Set(Uuid::now_v7()),
        event_id: Set(notice.event.id),
        registration_id: Set(Some(notice.registration_id)),
        kind: Set(notice.kind.as_str().to_owned()),
        payload: Set(payload),
        status: Set(PENDING.to_owned()),
        attempts: Set(0),
        next_attempt_at: Set(now.timestamp_millis()),
        lease_until: Set(None),
        claim_token: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        sent_at: Set(None),
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// Whether a notice of this kind was written for this registration since `since`.
/// (Compared here, not in SQL: SQLite compares timestamps as text.)
pub(crate) async fn sent_since(
    txn: &DatabaseTransaction,
    kind: NoticeKind,
    registration: Uuid,
    since: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let latest = outbox::Entity::find()
        .filter(outbox::Column::RegistrationId.eq(registration))
        .filter(outbox::Column::Kind.eq(kind.as_str()))
        .order_by_desc(outbox::Column::NextAttemptAt)
        .one(txn)
        .await?;
    Ok(latest.is_some_and(|row| row.created_at >= since))
}

//! Writing notices into the outbox, inside the transaction of the change that causes them.
//!
//! Each notice carries a manage token made for it (the private link of the message; only
//! its hash is kept for good, the token itself leaves the outbox once the message is sent),
//! and the invites it brings, each with the next sequence number of that person's invite
//! for that session.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use sea_orm::QueryOrder;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};
use tisser_domain::ChoiceStatus;
use tisser_domain::notice::{Invite, InviteMethod, Notice, NoticeEvent, NoticeKind, NoticeSession};
use uuid::Uuid;

use crate::entities::{choices, events, manage_tokens, outbox, registrations, sessions};
use crate::{StoreError, reading, tokens};

/// Outbox statuses.
pub(crate) const PENDING: &str = "pending";
pub(crate) const SENT: &str = "sent";
pub(crate) const FAILED: &str = "failed";

/// What a notice is written from: the rows the change's transaction already holds, as they
/// stand after the change.
pub(crate) struct About<'a> {
    pub registration: &'a registrations::Model,
    pub event: &'a events::Model,
    /// The person's choice rows.
    pub choices: &'a [choices::Model],
    /// The event's sessions (at least those the notice speaks of).
    pub programme: &'a [sessions::Model],
}

/// The rows of a registration, read for a notice by a change that does not hold them.
pub(crate) struct Loaded {
    registration: registrations::Model,
    event: events::Model,
    choices: Vec<choices::Model>,
    programme: Vec<sessions::Model>,
}

impl Loaded {
    pub(crate) async fn read(txn: &DatabaseTransaction, registration: Uuid) -> Result<Self, StoreError> {
        let registration = registrations::Entity::find_by_id(registration)
            .one(txn)
            .await?
            .ok_or(StoreError::NotFound("registration"))?;
        let event = events::Entity::find_by_id(registration.event_id)
            .one(txn)
            .await?
            .ok_or(StoreError::NotFound("event"))?;
        let choices = choices::Entity::find()
            .filter(choices::Column::RegistrationId.eq(registration.id))
            .all(txn)
            .await?;
        let ids: Vec<Uuid> = choices.iter().map(|c| c.session_id).collect();
        let programme = sessions::Entity::find().filter(sessions::Column::Id.is_in(ids)).all(txn).await?;
        Ok(Self { registration, event, choices, programme })
    }

    pub(crate) fn about(&self) -> About<'_> {
        About {
            registration: &self.registration,
            event: &self.event,
            choices: &self.choices,
            programme: &self.programme,
        }
    }
}

/// What one notice says, besides whom it is about.
pub(crate) struct Draft<'a> {
    kind: NoticeKind,
    /// The sessions whose invite this message carries, and how.
    invites: &'a [(Uuid, InviteMethod)],
    /// Sessions the person no longer holds but the message tells about (a cancelled one).
    also: &'a [Uuid],
    /// Only these sessions (a reminder, a replay), not the person's whole programme.
    only: Option<&'a [Uuid]>,
    /// An organiser's own subject and text ([`NoticeKind::OrganiserMessage`]).
    custom: Option<(String, String)>,
    /// The private link to carry, when the change made one already.
    token: Option<String>,
    /// Places in sessions' lines the caller already knows (session, number, place).
    known: &'a [(Uuid, i64, u32)],
}

impl<'a> Draft<'a> {
    pub(crate) fn new(kind: NoticeKind) -> Self {
        Self { kind, invites: &[], also: &[], only: None, custom: None, token: None, known: &[] }
    }

    pub(crate) fn invites(mut self, invites: &'a [(Uuid, InviteMethod)]) -> Self {
        self.invites = invites;
        self
    }

    pub(crate) fn also(mut self, also: &'a [Uuid]) -> Self {
        self.also = also;
        self
    }

    pub(crate) fn only(mut self, only: &'a [Uuid]) -> Self {
        self.only = Some(only);
        self
    }

    pub(crate) fn custom(mut self, subject: String, body: String) -> Self {
        self.custom = Some((subject, body));
        self
    }

    pub(crate) fn token(mut self, token: String) -> Self {
        self.token = Some(token);
        self
    }

    pub(crate) fn known(mut self, known: &'a [(Uuid, i64, u32)]) -> Self {
        self.known = known;
        self
    }
}

/// Writes one notice about a registration whose rows the caller does not hold.
pub(crate) async fn enqueue(
    txn: &DatabaseTransaction,
    registration: Uuid,
    draft: Draft<'_>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let loaded = Loaded::read(txn, registration).await?;
    write(txn, &loaded.about(), draft, now).await?;
    Ok(())
}

/// Writes one notice into the outbox, from the rows the transaction holds. The invites it
/// carries raise their sequence numbers; a waitlisted session says the person's place
/// (counted, unless the draft knows it). Returns the places it told (session, number, place).
pub(crate) async fn write(
    txn: &DatabaseTransaction,
    about: &About<'_>,
    mut draft: Draft<'_>,
    now: DateTime<Utc>,
) -> Result<Vec<(Uuid, i64, u32)>, StoreError> {
    if !tisser_domain::Email::reachable(&about.registration.email) {
        // Nobody to write to: the organiser who registered them sees the outcome on screen.
        return Ok(Vec::new());
    }
    let mut known = draft.known.to_vec();
    for (session, seq) in waiting_told(about, &draft) {
        if !known.iter().any(|(s, n, _)| *s == session && *n == seq) {
            known.push((session, seq, reading::place_in_session_line(txn, session, seq).await?));
        }
    }
    let token = match draft.token.take() {
        Some(token) => token,
        None => {
            let token = tokens::generate("m_")?;
            manage_tokens::ActiveModel {
                token_hash: Set(tokens::hash(&token)),
                registration_id: Set(about.registration.id),
                created_at: Set(now),
            }
            .insert(txn)
            .await?;
            token
        }
    };
    let composed = compose(about, &draft, token, &known)?;
    for (choice, sequence) in &composed.raised {
        choices::Entity::update_many()
            .col_expr(choices::Column::InviteSequence, sea_orm::sea_query::Expr::value(*sequence))
            .filter(choices::Column::Id.eq(*choice))
            .exec(txn)
            .await?;
    }
    outbox_model(&composed.notice, now)?.insert(txn).await?;
    Ok(composed.told)
}

/// A notice made from the rows, not yet written.
pub(crate) struct Composed {
    pub(crate) notice: Notice,
    /// The places in sessions' lines it tells (session, number, place).
    pub(crate) told: Vec<(Uuid, i64, u32)>,
    /// The choices whose invite it carries, with their invite's new sequence number.
    pub(crate) raised: Vec<(Uuid, i32)>,
}

/// The sessions the notice speaks of.
fn concerned(about: &About<'_>, draft: &Draft<'_>) -> BTreeSet<Uuid> {
    let mut concerned: BTreeSet<Uuid> =
        about.choices.iter().filter(|c| c.is_active()).map(|c| c.session_id).collect();
    concerned.extend(draft.invites.iter().map(|(s, _)| *s));
    concerned.extend(draft.also.iter().copied());
    if let Some(only) = draft.only {
        concerned.retain(|id| only.contains(id));
    }
    concerned
}

/// The places in line the notice will tell: (session, number) of each waitlisted choice.
pub(crate) fn waiting_told(about: &About<'_>, draft: &Draft<'_>) -> Vec<(Uuid, i64)> {
    let concerned = concerned(about, draft);
    about
        .choices
        .iter()
        .filter(|c| concerned.contains(&c.session_id))
        .filter(|c| c.status_value().is_ok_and(|s| s == ChoiceStatus::Waitlisted))
        .filter_map(|c| Some((c.session_id, c.waitlist_seq?)))
        .collect()
}

/// The notice `draft` makes of the rows, carrying the private link `token`; `places` holds
/// the place of every waitlisted choice it tells ([`waiting_told`]). Writes nothing.
pub(crate) fn compose(
    about: &About<'_>,
    draft: &Draft<'_>,
    token: String,
    places: &[(Uuid, i64, u32)],
) -> Result<Composed, StoreError> {
    let reg = about.registration;
    let concerned = concerned(about, draft);
    let mut told = Vec::new();
    let mut raised = Vec::new();
    let mut lines = Vec::new();
    for s in about.programme.iter().filter(|s| concerned.contains(&s.id)) {
        let Some(choice) = about.choices.iter().find(|c| c.session_id == s.id) else { continue };
        let invite = draft.invites.iter().find(|(id, _)| *id == s.id).map(|(_, method)| {
            let sequence = choice.invite_sequence.saturating_add(1);
            raised.push((choice.id, sequence));
            Invite { method: *method, sequence: u32::try_from(sequence).unwrap_or(0) }
        });
        let status = choice.status_value()?;
        let waitlist_position = match choice.waitlist_seq {
            Some(seq) if status == ChoiceStatus::Waitlisted => {
                let place = places
                    .iter()
                    .find(|(session, n, _)| *session == s.id && *n == seq)
                    .map(|(_, _, place)| *place)
                    .ok_or(StoreError::NotFound("place in line"))?;
                told.push((s.id, seq, place));
                Some(place)
            }
            _ => None,
        };
        lines.push(NoticeSession {
            id: s.id,
            title: s.title.clone(),
            starts_at: s.starts_at,
            ends_at: s.ends_at,
            room: s.room.clone(),
            status,
            waitlist_position,
            online_url: if status == ChoiceStatus::Confirmed { s.online_url.clone() } else { None },
            replay_url: s.replay_url.clone(),
            invite,
        });
    }
    lines.sort_by_key(|l| (l.starts_at, l.id));
    let event = about.event;
    let custom = draft.custom.clone();
    let notice = Notice {
        kind: draft.kind,
        registration_id: reg.id,
        language: reg.language_value()?,
        to_email: reg.email.clone(),
        first_name: reg.first_name.clone(),
        last_name: reg.last_name.clone(),
        manage_token: Some(token),
        event: NoticeEvent {
            id: event.id,
            slug: event.slug.clone(),
            title: event.title.clone(),
            timezone: event.zone()?,
            venue: event.venue.clone(),
        },
        sessions: lines,
        custom_subject: custom.as_ref().map(|c| c.0.clone()),
        custom_body: custom.map(|c| c.1),
    };
    Ok(Composed { notice, told, raised })
}

/// The outbox row of a notice, waiting to be sent.
pub(crate) fn outbox_model(notice: &Notice, now: DateTime<Utc>) -> Result<outbox::ActiveModel, StoreError> {
    Ok(outbox::ActiveModel {
        id: Set(Uuid::now_v7()),
        event_id: Set(Some(notice.event.id)),
        registration_id: Set(Some(notice.registration_id)),
        organiser_id: Set(None),
        kind: Set(notice.kind.as_str().to_owned()),
        payload: Set(serde_json::to_string(notice)?),
        status: Set(PENDING.to_owned()),
        attempts: Set(0),
        next_attempt_at: Set(now.timestamp_millis()),
        lease_until: Set(None),
        claim_token: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        sent_at: Set(None),
    })
}

/// How often one registration's private link may be e-mailed again.
const RESEND_EVERY_MINUTES: i64 = 10;

/// Writes a message carrying a fresh private link, unless one was written in the last ten
/// minutes (so that nobody can flood a person's mailbox by asking over and over); `true` when
/// it wrote one. The fresh link revokes every older one (and the stored first answers that
/// hold one): a link forwarded by mistake stops working once the person asks for a new one.
pub(crate) async fn resend_link(
    txn: &DatabaseTransaction,
    registration: Uuid,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let recently = now - chrono::Duration::minutes(RESEND_EVERY_MINUTES);
    if sent_since(txn, NoticeKind::LinkResent, registration, recently).await? {
        return Ok(false);
    }
    manage_tokens::Entity::delete_many()
        .filter(manage_tokens::Column::RegistrationId.eq(registration))
        .exec(txn)
        .await?;
    crate::idempotency::forget_registrations(txn, &[registration]).await?;
    enqueue(txn, registration, Draft::new(NoticeKind::LinkResent), now).await?;
    Ok(true)
}

/// Whether a notice of this kind was written for this registration since `since`.
/// (Compared here, not in SQL: SQLite compares timestamps as text.)
async fn sent_since(
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

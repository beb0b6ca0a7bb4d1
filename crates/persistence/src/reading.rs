//! One way to read a registration: its record with every choice and each place in line.
//! The API, the pages, the notices and the exports all read through here.
//!
//! A place in line is the number of people waiting ahead, plus one
//! (`tisser_domain::rules`). For one person it is counted on an index range; for a list,
//! every line concerned is read once ([`Lines`]) and each place found by bisection.

use std::collections::HashMap;

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect};
use tisser_domain::rules::{place_after, place_in_line};
use tisser_domain::{ChoiceStatus, EventId, RegistrationId, RegistrationStatus, SessionId};
use uuid::Uuid;

use crate::entities::{choices, events, registrations, sessions};
use crate::records::{ChoiceRecord, RegistrationRecord};
use crate::{StoreError, to_u32};

/// Where a person stands in a session's line (1 = next), counted on an index range.
pub(crate) async fn place_in_session_line(
    db: &impl ConnectionTrait,
    session: Uuid,
    seq: i64,
) -> Result<u32, StoreError> {
    let line = (choices::Column::SessionId, choices::Column::Status, choices::Column::WaitlistSeq);
    place_in::<choices::Entity>(db, line, session, seq).await
}

/// Where a person stands in an event's own line (its overall capacity).
pub(crate) async fn place_in_event_line(
    db: &impl ConnectionTrait,
    event: Uuid,
    seq: i64,
) -> Result<u32, StoreError> {
    let line =
        (registrations::Column::EventId, registrations::Column::Status, registrations::Column::WaitlistSeq);
    place_in::<registrations::Entity>(db, line, event, seq).await
}

/// One place in a line of rows of `E`: those of `key` whose status is waitlisted and whose
/// number is below `seq`, counted, plus one. (A registration and a choice both say
/// "waitlisted".)
async fn place_in<E: EntityTrait>(
    db: &impl ConnectionTrait,
    (key, status, number): (E::Column, E::Column, E::Column),
    of: Uuid,
    seq: i64,
) -> Result<u32, StoreError>
where
    E::Model: Sync,
{
    let ahead = E::find()
        .filter(key.eq(of))
        .filter(status.eq(ChoiceStatus::Waitlisted.as_str()))
        .filter(number.lt(seq))
        .count(db)
        .await?;
    Ok(place_after(ahead))
}

/// How many people wait, per key (an event's own line, or a session's), for these keys:
/// rows of `E` whose `status` is waitlisted, counted by `key`.
pub(crate) async fn waiting_per<E: EntityTrait>(
    db: &impl ConnectionTrait,
    key: E::Column,
    status: E::Column,
    keys: Vec<Uuid>,
) -> Result<HashMap<Uuid, u32>, StoreError> {
    if keys.is_empty() {
        return Ok(HashMap::new());
    }
    let counts: Vec<(Uuid, i64)> = E::find()
        .select_only()
        .column(key)
        .column_as(Expr::col(key).count(), "n")
        .filter(key.is_in(keys))
        .filter(status.eq(ChoiceStatus::Waitlisted.as_str()))
        .group_by(key)
        .into_tuple()
        .all(db)
        .await?;
    Ok(counts.into_iter().map(|(k, n)| (k, to_u32(n))).collect())
}

/// Every waiting line of some events, as sorted sequence numbers: read once for a list.
pub(crate) struct Lines {
    sessions: HashMap<Uuid, Vec<i64>>,
    events: HashMap<Uuid, Vec<i64>>,
}

impl Lines {
    pub(crate) async fn read(db: &impl ConnectionTrait, events: &[Uuid]) -> Result<Self, StoreError> {
        if events.is_empty() {
            return Ok(Self { sessions: HashMap::new(), events: HashMap::new() });
        }
        let of_events = sessions_of(events);
        let session_rows: Vec<(Uuid, Option<i64>)> = choices::Entity::find()
            .select_only()
            .column(choices::Column::SessionId)
            .column(choices::Column::WaitlistSeq)
            .filter(choices::Column::SessionId.in_subquery(of_events))
            .filter(choices::Column::Status.eq(ChoiceStatus::Waitlisted.as_str()))
            .into_tuple()
            .all(db)
            .await?;
        let event_rows: Vec<(Uuid, Option<i64>)> = registrations::Entity::find()
            .select_only()
            .column(registrations::Column::EventId)
            .column(registrations::Column::WaitlistSeq)
            .filter(registrations::Column::EventId.is_in(events.to_vec()))
            .filter(registrations::Column::Status.eq(RegistrationStatus::Waitlisted.as_str()))
            .into_tuple()
            .all(db)
            .await?;
        Ok(Self { sessions: sorted(session_rows), events: sorted(event_rows) })
    }

    fn session_place(&self, session: Uuid, seq: i64) -> u32 {
        place_in_line(seq, self.sessions.get(&session).map_or(&[], Vec::as_slice))
    }

    fn event_place(&self, event: Uuid, seq: i64) -> u32 {
        place_in_line(seq, self.events.get(&event).map_or(&[], Vec::as_slice))
    }
}

/// The ids of the sessions of these events, as a sub-query.
fn sessions_of(events: &[Uuid]) -> sea_orm::sea_query::SelectStatement {
    sea_orm::sea_query::Query::select()
        .column(sessions::Column::Id)
        .from(sessions::Entity)
        .and_where(sessions::Column::EventId.is_in(events.to_vec()))
        .to_owned()
}

fn sorted(rows: Vec<(Uuid, Option<i64>)>) -> HashMap<Uuid, Vec<i64>> {
    let mut lines: HashMap<Uuid, Vec<i64>> = HashMap::new();
    for (key, seq) in rows {
        lines.entry(key).or_default().push(seq.unwrap_or(i64::MAX));
    }
    for line in lines.values_mut() {
        line.sort_unstable();
    }
    lines
}

/// What records of registrations need besides the rows: the events' slugs and programmes,
/// and, for a list, the waiting lines read once.
pub(crate) struct Context {
    slugs: HashMap<Uuid, String>,
    programme: HashMap<Uuid, sessions::Model>,
    lines: Option<Lines>,
    /// Places in sessions' lines already known (session, number, place): not counted again.
    known: HashMap<(Uuid, i64), u32>,
}

impl Context {
    /// Reads the slugs and programmes of `events`; with `lists`, their waiting lines too
    /// (worth it for more than a few people).
    pub(crate) async fn read(
        db: &impl ConnectionTrait,
        events: &[Uuid],
        lists: bool,
    ) -> Result<Self, StoreError> {
        let slugs = events::Entity::find()
            .filter(events::Column::Id.is_in(events.to_vec()))
            .all(db)
            .await?
            .into_iter()
            .map(|e| (e.id, e.slug))
            .collect();
        let programme = sessions::Entity::find()
            .filter(sessions::Column::EventId.is_in(events.to_vec()))
            .all(db)
            .await?
            .into_iter()
            .map(|s| (s.id, s))
            .collect();
        let lines = if lists { Some(Lines::read(db, events).await?) } else { None };
        Ok(Self { slugs, programme, lines, known: HashMap::new() })
    }

    /// The context of one event whose rows the caller already holds (no read).
    pub(crate) fn held(event: &events::Model, programme: &[sessions::Model]) -> Self {
        Self {
            slugs: HashMap::from([(event.id, event.slug.clone())]),
            programme: programme.iter().map(|s| (s.id, s.clone())).collect(),
            lines: None,
            known: HashMap::new(),
        }
    }

    /// With these places in sessions' lines known (as a change's transaction counted them).
    pub(crate) fn knowing(mut self, places: &[(Uuid, i64, u32)]) -> Self {
        self.known.extend(places.iter().map(|(session, seq, place)| ((*session, *seq), *place)));
        self
    }

    async fn session_place(
        &self,
        db: &impl ConnectionTrait,
        session: Uuid,
        seq: i64,
    ) -> Result<u32, StoreError> {
        if let Some(place) = self.known.get(&(session, seq)) {
            return Ok(*place);
        }
        match &self.lines {
            Some(lines) => Ok(lines.session_place(session, seq)),
            None => place_in_session_line(db, session, seq).await,
        }
    }

    async fn event_place(&self, db: &impl ConnectionTrait, event: Uuid, seq: i64) -> Result<u32, StoreError> {
        match &self.lines {
            Some(lines) => Ok(lines.event_place(event, seq)),
            None => place_in_event_line(db, event, seq).await,
        }
    }
}

/// The record of one registration.
pub(crate) async fn registration_record(
    db: &impl ConnectionTrait,
    id: RegistrationId,
) -> Result<RegistrationRecord, StoreError> {
    let model =
        registrations::Entity::find_by_id(id.0).one(db).await?.ok_or(StoreError::NotFound("registration"))?;
    let context = Context::read(db, &[model.event_id], false).await?;
    records(db, &context, vec![model]).await?.pop().ok_or(StoreError::NotFound("registration"))
}

/// Records of many registrations: the choices are read 500 registrations at a time.
pub(crate) async fn records(
    db: &impl ConnectionTrait,
    context: &Context,
    models: Vec<registrations::Model>,
) -> Result<Vec<RegistrationRecord>, StoreError> {
    if models.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<Uuid> = models.iter().map(|m| m.id).collect();
    let mut rows = Vec::new();
    for chunk in ids.chunks(500) {
        rows.extend(
            choices::Entity::find()
                .filter(choices::Column::RegistrationId.is_in(chunk.to_vec()))
                .all(db)
                .await?,
        );
    }
    records_with(db, context, models, rows).await
}

/// Records of registrations whose choice rows the caller already holds.
pub(crate) async fn records_with(
    db: &impl ConnectionTrait,
    context: &Context,
    models: Vec<registrations::Model>,
    rows: Vec<choices::Model>,
) -> Result<Vec<RegistrationRecord>, StoreError> {
    let mut by_registration: HashMap<Uuid, Vec<ChoiceRecord>> = HashMap::new();
    let mut counted: HashMap<(Uuid, i64), u32> = HashMap::new();
    for c in rows {
        let Some(s) = context.programme.get(&c.session_id) else { continue };
        let status = c.status_value()?;
        let waitlist_position = match c.waitlist_seq {
            Some(seq) if status == ChoiceStatus::Waitlisted => {
                Some(match counted.get(&(c.session_id, seq)) {
                    Some(place) => *place,
                    None => {
                        let place = context.session_place(db, c.session_id, seq).await?;
                        counted.insert((c.session_id, seq), place);
                        place
                    }
                })
            }
            _ => None,
        };
        by_registration.entry(c.registration_id).or_default().push(ChoiceRecord {
            session_id: SessionId(c.session_id),
            title: s.title.clone(),
            slot: s.slot()?,
            status,
            waitlist_position,
        });
    }
    let mut out = Vec::with_capacity(models.len());
    for m in models {
        let status = m.status_value()?;
        let waitlist_position = match m.waitlist_seq {
            Some(seq) if status == RegistrationStatus::Waitlisted => {
                Some(context.event_place(db, m.event_id, seq).await?)
            }
            _ => None,
        };
        let mut choices = by_registration.remove(&m.id).unwrap_or_default();
        choices.sort_by_key(|c| (c.slot.start(), c.session_id));
        out.push(RegistrationRecord {
            id: RegistrationId(m.id),
            event_id: EventId(m.event_id),
            event_slug: context.slugs.get(&m.event_id).cloned().unwrap_or_default(),
            waitlist_position,
            profile: m.profile_value()?,
            language: m.language_value()?,
            email: tisser_domain::Email::reachable(&m.email).then_some(m.email),
            first_name: m.first_name,
            last_name: m.last_name,
            organization: m.organization,
            accessibility_needs: m.accessibility_needs,
            dietary_requirements: m.dietary_requirements,
            status,
            created_at: m.created_at,
            updated_at: m.updated_at,
            choices,
        });
    }
    Ok(out)
}

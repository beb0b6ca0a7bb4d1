//! Series, events and sessions: the programme that organisers build and the public reads.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait,
};
use tisser_domain::notice::{InviteMethod, NoticeKind};
use tisser_domain::{
    Capacity, ChoiceStatus, EventId, EventStatus, Facilitator, OrganiserId, RegistrationId,
    RegistrationWindow, SeriesId, SessionId, SessionStatus, TimeSlot,
};
use uuid::Uuid;

use crate::entities::{choices, events, facilitators, registrations, series, session_documents, sessions};
use crate::notify::{self, Draft};
use crate::records::{
    Document, EventPatch, EventRecord, NewEvent, NewSeries, NewSession, Overlap, SeriesRecord, SessionPatch,
    SessionRecord,
};
use crate::{Store, StoreError, is_unique_violation, reading, seats, to_i32, to_u32};

impl Store {
    /// Creates a series.
    ///
    /// # Errors
    /// [`StoreError::SlugTaken`] when a series has this slug already.
    pub async fn create_series(
        &self,
        new: NewSeries,
        by: Option<OrganiserId>,
    ) -> Result<SeriesRecord, StoreError> {
        let id = SeriesId::new();
        series::ActiveModel {
            id: Set(id.0),
            slug: Set(new.slug.as_str().to_owned()),
            title: Set(new.title.clone()),
            description: Set(new.description.clone()),
            created_by: Set(by.map(|o| o.0)),
            created_at: Set(self.now()),
        }
        .insert(&self.write)
        .await
        .map_err(|e| if is_unique_violation(&e) { StoreError::SlugTaken } else { e.into() })?;
        Ok(SeriesRecord { id, slug: new.slug, title: new.title, description: new.description })
    }

    /// The series named `slug`.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when there is none.
    pub async fn series_by_slug(&self, slug: &str) -> Result<SeriesRecord, StoreError> {
        let m = series::Entity::find()
            .filter(series::Column::Slug.eq(slug))
            .one(&self.read)
            .await?
            .ok_or(StoreError::NotFound("series"))?;
        m.to_record()
    }

    /// Creates an event.
    ///
    /// # Errors
    /// [`StoreError::SlugTaken`] for a used slug, [`StoreError::UnknownReference`] for an
    /// unknown series.
    pub async fn create_event(
        &self,
        new: NewEvent,
        by: Option<OrganiserId>,
    ) -> Result<EventRecord, StoreError> {
        let series_id = match &new.series {
            Some(slug) => Some(self.series_by_slug(slug.as_str()).await.map_err(unknown_series)?.id.0),
            None => None,
        };
        let id = EventId::new();
        let now = self.now();
        events::ActiveModel {
            id: Set(id.0),
            slug: Set(new.slug.as_str().to_owned()),
            title: Set(new.title),
            description: Set(new.description),
            timezone: Set(new.timezone.name().to_owned()),
            format: Set(new.format.as_str().to_owned()),
            venue: Set(new.venue),
            capacity: Set(new.capacity.seats().map(to_i32)),
            taken: Set(0),
            waitlist_seq: Set(0),
            registration_opens_at: Set(new.window.opens_at()),
            registration_closes_at: Set(new.window.closes_at()),
            status: Set(new.status.as_str().to_owned()),
            series_id: Set(series_id),
            created_by: Set(by.map(|o| o.0)),
            lock_version: Set(0),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&self.write)
        .await
        .map_err(|e| if is_unique_violation(&e) { StoreError::SlugTaken } else { e.into() })?;
        self.event_by_id(id).await
    }

    /// Changes an event. A raised capacity gives the freed seats to the people waiting, in
    /// the same transaction.
    ///
    /// # Errors
    /// [`StoreError::NotFound`], [`StoreError::SlugTaken`], [`StoreError::UnknownReference`],
    /// [`StoreError::CapacityBelowConfirmed`], or [`StoreError::Internal`] for a window that
    /// closes before it opens (checked by the caller before).
    pub async fn update_event(&self, id: EventId, patch: EventPatch) -> Result<EventRecord, StoreError> {
        let series_id = match &patch.series {
            Some(Some(slug)) => {
                Some(Some(self.series_by_slug(slug.as_str()).await.map_err(unknown_series)?.id.0))
            }
            Some(None) => Some(None),
            None => None,
        };
        let txn = self.write.begin().await?;
        let current = seats::lock_event(&txn, id).await?;
        let mut am = current.clone().into_active_model();
        if let Some(slug) = patch.slug {
            am.slug = Set(slug.as_str().to_owned());
        }
        if let Some(title) = patch.title {
            am.title = Set(title);
        }
        if let Some(description) = patch.description {
            am.description = Set(description);
        }
        if let Some(tz) = patch.timezone {
            am.timezone = Set(tz.name().to_owned());
        }
        if let Some(format) = patch.format {
            am.format = Set(format.as_str().to_owned());
        }
        if let Some(venue) = patch.venue {
            am.venue = Set(venue);
        }
        if let Some(series_id) = series_id {
            am.series_id = Set(series_id);
        }
        let opens = patch.registration_opens_at.unwrap_or(current.registration_opens_at);
        let closes = patch.registration_closes_at.unwrap_or(current.registration_closes_at);
        RegistrationWindow::new(opens, closes).map_err(|_| StoreError::InvalidWindow)?;
        am.registration_opens_at = Set(opens);
        am.registration_closes_at = Set(closes);
        if let Some(status) = patch.status {
            am.status = Set(status.as_str().to_owned());
        }
        if let Some(capacity) = patch.capacity {
            am.capacity = Set(stored_capacity(capacity, current.taken)?);
        }
        let now = self.now();
        am.updated_at = Set(now);
        am.update(&txn)
            .await
            .map_err(|e| if is_unique_violation(&e) { StoreError::SlugTaken } else { e.into() })?;
        seats::rebalance(&txn, id, &[], now).await?;
        txn.commit().await?;
        self.published.forget();
        self.event_by_id(id).await
    }

    /// The event named `slug`, in any status.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when there is none.
    /// What the public sees changes only when this changes: the number of series and
    /// events, and the sum of the events' lock versions (which every change of seats, lines,
    /// programme or event raises). Read often by the public answers' cache, cheap.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] or [`StoreError::Database`] when the database fails.
    pub async fn public_fingerprint(&self) -> Result<(i64, i64, i64), StoreError> {
        use sea_orm::{ConnectionTrait, Statement};
        let backend = self.read.get_database_backend();
        let row = self
            .read
            .query_one_raw(Statement::from_string(
                backend,
                "SELECT (SELECT COUNT(*) FROM series) AS s, COUNT(*) AS n, \
                 CAST(COALESCE(SUM(lock_version), 0) AS BIGINT) AS v FROM events",
            ))
            .await?
            .ok_or(StoreError::NotFound("events"))?;
        Ok((row.try_get("", "s")?, row.try_get("", "n")?, row.try_get("", "v")?))
    }

    /// An event by its slug without its counts: what a registration needs before the store
    /// decides under the event's lock. A published event is kept in memory for
    /// [`PUBLISHED_KEPT`] (and forgotten at once when this server changes an event): a
    /// registration day does not read the same row again for every person. Only a hint: the
    /// registration itself reads the event again under its lock and is refused there if it
    /// is closed (an event unpublished on another server within that moment answers 409
    /// `registration_closed` rather than 404).
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when there is none.
    pub async fn event_by_slug_alone(&self, slug: &str) -> Result<tisser_domain::Event, StoreError> {
        if let Some(event) = self.published.get(slug) {
            return Ok(event);
        }
        let event = events::Entity::find()
            .filter(events::Column::Slug.eq(slug))
            .one(&self.read)
            .await?
            .ok_or(StoreError::NotFound("event"))?
            .to_event()?;
        if event.status == tisser_domain::EventStatus::Published {
            self.published.put(slug, &event);
        }
        Ok(event)
    }

    pub async fn event_by_slug(&self, slug: &str) -> Result<EventRecord, StoreError> {
        let m = events::Entity::find()
            .filter(events::Column::Slug.eq(slug))
            .one(&self.read)
            .await?
            .ok_or(StoreError::NotFound("event"))?;
        self.event_record(m).await
    }

    /// The event with this id.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when there is none.
    pub async fn event_by_id(&self, id: EventId) -> Result<EventRecord, StoreError> {
        let m =
            events::Entity::find_by_id(id.0).one(&self.read).await?.ok_or(StoreError::NotFound("event"))?;
        self.event_record(m).await
    }

    async fn event_record(&self, m: events::Model) -> Result<EventRecord, StoreError> {
        let mut records = self.event_records(vec![m]).await?;
        records.pop().ok_or(StoreError::NotFound("event"))
    }

    /// Published (and closed) events, optionally of one series: upcoming ones first, soonest
    /// first, then past ones, latest first.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for an unknown series.
    pub async fn public_events(
        &self,
        series_slug: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Vec<EventRecord>, StoreError> {
        let mut query = events::Entity::find().filter(
            events::Column::Status.is_in([EventStatus::Published.as_str(), EventStatus::Closed.as_str()]),
        );
        if let Some(slug) = series_slug {
            let s = self.series_by_slug(slug).await?;
            query = query.filter(events::Column::SeriesId.eq(s.id.0));
        }
        let models = query.all(&self.read).await?;
        let mut records = self.event_records(models).await?;
        let far = DateTime::<Utc>::MAX_UTC;
        records.sort_by(|a, b| {
            let past = |r: &EventRecord| r.ends_at.is_some_and(|e| e <= now);
            match (past(a), past(b)) {
                (false, false) => a.starts_at.unwrap_or(far).cmp(&b.starts_at.unwrap_or(far)),
                (true, true) => b.starts_at.cmp(&a.starts_at),
                (pa, pb) => pa.cmp(&pb),
            }
            .then_with(|| a.event.slug.as_str().cmp(b.event.slug.as_str()))
        });
        Ok(records)
    }

    /// Every event an organiser may see: all of them for `None`, else those they created.
    ///
    /// # Errors
    /// [`StoreError::Db`] when the database fails.
    pub async fn events_of(&self, created_by: Option<OrganiserId>) -> Result<Vec<EventRecord>, StoreError> {
        let mut query = events::Entity::find().order_by_asc(events::Column::CreatedAt);
        if let Some(by) = created_by {
            query = query.filter(events::Column::CreatedBy.eq(by.0));
        }
        let models = query.all(&self.read).await?;
        self.event_records(models).await
    }

    async fn event_records(&self, models: Vec<events::Model>) -> Result<Vec<EventRecord>, StoreError> {
        let ids: Vec<Uuid> = models.iter().map(|m| m.id).collect();
        let series_ids: Vec<Uuid> = models.iter().filter_map(|m| m.series_id).collect();
        let series_slugs: HashMap<Uuid, String> = if series_ids.is_empty() {
            HashMap::new()
        } else {
            series::Entity::find()
                .filter(series::Column::Id.is_in(series_ids))
                .all(&self.read)
                .await?
                .into_iter()
                .map(|s| (s.id, s.slug))
                .collect()
        };
        let spans: HashMap<Uuid, (DateTime<Utc>, DateTime<Utc>)> = if ids.is_empty() {
            HashMap::new()
        } else {
            sessions::Entity::find()
                .select_only()
                .column(sessions::Column::EventId)
                .column_as(Expr::col(sessions::Column::StartsAt).min(), "first_start")
                .column_as(Expr::col(sessions::Column::EndsAt).max(), "last_end")
                .filter(sessions::Column::EventId.is_in(ids.clone()))
                .filter(sessions::Column::Status.eq(SessionStatus::Scheduled.as_str()))
                .group_by(sessions::Column::EventId)
                .into_tuple::<(Uuid, DateTime<Utc>, DateTime<Utc>)>()
                .all(&self.read)
                .await?
                .into_iter()
                .map(|(id, s, e)| (id, (s, e)))
                .collect()
        };
        let waiting = reading::waiting_per::<registrations::Entity>(
            &self.read,
            registrations::Column::EventId,
            registrations::Column::Status,
            ids,
        )
        .await?;
        models
            .into_iter()
            .map(|m| {
                let span = spans.get(&m.id).copied();
                Ok(EventRecord {
                    series_slug: m.series_id.and_then(|s| series_slugs.get(&s).cloned()),
                    starts_at: span.map(|s| s.0),
                    ends_at: span.map(|s| s.1),
                    taken: to_u32(m.taken.into()),
                    waitlist_length: waiting.get(&m.id).copied().unwrap_or(0),
                    event: m.to_event()?,
                })
            })
            .collect()
    }

    /// Adds a session to an event's programme.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when the event is gone.
    pub async fn add_session(&self, event: EventId, new: NewSession) -> Result<SessionRecord, StoreError> {
        let txn = self.write.begin().await?;
        seats::lock_event(&txn, event).await?;
        let id = insert_session(&txn, event, new, self.now()).await?;
        txn.commit().await?;
        self.session(event, id).await
    }

    /// Changes a session. A raised capacity gives seats to the people waiting, in the same
    /// transaction.
    ///
    /// # Errors
    /// [`StoreError::NotFound`], [`StoreError::SessionCancelled`],
    /// [`StoreError::CapacityBelowConfirmed`].
    pub async fn update_session(
        &self,
        event: EventId,
        id: SessionId,
        patch: SessionPatch,
    ) -> Result<SessionRecord, StoreError> {
        let txn = self.write.begin().await?;
        seats::lock_event(&txn, event).await?;
        let current = find_session(&txn, event, id).await?;
        if current.is_cancelled() {
            return Err(StoreError::SessionCancelled(id));
        }
        if let Some(slot) = patch.slot
            && !patch.confirm_overlaps
            && (slot.start() != current.starts_at || slot.end() != current.ends_at)
        {
            let overlaps = overlaps_at(&txn, event, &current, slot).await?;
            if !overlaps.is_empty() {
                return Err(StoreError::MoveOverlaps(overlaps));
            }
        }
        // Registrants are told when what they see in their calendar changes.
        let visible_change = patch.changes_invites(
            &current.title,
            current.slot()?,
            current.room.as_deref(),
            current.online_url.as_deref(),
        );
        let mut am = current.clone().into_active_model();
        if let Some(title) = patch.title {
            am.title = Set(title);
        }
        if let Some(kind) = patch.kind {
            am.kind = Set(kind.as_str().to_owned());
        }
        if let Some(description) = patch.description {
            am.description = Set(description);
        }
        if let Some(slot) = patch.slot {
            am.starts_at = Set(slot.start());
            am.ends_at = Set(slot.end());
        }
        if let Some(room) = patch.room {
            am.room = Set(room);
        }
        if let Some(capacity) = patch.capacity {
            am.capacity = Set(stored_capacity(capacity, current.taken)?);
        }
        if let Some(requires) = patch.requires_registration {
            am.requires_registration = Set(requires);
        }
        if let Some(url) = patch.online_url {
            am.online_url = Set(url);
        }
        // The first replay link set is announced to every confirmed registrant, once.
        let announce_replay = matches!(patch.replay_url, Some(Some(_))) && !current.replay_announced;
        if let Some(url) = patch.replay_url {
            am.replay_url = Set(url);
        }
        if announce_replay {
            am.replay_announced = Set(true);
        }
        let now = self.now();
        am.updated_at = Set(now);
        am.update(&txn).await?;
        if let Some(list) = &patch.facilitators {
            replace_facilitators(&txn, id, list).await?;
        }
        if let Some(list) = &patch.documents {
            replace_documents(&txn, id, list).await?;
        }
        if announce_replay {
            for (registration, confirmed) in holders(&txn, id).await? {
                if confirmed {
                    let only = [id.0];
                    let draft = Draft::new(NoticeKind::ReplayAvailable).only(&only);
                    notify::enqueue(&txn, registration, draft, now).await?;
                }
            }
        }
        if visible_change {
            for (registration, confirmed) in holders(&txn, id).await? {
                let invites = if confirmed { vec![(id.0, InviteMethod::Request)] } else { Vec::new() };
                notify::enqueue(
                    &txn,
                    registration,
                    Draft::new(NoticeKind::SessionChanged).invites(&invites),
                    now,
                )
                .await?;
            }
        }
        seats::rebalance(&txn, event, &[id], now).await?;
        txn.commit().await?;
        self.session(event, id).await
    }

    /// Cancels a session: every choice of it is cancelled and its seats are released.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when there is no such session in this event.
    pub async fn cancel_session(&self, event: EventId, id: SessionId) -> Result<SessionRecord, StoreError> {
        let txn = self.write.begin().await?;
        seats::lock_event(&txn, event).await?;
        let current = find_session(&txn, event, id).await?;
        let told = holders(&txn, id).await?;
        let now = self.now();
        choices::Entity::update_many()
            .col_expr(choices::Column::Status, Expr::value(ChoiceStatus::Cancelled.as_str()))
            .col_expr(choices::Column::WaitlistSeq, Expr::value(Option::<i64>::None))
            .col_expr(choices::Column::UpdatedAt, Expr::value(now))
            .filter(choices::Column::SessionId.eq(id.0))
            .filter(choices::Column::Status.ne(ChoiceStatus::Cancelled.as_str()))
            .exec(&txn)
            .await?;
        let mut am = current.into_active_model();
        am.status = Set(SessionStatus::Cancelled.as_str().to_owned());
        am.taken = Set(0);
        am.updated_at = Set(now);
        am.update(&txn).await?;
        for (registration, confirmed) in told {
            let invites = if confirmed { vec![(id.0, InviteMethod::Cancel)] } else { Vec::new() };
            let also = [id.0];
            let draft = Draft::new(NoticeKind::SessionCancelled).invites(&invites).also(&also);
            notify::enqueue(&txn, registration, draft, now).await?;
        }
        txn.commit().await?;
        self.session(event, id).await
    }

    /// One session of an event.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when the event has no such session.
    pub async fn session(&self, event: EventId, id: SessionId) -> Result<SessionRecord, StoreError> {
        let m = find_session(&self.read, event, id).await?;
        let mut records = self.session_records(vec![m]).await?;
        records.pop().ok_or(StoreError::NotFound("session"))
    }

    /// One session of an event, or `None` when the event has no such session (a filter
    /// naming another event's session is the caller's error to word).
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] or [`StoreError::Database`] when the database fails.
    pub async fn session_if_any(
        &self,
        event: EventId,
        id: SessionId,
    ) -> Result<Option<SessionRecord>, StoreError> {
        let found = sessions::Entity::find_by_id(id.0)
            .filter(sessions::Column::EventId.eq(event.0))
            .one(&self.read)
            .await?;
        match found {
            Some(m) => Ok(self.session_records(vec![m]).await?.pop()),
            None => Ok(None),
        }
    }

    /// An event's programme, in time order.
    ///
    /// # Errors
    /// [`StoreError::Db`] when the database fails.
    pub async fn programme(&self, event: EventId) -> Result<Vec<SessionRecord>, StoreError> {
        let models = self.programme_models(event).await?;
        self.session_records(models).await
    }

    /// An event's sessions as a posted form needs them to read a choice (titles, times,
    /// kinds, whether they need a registration, cancelled or not), in one read: without the
    /// lengths of their waiting lines (`waitlist_length` is 0), their facilitators and their
    /// documents, which a page shows but a choice does not need. The registration itself
    /// decides under the event's lock.
    ///
    /// # Errors
    /// [`StoreError::Database`] when the database fails.
    pub async fn programme_to_choose(&self, event: EventId) -> Result<Vec<SessionRecord>, StoreError> {
        let models = self.programme_models(event).await?;
        models.into_iter().map(|m| session_record(m, 0, Vec::new(), Vec::new())).collect()
    }

    async fn programme_models(&self, event: EventId) -> Result<Vec<sessions::Model>, StoreError> {
        Ok(sessions::Entity::find()
            .filter(sessions::Column::EventId.eq(event.0))
            .order_by_asc(sessions::Column::StartsAt)
            .order_by_asc(sessions::Column::Title)
            .all(&self.read)
            .await?)
    }

    async fn session_records(&self, models: Vec<sessions::Model>) -> Result<Vec<SessionRecord>, StoreError> {
        if models.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<Uuid> = models.iter().map(|m| m.id).collect();
        let mut people: HashMap<Uuid, Vec<Facilitator>> = HashMap::new();
        for f in facilitators::Entity::find()
            .filter(facilitators::Column::SessionId.is_in(ids.clone()))
            .order_by_asc(facilitators::Column::Position)
            .all(&self.read)
            .await?
        {
            people.entry(f.session_id).or_default().push(Facilitator { name: f.name, role: f.role });
        }
        let mut docs: HashMap<Uuid, Vec<Document>> = HashMap::new();
        for d in session_documents::Entity::find()
            .filter(session_documents::Column::SessionId.is_in(ids.clone()))
            .order_by_asc(session_documents::Column::Position)
            .all(&self.read)
            .await?
        {
            docs.entry(d.session_id).or_default().push(Document { title: d.title, url: d.url });
        }
        let waiting = reading::waiting_per::<choices::Entity>(
            &self.read,
            choices::Column::SessionId,
            choices::Column::Status,
            ids,
        )
        .await?;
        models
            .into_iter()
            .map(|m| {
                let (id, waiting) = (m.id, waiting.get(&m.id).copied().unwrap_or(0));
                session_record(
                    m,
                    waiting,
                    people.remove(&id).unwrap_or_default(),
                    docs.remove(&id).unwrap_or_default(),
                )
            })
            .collect()
    }
}

/// A session as the store gives it, from its row and what was read beside it.
fn session_record(
    m: sessions::Model,
    waitlist_length: u32,
    facilitators: Vec<Facilitator>,
    documents: Vec<Document>,
) -> Result<SessionRecord, StoreError> {
    Ok(SessionRecord {
        id: SessionId(m.id),
        event_id: EventId(m.event_id),
        kind: m.kind_value()?,
        status: m.status_value()?,
        slot: m.slot()?,
        capacity: m.capacity_value(),
        taken: to_u32(m.taken.into()),
        title: m.title,
        description: m.description,
        room: m.room,
        waitlist_length,
        requires_registration: m.requires_registration,
        facilitators,
        documents,
        online_url: m.online_url,
        replay_url: m.replay_url,
        updated_at: m.updated_at,
    })
}

/// Inserts a session with its facilitators and documents, in the caller's transaction (which
/// has locked the event).
pub(crate) async fn insert_session(
    txn: &impl ConnectionTrait,
    event: EventId,
    new: NewSession,
    now: DateTime<Utc>,
) -> Result<SessionId, StoreError> {
    let id = SessionId::new();
    sessions::ActiveModel {
        id: Set(id.0),
        event_id: Set(event.0),
        title: Set(new.title),
        kind: Set(new.kind.as_str().to_owned()),
        description: Set(new.description),
        starts_at: Set(new.slot.start()),
        ends_at: Set(new.slot.end()),
        room: Set(new.room),
        capacity: Set(new.capacity.seats().map(to_i32)),
        taken: Set(0),
        waitlist_seq: Set(0),
        requires_registration: Set(new.requires_registration),
        online_url: Set(new.online_url),
        replay_url: Set(new.replay_url),
        status: Set(SessionStatus::Scheduled.as_str().to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
        replay_announced: Set(false),
    }
    .insert(txn)
    .await?;
    replace_facilitators(txn, id, &new.facilitators).await?;
    replace_documents(txn, id, &new.documents).await?;
    Ok(id)
}

/// The registrations holding a seat or a place in line for `session`, and whether they hold
/// a seat.
async fn holders(db: &impl ConnectionTrait, session: SessionId) -> Result<Vec<(Uuid, bool)>, StoreError> {
    Ok(choices::Entity::find()
        .filter(choices::Column::SessionId.eq(session.0))
        .filter(choices::Column::Status.ne(ChoiceStatus::Cancelled.as_str()))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.registration_id, c.is_confirmed()))
        .collect())
}

/// The registrants of `session` who hold another session overlapping `slot`.
async fn overlaps_at(
    db: &impl ConnectionTrait,
    event: EventId,
    session: &sessions::Model,
    slot: TimeSlot,
) -> Result<Vec<Overlap>, StoreError> {
    let others: Vec<sessions::Model> = seats::programme_models(db, event)
        .await?
        .into_iter()
        .filter(|s| s.id != session.id && !s.is_cancelled())
        .filter(|s| s.slot().is_ok_and(|other| other.overlaps(&slot)))
        .collect();
    if others.is_empty() {
        return Ok(Vec::new());
    }
    let holders = Query::select()
        .column(choices::Column::RegistrationId)
        .from(choices::Entity)
        .and_where(choices::Column::SessionId.eq(session.id))
        .and_where(choices::Column::Status.ne(ChoiceStatus::Cancelled.as_str()))
        .to_owned();
    let clashing = choices::Entity::find()
        .filter(choices::Column::SessionId.is_in(others.iter().map(|s| s.id).collect::<Vec<_>>()))
        .filter(choices::Column::Status.ne(ChoiceStatus::Cancelled.as_str()))
        .filter(choices::Column::RegistrationId.in_subquery(holders))
        .all(db)
        .await?;
    let people: HashMap<Uuid, registrations::Model> = registrations::Entity::find()
        .filter(
            registrations::Column::Id.is_in(clashing.iter().map(|c| c.registration_id).collect::<Vec<_>>()),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let mut overlaps: Vec<Overlap> = clashing
        .iter()
        .filter_map(|c| {
            let person = people.get(&c.registration_id)?;
            let other = others.iter().find(|s| s.id == c.session_id)?;
            Some(Overlap {
                registration: RegistrationId(person.id),
                first_name: person.first_name.clone(),
                last_name: person.last_name.clone(),
                session_title: other.title.clone(),
            })
        })
        .collect();
    overlaps.sort_by(|a, b| (&a.last_name, &a.first_name).cmp(&(&b.last_name, &b.first_name)));
    Ok(overlaps)
}

pub(crate) async fn find_session(
    db: &impl ConnectionTrait,
    event: EventId,
    id: SessionId,
) -> Result<sessions::Model, StoreError> {
    sessions::Entity::find_by_id(id.0)
        .filter(sessions::Column::EventId.eq(event.0))
        .one(db)
        .await?
        .ok_or(StoreError::NotFound("session"))
}

/// The list index as a stored position.
fn position(index: usize) -> i32 {
    i32::try_from(index).unwrap_or(i32::MAX)
}

async fn replace_facilitators(
    db: &impl ConnectionTrait,
    id: SessionId,
    list: &[Facilitator],
) -> Result<(), StoreError> {
    facilitators::Entity::delete_many().filter(facilitators::Column::SessionId.eq(id.0)).exec(db).await?;
    let rows = list.iter().enumerate().map(|(i, f)| facilitators::ActiveModel {
        id: Set(Uuid::now_v7()),
        session_id: Set(id.0),
        position: Set(position(i)),
        name: Set(f.name.clone()),
        role: Set(f.role.clone()),
    });
    if !list.is_empty() {
        facilitators::Entity::insert_many(rows).exec_without_returning(db).await?;
    }
    Ok(())
}

async fn replace_documents(
    db: &impl ConnectionTrait,
    id: SessionId,
    list: &[Document],
) -> Result<(), StoreError> {
    let stale = session_documents::Column::SessionId.eq(id.0);
    session_documents::Entity::delete_many().filter(stale).exec(db).await?;
    if !list.is_empty() {
        session_documents::Entity::insert_many(list.iter().enumerate().map(|(i, d)| {
            session_documents::ActiveModel {
                id: Set(Uuid::now_v7()),
                session_id: Set(id.0),
                position: Set(position(i)),
                title: Set(d.title.clone()),
                url: Set(d.url.clone()),
            }
        }))
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}

/// A new capacity as stored, refused when below the seats already given.
fn stored_capacity(capacity: Capacity, taken: i32) -> Result<Option<i32>, StoreError> {
    let confirmed = to_u32(taken.into());
    match capacity.seats() {
        Some(seats) if seats < confirmed => {
            Err(StoreError::CapacityBelowConfirmed { capacity: seats, confirmed })
        }
        seats => Ok(seats.map(to_i32)),
    }
}

fn unknown_series(e: StoreError) -> StoreError {
    match e {
        StoreError::NotFound(_) => StoreError::UnknownReference("series"),
        other => other,
    }
}

/// How long a published event found by its slug is kept in memory.
pub const PUBLISHED_KEPT: std::time::Duration = std::time::Duration::from_secs(1);

/// The most events kept; beyond, the memory starts again empty.
const PUBLISHED_MAX: usize = 1024;

/// Published events by slug, each with the moment it was read ([`Store::event_by_slug_alone`]).
#[derive(Clone, Default)]
pub(crate) struct Published(
    std::sync::Arc<std::sync::RwLock<HashMap<String, (std::time::Instant, tisser_domain::Event)>>>,
);

impl Published {
    fn get(&self, slug: &str) -> Option<tisser_domain::Event> {
        let kept = self.0.read().ok()?;
        let (read_at, event) = kept.get(slug)?;
        (read_at.elapsed() < PUBLISHED_KEPT).then(|| event.clone())
    }

    fn put(&self, slug: &str, event: &tisser_domain::Event) {
        if let Ok(mut kept) = self.0.write() {
            if kept.len() >= PUBLISHED_MAX {
                kept.clear();
            }
            kept.insert(slug.to_owned(), (std::time::Instant::now(), event.clone()));
        }
    }

    /// An event changed here: nothing kept is trusted any more.
    fn forget(&self) {
        if let Ok(mut kept) = self.0.write() {
            kept.clear();
        }
    }
}

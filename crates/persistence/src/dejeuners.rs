//! The Déjeuners: reminders before a session, and copying an event to new dates.
//!
//! Reminders are decided from the database at each pass: for every configured delay, the
//! sessions starting within it, and their confirmed registrants. A row in `reminders_sent`
//! (session, person, delay, start) is written with the notice in one transaction; its primary
//! key makes a second pass, a restart or a second server process skip what was sent. A moved
//! session has a new start, so its reminders come again at the new times; a cancelled session
//! or a cancelled seat has no confirmed registrant to remind.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use sea_orm::sea_query::{OnConflict, Query};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set, TransactionTrait};
use tisser_domain::notice::NoticeKind;
use tisser_domain::{
    ChoiceStatus, EventId, EventStatus, OrganiserId, RegistrationStatus, SessionStatus, Slug, TimeSlot,
};

use crate::entities::{choices, events, registrations, reminders_sent, sessions};
use crate::notify::{self, Draft};
use crate::records::{EventRecord, NewEvent, NewSession};
use crate::{Store, StoreError};

impl Store {
    /// Writes into the outbox the reminders due at `now`, one per confirmed person, session
    /// and delay. Returns how many were written.
    ///
    /// A reminder is skipped for a person whose seat was confirmed after the reminder's time
    /// (their confirmation, with the link, has just gone out).
    ///
    /// # Errors
    /// [`StoreError::Db`] when the database fails.
    pub async fn enqueue_due_reminders(
        &self,
        now: DateTime<Utc>,
        delays: &[Duration],
    ) -> Result<usize, StoreError> {
        let mut written = 0;
        for delay in delays {
            let soon = sessions::Entity::find()
                .filter(sessions::Column::Status.eq(SessionStatus::Scheduled.as_str()))
                .filter(sessions::Column::StartsAt.gt(now))
                .filter(sessions::Column::StartsAt.lte(now + *delay))
                .filter(
                    sessions::Column::EventId.in_subquery(
                        Query::select()
                            .column(events::Column::Id)
                            .from(events::Entity)
                            .and_where(events::Column::Status.ne(EventStatus::Draft.as_str()))
                            .to_owned(),
                    ),
                )
                .all(&self.read)
                .await?;
            for s in soon {
                let remind_at = s.starts_at - *delay;
                let confirmed = choices::Entity::find()
                    .filter(choices::Column::SessionId.eq(s.id))
                    .filter(choices::Column::Status.eq(ChoiceStatus::Confirmed.as_str()))
                    .filter(
                        choices::Column::RegistrationId.in_subquery(
                            Query::select()
                                .column(registrations::Column::Id)
                                .from(registrations::Entity)
                                .and_where(
                                    registrations::Column::Status.eq(RegistrationStatus::Confirmed.as_str()),
                                )
                                .to_owned(),
                        ),
                    )
                    .all(&self.read)
                    .await?;
                for c in confirmed.into_iter().filter(|c| c.updated_at < remind_at) {
                    let txn = self.write.begin().await?;
                    let inserted = reminders_sent::Entity::insert(reminders_sent::ActiveModel {
                        session_id: Set(s.id),
                        registration_id: Set(c.registration_id),
                        delay_minutes: Set(i32::try_from(delay.num_minutes()).unwrap_or(i32::MAX)),
                        starts_at_ms: Set(s.starts_at.timestamp_millis()),
                        created_at: Set(now),
                    })
                    .on_conflict(
                        OnConflict::columns([
                            reminders_sent::Column::SessionId,
                            reminders_sent::Column::RegistrationId,
                            reminders_sent::Column::DelayMinutes,
                            reminders_sent::Column::StartsAtMs,
                        ])
                        .do_nothing()
                        .to_owned(),
                    )
                    .exec_without_returning(&txn)
                    .await?;
                    if inserted == 1 {
                        let only = [s.id];
                        let draft = Draft::new(NoticeKind::Reminder).only(&only);
                        notify::enqueue(&txn, c.registration_id, draft, now).await?;
                        txn.commit().await?;
                        written += 1;
                    }
                }
            }
        }
        Ok(written)
    }

    /// Copies an event and its programme to new dates, without its registrations: the first
    /// day becomes `first_day`, every session keeps its wall-clock time in the event's zone
    /// (across clock changes), join links are kept, replays are not. The copy is a draft.
    ///
    /// # Errors
    /// [`StoreError::NotFound`], [`StoreError::SlugTaken`], [`StoreError::NonexistentLocalTime`] when a
    /// time does not exist on the new date (a clock change).
    pub async fn clone_event(
        &self,
        source: EventId,
        slug: Slug,
        title: Option<String>,
        first_day: NaiveDate,
        by: Option<OrganiserId>,
    ) -> Result<EventRecord, StoreError> {
        let original = self.event_by_id(source).await?;
        let programme = self.programme(source).await?;
        let tz = original.event.timezone;
        let start_day = programme
            .iter()
            .map(|s| s.slot.start().with_timezone(&tz).date_naive())
            .min()
            .unwrap_or(first_day);
        let shift = first_day - start_day;
        let moved = |t: DateTime<Utc>| -> Result<DateTime<Utc>, StoreError> {
            let local = t.with_timezone(&tz).naive_local() + shift;
            tz.from_local_datetime(&local)
                .earliest()
                .map(|l| l.with_timezone(&Utc))
                .ok_or_else(|| StoreError::NonexistentLocalTime { local: local.to_string(), zone: tz.name() })
        };
        let series = match original.event.series_id {
            Some(id) => events_series_slug(self, id).await?,
            None => None,
        };
        let copy = self
            .create_event(
                NewEvent {
                    slug,
                    title: title.unwrap_or_else(|| original.event.title.clone()),
                    description: original.event.description.clone(),
                    timezone: tz,
                    format: original.event.format,
                    venue: original.event.venue.clone(),
                    series,
                    capacity: original.event.capacity,
                    window: tisser_domain::RegistrationWindow::default(),
                    status: EventStatus::Draft,
                },
                by,
            )
            .await?;
        for s in programme.into_iter().filter(|s| s.status == SessionStatus::Scheduled) {
            let (start, end) = (moved(s.slot.start())?, moved(s.slot.end())?);
            let slot = TimeSlot::new(start, end)
                .map_err(|_| StoreError::Corrupt {
                    what: "time slot", value: format!("{start} – {end}")
                })?;
            self.add_session(
                copy.event.id,
                NewSession {
                    title: s.title,
                    kind: s.kind,
                    description: s.description,
                    slot,
                    room: s.room,
                    capacity: s.capacity,
                    requires_registration: s.requires_registration,
                    facilitators: s.facilitators,
                    documents: s.documents,
                    online_url: s.online_url,
                    replay_url: None,
                },
            )
            .await?;
        }
        self.event_by_id(copy.event.id).await
    }
}

async fn events_series_slug(store: &Store, id: tisser_domain::SeriesId) -> Result<Option<Slug>, StoreError> {
    let found = crate::entities::series::Entity::find_by_id(id.0).one(&store.read).await?;
    Ok(found.and_then(|s| Slug::parse(&s.slug).ok()))
}

//! A programme from a spreadsheet and back (`tisser_domain::programme_file` reads and writes
//! the files): the plan an organiser sees before an import, the import itself in one
//! transaction, all or nothing, and the export in the same format.

use chrono::NaiveDate;
use chrono_tz::Tz;
use sea_orm::TransactionTrait;
use tisser_domain::programme_file::{self, Plan, Planned, Problem, Row};
use tisser_domain::{Capacity, EventId, Facilitator, SessionStatus};

use crate::convert::corrupt;
use crate::entities::sessions;
use crate::records::{Document, NewSession, SessionRecord};
use crate::{Store, StoreError, programme, seats};

/// What an import did: every session created, in the programme's order; or nothing, and why.
#[derive(Clone, Debug, PartialEq)]
pub enum ImportOutcome {
    Imported(Vec<SessionRecord>),
    /// Nothing was written: each problem names the line of the file and its column.
    Refused(Vec<Problem>),
}

/// The rows placed on the event's days, the scheduled sessions already there named.
fn planned(zone: Tz, existing: &[sessions::Model], rows: &[Row], first_day: NaiveDate) -> Plan {
    let existing: Vec<(&str, _)> =
        existing.iter().filter(|s| !s.is_cancelled()).map(|s| (s.title.as_str(), s.starts_at)).collect();
    programme_file::plan(rows, zone, first_day, &existing)
}

fn new_session(planned: Planned) -> NewSession {
    let Planned { row, slot } = planned;
    NewSession {
        kind: row.kind,
        title: row.title,
        slot,
        description: row.description,
        capacity: Capacity::from_option(row.capacity),
        room: row.room,
        requires_registration: row.requires_registration,
        facilitators: row.facilitators.into_iter().map(|(name, role)| Facilitator { name, role }).collect(),
        documents: row.documents.into_iter().map(|(title, url)| Document { title, url }).collect(),
        online_url: row.online_url,
        replay_url: None,
    }
}

impl Store {
    /// The first day of an event's programme in its time zone: the day of its first
    /// scheduled session; `None` while it has none.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for an unknown event.
    pub async fn first_day(&self, event: EventId) -> Result<Option<NaiveDate>, StoreError> {
        let record = self.event_by_id(event).await?;
        Ok(record.starts_at.map(|s| s.with_timezone(&record.event.timezone).date_naive()))
    }

    /// What importing `rows` into an event would create, day 1 being `first_day`: every
    /// session with its times, and every problem (a time that does not exist that day, a
    /// session already in the programme with the same title and start). Writes nothing.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for an unknown event.
    pub async fn plan_import(
        &self,
        event: EventId,
        rows: &[Row],
        first_day: NaiveDate,
    ) -> Result<Plan, StoreError> {
        let record = self.event_by_id(event).await?;
        let existing = seats::programme_models(&self.read, event).await?;
        Ok(planned(record.event.timezone, &existing, rows, first_day))
    }

    /// Adds `rows` to an event's programme, day 1 being `first_day`, in one transaction:
    /// every session is created, or, when one row has a problem (as [`Store::plan_import`]
    /// names them, checked again under the event's lock), none.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for an unknown event; a database failure, after which
    /// nothing was written either.
    pub async fn import_programme(
        &self,
        event: EventId,
        rows: &[Row],
        first_day: NaiveDate,
    ) -> Result<ImportOutcome, StoreError> {
        let txn = self.write.begin().await?;
        let locked = seats::lock_event(&txn, event).await?;
        let existing = seats::programme_models(&txn, event).await?;
        let plan = planned(locked.zone()?, &existing, rows, first_day);
        if !plan.problems.is_empty() {
            txn.rollback().await?;
            return Ok(ImportOutcome::Refused(plan.problems));
        }
        let now = self.now();
        let mut created = Vec::with_capacity(plan.sessions.len());
        for session in plan.sessions {
            created.push(programme::insert_session(&txn, event, new_session(session), now).await?);
        }
        txn.commit().await?;
        let mut sessions = self.programme(event).await?;
        sessions.retain(|s| created.contains(&s.id));
        Ok(ImportOutcome::Imported(sessions))
    }

    /// An event's scheduled sessions as a programme file (CSV, French headers), day 1 being
    /// the day of the first one, times local to the event: importing it into an event
    /// without sessions, from the same first day, gives the same programme back.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for an unknown event; [`StoreError::Corrupt`] for a session
    /// before the first day (which cannot be).
    pub async fn export_programme(&self, event: EventId) -> Result<String, StoreError> {
        let record = self.event_by_id(event).await?;
        let zone = record.event.timezone;
        let sessions: Vec<SessionRecord> = self
            .programme(event)
            .await?
            .into_iter()
            .filter(|s| s.status == SessionStatus::Scheduled)
            .collect();
        let Some(first_day) = sessions.first().map(|s| s.slot.start().with_timezone(&zone).date_naive())
        else {
            return Ok(programme_file::write(&[]));
        };
        let rows = sessions
            .into_iter()
            .enumerate()
            .map(|(i, s)| {
                let place = |at| {
                    programme_file::day_and_time(first_day, zone, at)
                        .ok_or_else(|| corrupt("session start", &at.to_string()))
                };
                let ((day, start), (_, end)) = (place(s.slot.start())?, place(s.slot.end())?);
                Ok(Row {
                    line: i + 2,
                    day,
                    start,
                    end,
                    title: s.title,
                    kind: s.kind,
                    room: s.room,
                    capacity: s.capacity.seats(),
                    requires_registration: s.requires_registration,
                    facilitators: s.facilitators.into_iter().map(|f| (f.name, f.role)).collect(),
                    documents: s.documents.into_iter().map(|d| (d.title, d.url)).collect(),
                    description: s.description,
                    online_url: s.online_url,
                })
            })
            .collect::<Result<Vec<Row>, StoreError>>()?;
        Ok(programme_file::write(&rows))
    }

    /// A programme file to start from (CSV): the header and one example row that explains
    /// each column, in French then in English.
    #[must_use]
    pub fn programme_template() -> String {
        programme_file::template()
    }
}

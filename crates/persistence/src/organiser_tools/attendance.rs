//! Who is expected at a session, the check-in, and presence counts.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{OnConflict, Query, SelectStatement};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set, TransactionTrait,
};
use tisser_domain::{ChoiceStatus, EventId, OrganiserId, RegistrationId, RegistrationStatus, SessionId};
use uuid::Uuid;

use super::audit::{AuditAction, AuditEntry, write_audit};
use super::registration_of;
use crate::entities::{checkins, choices, registrations, sessions};
use crate::programme::find_session;
use crate::{Store, StoreError, seats};

/// A person expected at a session, for the attendance sheet and the check-in.
#[derive(Clone, Debug)]
pub struct Attendee {
    pub registration_id: RegistrationId,
    pub first_name: String,
    pub last_name: String,
    pub organization: Option<String>,
    pub checked_in_at: Option<DateTime<Utc>>,
}

/// Present and absent at a session.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PresenceCounts {
    /// People with a confirmed seat (for a session open to all: every confirmed registrant).
    pub expected: u32,
    pub present: u32,
    pub absent: u32,
}

/// The answer to a check-in.
#[derive(Clone, Debug)]
pub enum CheckinOutcome {
    Done {
        present: bool,
        checked_in_at: Option<DateTime<Utc>>,
        counts: PresenceCounts,
    },
    /// The person holds no confirmed seat at this session.
    NotExpected,
}

impl Store {
    /// The people expected at a session (a confirmed seat, or every confirmed registrant
    /// for a session open to all), sorted by last name then first name, as the organiser
    /// `by` reads them for `purpose` (the attendance sheet, or the check-in page): the line
    /// of the audit log (the session, how many people) is written before the list is
    /// returned.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when the session is not one of this event's.
    pub async fn attendance(
        &self,
        event: EventId,
        session: SessionId,
        by: OrganiserId,
        now: DateTime<Utc>,
        purpose: AuditAction,
    ) -> Result<Vec<Attendee>, StoreError> {
        let s = find_session(&self.read, event, session).await?;
        let people = registrations::Entity::find()
            .filter(registrations::Column::Id.in_subquery(expected(&s)))
            .all(&self.read)
            .await?;
        let present: HashMap<Uuid, DateTime<Utc>> = checkins::Entity::find()
            .filter(checkins::Column::SessionId.eq(session.0))
            .all(&self.read)
            .await?
            .into_iter()
            .map(|c| (c.registration_id, c.checked_at))
            .collect();
        let mut list: Vec<Attendee> = people
            .into_iter()
            .map(|r| Attendee {
                registration_id: RegistrationId(r.id),
                checked_in_at: present.get(&r.id).copied(),
                first_name: r.first_name,
                last_name: r.last_name,
                organization: r.organization,
            })
            .collect();
        list.sort_by_cached_key(|a| (sort_key(&a.last_name), sort_key(&a.first_name), a.registration_id));
        let entry = AuditEntry::new(by, purpose, event)
            .session(Some(session))
            .count(u32::try_from(list.len()).unwrap_or(u32::MAX));
        write_audit(&self.write, entry, now).await?;
        Ok(list)
    }

    /// Marks a person present at a session (`present`), or undoes it.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for a session or registration that is not this event's.
    pub async fn check_in(
        &self,
        event: EventId,
        session: SessionId,
        registration: RegistrationId,
        present: bool,
        by: OrganiserId,
        now: DateTime<Utc>,
    ) -> Result<CheckinOutcome, StoreError> {
        let txn = self.write.begin().await?;
        seats::lock_event(&txn, event).await?;
        let s = find_session(&txn, event, session).await?;
        registration_of(&txn, event, registration).await?;
        if present {
            let expected_now = registrations::Entity::find()
                .filter(registrations::Column::Id.eq(registration.0))
                .filter(registrations::Column::Id.in_subquery(expected(&s)))
                .count(&txn)
                .await?;
            if expected_now == 0 {
                return Ok(CheckinOutcome::NotExpected);
            }
            checkins::Entity::insert(checkins::ActiveModel {
                session_id: Set(session.0),
                registration_id: Set(registration.0),
                checked_at: Set(now),
                checked_by: Set(Some(by.0)),
            })
            .on_conflict(
                OnConflict::columns([checkins::Column::SessionId, checkins::Column::RegistrationId])
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
        } else {
            checkins::Entity::delete_many()
                .filter(checkins::Column::SessionId.eq(session.0))
                .filter(checkins::Column::RegistrationId.eq(registration.0))
                .exec(&txn)
                .await?;
        }
        let action = if present { AuditAction::CheckIn } else { AuditAction::CheckInUndone };
        write_audit(
            &txn,
            AuditEntry::new(by, action, event).registration(registration).session(Some(session)),
            now,
        )
        .await?;
        let checked_in_at =
            checkins::Entity::find_by_id((session.0, registration.0)).one(&txn).await?.map(|c| c.checked_at);
        let counts = presence(&txn, &s).await?;
        txn.commit().await?;
        Ok(CheckinOutcome::Done { present, checked_in_at, counts })
    }
}

/// The registrations expected at a session: a confirmed registration with a confirmed seat
/// in it, or any confirmed registration of the event for a session open to all.
pub(super) fn expected(s: &sessions::Model) -> SelectStatement {
    let mut q = Query::select();
    q.column(registrations::Column::Id)
        .from(registrations::Entity)
        .and_where(registrations::Column::EventId.eq(s.event_id))
        .and_where(registrations::Column::Status.eq(RegistrationStatus::Confirmed.as_str()));
    if s.requires_registration {
        q.and_where(
            registrations::Column::Id.in_subquery(
                Query::select()
                    .column(choices::Column::RegistrationId)
                    .from(choices::Entity)
                    .and_where(choices::Column::SessionId.eq(s.id))
                    .and_where(choices::Column::Status.eq(ChoiceStatus::Confirmed.as_str()))
                    .to_owned(),
            ),
        );
    }
    q.to_owned()
}

pub(super) async fn presence(
    db: &impl ConnectionTrait,
    s: &sessions::Model,
) -> Result<PresenceCounts, StoreError> {
    let expected_n = registrations::Entity::find()
        .filter(registrations::Column::Id.in_subquery(expected(s)))
        .count(db)
        .await?;
    let present_n = checkins::Entity::find()
        .filter(checkins::Column::SessionId.eq(s.id))
        .filter(checkins::Column::RegistrationId.in_subquery(expected(s)))
        .count(db)
        .await?;
    let expected_n = u32::try_from(expected_n).unwrap_or(u32::MAX);
    let present_n = u32::try_from(present_n).unwrap_or(u32::MAX);
    Ok(PresenceCounts {
        expected: expected_n,
        present: present_n,
        absent: expected_n.saturating_sub(present_n),
    })
}

/// Sorting names as people expect: without case nor accents.
fn sort_key(name: &str) -> String {
    tisser_domain::text::folded(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_sort_without_case_nor_accents() {
        assert!(sort_key("Élodie") < sort_key("Fabre"));
        assert_eq!(sort_key("Dupré"), "dupre");
    }
}

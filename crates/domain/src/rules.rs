//! The rules of seats: which sessions a person may choose, who gets a seat, who waits, and
//! who moves up when a seat frees.
//!
//! The storage layer calls these with the state it read under the event's lock and writes
//! what they decide, in the same transaction.

use std::collections::HashSet;

use crate::{Capacity, ChoiceStatus, SessionId, TimeSlot};

/// One session of the programme, as far as choosing it is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Selectable {
    pub id: SessionId,
    pub slot: TimeSlot,
    pub requires_registration: bool,
    pub cancelled: bool,
}

/// Why a set of chosen sessions is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ChoiceError {
    /// The id is not a session of this event.
    #[error("session {0} is not part of this event")]
    NotInEvent(SessionId),
    /// The session is open to every registrant: there is nothing to choose.
    #[error("session {0} is open to every registrant and cannot be chosen")]
    NotSelectable(SessionId),
    /// The session was cancelled.
    #[error("session {0} was cancelled")]
    Cancelled(SessionId),
    /// Two chosen sessions take place at the same time.
    #[error("sessions {0} and {1} take place at the same time")]
    Conflict(SessionId, SessionId),
}

/// Checks a person's chosen sessions against the event's programme.
///
/// Duplicates are dropped (the first occurrence keeps its place). `already_held` lists
/// sessions the person holds already: those are accepted even if cancelled since, so that a
/// person can keep the rest of their choices unchanged.
///
/// # Errors
/// The first [`ChoiceError`] found: a session of another event, one open to all, a cancelled
/// one, or two that overlap in time.
pub fn check_choices(
    programme: &[Selectable],
    chosen: &[SessionId],
    already_held: &[SessionId],
) -> Result<Vec<SessionId>, ChoiceError> {
    let mut seen = HashSet::new();
    let mut picked: Vec<&Selectable> = Vec::new();
    for id in chosen {
        if !seen.insert(*id) {
            continue;
        }
        let session = programme.iter().find(|s| s.id == *id).ok_or(ChoiceError::NotInEvent(*id))?;
        if !session.requires_registration {
            return Err(ChoiceError::NotSelectable(*id));
        }
        if session.cancelled && !already_held.contains(id) {
            return Err(ChoiceError::Cancelled(*id));
        }
        if let Some(other) = picked.iter().find(|p| p.slot.overlaps(&session.slot)) {
            return Err(ChoiceError::Conflict(other.id, *id));
        }
        picked.push(session);
    }
    Ok(picked.into_iter().map(|s| s.id).collect())
}

/// What a newcomer who chose nothing is given: the event's only session that needs a
/// registration (a Déjeuner, a practice workshop), when there is exactly one. With several,
/// choosing is the person's.
#[must_use]
pub fn default_choice(programme: &[Selectable]) -> Option<SessionId> {
    let mut open = programme.iter().filter(|s| s.requires_registration && !s.cancelled);
    match (open.next(), open.next()) {
        (Some(only), None) => Some(only.id),
        _ => None,
    }
}

/// The status a newcomer's choice gets.
///
/// A seat is given only to a person admitted to the event (`eligible`), when a seat is free
/// and nobody admitted is already waiting for it: the waitlist is first come, first served.
#[must_use]
pub fn seat_for_newcomer(
    capacity: Capacity,
    taken: u32,
    eligible: bool,
    eligible_waiting: u32,
) -> ChoiceStatus {
    if eligible && eligible_waiting == 0 && capacity.has_room(taken) {
        ChoiceStatus::Confirmed
    } else {
        ChoiceStatus::Waitlisted
    }
}

/// Somebody waiting in line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Waiting<K> {
    pub key: K,
    /// Their number in line: lower came first.
    pub seq: i64,
    /// Whether they may take a seat now (for a session: they are admitted to the event).
    pub eligible: bool,
}

/// Who moves up when `capacity` has `taken` seats taken: the first eligible people in line,
/// by order of arrival, as many as there are free seats.
#[must_use]
pub fn promotions<K: Copy>(capacity: Capacity, taken: u32, line: &[Waiting<K>]) -> Vec<K> {
    let mut eligible: Vec<&Waiting<K>> = line.iter().filter(|w| w.eligible).collect();
    eligible.sort_by_key(|w| w.seq);
    let free = capacity.free(taken).map_or(eligible.len(), |f| f as usize);
    eligible.into_iter().take(free).map(|w| w.key).collect()
}

/// A person's place in line (1 = next), given how many people wait ahead of them.
#[must_use]
pub fn place_after(ahead: u64) -> u32 {
    u32::try_from(ahead).unwrap_or(u32::MAX).saturating_add(1)
}

/// A person's place in line (1 = next), given the numbers of everyone waiting, sorted.
#[must_use]
pub fn place_in_line(seq: i64, sorted_line: &[i64]) -> u32 {
    let ahead = sorted_line.partition_point(|s| *s < seq);
    place_after(u64::try_from(ahead).unwrap_or(u64::MAX))
}

/// How a new set of choices differs from the current one.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ChoiceDiff {
    pub added: Vec<SessionId>,
    pub removed: Vec<SessionId>,
    pub kept: Vec<SessionId>,
}

/// Compares the sessions a person holds with the ones they now want. Kept choices keep
/// their seat or their place in line.
#[must_use]
pub fn diff_choices(current: &[SessionId], wanted: &[SessionId]) -> ChoiceDiff {
    ChoiceDiff {
        added: wanted.iter().filter(|w| !current.contains(w)).copied().collect(),
        removed: current.iter().filter(|c| !wanted.contains(c)).copied().collect(),
        kept: wanted.iter().filter(|w| current.contains(w)).copied().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn session(h1: u32, h2: u32) -> Selectable {
        let d = |h| Utc.with_ymd_and_hms(2024, 4, 23, h, 0, 0).unwrap();
        Selectable {
            id: SessionId::new(),
            slot: TimeSlot::new(d(h1), d(h2)).unwrap(),
            requires_registration: true,
            cancelled: false,
        }
    }

    #[test]
    fn one_workshop_per_parallel_slot_is_accepted() {
        let a = session(9, 12);
        let dinner = session(19, 22);
        let ok = check_choices(&[a, dinner], &[a.id, dinner.id, a.id], &[]).unwrap();
        assert_eq!(ok, vec![a.id, dinner.id]);
    }

    #[test]
    fn two_parallel_workshops_are_refused() {
        let a = session(9, 12);
        let b = session(10, 11);
        assert_eq!(check_choices(&[a, b], &[a.id, b.id], &[]), Err(ChoiceError::Conflict(a.id, b.id)));
    }

    #[test]
    fn sessions_of_another_event_open_to_all_or_cancelled_are_refused() {
        let a = session(9, 12);
        let foreign = SessionId::new();
        assert_eq!(check_choices(&[a], &[foreign], &[]), Err(ChoiceError::NotInEvent(foreign)));
        let plenary = Selectable { requires_registration: false, ..session(13, 14) };
        assert_eq!(
            check_choices(&[plenary], &[plenary.id], &[]),
            Err(ChoiceError::NotSelectable(plenary.id))
        );
        let gone = Selectable { cancelled: true, ..session(15, 16) };
        assert_eq!(check_choices(&[gone], &[gone.id], &[]), Err(ChoiceError::Cancelled(gone.id)));
        assert_eq!(check_choices(&[gone], &[gone.id], &[gone.id]), Ok(vec![gone.id]));
    }

    #[test]
    fn a_newcomer_gets_a_seat_only_when_one_is_free_and_nobody_waits() {
        let cap = Capacity::Limited(2);
        assert_eq!(seat_for_newcomer(cap, 1, true, 0), ChoiceStatus::Confirmed);
        assert_eq!(seat_for_newcomer(cap, 2, true, 0), ChoiceStatus::Waitlisted);
        assert_eq!(seat_for_newcomer(cap, 1, true, 1), ChoiceStatus::Waitlisted);
        assert_eq!(seat_for_newcomer(cap, 0, false, 0), ChoiceStatus::Waitlisted);
        assert_eq!(seat_for_newcomer(Capacity::Unlimited, 500, true, 0), ChoiceStatus::Confirmed);
    }

    #[test]
    fn freed_seats_go_to_the_first_eligible_people_in_line() {
        let line = [
            Waiting { key: 'c', seq: 3, eligible: true },
            Waiting { key: 'a', seq: 1, eligible: false },
            Waiting { key: 'b', seq: 2, eligible: true },
            Waiting { key: 'd', seq: 4, eligible: true },
        ];
        assert_eq!(promotions(Capacity::Limited(5), 3, &line), vec!['b', 'c']);
        assert_eq!(promotions(Capacity::Limited(5), 5, &line), Vec::<char>::new());
        assert_eq!(promotions(Capacity::Limited(5), 9, &line), Vec::<char>::new());
        assert_eq!(promotions(Capacity::Unlimited, 9, &line), vec!['b', 'c', 'd']);
    }

    #[test]
    fn place_in_line_counts_who_came_before() {
        assert_eq!(place_in_line(7, &[3, 5, 7, 9]), 3);
        assert_eq!(place_in_line(1, &[]), 1);
        assert_eq!(place_after(0), 1);
    }

    #[test]
    fn a_lone_session_needing_registration_is_chosen_for_whoever_chose_nothing() {
        let slot = |h: u32| {
            use chrono::TimeZone;
            let start = chrono::Utc.with_ymd_and_hms(2024, 7, 2, h, 30, 0).unwrap();
            TimeSlot::new(start, start + chrono::Duration::hours(1)).unwrap()
        };
        let webinar = Selectable {
            id: SessionId::new(),
            slot: slot(10),
            requires_registration: true,
            cancelled: false,
        };
        let plenary = Selectable { requires_registration: false, id: SessionId::new(), ..webinar };
        assert_eq!(default_choice(&[plenary, webinar]), Some(webinar.id));
        let other = Selectable { id: SessionId::new(), slot: slot(12), ..webinar };
        assert_eq!(default_choice(&[webinar, other]), None);
        assert_eq!(default_choice(&[plenary]), None);
        assert_eq!(default_choice(&[Selectable { cancelled: true, ..webinar }]), None);
    }

    #[test]
    fn a_change_keeps_what_stays_and_names_what_comes_and_goes() {
        let (a, b, c) = (SessionId::new(), SessionId::new(), SessionId::new());
        let diff = diff_choices(&[a, b], &[b, c]);
        assert_eq!(diff, ChoiceDiff { added: vec![c], removed: vec![a], kept: vec![b] });
    }
}

//! Sessions: the slots of a programme, their times and their seats.

use chrono::{DateTime, Utc};

use crate::event::text_enum;

/// What kind of slot a session is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionKind {
    Plenary,
    Workshop,
    Talk,
    RoundTable,
    Forum,
    Social,
    Webinar,
    Other,
}

text_enum!(SessionKind {
    Plenary => "plenary",
    Workshop => "workshop",
    Talk => "talk",
    RoundTable => "round_table",
    Forum => "forum",
    Social => "social",
    Webinar => "webinar",
    Other => "other",
});

/// Whether a session still takes place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionStatus {
    Scheduled,
    Cancelled,
}

text_enum!(SessionStatus { Scheduled => "scheduled", Cancelled => "cancelled" });

/// A person leading a session (*co-animateur*), with an optional role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Facilitator {
    pub name: String,
    pub role: Option<String>,
}

/// A half-open interval of time `[start, end)`, with `end` after `start`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeSlot {
    start: DateTime<Utc>,
    end: DateTime<Utc>,
}

/// A slot that ends before it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a session must end after it starts")]
pub struct TimeSlotError;

impl TimeSlot {
    /// A slot from `start` to `end`.
    ///
    /// # Errors
    /// [`TimeSlotError`] when `end` is not after `start`.
    pub fn new(start: DateTime<Utc>, end: DateTime<Utc>) -> Result<Self, TimeSlotError> {
        if end > start { Ok(Self { start, end }) } else { Err(TimeSlotError) }
    }

    #[must_use]
    pub fn start(&self) -> DateTime<Utc> {
        self.start
    }

    #[must_use]
    pub fn end(&self) -> DateTime<Utc> {
        self.end
    }

    /// Whether the two slots share some instant. Back-to-back slots (one ends when the
    /// other starts) do not overlap.
    #[must_use]
    pub fn overlaps(&self, other: &TimeSlot) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// How many people a session or an event can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Capacity {
    Unlimited,
    Limited(u32),
}

impl Capacity {
    /// From an optional number of seats (`None`: unlimited).
    #[must_use]
    pub fn from_option(seats: Option<u32>) -> Self {
        seats.map_or(Self::Unlimited, Self::Limited)
    }

    /// The number of seats, `None` when unlimited.
    #[must_use]
    pub fn seats(self) -> Option<u32> {
        match self {
            Self::Unlimited => None,
            Self::Limited(n) => Some(n),
        }
    }

    /// Seats still free when `taken` are taken; `None` when unlimited.
    #[must_use]
    pub fn free(self, taken: u32) -> Option<u32> {
        self.seats().map(|n| n.saturating_sub(taken))
    }

    /// Whether one more person fits.
    #[must_use]
    pub fn has_room(self, taken: u32) -> bool {
        self.free(taken).is_none_or(|free| free > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn slot(h1: u32, m1: u32, h2: u32, m2: u32) -> TimeSlot {
        let d = |h, m| Utc.with_ymd_and_hms(2024, 4, 23, h, m, 0).unwrap();
        TimeSlot::new(d(h1, m1), d(h2, m2)).unwrap()
    }

    #[test]
    fn slots_that_share_time_overlap_and_back_to_back_slots_do_not() {
        assert!(slot(9, 0, 12, 0).overlaps(&slot(11, 0, 13, 0)));
        assert!(slot(9, 0, 12, 0).overlaps(&slot(10, 0, 11, 0)));
        assert!(slot(10, 0, 11, 0).overlaps(&slot(9, 0, 12, 0)));
        assert!(!slot(9, 0, 12, 0).overlaps(&slot(12, 0, 13, 0)));
        assert!(!slot(12, 0, 13, 0).overlaps(&slot(9, 0, 12, 0)));
    }

    #[test]
    fn a_slot_must_end_after_it_starts() {
        let t = Utc.with_ymd_and_hms(2024, 4, 23, 9, 0, 0).unwrap();
        assert_eq!(TimeSlot::new(t, t), Err(TimeSlotError));
    }

    #[test]
    fn capacity_counts_free_seats() {
        assert_eq!(Capacity::Limited(29).free(28), Some(1));
        assert!(Capacity::Limited(29).has_room(28));
        assert!(!Capacity::Limited(29).has_room(29));
        assert!(!Capacity::Limited(0).has_room(0));
        assert_eq!(Capacity::Limited(3).free(5), Some(0));
        assert!(Capacity::Unlimited.has_room(1_000_000));
        assert_eq!(Capacity::from_option(None), Capacity::Unlimited);
    }

    #[test]
    fn kinds_round_trip_through_their_names() {
        for k in SessionKind::ALL {
            assert_eq!(SessionKind::parse(k.as_str()), Some(*k));
        }
    }
}

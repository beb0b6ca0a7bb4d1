//! End-to-end tests of the HTTP contract, each on a real server with its own database.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod access;
mod concurrency;
mod dejeuners;
mod docs;
mod errors;
mod fuzz;
mod hostile_text;
mod house;
mod idempotency;
mod journey_fixes;
mod limits;
mod mail;
mod metrics;
mod organiser_tools;
mod outage;
mod programme_file;
mod registrations;

/// Morning of day 1 of a JRPS in the future, Paris time (summer offset).
pub const MORNING: (&str, &str) = ("2030-04-23T10:45:00+02:00", "2030-04-23T12:30:00+02:00");
/// The same morning, overlapping.
pub const MORNING_LATE: (&str, &str) = ("2030-04-23T11:00:00+02:00", "2030-04-23T12:00:00+02:00");
/// The evening of day 1.
pub const EVENING: (&str, &str) = ("2030-04-23T19:30:00+02:00", "2030-04-23T22:30:00+02:00");

pub use tisser_tests::{assert_valid_html, python};

//! Sample calendars for the cross-check by other parsers (`tests/ical-check/compare.sh`, which
//! reads them with Mozilla's ical.js and Python's icalendar).
//!
//! Every sample is built and written to text here; when the environment variable
//! `TISSER_ICS_DIR` names a directory, each is also saved there as `NAME.ics` with a sidecar
//! `NAME.expected` (`uid start end` per event, ISO 8601 UTC), for compare.sh to check:
//!
//! ```sh
//! TISSER_ICS_DIR=/tmp/ics cargo test -p tisser-calendar --test samples
//! bash tests/ical-check/compare.sh /tmp/ics/*.ics
//! ```
//!
//! The expected instants are written by hand, not computed by the code under test.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test file, like the workspace's others

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::{America::New_York, Europe::Paris, Tz};
use tisser_calendar::{CalEvent, Calendar, Method, Person, Status, feed_uid, invite_uid};
use uuid::Uuid;

/// A session given in local wall-clock time, with its start and end in UTC as a person
/// would compute them by hand.
struct Slot {
    session: u128,
    local_start: (i32, u32, u32, u32, u32),
    local_end: (i32, u32, u32, u32, u32),
    expected_start: &'static str,
    expected_end: &'static str,
    summary: &'static str,
}

fn local(tz: Tz, (y, mo, d, h, mi): (i32, u32, u32, u32, u32)) -> DateTime<Utc> {
    let naive = NaiveDate::from_ymd_opt(y, mo, d).unwrap().and_hms_opt(h, mi, 0).unwrap();
    // Times on the clock-change days: a time that does not exist is refused by chrono-tz
    // (`single()` is None), a time that happens twice would be too; none is used here.
    tz.from_local_datetime(&naive).single().unwrap().with_timezone(&Utc)
}

fn iso(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

const REGISTRATION: u128 = 0x0190_f3c2_7a1b_7c3d_8e4f_a0b1_c2d3_e4f5;

fn session_id(n: u128) -> Uuid {
    Uuid::from_u128(0x0190_f3c2_0000_7000_8000_0000_0000_0000 + n)
}

fn organiser() -> Person {
    Person::new("Journées régionales « Tisser »", "contact@tisser.example.org")
}

fn attendee() -> Person {
    Person::new("Éloïse Lefèvre", "eloise.lefevre@example.org")
}

fn dtstamp() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 3, 1, 12, 0, 0).unwrap()
}

/// Builds the events of `slots` in `tz`, checking the hand-written instants.
fn events(tz: Tz, slots: &[Slot], uid: impl Fn(Uuid) -> String, method: Method) -> Vec<CalEvent> {
    slots
        .iter()
        .map(|slot| {
            let start = local(tz, slot.local_start);
            let end = local(tz, slot.local_end);
            assert_eq!(start, iso(slot.expected_start), "{}", slot.summary);
            assert_eq!(end, iso(slot.expected_end), "{}", slot.summary);
            let personal = method != Method::Publish;
            CalEvent {
                uid: uid(session_id(slot.session)),
                sequence: u32::from(method == Method::Cancel),
                dtstamp: dtstamp(),
                start,
                end,
                summary: slot.summary.to_owned(),
                description: Some(format!(
                    "{}.\nProgramme : https://tisser.example.org/jrps-2024",
                    slot.summary
                )),
                location: Some("Hôtel de Région, salle « Œnone », Paris".to_owned()),
                url: personal.then(|| "https://visio.example.org/j/8842?pwd=a1b2".to_owned()),
                status: Status::Confirmed,
                organiser: Some(organiser()),
                attendee: personal.then(attendee),
            }
        })
        .collect()
}

struct Sample {
    name: &'static str,
    calendar: Calendar,
}

fn slot(
    session: u128,
    local_start: (i32, u32, u32, u32, u32),
    local_end: (i32, u32, u32, u32, u32),
    expected: (&'static str, &'static str),
    summary: &'static str,
) -> Slot {
    Slot { session, local_start, local_end, expected_start: expected.0, expected_end: expected.1, summary }
}

fn samples() -> Vec<Sample> {
    let invite = |id: Uuid| invite_uid(Uuid::from_u128(REGISTRATION), id);
    let programme = [
        slot(
            1,
            (2024, 4, 23, 9, 0),
            (2024, 4, 23, 10, 30),
            ("2024-04-23T07:00:00Z", "2024-04-23T08:30:00Z"),
            "Plénière d'ouverture",
        ),
        slot(
            2,
            (2024, 4, 23, 10, 45),
            (2024, 4, 23, 12, 15),
            ("2024-04-23T08:45:00Z", "2024-04-23T10:15:00Z"),
            "Atelier : la décision médicale partagée",
        ),
        slot(
            3,
            (2024, 4, 24, 14, 0),
            (2024, 4, 24, 15, 30),
            ("2024-04-24T12:00:00Z", "2024-04-24T13:30:00Z"),
            "Table ronde — patients partenaires, aidants; soignants",
        ),
    ];
    // The last Sundays of March (clocks go 02:00 → 03:00) in 2024, 2025, 2026.
    let march = [
        slot(
            11,
            (2024, 3, 31, 1, 30),
            (2024, 3, 31, 3, 30),
            ("2024-03-31T00:30:00Z", "2024-03-31T01:30:00Z"),
            "Veille de nuit (lasts one hour: 02:00-03:00 does not exist)",
        ),
        slot(
            12,
            (2024, 3, 31, 10, 0),
            (2024, 3, 31, 11, 0),
            ("2024-03-31T08:00:00Z", "2024-03-31T09:00:00Z"),
            "Déjeuner du 31 mars 2024",
        ),
        slot(
            13,
            (2025, 3, 30, 10, 0),
            (2025, 3, 30, 11, 0),
            ("2025-03-30T08:00:00Z", "2025-03-30T09:00:00Z"),
            "Déjeuner du 30 mars 2025",
        ),
        slot(
            14,
            (2026, 3, 29, 10, 0),
            (2026, 3, 29, 11, 0),
            ("2026-03-29T08:00:00Z", "2026-03-29T09:00:00Z"),
            "Déjeuner du 29 mars 2026",
        ),
        slot(
            15,
            (2026, 3, 29, 3, 0),
            (2026, 3, 29, 4, 0),
            ("2026-03-29T01:00:00Z", "2026-03-29T02:00:00Z"),
            "Première heure d'été 2026",
        ),
    ];
    // The last Sundays of October (clocks go 03:00 → 02:00) in 2024, 2025, 2026.
    let october = [
        slot(
            21,
            (2024, 10, 27, 10, 0),
            (2024, 10, 27, 11, 0),
            ("2024-10-27T09:00:00Z", "2024-10-27T10:00:00Z"),
            "Déjeuner du 27 octobre 2024",
        ),
        slot(
            22,
            (2025, 10, 26, 10, 0),
            (2025, 10, 26, 11, 0),
            ("2025-10-26T09:00:00Z", "2025-10-26T10:00:00Z"),
            "Déjeuner du 26 octobre 2025",
        ),
        slot(
            23,
            (2026, 10, 25, 10, 0),
            (2026, 10, 25, 11, 0),
            ("2026-10-25T09:00:00Z", "2026-10-25T10:00:00Z"),
            "Déjeuner du 25 octobre 2026",
        ),
        slot(
            24,
            (2026, 10, 25, 1, 0),
            (2026, 10, 25, 4, 0),
            ("2026-10-24T23:00:00Z", "2026-10-25T03:00:00Z"),
            "Nuit du changement d'heure (4 hours for 3 on the clock)",
        ),
    ];
    let new_york = [slot(
        31,
        (2026, 3, 8, 10, 0),
        (2026, 3, 8, 11, 0),
        ("2026-03-08T14:00:00Z", "2026-03-08T15:00:00Z"),
        "Webinar on New York's clock-change day",
    )];

    let feed = |name: &str, tz: Tz, slots: &[Slot]| Calendar {
        method: Method::Publish,
        name: Some(name.to_owned()),
        timezone: tz,
        events: events(tz, slots, feed_uid, Method::Publish),
    };

    let mut published = feed("JRPS 2024 — Journées régionales", Paris, &programme);
    published.events[2].status = Status::Cancelled;

    let mut evil = events(Paris, &programme[..1], invite, Method::Request);
    let injected = "Ana\r\nATTENDEE:mailto:evil@example.org\r\nEND:VEVENT\nBEGIN:VEVENT\rUID:evil";
    evil[0].summary = injected.to_owned();
    evil[0].description = Some(injected.to_owned());
    evil[0].attendee = Some(Person::new(injected, "ana@example.org"));
    evil[0].organiser = Some(Person::new(injected, "org@example.org"));

    let mut long = events(Paris, &programme[1..2], invite, Method::Request);
    long[0].description = Some(
        "Œuvre collective — « Tisser les liens » : patients partenaires, aidants et professionnels \
         de santé réfléchissent ensemble ; l’œil sur l’éthique, le cœur à l’ouvrage. "
            .repeat(8),
    );

    vec![
        Sample {
            name: "request-3-sessions",
            calendar: Calendar {
                method: Method::Request,
                name: None,
                timezone: Paris,
                events: events(Paris, &programme, invite, Method::Request),
            },
        },
        Sample {
            name: "cancel",
            calendar: Calendar {
                method: Method::Cancel,
                name: None,
                timezone: Paris,
                events: events(Paris, &programme[1..2], invite, Method::Cancel),
            },
        },
        Sample { name: "publish-feed", calendar: published },
        Sample { name: "dst-march-paris", calendar: feed("Déjeuners — mars", Paris, &march) },
        Sample { name: "dst-october-paris", calendar: feed("Déjeuners — octobre", Paris, &october) },
        Sample { name: "dst-new-york", calendar: feed("Webinars", New_York, &new_york) },
        Sample {
            name: "injection-attempt",
            calendar: Calendar { method: Method::Request, name: None, timezone: Paris, events: evil },
        },
        Sample {
            name: "long-french-text",
            calendar: Calendar { method: Method::Request, name: None, timezone: Paris, events: long },
        },
    ]
}

fn expected_sidecar(calendar: &Calendar) -> String {
    let fmt = |t: DateTime<Utc>| t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    calendar.events.iter().map(|e| format!("{} {} {}\n", e.uid, fmt(e.start), fmt(e.end))).collect()
}

#[test]
fn samples_are_valid_and_saved_for_the_cross_check() {
    let samples = samples();
    for sample in &samples {
        let ics = sample.calendar.to_ics().unwrap_or_else(|e| panic!("{}: {e}", sample.name));
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"));
        assert!(!ics.contains("TZID"), "{}", sample.name);
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{}: {line:?}", sample.name);
            assert!(!line.starts_with("ATTENDEE:"), "{}: {line:?}", sample.name);
        }
    }
    // Only writing depends on the variable: the check itself is compare.sh.
    let Some(dir) = std::env::var_os("TISSER_ICS_DIR").map(PathBuf::from) else {
        return;
    };
    std::fs::create_dir_all(&dir).unwrap();
    for sample in &samples {
        let ics = sample.calendar.to_ics().unwrap();
        std::fs::write(dir.join(format!("{}.ics", sample.name)), ics).unwrap();
        std::fs::write(dir.join(format!("{}.expected", sample.name)), expected_sidecar(&sample.calendar))
            .unwrap();
    }
    eprintln!("wrote {} samples to {}", samples.len(), dir.display());
}

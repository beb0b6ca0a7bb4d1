//! Unit tests of the iCalendar output. Output is also read back with the `icalendar` crate's
//! parser; `tests/samples.rs` writes sample files for the ical.js / Python cross-check.

use chrono::offset::LocalResult;
use chrono::{NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Paris;
use icalendar::parser::{Component, read_calendar, unfold};

use super::*;

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

/// Local Paris wall-clock time to UTC; panics unless the local time exists once.
fn paris(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Paris.with_ymd_and_hms(y, mo, d, h, mi, 0).single().unwrap().with_timezone(&Utc)
}

fn organiser() -> Person {
    Person::new("Journées régionales", "contact@tisser.example.org")
}

fn attendee() -> Person {
    Person::new("Ana Dupont", "ana.dupont@example.org")
}

fn event() -> CalEvent {
    CalEvent {
        uid: invite_uid(Uuid::from_u128(1), Uuid::from_u128(2)),
        sequence: 0,
        dtstamp: utc(2024, 3, 1, 12, 0),
        start: paris(2024, 4, 23, 10, 45),
        end: paris(2024, 4, 23, 12, 15),
        summary: "Atelier : la décision partagée".into(),
        description: Some("Deux heures d'échanges.\nApportez vos questions.".into()),
        location: Some("Salle B; 2e étage, Paris".into()),
        url: Some("https://visio.example.org/j/123?pwd=a,b".into()),
        status: Status::Confirmed,
        organiser: Some(organiser()),
        attendee: Some(attendee()),
    }
}

fn calendar(method: Method, events: Vec<CalEvent>) -> Calendar {
    Calendar { method, name: None, timezone: Paris, events }
}

/// Physical lines, CRLF checked.
fn lines(ics: &str) -> Vec<&str> {
    assert!(ics.ends_with("\r\n"), "ends with CRLF");
    let body = ics.strip_suffix("\r\n").unwrap();
    let lines: Vec<&str> = body.split("\r\n").collect();
    for l in &lines {
        assert!(!l.contains('\r') && !l.contains('\n'), "bare CR or LF in {l:?}");
    }
    lines
}

/// Logical (unfolded) content lines.
fn logical(ics: &str) -> Vec<String> {
    lines(ics);
    unfold(ics).trim_end_matches("\r\n").split("\r\n").map(str::to_owned).collect()
}

fn parse(ics: &str) -> (Vec<(String, String)>, Vec<Component<'static>>) {
    let unfolded = unfold(ics);
    let cal = read_calendar(&unfolded).unwrap();
    let props =
        cal.properties.iter().map(|p| (p.name.as_str().to_owned(), p.val.as_str().to_owned())).collect();
    let events = cal
        .components
        .iter()
        .map(|c| Component {
            name: c.name.to_owned(),
            properties: c
                .properties
                .iter()
                .map(|p| icalendar::parser::Property {
                    name: p.name.to_owned(),
                    val: p.val.to_owned(),
                    params: p
                        .params
                        .iter()
                        .map(|pa| icalendar::parser::Parameter {
                            key: pa.key.to_owned(),
                            val: pa.val.as_ref().map(|v| v.to_owned()),
                        })
                        .collect(),
                })
                .collect(),
            components: vec![],
        })
        .collect();
    (props, events)
}

fn prop<'a>(c: &'a Component<'_>, name: &str) -> &'a str {
    c.find_prop(name).unwrap_or_else(|| panic!("no {name}")).val.as_str()
}

fn param<'a>(c: &'a Component<'_>, name: &str, key: &str) -> Option<&'a str> {
    c.find_prop(name)?.params.iter().find(|p| p.key == key)?.val.as_ref().map(|v| v.as_str())
}

#[test]
fn an_invite_is_written_exactly() {
    let ics = calendar(Method::Request, vec![event()]).to_ics().unwrap();
    let expected = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Tisser//Tisser//FR",
        "CALSCALE:GREGORIAN",
        "METHOD:REQUEST",
        "BEGIN:VEVENT",
        "UID:00000000-0000-0000-0000-000000000001-00000000-0000-0000-0000-0000000000",
        " 02@tisser",
        "SEQUENCE:0",
        "DTSTAMP:20240301T120000Z",
        "DTSTART:20240423T084500Z",
        "DTEND:20240423T101500Z",
        "SUMMARY:Atelier : la décision partagée",
        "DESCRIPTION:Deux heures d'échanges.\\nApportez vos questions.",
        "LOCATION:Salle B\\; 2e étage\\, Paris",
        "URL:https://visio.example.org/j/123?pwd=a,b",
        "STATUS:CONFIRMED",
        "ORGANIZER;CN=\"Journées régionales\":mailto:contact@tisser.example.org",
        "ATTENDEE;CN=\"Ana Dupont\";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FA",
        " LSE:mailto:ana.dupont@example.org",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    .join("\r\n")
        + "\r\n";
    assert_eq!(ics, expected);
}

#[test]
fn calendar_header_for_each_method() {
    for (method, word) in
        [(Method::Publish, "PUBLISH"), (Method::Request, "REQUEST"), (Method::Cancel, "CANCEL")]
    {
        let ics = calendar(method, vec![event()]).to_ics().unwrap();
        let l = logical(&ics);
        assert_eq!(
            &l[..5],
            ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Tisser//Tisser//FR", "CALSCALE:GREGORIAN"]
                .iter()
                .map(|s| s.to_string())
                .chain([format!("METHOD:{word}")])
                .collect::<Vec<_>>()
        );
        assert_eq!(l.last().unwrap(), "END:VCALENDAR");
        assert!(!ics.contains("X-WR-"), "no feed properties without a name");
        let (props, events) = parse(&ics);
        assert!(props.contains(&("METHOD".into(), word.into())));
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].name.as_str(), "VEVENT");
        assert_eq!(method.as_str(), word);
    }
}

#[test]
fn a_feed_has_its_name_and_time_zone() {
    let mut cal = calendar(Method::Publish, vec![event()]);
    cal.name = Some("Déjeuners, saison 2024; \"Tisser\"".into());
    let ics = cal.to_ics().unwrap();
    let l = logical(&ics);
    assert!(l.contains(&"X-WR-CALNAME:Déjeuners\\, saison 2024\\; \"Tisser\"".to_owned()));
    assert!(l.contains(&"X-WR-TIMEZONE:Europe/Paris".to_owned()));
    let (props, _) = parse(&ics);
    assert!(props.contains(&("X-WR-TIMEZONE".into(), "Europe/Paris".into())));
}

#[test]
fn times_are_utc_with_z_and_never_tzid() {
    let ics = calendar(Method::Request, vec![event()]).to_ics().unwrap();
    assert!(!ics.contains("TZID"));
    let (_, events) = parse(&ics);
    assert_eq!(prop(&events[0], "DTSTART"), "20240423T084500Z");
    assert_eq!(prop(&events[0], "DTEND"), "20240423T101500Z");
    assert_eq!(prop(&events[0], "DTSTAMP"), "20240301T120000Z");
    // fractions of a second are dropped
    let mut e = event();
    e.start += chrono::Duration::milliseconds(999);
    let ics = calendar(Method::Request, vec![e]).to_ics().unwrap();
    assert!(ics.contains("\r\nDTSTART:20240423T084500Z\r\n"));
}

#[test]
fn clock_change_days_in_paris_come_out_at_the_right_instant() {
    // (last Sunday of March, last Sunday of October) in 2024, 2025, 2026.
    let days = [(2024, 31, 27), (2025, 30, 26), (2026, 29, 25)];
    for (year, march, october) in days {
        // Before the change (02:00 local), on winter time: UTC+1; after it, UTC+2.
        let cases = [
            (paris(year, 3, march, 1, 30), utc(year, 3, march, 0, 30)),
            (paris(year, 3, march, 3, 0), utc(year, 3, march, 1, 0)),
            (paris(year, 3, march, 10, 0), utc(year, 3, march, 8, 0)),
            // In October, summer time (UTC+2) until 03:00 local, then UTC+1.
            (paris(year, 10, october, 1, 30), utc(year, 10, october - 1, 23, 30)),
            (paris(year, 10, october, 3, 0), utc(year, 10, october, 2, 0)),
            (paris(year, 10, october, 10, 0), utc(year, 10, october, 9, 0)),
        ];
        for (start, expected) in cases {
            let mut e = event();
            e.start = start;
            e.end = start + chrono::Duration::hours(1);
            let ics = calendar(Method::Publish, vec![e]).to_ics().unwrap();
            let (_, events) = parse(&ics);
            assert_eq!(prop(&events[0], "DTSTART"), expected.format("%Y%m%dT%H%M%SZ").to_string());
        }
        // 02:30 local does not exist on the March day; it happens twice on the October day.
        assert_eq!(Paris.with_ymd_and_hms(year, 3, march, 2, 30, 0), LocalResult::None);
        match Paris.with_ymd_and_hms(year, 10, october, 2, 30, 0) {
            LocalResult::Ambiguous(first, second) => {
                assert_eq!(first.with_timezone(&Utc), utc(year, 10, october, 0, 30));
                assert_eq!(second.with_timezone(&Utc), utc(year, 10, october, 1, 30));
            }
            other => panic!("expected two instants, got {other:?}"),
        }
    }
    // The two examples of the specification.
    assert_eq!(paris(2026, 3, 29, 10, 0), utc(2026, 3, 29, 8, 0));
    assert_eq!(paris(2026, 10, 25, 10, 0), utc(2026, 10, 25, 9, 0));
    // A session spanning the October change lasts one hour more than its wall-clock length.
    let start = paris(2026, 10, 25, 1, 0);
    let end = paris(2026, 10, 25, 4, 0);
    assert_eq!(end - start, chrono::Duration::hours(4));
    let date = NaiveDate::from_ymd_opt(2026, 10, 25).unwrap();
    assert_eq!(start.date_naive(), date.pred_opt().unwrap());
}

#[test]
fn every_event_field_is_written_and_read_back() {
    let ics = calendar(Method::Request, vec![event()]).to_ics().unwrap();
    let (_, events) = parse(&ics);
    let e = &events[0];
    assert_eq!(prop(e, "UID"), invite_uid(Uuid::from_u128(1), Uuid::from_u128(2)));
    assert_eq!(prop(e, "SEQUENCE"), "0");
    assert_eq!(prop(e, "SUMMARY"), "Atelier : la décision partagée");
    assert_eq!(prop(e, "DESCRIPTION"), "Deux heures d'échanges.\nApportez vos questions.");
    assert_eq!(prop(e, "LOCATION"), "Salle B; 2e étage, Paris");
    assert_eq!(prop(e, "URL"), "https://visio.example.org/j/123?pwd=a,b");
    assert_eq!(prop(e, "STATUS"), "CONFIRMED");
    assert_eq!(prop(e, "ORGANIZER"), "mailto:contact@tisser.example.org");
    assert_eq!(param(e, "ORGANIZER", "CN"), Some("Journées régionales"));
    assert_eq!(prop(e, "ATTENDEE"), "mailto:ana.dupont@example.org");
    assert_eq!(param(e, "ATTENDEE", "CN"), Some("Ana Dupont"));
    assert_eq!(param(e, "ATTENDEE", "ROLE"), Some("REQ-PARTICIPANT"));
    assert_eq!(param(e, "ATTENDEE", "PARTSTAT"), Some("NEEDS-ACTION"));
    assert_eq!(param(e, "ATTENDEE", "RSVP"), Some("FALSE"));
}

#[test]
fn optional_fields_are_left_out_when_absent_or_blank() {
    let mut e = event();
    e.description = None;
    e.location = Some("  ".into());
    e.url = None;
    e.organiser = None;
    e.attendee = None;
    let ics = calendar(Method::Publish, vec![e]).to_ics().unwrap();
    for name in ["DESCRIPTION", "LOCATION", "URL", "ORGANIZER", "ATTENDEE"] {
        assert!(!logical(&ics).iter().any(|l| l.starts_with(name)), "{name} written");
    }
    // A blank name gives no CN parameter.
    let mut e = event();
    e.attendee = Some(Person::new(" ", "x@example.org"));
    let ics = calendar(Method::Request, vec![e]).to_ics().unwrap();
    assert!(logical(&ics).iter().any(|l| l.starts_with("ATTENDEE;ROLE=REQ-PARTICIPANT;")));
}

#[test]
fn publish_never_writes_an_attendee() {
    let ics = calendar(Method::Publish, vec![event()]).to_ics().unwrap();
    assert!(!ics.contains("ATTENDEE"));
    assert!(ics.contains("\r\nORGANIZER;CN="));
}

#[test]
fn a_cancel_is_always_cancelled_with_the_same_uid() {
    let request = calendar(Method::Request, vec![event()]);
    let mut cancelled = event();
    cancelled.sequence = 1;
    cancelled.status = Status::Confirmed; // overridden by the method
    let cancel = calendar(Method::Cancel, vec![cancelled]);
    let (_, req) = parse(&request.to_ics().unwrap());
    let (props, can) = parse(&cancel.to_ics().unwrap());
    assert!(props.contains(&("METHOD".into(), "CANCEL".into())));
    assert_eq!(prop(&can[0], "STATUS"), "CANCELLED");
    assert_eq!(prop(&can[0], "UID"), prop(&req[0], "UID"));
    assert_eq!(prop(&can[0], "SEQUENCE"), "1");
    assert!(can[0].find_prop("ORGANIZER").is_some() && can[0].find_prop("ATTENDEE").is_some());
    // A cancelled session in a feed.
    let mut e = event();
    e.status = Status::Cancelled;
    let (_, feed) = parse(&calendar(Method::Publish, vec![e]).to_ics().unwrap());
    assert_eq!(prop(&feed[0], "STATUS"), "CANCELLED");
}

#[test]
fn scheduling_methods_require_organiser_and_attendee() {
    for method in [Method::Request, Method::Cancel] {
        let mut e = event();
        e.organiser = None;
        let err = calendar(method, vec![e]).to_ics().unwrap_err();
        assert!(matches!(err, CalendarError::MissingOrganiser { method: m, .. } if m == method), "{err}");
        assert!(err.to_string().contains("ORGANIZER"));
        let mut e = event();
        e.attendee = None;
        let err = calendar(method, vec![e]).to_ics().unwrap_err();
        assert!(matches!(err, CalendarError::MissingAttendee { .. }), "{err}");
        assert_eq!(calendar(method, vec![]).to_ics(), Err(CalendarError::NoEvents { method }));
    }
    let mut e = event();
    e.organiser = None;
    e.attendee = None;
    assert!(calendar(Method::Publish, vec![e]).to_ics().is_ok());
    // An empty feed is allowed (a series with nothing published yet).
    let ics = calendar(Method::Publish, vec![]).to_ics().unwrap();
    assert!(!ics.contains("VEVENT"));
}

#[test]
fn end_must_be_after_start() {
    for delta_ms in [0, -3_600_000, 500] {
        let mut e = event();
        e.end = e.start + chrono::Duration::milliseconds(delta_ms);
        let err = calendar(Method::Publish, vec![e]).to_ics().unwrap_err();
        assert!(matches!(err, CalendarError::EndNotAfterStart { .. }), "{delta_ms}: {err}");
    }
    let mut e = event();
    e.end = e.start + chrono::Duration::seconds(1);
    assert!(calendar(Method::Publish, vec![e]).validate().is_ok());
}

#[test]
fn other_invalid_calendars_are_refused() {
    let mut e = event();
    e.uid = " ".into();
    assert_eq!(calendar(Method::Publish, vec![e]).to_ics(), Err(CalendarError::EmptyUid));

    let uid = event().uid;
    assert_eq!(
        calendar(Method::Publish, vec![event(), event()]).to_ics(),
        Err(CalendarError::DuplicateUid { uid: uid.clone() })
    );

    for bad in ["ana@example.org\r\nATTENDEE:mailto:evil@example.org", "", "not an address", "a@b>"] {
        let mut e = event();
        e.attendee = Some(Person::new("Ana", bad));
        assert_eq!(
            calendar(Method::Request, vec![e]).to_ics(),
            Err(CalendarError::InvalidEmail { uid: uid.clone(), role: "attendee" }),
            "{bad:?}"
        );
        let mut e = event();
        e.organiser = Some(Person::new("Org", bad));
        assert_eq!(
            calendar(Method::Publish, vec![e]).to_ics(),
            Err(CalendarError::InvalidEmail { uid: uid.clone(), role: "organizer" })
        );
    }
    // Surrounding spaces of an address are tolerated and trimmed.
    let mut e = event();
    e.attendee = Some(Person::new("Ana", " ana@example.org "));
    let ics = calendar(Method::Request, vec![e]).to_ics().unwrap();
    assert!(
        logical(&ics).iter().any(|l| l.starts_with("ATTENDEE;") && l.ends_with(":mailto:ana@example.org"))
    );

    let mut e = event();
    e.end = Utc.with_ymd_and_hms(10_000, 1, 1, 0, 0, 0).unwrap();
    assert_eq!(
        calendar(Method::Publish, vec![e]).to_ics(),
        Err(CalendarError::OutOfRange { uid, field: "DTEND" })
    );
}

#[test]
fn text_is_escaped_and_read_back_unchanged() {
    let mut e = event();
    e.summary = r"Santé\numérique; patients, aidants".into();
    e.description = Some("Ligne 1\r\nLigne 2\nLigne 3\rfin; a,b \\ c:d".into());
    let ics = calendar(Method::Publish, vec![e]).to_ics().unwrap();
    let l = logical(&ics);
    assert!(l.contains(&r"SUMMARY:Santé\\numérique\; patients\, aidants".to_owned()));
    assert!(l.contains(&r"DESCRIPTION:Ligne 1\nLigne 2\nLigne 3\nfin\; a\,b \\ c:d".to_owned()));
    let (_, events) = parse(&ics);
    assert_eq!(prop(&events[0], "SUMMARY"), r"Santé\numérique; patients, aidants");
    assert_eq!(prop(&events[0], "DESCRIPTION"), "Ligne 1\nLigne 2\nLigne 3\nfin; a,b \\ c:d");
}

#[test]
fn no_line_can_be_injected() {
    let evil = "Ana\r\nATTENDEE:mailto:evil@example.org\r\nX\"; \nEND:VEVENT\rBEGIN:VEVENT\u{2028}UID:x";
    let mut e = event();
    e.uid = format!("{}{evil}", e.uid);
    e.summary = evil.into();
    e.description = Some(evil.into());
    e.location = Some(evil.into());
    e.url = Some(format!("https://ex.org/{evil}"));
    e.organiser = Some(Person::new(evil, "org@example.org"));
    e.attendee = Some(Person::new(evil, "ana@example.org"));
    for method in [Method::Publish, Method::Request, Method::Cancel] {
        let mut cal = calendar(method, vec![e.clone()]);
        cal.name = Some(evil.into());
        let ics = cal.to_ics().unwrap();
        for line in lines(&ics) {
            assert!(!line.starts_with("ATTENDEE:mailto:evil"), "{line:?}");
        }
        let logical = logical(&ics);
        for line in &logical {
            assert!(!line.starts_with("ATTENDEE:"), "{line:?}");
            assert!(!line.starts_with("UID:x"), "{line:?}");
        }
        assert_eq!(logical.iter().filter(|l| l.as_str() == "BEGIN:VEVENT").count(), 1);
        assert_eq!(logical.iter().filter(|l| l.as_str() == "END:VEVENT").count(), 1);
        let (_, events) = parse(&ics);
        assert_eq!(events.len(), 1);
        let attendees: Vec<_> = events[0].properties.iter().filter(|p| p.name == "ATTENDEE").collect();
        assert_eq!(attendees.len(), usize::from(method != Method::Publish));
        for a in attendees {
            assert_eq!(a.val.as_str(), "mailto:ana@example.org");
        }
        assert_eq!(prop(&events[0], "ORGANIZER"), "mailto:org@example.org");
        assert_eq!(
            param(&events[0], "ORGANIZER", "CN"),
            Some("Ana ATTENDEE:mailto:evil@example.org X'; END:VEVENT BEGIN:VEVENT UID:x")
        );
        assert_eq!(
            prop(&events[0], "SUMMARY"),
            "Ana\nATTENDEE:mailto:evil@example.org\nX\"; \nEND:VEVENT\nBEGIN:VEVENT\nUID:x"
        );
        assert!(
            prop(&events[0], "URL").starts_with("https://ex.org/Ana%0D%0AATTENDEE:mailto:evil@example.org")
        );
    }
}

#[test]
fn long_french_text_is_folded_utf8_safely() {
    let text = "Œuvre collective — « Tisser les liens » : les patients partenaires, les aidants \
                et les professionnels de santé réfléchissent ensemble à la coconstruction des \
                parcours ; l’œil sur l’éthique, le cœur à l’ouvrage — été comme hiver. "
        .repeat(6);
    let mut e = event();
    e.summary = format!("Séance plénière — {}", &text[..text.char_indices().nth(150).unwrap().0]);
    e.description = Some(text.clone());
    e.location = Some("Hôtel de Région — salle « Œnone », 1er étage, côté cœur".repeat(3));
    e.attendee = Some(Person::new("Éloïse Lefèvre-Bérénice de la Tour d’Auvergne — Œ".repeat(2), "e@x.org"));
    let ics = calendar(Method::Request, vec![e]).to_ics().unwrap();
    let physical = lines(&ics);
    assert!(physical.iter().filter(|l| l.starts_with(' ')).count() > 20);
    for l in &physical {
        assert!(l.len() <= 75, "{} octets: {l:?}", l.len());
    }
    // Folding split no character: every fold sits between two whole characters, which the
    // String type already guarantees since each physical line is a &str; and unfolding gives
    // back exactly the escaped text.
    let description = logical(&ics).into_iter().find(|l| l.starts_with("DESCRIPTION:")).unwrap();
    assert_eq!(description, format!("DESCRIPTION:{}", text::escape_text(&text)));
    let (_, events) = parse(&ics);
    assert_eq!(prop(&events[0], "DESCRIPTION"), text);
    assert!(param(&events[0], "ATTENDEE", "CN").unwrap().ends_with("d’Auvergne — Œ"));
    // Folded at the byte level too: no line starts with a UTF-8 continuation byte.
    for raw in ics.as_bytes().split(|b| *b == b'\n') {
        let first = raw.get(1).copied().unwrap_or(b' ');
        if raw.first() == Some(&b' ') {
            assert!(first & 0b1100_0000 != 0b1000_0000, "continuation byte after fold");
        }
    }
}

#[test]
fn uids_are_stable_and_distinct() {
    let (r, s) = (
        Uuid::parse_str("0190f3c2-7a1b-7c3d-8e4f-a0b1c2d3e4f5").unwrap(),
        Uuid::parse_str("0190f3c2-7a1b-7c3d-8e4f-000000000042").unwrap(),
    );
    assert_eq!(
        invite_uid(r, s),
        "0190f3c2-7a1b-7c3d-8e4f-a0b1c2d3e4f5-0190f3c2-7a1b-7c3d-8e4f-000000000042@tisser"
    );
    assert_eq!(invite_uid(r, s), invite_uid(r, s));
    assert_eq!(feed_uid(s), "0190f3c2-7a1b-7c3d-8e4f-000000000042@tisser");
    assert_ne!(invite_uid(r, s), feed_uid(s));
}

#[test]
fn several_events_and_splitting_them() {
    let events: Vec<CalEvent> = (0..3u32)
        .map(|i| {
            let mut e = event();
            e.uid = invite_uid(Uuid::from_u128(1), Uuid::from_u128(10 + u128::from(i)));
            e.start = paris(2024, 4, 23, 9 + i, 0);
            e.end = paris(2024, 4, 23, 10 + i, 0);
            e
        })
        .collect();
    let cal = calendar(Method::Request, events);
    let (_, parsed) = parse(&cal.to_ics().unwrap());
    assert_eq!(parsed.len(), 3);
    assert_eq!(
        parsed.iter().map(|e| prop(e, "DTSTART").to_owned()).collect::<Vec<_>>(),
        ["20240423T070000Z", "20240423T080000Z", "20240423T090000Z"]
    );
    let split = cal.split_per_event();
    assert_eq!(split.len(), 3);
    for (one, event) in split.iter().zip(&cal.events) {
        assert_eq!(one.method, Method::Request);
        assert_eq!(one.events, vec![event.clone()]);
        assert!(one.to_ics().is_ok());
    }
}

#[test]
fn content_type_names_the_method() {
    assert_eq!(
        calendar(Method::Cancel, vec![]).content_type(),
        "text/calendar; charset=utf-8; method=CANCEL"
    );
    assert_eq!(
        calendar(Method::Publish, vec![]).content_type(),
        "text/calendar; charset=utf-8; method=PUBLISH"
    );
}

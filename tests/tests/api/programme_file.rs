//! A programme from a spreadsheet and back, through the store's functions that the
//! organisers' pages and `tisser programme` call: the plan, the import in one transaction,
//! the export.

use chrono::NaiveDate;
use serde_json::{Value, json};
use tisser_domain::programme_file::{self, Problem};
use tisser_domain::{EventId, SessionStatus};
use tisser_persistence::{ImportOutcome, SessionRecord, Store};
use tisser_tests::{TestApp, spawn_app};

const DAY_ONE: &str = "2030-04-23";

fn day_one() -> NaiveDate {
    NaiveDate::parse_from_str(DAY_ONE, "%Y-%m-%d").unwrap()
}

async fn event(app: &TestApp, slug: &str) -> EventId {
    app.published_event(slug, json!({"timezone": "Europe/Paris"})).await;
    app.store.event_by_slug(slug).await.unwrap().event.id
}

fn rows(text: &str) -> Vec<programme_file::Row> {
    programme_file::read(text).unwrap()
}

fn at(problems: &[Problem]) -> Vec<(usize, Option<&str>)> {
    problems.iter().map(|p| (p.line, p.column)).collect()
}

/// What a programme file says of a session: everything but its id, seats taken and dates
/// of change.
fn fields(s: &SessionRecord) -> Value {
    json!({
        "title": s.title, "kind": s.kind.as_str(), "description": s.description,
        "start": s.slot.start(), "end": s.slot.end(), "room": s.room, "capacity": s.capacity.seats(),
        "requires_registration": s.requires_registration,
        "facilitators": s.facilitators.iter().map(|f| json!([f.name, f.role])).collect::<Vec<_>>(),
        "documents": s.documents.iter().map(|d| json!([d.title, d.url])).collect::<Vec<_>>(),
        "online_url": s.online_url, "status": s.status.as_str(),
    })
}

async fn programme(store: &Store, event: EventId) -> Vec<Value> {
    store.programme(event).await.unwrap().iter().map(fields).collect()
}

#[tokio::test]
async fn a_file_with_one_row_already_in_the_programme_writes_nothing_at_all() {
    let app = spawn_app().await;
    let id = event(&app, "jrps").await;
    app.session(
        "jrps",
        json!({"title": "Ouverture", "kind": "plenary", "starts_at": "2030-04-23T09:00:00+02:00",
        "ends_at": "2030-04-23T09:30:00+02:00"}),
    )
    .await;
    let before = programme(&app.store, id).await;
    let public_before: Value = app.get("/api/v1/events/jrps").await.json().await.unwrap();
    let file = rows(
        "day,start,end,title,kind,capacity\n\
         1,10:00,11:00,Atelier A,workshop,12\n\
         1,10:00,11:00,Atelier B,workshop,12\n\
         1,09:00,09:30,OUVERTURE,plenary,\n\
         2,09:00,12:00,Forum,forum,\n",
    );

    let plan = app.store.plan_import(id, &file, day_one()).await.unwrap();
    assert_eq!(at(&plan.problems), [(4, Some("title"))], "the same title (any case) at the same start");
    assert_eq!(plan.sessions.len(), 3, "the preview shows the others");
    match app.store.import_programme(id, &file, day_one()).await.unwrap() {
        ImportOutcome::Refused(problems) => assert_eq!(problems, plan.problems),
        ImportOutcome::Imported(s) => panic!("imported {}", s.len()),
    }
    assert_eq!(programme(&app.store, id).await, before, "not one session written");
    let public_after: Value = app.get("/api/v1/events/jrps").await.json().await.unwrap();
    assert_eq!(public_after, public_before);

    // Without that row, every one is written at once, at the times the plan showed.
    let file: Vec<_> = file.into_iter().filter(|r| r.line != 4).collect();
    let plan = app.store.plan_import(id, &file, day_one()).await.unwrap();
    assert!(plan.problems.is_empty());
    let ImportOutcome::Imported(created) = app.store.import_programme(id, &file, day_one()).await.unwrap()
    else {
        panic!("refused")
    };
    let slots: Vec<_> = created.iter().map(|s| (s.title.clone(), s.slot)).collect();
    let planned: Vec<_> = plan.sessions.iter().map(|p| (p.row.title.clone(), p.slot)).collect();
    assert_eq!(slots, planned);
    assert_eq!(created[2].slot.start().to_rfc3339(), "2030-04-24T07:00:00+00:00", "day 2, 09:00 in Paris");
    assert_eq!(app.store.programme(id).await.unwrap().len(), 4);
    // A change made outside the server's requests is seen within the cache's poll interval.
    let mut shown = 0;
    for _ in 0..40 {
        let public: Value = app.get("/api/v1/events/jrps").await.json().await.unwrap();
        shown = public["sessions"].as_array().unwrap().len();
        if shown == 4 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(shown, 4, "the public programme shows them");
}

#[tokio::test]
async fn the_same_file_imported_twice_at_once_by_two_servers_is_written_once() {
    let app = spawn_app().await;
    let peer = app.peer().await;
    let id = event(&app, "deux").await;
    let file = rows(tisser::demo::programme::jrps_file());
    let (a, b) = tokio::join!(
        app.store.import_programme(id, &file, day_one()),
        peer.store.import_programme(id, &file, day_one())
    );
    let outcomes = [a.unwrap(), b.unwrap()];
    let imported: Vec<usize> = outcomes
        .iter()
        .filter_map(|o| match o {
            ImportOutcome::Imported(s) => Some(s.len()),
            ImportOutcome::Refused(_) => None,
        })
        .collect();
    let refused: Vec<usize> = outcomes
        .iter()
        .filter_map(|o| match o {
            ImportOutcome::Refused(p) => Some(p.len()),
            ImportOutcome::Imported(_) => None,
        })
        .collect();
    assert_eq!(
        (imported, refused),
        (vec![file.len()], vec![file.len()]),
        "the second sees the first's sessions"
    );
    assert_eq!(app.store.programme(id).await.unwrap().len(), file.len());
}

#[tokio::test]
async fn a_cancelled_session_is_no_collision_and_a_time_lost_to_the_clock_change_is_a_problem() {
    let app = spawn_app().await;
    let id = event(&app, "printemps").await;
    let cancelled = app
        .session(
            "printemps",
            json!({"title": "Atelier", "kind": "workshop", "starts_at": "2030-03-30T10:00:00+01:00",
            "ends_at": "2030-03-30T11:00:00+01:00"}),
        )
        .await;
    app.delete_as(&app.admin, &format!("/api/v1/events/printemps/sessions/{cancelled}")).await;
    let first = NaiveDate::from_ymd_opt(2030, 3, 30).unwrap();
    // 31 March 2030: the clocks go forward from 02:00 to 03:00 in Paris.
    let file = rows("jour,début,fin,titre,type\n1,10:00,11:00,Atelier,atelier\n2,02:15,03:30,Nuit,autre\n");
    let ImportOutcome::Refused(problems) = app.store.import_programme(id, &file, first).await.unwrap() else {
        panic!("imported")
    };
    assert_eq!(at(&problems), [(3, Some("start"))]);
    assert!(problems[0].fr.contains("changement d'heure"), "{problems:?}");
    let programme = app.store.programme(id).await.unwrap();
    assert_eq!(programme.len(), 1);
    assert_eq!(programme[0].status, SessionStatus::Cancelled);
}

#[tokio::test]
async fn the_jrps_programme_exported_then_imported_into_an_empty_event_is_the_same() {
    let app = spawn_app().await;
    tisser::demo::load(&app.store).await.unwrap();
    let jrps = app.store.event_by_slug("jrps-2024").await.unwrap().event.id;
    let shipped = rows(tisser::demo::programme::jrps_file());
    assert_eq!(
        app.store.programme(jrps).await.unwrap().len(),
        shipped.len(),
        "the demo imported the whole file"
    );

    let exported = app.store.export_programme(jrps).await.unwrap();
    let reading = programme_file::read_file(exported.as_bytes());
    assert!(reading.problems.is_empty(), "{:?}", reading.problems);
    let without_lines = |rows: &[programme_file::Row]| {
        rows.iter().map(|r| programme_file::Row { line: 0, ..r.clone() }).collect::<Vec<_>>()
    };
    // In time order both; parallel sessions by title, as Rust sorts (a database's collation may not).
    let sorted = |rows: &[programme_file::Row]| {
        let mut rows = without_lines(rows);
        rows.sort_by(|a, b| (a.day, a.start, &a.title).cmp(&(b.day, b.start, &b.title)));
        rows
    };
    assert_eq!(sorted(&reading.rows), sorted(&shipped), "the export says what the shipped file says");

    let copy = event(&app, "jrps-copie").await;
    let first_day = app.store.first_day(jrps).await.unwrap().unwrap();
    let ImportOutcome::Imported(_) =
        app.store.import_programme(copy, &reading.rows, first_day).await.unwrap()
    else {
        panic!("refused")
    };
    assert_eq!(
        programme(&app.store, copy).await,
        programme(&app.store, jrps).await,
        "every field, every session"
    );
    assert_eq!(app.store.export_programme(copy).await.unwrap(), exported);
    assert_eq!(app.store.first_day(copy).await.unwrap(), Some(first_day));
}

#[tokio::test]
async fn an_empty_programme_exports_its_header_and_the_template_reads_back() {
    let app = spawn_app().await;
    let id = event(&app, "vide").await;
    let exported = app.store.export_programme(id).await.unwrap();
    assert_eq!(exported.lines().count(), 1);
    assert!(exported.contains("jour,début,fin,titre,type"));
    assert_eq!(app.store.first_day(id).await.unwrap(), None);
    let template = Store::programme_template();
    let rows = rows(&template);
    let ImportOutcome::Imported(created) = app.store.import_programme(id, &rows, day_one()).await.unwrap()
    else {
        panic!("refused")
    };
    assert_eq!(created.len(), 1);
    assert_eq!(created[0].facilitators.len(), 2);
}

//! The Déjeuners: series, join links, reminders, replays, cloning.

use std::time::Duration;

use serde_json::{Value, json};
use tisser_tests::reqwest::StatusCode;
use tisser_tests::smtp::{Received, Smtp};
use tisser_tests::{TestApp, person, problem, spawn_app, spawn_app_with_smtp, token_of};

const ROOM: &str = "https://visio.example.org/dejeuner-secret-42";
/// 10 October 2030, 12:30 in Paris = 10:30 UTC.
const START: &str = "2030-10-10T12:30:00+02:00";
const END: &str = "2030-10-10T13:30:00+02:00";

async fn webinar(app: &TestApp, slug: &str, capacity: Option<u32>) -> String {
    app.post_as(&app.admin, "/api/v1/series", &json!({"slug": "dejeuners", "title": "Les Déjeuners"})).await;
    app.published_event(slug, json!({"series": "dejeuners", "format": "online"})).await;
    app.session(
        slug,
        json!({"title": "Déjeuner du Partenariat", "kind": "webinar", "starts_at": START,
        "ends_at": END, "online_url": ROOM, "capacity": capacity}),
    )
    .await
}

fn to<'a>(messages: &'a [Received], email: &str) -> Vec<&'a Received> {
    messages.iter().filter(|m| m.to.iter().any(|t| t == email)).collect()
}

#[tokio::test]
async fn reminders_go_once_per_delay_at_the_right_moment_even_across_a_restart_and_two_servers() {
    let smtp = Smtp::start();
    let app = spawn_app_with_smtp(&smtp.url()).await;
    app.clock.set("2030-10-01T08:00:00Z".parse().unwrap());
    let w = webinar(&app, "dej", None).await;
    app.registered("dej", "ana@example.org", &[&w]).await;
    let ben = app.registered("dej", "ben@example.org", &[&w]).await;
    app.client.delete(app.url(&format!("/api/v1/manage/{}", token_of(&ben)))).send().await.unwrap();
    // Another webinar, cancelled by the organisers: nobody is reminded of it.
    let other = app
        .session(
            "dej",
            json!({"title": "Annulé", "kind": "webinar", "starts_at": "2030-10-10T18:00:00+02:00",
            "ends_at": "2030-10-10T19:00:00+02:00"}),
        )
        .await;
    app.registered("dej", "carl@example.org", &[&other]).await;
    app.delete_as(&app.admin, &format!("/api/v1/events/dej/sessions/{other}")).await;
    app.deliver().await;
    let before = smtp.wait_for(5, Duration::from_secs(10)).await.len();

    assert_eq!(app.remind("2030-10-09T10:29:00Z").await, 0, "not yet");
    assert_eq!(app.remind("2030-10-09T10:30:00Z").await, 1, "the day before");
    assert_eq!(app.remind("2030-10-09T10:31:00Z").await, 0, "once");
    // A restarted server, and a second one, on the same database.
    let restarted = app.peer().await;
    assert_eq!(restarted.remind("2030-10-09T12:00:00Z").await, 0);
    assert_eq!(app.remind("2030-10-10T09:00:00Z").await, 0, "not yet the hour before");
    let (a, b) = tokio::join!(app.remind("2030-10-10T09:30:00Z"), restarted.remind("2030-10-10T09:30:00Z"));
    assert_eq!(a + b, 1, "one hour before, once, whichever server");
    assert_eq!(app.remind("2030-10-10T10:31:00Z").await, 0, "never after the start");

    app.deliver().await;
    let messages = smtp.wait_for(before + 2, Duration::from_secs(10)).await;
    let with_link = |email: &str| to(&messages, email).into_iter().filter(|m| m.text.contains(ROOM)).count();
    let ana_reminders =
        to(&messages, "ana@example.org").into_iter().filter(|m| m.calendars.is_empty()).count();
    assert_eq!(ana_reminders, 2, "two reminders for Ana");
    assert_eq!(with_link("ana@example.org"), 3, "the confirmation and both reminders carry the link");
    assert_eq!(with_link("ben@example.org"), 1, "only his confirmation, from before he cancelled");
    assert_eq!(to(&messages, "ben@example.org").len(), 2, "registered, cancelled: no reminder");
    assert_eq!(to(&messages, "carl@example.org").len(), 2, "registered, session cancelled: no reminder");
}

#[tokio::test]
async fn a_moved_session_moves_its_reminders() {
    let app = spawn_app().await;
    app.clock.set("2030-10-01T08:00:00Z".parse().unwrap());
    let w = webinar(&app, "dej", None).await;
    app.registered("dej", "ana@example.org", &[&w]).await;
    assert_eq!(app.remind("2030-10-09T10:30:00Z").await, 1);
    let res = app
        .patch_as(
            &app.admin,
            &format!("/api/v1/events/dej/sessions/{w}"),
            &json!({"starts_at": "2030-10-17T12:30:00+02:00", "ends_at": "2030-10-17T13:30:00+02:00"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(app.remind("2030-10-10T09:30:00Z").await, 0, "no reminder at the old time");
    assert_eq!(app.remind("2030-10-16T10:30:00Z").await, 1, "the day before the new date");
}

#[tokio::test]
async fn the_join_link_reaches_confirmed_people_only() {
    let smtp = Smtp::start();
    let app = spawn_app_with_smtp(&smtp.url()).await;
    let w = webinar(&app, "dej", Some(1)).await;
    let ana = app.registered("dej", "ana@example.org", &[&w]).await;
    let ben = app.registered("dej", "ben@example.org", &[&w]).await;
    assert_eq!(ben["sessions"][0]["status"], "waitlisted");
    app.deliver().await;
    let messages = smtp.wait_for(2, Duration::from_secs(10)).await;
    let ana_mail = to(&messages, "ana@example.org");
    assert!(ana_mail[0].text.contains(ROOM) && ana_mail[0].html.contains(ROOM), "in the confirmation");
    assert!(ana_mail[0].calendars.iter().any(|c| c.replace("\r\n ", "").contains(ROOM)), "in the invite");
    let ben_mail = to(&messages, "ben@example.org");
    assert!(!ben_mail[0].raw.contains(ROOM), "never to someone on the waitlist");

    for path in [
        "/api/v1/events",
        "/api/v1/events/dej",
        "/api/v1/events/dej/calendar.ics",
        "/api/v1/series/dejeuners",
        "/api/v1/series/dejeuners/calendar.ics",
    ] {
        assert!(!app.get(path).await.text().await.unwrap().contains(ROOM), "{path} shows the join link");
    }
    let own = app.get(&format!("/api/v1/manage/{}/calendar.ics", token_of(&ana))).await.text().await.unwrap();
    assert!(own.replace("\r\n ", "").contains(ROOM));
    let page = app.get(&format!("/manage/{}", token_of(&ana))).await.text().await.unwrap();
    assert!(page.contains(ROOM), "on the confirmed person's page");
    let ben_page = app.get(&format!("/manage/{}", token_of(&ben))).await.text().await.unwrap();
    assert!(!ben_page.contains(ROOM));
    let ben_api = app.get(&format!("/api/v1/manage/{}", token_of(&ben))).await.text().await.unwrap();
    assert!(!ben_api.contains(ROOM));
}

#[tokio::test]
async fn setting_the_replay_twice_sends_one_email_and_the_series_page_shows_it() {
    let smtp = Smtp::start();
    let app = spawn_app_with_smtp(&smtp.url()).await;
    app.clock.set("2030-10-01T08:00:00Z".parse().unwrap());
    let w = webinar(&app, "dej", None).await;
    app.registered("dej", "ana@example.org", &[&w]).await;
    app.registered("dej", "ben@example.org", &[&w]).await;
    app.deliver().await;
    app.clock.set("2030-10-11T08:00:00Z".parse().unwrap());
    for url in ["https://replay.example.org/1", "https://replay.example.org/1-corrige"] {
        let res = app
            .patch_as(&app.admin, &format!("/api/v1/events/dej/sessions/{w}"), &json!({"replay_url": url}))
            .await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    assert_eq!(app.deliver().await.sent, 2, "one replay e-mail each");
    let messages = smtp.wait_for(4, Duration::from_secs(10)).await;
    assert_eq!(messages.iter().filter(|m| m.text.contains("replay.example.org")).count(), 2);

    let page: Value = app.get("/api/v1/series/dejeuners").await.json().await.unwrap();
    assert_eq!(page["webcal_url"].as_str().unwrap().split("://").next(), Some("webcal"));
    assert!(page["calendar_url"].as_str().unwrap().starts_with("http"));
    assert_eq!(page["events"][0]["past"], true);
    assert_eq!(page["events"][0]["replays"][0]["replay_url"], "https://replay.example.org/1-corrige");
    problem(app.get("/api/v1/series/absent").await, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn an_event_is_copied_to_a_new_date_with_its_programme_at_the_same_local_times_and_no_registrations() {
    let app = spawn_app().await;
    let w = webinar(&app, "dej", None).await;
    app.registered("dej", "ana@example.org", &[&w]).await;
    // From October (summer time) to January (winter time): still 12:30 in Paris.
    let res = app
        .post_as(&app.admin, "/api/v1/events/dej/clone", &json!({"slug": "dej-2", "first_day": "2031-01-14"}))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let copy: Value = res.json().await.unwrap();
    assert_eq!(copy["status"], "draft");
    assert_eq!(copy["series"], "dejeuners");
    assert_eq!(copy["sessions"][0]["starts_at"], "2031-01-14T12:30:00+01:00");
    assert_eq!(copy["sessions"][0]["ends_at"], "2031-01-14T13:30:00+01:00");
    assert_eq!(copy["sessions"][0]["online_url"], ROOM, "the same link settings");
    assert_eq!(copy["sessions"][0]["confirmed"], 0);
    assert!(app.registrations("dej-2", "").await.is_empty(), "no registrations copied");

    let res = app
        .post_as(&app.admin, "/api/v1/events/dej/clone", &json!({"slug": "dej-2", "first_day": "2031-02-14"}))
        .await;
    problem(res, StatusCode::CONFLICT, "slug_taken").await;
    let res = app
        .post_as(&app.admin, "/api/v1/events/dej/clone", &json!({"slug": "dej-3", "first_day": "14/02/2031"}))
        .await;
    problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let other = app.organiser("other@example.org").await;
    let res = app
        .post_as(&other, "/api/v1/events/dej/clone", &json!({"slug": "dej-4", "first_day": "2031-02-14"}))
        .await;
    problem(res, StatusCode::FORBIDDEN, "forbidden").await;
    let _ = person;
}

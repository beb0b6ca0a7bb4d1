//! What trying the participants' journey as a new user found wrong, each fixed and kept so.

use std::time::Duration;

use serde_json::{Value, json};
use tisser_tests::reqwest::StatusCode;
use tisser_tests::smtp::Smtp;
use tisser_tests::{person, problem, spawn_app, spawn_app_with_smtp, token_of};

use crate::{EVENING, MORNING};

const ROOM: &str = "https://visio.example.org/dejeuner-du-mardi";

#[tokio::test]
async fn a_dejeuner_registration_that_chooses_nothing_holds_the_webinar_with_its_join_link() {
    let smtp = Smtp::start();
    let app = spawn_app_with_smtp(&smtp.url()).await;
    let slug = app.published_event("dej", json!({"format": "online"})).await;
    let webinar = app
        .session(
            &slug,
            json!({"title": "Déjeuner du Partenariat", "kind": "webinar", "starts_at": "2030-07-02T12:30:00+02:00",
                   "ends_at": "2030-07-02T13:30:00+02:00", "online_url": ROOM, "capacity": 100}),
        )
        .await;
    let ana = app.registered(&slug, "ana@example.org", &[]).await;
    assert_eq!(ana["sessions"][0]["session_id"], webinar.as_str());
    assert_eq!(ana["sessions"][0]["status"], "confirmed", "{ana}");
    let calendar =
        app.get(&format!("/api/v1/manage/{}/calendar.ics", token_of(&ana))).await.text().await.unwrap();
    assert!(calendar.contains("dejeuner-du-mardi"), "her calendar carries the join link: {calendar}");
    app.deliver().await;
    let mail = smtp.wait_for(1, Duration::from_secs(10)).await;
    assert!(mail[0].text.contains(ROOM), "the confirmation carries the join link");
    assert_eq!(mail[0].calendars.len(), 1, "and the invite");
}

#[tokio::test]
async fn a_person_waiting_for_every_chosen_session_is_told_first_that_they_wait() {
    let smtp = Smtp::start();
    let app = spawn_app_with_smtp(&smtp.url()).await;
    let slug = app.published_event("jrps", json!({})).await;
    let a = app.workshop(&slug, "Atelier A", Some(1), MORNING.0, MORNING.1).await;
    app.registered(&slug, "ana@example.org", &[&a]).await;
    let ben = app.registered(&slug, "ben@example.org", &[&a]).await;
    assert_eq!(ben["status"], "confirmed", "admitted to the event");
    assert_eq!(ben["sessions"][0]["status"], "waitlisted");
    app.deliver().await;
    let mail = smtp.wait_for(2, Duration::from_secs(10)).await;
    let to_ben = mail.iter().find(|m| m.to.iter().any(|t| t == "ben@example.org")).unwrap();
    assert!(to_ben.subject.starts_with("Liste d’attente"), "{}", to_ben.subject);
    assert!(to_ben.text.contains("liste d’attente"), "{}", to_ben.text);
    assert!(!to_ben.subject.contains("confirmée"));
    let to_ana = mail.iter().find(|m| m.to.iter().any(|t| t == "ana@example.org")).unwrap();
    assert!(to_ana.subject.starts_with("Inscription confirmée"), "{}", to_ana.subject);
}

#[tokio::test]
async fn a_person_who_cancelled_registers_again_while_registration_is_open() {
    let app = spawn_app().await;
    let slug = app.published_event("jrps", json!({})).await;
    let a = app.workshop(&slug, "Atelier A", Some(1), MORNING.0, MORNING.1).await;
    let first = app.registered(&slug, "ana@example.org", &[&a]).await;
    let res =
        app.client.delete(app.url(&format!("/api/v1/manage/{}", token_of(&first)))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);

    let again = app.registered(&slug, "ana@example.org", &[&a]).await;
    assert_eq!(again["status"], "confirmed");
    assert_eq!(again["sessions"][0]["status"], "confirmed", "her seat was free again: {again}");
    let page: Value = app.get(&format!("/api/v1/manage/{}", token_of(&again))).await.json().await.unwrap();
    assert_eq!(page["status"], "confirmed");
    let listed = app.registrations(&slug, "").await;
    assert_eq!(listed.len(), 1, "one person, one registration: {listed:?}");
    // Registered and active: a third try is refused as before.
    let res = app.register(&slug, &person("ana@example.org", &[&a])).await;
    problem(res, StatusCode::CONFLICT, "already_registered").await;
}

#[tokio::test]
async fn moving_a_session_onto_another_that_people_hold_names_them_until_the_organiser_confirms() {
    let app = spawn_app().await;
    let slug = app.published_event("jrps", json!({})).await;
    let a = app.workshop(&slug, "Atelier A", Some(29), MORNING.0, MORNING.1).await;
    let dinner = app
        .session(&slug, json!({"title": "Dîner", "kind": "social", "starts_at": EVENING.0, "ends_at": EVENING.1, "capacity": 26}))
        .await;
    let ana = app.registered(&slug, "ana@example.org", &[&a, &dinner]).await;
    app.registered(&slug, "ben@example.org", &[&dinner]).await;

    let path = format!("/api/v1/events/{slug}/sessions/{dinner}");
    let res = app.patch_as(&app.admin, &path, &json!({"starts_at": MORNING.0, "ends_at": MORNING.1})).await;
    let body = problem(res, StatusCode::CONFLICT, "session_overlap").await;
    let errors = body["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "only Ana holds both: {body}");
    assert!(errors[0]["field"].as_str().unwrap().ends_with(ana["id"].as_str().unwrap()));
    assert!(errors[0]["message"].as_str().unwrap().contains("Atelier A"));
    let unchanged: Value = app.get(&format!("/api/v1/events/{slug}")).await.json().await.unwrap();
    let still =
        unchanged["sessions"].as_array().unwrap().iter().find(|s| s["id"] == dinner.as_str()).unwrap();
    assert_eq!(still["starts_at"], EVENING.0, "nothing moved");

    let res = app
        .patch_as(
            &app.admin,
            &path,
            &json!({"starts_at": MORNING.0, "ends_at": MORNING.1, "confirm_overlaps": true}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
}

#[tokio::test]
async fn attendee_exports_list_the_people_expected_and_the_cancelled_only_on_request() {
    let app = spawn_app().await;
    let slug = app.published_event("jrps", json!({})).await;
    let a = app.workshop(&slug, "Atelier A", Some(29), MORNING.0, MORNING.1).await;
    app.registered(&slug, "ana@example.org", &[&a]).await;
    let ben = app.registered(&slug, "ben@example.org", &[&a]).await;
    app.client.delete(app.url(&format!("/api/v1/manage/{}", token_of(&ben)))).send().await.unwrap();

    let csv = |query: &'static str| {
        let app = &app;
        let slug = slug.clone();
        async move {
            let res = app.get_as(&app.admin, &format!("/api/v1/events/{slug}/attendees.csv{query}")).await;
            assert_eq!(res.status(), StatusCode::OK);
            res.text().await.unwrap()
        }
    };
    let default = csv("").await;
    assert!(default.contains("ana@example.org") && !default.contains("ben@example.org"), "{default}");
    let for_a = csv(&*Box::leak(format!("?session={a}").into_boxed_str())).await;
    assert!(for_a.contains("ana@example.org") && !for_a.contains("ben@example.org"), "{for_a}");
    let cancelled = csv("?status=cancelled").await;
    assert!(!cancelled.contains("ana@example.org") && cancelled.contains("ben@example.org"), "{cancelled}");
    let all = csv("?status=all").await;
    assert!(all.contains("ana@example.org") && all.contains("ben@example.org"), "{all}");
    let res = app.get_as(&app.admin, &format!("/api/v1/events/{slug}/attendees.xlsx?status=maybe")).await;
    problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
}

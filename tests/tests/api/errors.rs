//! Bad input answers 4xx problem+json with a clear message, and nothing is half-written.

use serde_json::{Value, json};
use tisser_tests::reqwest::StatusCode;
use tisser_tests::{TestApp, person, problem, spawn_app};

use crate::{EVENING, MORNING, MORNING_LATE};

async fn nothing_written(app: &TestApp, slug: &str) {
    assert!(app.registrations(slug, "").await.is_empty(), "a refused request wrote something");
    let event: Value = app.get(&format!("/api/v1/events/{slug}")).await.json().await.unwrap();
    for s in event["sessions"].as_array().unwrap() {
        assert_eq!(s["seats_left"], s["capacity"], "a seat was taken by a refused request");
        assert_eq!(s["waitlist_length"], 0);
    }
}

#[tokio::test]
async fn missing_fields_and_a_malformed_email_are_named_one_by_one() {
    let app = spawn_app().await;
    let slug = app.published_event("bad", json!({})).await;
    app.workshop(&slug, "Atelier A", Some(3), MORNING.0, MORNING.1).await;
    let res = app.register(&slug, &json!({"email": "pas-une-adresse", "sessions": []})).await;
    let body = problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let fields: Vec<&str> =
        body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["email", "first_name", "last_name"]);
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("adresse e-mail"), "{body}");

    let res = app
        .client
        .post(app.url(&format!("/api/v1/events/{slug}/registrations")))
        .header("accept-language", "en-GB,en;q=0.9")
        .json(&json!({"email": "x@example.org", "first_name": "A\r\nBcc: victim@example.org", "last_name": "B", "profile": "astronaut"}))
        .send()
        .await
        .unwrap();
    let body = problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let fields: Vec<&str> =
        body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["first_name", "profile"]);
    assert!(body["detail"].as_str().unwrap().starts_with("Some information"), "English on request: {body}");
    nothing_written(&app, &slug).await;
}

#[tokio::test]
async fn unknown_foreign_open_to_all_and_overlapping_sessions_are_refused() {
    let app = spawn_app().await;
    let slug = app.published_event("choices", json!({})).await;
    let other = app.published_event("other", json!({})).await;
    let a = app.workshop(&slug, "Atelier A", Some(3), MORNING.0, MORNING.1).await;
    let b = app.workshop(&slug, "Atelier B", Some(3), MORNING_LATE.0, MORNING_LATE.1).await;
    let plenary = app
        .session(
            &slug,
            json!({"title": "Plénière", "kind": "plenary", "starts_at": EVENING.0, "ends_at": EVENING.1}),
        )
        .await;
    let foreign = app.workshop(&other, "Ailleurs", Some(3), MORNING.0, MORNING.1).await;

    let cases = [
        (vec![a.clone(), b.clone()], "session_conflict"),
        (vec![foreign], "unknown_session"),
        (vec!["0190f5a2-0000-7000-8000-000000000000".to_owned()], "unknown_session"),
        (vec![plenary], "session_not_selectable"),
    ];
    for (sessions, code) in cases {
        let ids: Vec<&str> = sessions.iter().map(String::as_str).collect();
        let res = app.register(&slug, &person("ana@example.org", &ids)).await;
        let body = problem(res, StatusCode::UNPROCESSABLE_ENTITY, code).await;
        assert_eq!(body["errors"][0]["field"], "sessions");
    }
    let res = app.register(&slug, &json!({"email": "a@example.org", "first_name": "A", "last_name": "B", "sessions": ["pas-un-uuid"]})).await;
    problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    nothing_written(&app, &slug).await;
}

#[tokio::test]
async fn malformed_json_a_wrong_content_type_and_a_huge_body_answer_problems_not_500() {
    let app = spawn_app().await;
    let slug = app.published_event("raw", json!({})).await;
    let url = app.url(&format!("/api/v1/events/{slug}/registrations"));

    let res = app
        .client
        .post(&url)
        .header("content-type", "application/json")
        .body("{\"email\": ")
        .send()
        .await
        .unwrap();
    problem(res, StatusCode::BAD_REQUEST, "malformed_json").await;

    let res = app
        .client
        .post(&url)
        .header("content-type", "text/plain")
        .body("email=a@example.org")
        .send()
        .await
        .unwrap();
    problem(res, StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type").await;

    let huge = json!({"email": "a@example.org", "first_name": "A", "last_name": "B", "accessibility_needs": "x".repeat(200_000)});
    let res = app.client.post(&url).json(&huge).send().await.unwrap();
    problem(res, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;

    let res =
        app.client.post(&url).header("content-type", "application/json").body("[1, 2]").send().await.unwrap();
    problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    nothing_written(&app, &slug).await;
}

#[tokio::test]
async fn unknown_addresses_methods_and_tokens_answer_problems() {
    let app = spawn_app().await;
    problem(app.get("/api/v1/nowhere").await, StatusCode::NOT_FOUND, "not_found").await;
    problem(app.get("/api/v1/events/absent").await, StatusCode::NOT_FOUND, "not_found").await;
    problem(app.get("/api/v1/manage/m_0000").await, StatusCode::NOT_FOUND, "not_found").await;
    let res = app.client.put(app.url("/api/v1/events")).send().await.unwrap();
    problem(res, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed").await;
    let res = app
        .client
        .put(app.url("/api/v1/manage/m_0000/sessions"))
        .json(&json!({"sessions": []}))
        .send()
        .await
        .unwrap();
    problem(res, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn organisers_get_field_errors_for_bad_events_and_sessions() {
    let app = spawn_app().await;
    let res = app
        .post_as(&app.admin, "/api/v1/events", &json!({"slug": "Pas Bon", "format": "visio", "timezone": "Mars/Olympus",
            "registration_opens_at": "2030-01-02T00:00:00+01:00", "registration_closes_at": "2030-01-01T00:00:00+01:00"}))
        .await;
    let body = problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let fields: BTreeSet<&str> =
        body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, BTreeSet::from(["slug", "title", "format", "timezone", "registration_closes_at"]));

    let slug = app.published_event("ok", json!({})).await;
    let res = app
        .post_as(&app.admin, &format!("/api/v1/events/{slug}/sessions"), &json!({"title": "T", "kind": "workshop",
            "starts_at": "2030-04-23T12:00:00+02:00", "ends_at": "2030-04-23T11:00:00+02:00", "online_url": "pas une url",
            "capacity": -3}))
        .await;
    problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let res = app
        .post_as(&app.admin, &format!("/api/v1/events/{slug}/sessions"), &json!({"title": "T", "kind": "workshop",
            "starts_at": "2030-04-23T12:00:00+02:00", "ends_at": "2030-04-23T11:00:00+02:00", "online_url": "pas une url"}))
        .await;
    let body = problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let fields: BTreeSet<&str> =
        body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, BTreeSet::from(["ends_at", "online_url"]));
    let res = app
        .post_as(&app.admin, "/api/v1/events", &json!({"slug": "ok", "title": "Doublon", "format": "online"}))
        .await;
    problem(res, StatusCode::CONFLICT, "slug_taken").await;
}

use std::collections::BTreeSet;

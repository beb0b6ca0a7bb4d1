//! `Idempotency-Key` on `POST …/registrations`: a retry gets the first answer again, byte for
//! byte, and registers nobody; another body with the same key is refused; concurrent requests
//! with one key make one registration; the first answer is kept 24 hours.

use futures::future::join_all;
use sea_orm::{ConnectionTrait, Database, Statement};
use serde_json::{Value, json};
use tisser_tests::reqwest::{Response, StatusCode};
use tisser_tests::{TestApp, person, problem, spawn_app};

use crate::MORNING;

async fn post(app: &TestApp, slug: &str, key: &str, body: &str) -> Response {
    app.client
        .post(app.url(&format!("/api/v1/events/{slug}/registrations")))
        .header("content-type", "application/json")
        .header("idempotency-key", key)
        .body(body.to_owned())
        .send()
        .await
        .unwrap()
}

/// How many idempotency keys the database holds.
async fn keys(app: &TestApp) -> i64 {
    let db = Database::connect(&app.database_url).await.unwrap();
    let backend = db.get_database_backend();
    let n: i64 = db
        .query_one_raw(Statement::from_string(backend, "SELECT COUNT(*) AS n FROM idempotency_keys"))
        .await
        .unwrap()
        .unwrap()
        .try_get("", "n")
        .unwrap();
    db.close().await.unwrap();
    n
}

#[tokio::test]
async fn a_retry_with_the_same_key_and_body_gets_the_first_answer_byte_for_byte_and_registers_once() {
    let app = spawn_app().await;
    let slug = app.published_event("jrps", json!({})).await;
    let a = app.workshop(&slug, "Atelier A", Some(1), MORNING.0, MORNING.1).await;
    let body =
        json!({"email": "ana@example.org", "first_name": "Ana", "last_name": "Lopez", "sessions": [a]});
    let text = serde_json::to_string(&body).unwrap();

    let first = post(&app, &slug, "retry-1", &text).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    assert_eq!(first.headers()["content-type"], "application/json");
    assert!(first.headers().get("idempotent-replayed").is_none());
    let first = first.bytes().await.unwrap();
    let parsed: Value = serde_json::from_slice(&first).unwrap();
    assert!(parsed["manage_url"].as_str().unwrap().contains("/manage/m_"), "{parsed}");
    assert_eq!(parsed["sessions"][0]["status"], "confirmed");

    // Someone else takes the place in line meanwhile: the retry still gets the first answer.
    app.registered(&slug, "ben@example.org", &[&a]).await;
    let again = post(&app, &slug, "retry-1", &text).await;
    assert_eq!(again.status(), StatusCode::CREATED);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(again.bytes().await.unwrap(), first, "the first answer, byte for byte");

    // The same body written otherwise (key order, spaces) is the same request.
    let reordered = format!(
        "{{ \"sessions\": [\"{a}\"], \"last_name\": \"Lopez\", \"first_name\": \"Ana\", \"email\": \"ana@example.org\" }}"
    );
    let third = post(&app, &slug, "retry-1", &reordered).await;
    assert_eq!(third.status(), StatusCode::CREATED);
    assert_eq!(third.bytes().await.unwrap(), first);

    let people = app.registrations(&slug, "").await;
    assert_eq!(people.len(), 2, "Ana once, and Ben");
    assert_eq!(app.deliver().await.sent, 2, "one confirmation for Ana, one for Ben");

    // Without a key nothing changes: the same e-mail again is already registered.
    let res = app.register(&slug, &body).await;
    problem(res, StatusCode::CONFLICT, "already_registered").await;
}

#[tokio::test]
async fn the_same_key_with_another_body_is_refused_and_a_malformed_key_is_named() {
    let app = spawn_app().await;
    let slug = app.published_event("jrps", json!({})).await;
    let ana = serde_json::to_string(&person("ana@example.org", &[])).unwrap();
    let ben = serde_json::to_string(&person("ben@example.org", &[])).unwrap();
    assert_eq!(post(&app, &slug, "k-1", &ana).await.status(), StatusCode::CREATED);

    let res = post(&app, &slug, "k-1", &ben).await;
    let answer = problem(res, StatusCode::UNPROCESSABLE_ENTITY, "idempotency_key_reused").await;
    assert_eq!(answer["errors"][0]["field"], "Idempotency-Key", "{answer}");
    // Even when the other body is itself invalid: the key is what is wrong.
    let res = post(&app, &slug, "k-1", "{\"email\": \"pas-une-adresse\"}").await;
    problem(res, StatusCode::UNPROCESSABLE_ENTITY, "idempotency_key_reused").await;
    assert_eq!(app.registrations(&slug, "").await.len(), 1, "Ben was not registered");

    // A key is per event: the same key elsewhere is another request.
    let other = app.published_event("autre", json!({})).await;
    assert_eq!(post(&app, &other, "k-1", &ben).await.status(), StatusCode::CREATED);

    let long = "k".repeat(256);
    let res = post(&app, &slug, &long, &ben).await;
    let answer = problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(answer["errors"][0]["field"], "Idempotency-Key", "{answer}");
    assert!(answer["errors"][0]["message"].as_str().unwrap().contains("255"), "{answer}");
    let res = post(&app, &slug, "", &ben).await;
    problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(app.registrations(&slug, "").await.len(), 1, "nothing written for a bad key");
    assert_eq!(post(&app, &slug, &"k".repeat(255), &ben).await.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn concurrent_requests_with_one_key_on_two_servers_make_one_registration_and_one_answer() {
    let app = spawn_app().await;
    let peer = app.peer().await;
    let slug = app.published_event("jrps", json!({})).await;
    let a = app.workshop(&slug, "Atelier A", Some(29), MORNING.0, MORNING.1).await;
    let text = serde_json::to_string(&person("ana@example.org", &[&a])).unwrap();
    let answers = join_all((0..20).map(|i| {
        let server = if i % 2 == 0 { &app } else { &peer };
        let (slug, text) = (slug.clone(), text.clone());
        async move {
            let res = post(server, &slug, "same-key", &text).await;
            (res.status(), res.bytes().await.unwrap())
        }
    }))
    .await;
    for (status, body) in &answers {
        assert_eq!(*status, StatusCode::CREATED, "{}", String::from_utf8_lossy(body));
        assert_eq!(body, &answers[0].1, "every one gets the first answer");
    }
    assert_eq!(app.registrations(&slug, "").await.len(), 1);
    let event: Value = app.get(&format!("/api/v1/events/{slug}")).await.json().await.unwrap();
    assert_eq!(event["sessions"][0]["seats_left"], 28, "one seat taken");
    assert_eq!(keys(&app).await, 1);
}

#[tokio::test]
async fn the_first_answer_is_kept_24_hours_and_goes_with_an_erasure() {
    let app = spawn_app().await;
    let slug = app.published_event("jrps", json!({})).await;
    let now = chrono::Utc::now();
    app.clock.set(now);
    let ana = serde_json::to_string(&person("ana@example.org", &[])).unwrap();
    assert_eq!(post(&app, &slug, "day-1", &ana).await.status(), StatusCode::CREATED);

    app.clock.set(now + chrono::Duration::hours(23));
    assert_eq!(post(&app, &slug, "day-1", &ana).await.status(), StatusCode::CREATED, "replayed");
    assert_eq!(app.store.forget_idempotency_keys(app.store.now()).await.unwrap(), 0);

    // After 24 hours the key is forgotten (the server does it with each retention pass, and a
    // key past its lifetime is never replayed): the request is decided again.
    app.clock.set(now + chrono::Duration::hours(25));
    assert_eq!(app.store.forget_idempotency_keys(app.store.now()).await.unwrap(), 1);
    assert_eq!(keys(&app).await, 0);
    let res = post(&app, &slug, "day-1", &ana).await;
    problem(res, StatusCode::CONFLICT, "already_registered").await;

    // An erased person's first answer (it holds their private link) is deleted with them.
    let ben = serde_json::to_string(&person("ben@example.org", &[])).unwrap();
    let res = post(&app, &slug, "ben-1", &ben).await;
    let created: Value = res.json().await.unwrap();
    assert_eq!(keys(&app).await, 1);
    let id = created["id"].as_str().unwrap();
    let res = app.delete_as(&app.admin, &format!("/api/v1/events/{slug}/registrations/{id}")).await;
    assert!(res.status().is_success(), "{}", res.status());
    assert_eq!(keys(&app).await, 0);
}

//! Who may see what: organisers only their events, the public never a participant nor a
//! join link.

use serde_json::{Value, json};
use tisser_tests::reqwest::StatusCode;
use tisser_tests::{problem, spawn_app, token_of};

use crate::MORNING;

#[tokio::test]
async fn organisers_reach_only_their_own_events_and_admins_every_event() {
    let app = spawn_app().await;
    let alice = app.organiser("alice@example.org").await;
    let bob = app.organiser("bob@example.org").await;
    let slug = app.event_as(&alice, "alice-event", json!({})).await;
    let a = app.session_as(&alice, &slug, json!({"title": "Atelier", "kind": "workshop", "starts_at": MORNING.0, "ends_at": MORNING.1, "capacity": 3})).await;
    let ana = app.registered(&slug, "ana@example.org", &[&a]).await;

    let paths = [
        ("GET", format!("/api/v1/events/{slug}/registrations")),
        ("PATCH", format!("/api/v1/events/{slug}")),
        ("POST", format!("/api/v1/events/{slug}/sessions")),
        ("PATCH", format!("/api/v1/events/{slug}/sessions/{a}")),
        ("DELETE", format!("/api/v1/events/{slug}/sessions/{a}")),
        ("GET", format!("/api/v1/organizer/events/{slug}")),
    ];
    let manage = token_of(&ana);
    for (method, path) in &paths {
        let call = |token: Option<&str>| {
            let mut req = app.client.request(method.parse().unwrap(), app.url(path)).json(&json!({}));
            if let Some(t) = token {
                req = req.bearer_auth(t);
            }
            req.send()
        };
        problem(call(None).await.unwrap(), StatusCode::UNAUTHORIZED, "unauthorized").await;
        problem(call(Some("tsr_wrong")).await.unwrap(), StatusCode::UNAUTHORIZED, "unauthorized").await;
        problem(call(Some(&manage)).await.unwrap(), StatusCode::UNAUTHORIZED, "unauthorized").await;
        problem(call(Some(&bob)).await.unwrap(), StatusCode::FORBIDDEN, "forbidden").await;
    }
    for token in [&alice, &app.admin] {
        let res = app.get_as(token, &format!("/api/v1/events/{slug}/registrations")).await;
        assert_eq!(res.status(), StatusCode::OK);
        let list: Vec<Value> = res.json().await.unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0]["email"], "ana@example.org");
    }
    let mine: Vec<Value> = app.get_as(&bob, "/api/v1/organizer/events").await.json().await.unwrap();
    assert!(mine.is_empty());
    let all: Vec<Value> = app.get_as(&app.admin, "/api/v1/organizer/events").await.json().await.unwrap();
    assert_eq!(all.len(), 1);
}

#[tokio::test]
async fn the_public_programme_never_shows_a_participant_nor_a_join_link() {
    let app = spawn_app().await;
    let slug = app.published_event("webinaire", json!({"format": "online"})).await;
    let w = app
        .session(&slug, json!({"title": "Déjeuner", "kind": "webinar", "starts_at": "2030-10-10T12:30:00+02:00",
            "ends_at": "2030-10-10T13:30:00+02:00", "online_url": "https://visio.example.org/secret-room-42"}))
        .await;
    let res = app
        .register(
            &slug,
            &json!({"email": "zoe.secret@example.org", "first_name": "Zoé", "last_name": "Confidentielle",
            "profile": "patient_partner", "accessibility_needs": "Sous-titres", "sessions": [w]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let registered: Value = res.json().await.unwrap();
    assert!(!registered.to_string().contains("secret-room-42"));

    let draft = app.published_event("brouillon", json!({"status": "draft"})).await;
    for path in
        ["/api/v1/events".to_owned(), format!("/api/v1/events/{slug}"), "/api/v1/openapi.json".to_owned()]
    {
        let text = app.get(&path).await.text().await.unwrap();
        for secret in ["zoe.secret", "Confidentielle", "Sous-titres", "secret-room-42", "patient_partner\""] {
            assert!(!text.contains(secret), "{path} shows {secret}");
        }
        assert!(!text.contains(&draft), "{path} shows a draft");
    }
    problem(app.get(&format!("/api/v1/events/{draft}")).await, StatusCode::NOT_FOUND, "not_found").await;
    let as_admin = app.get_as(&app.admin, &format!("/api/v1/events/{draft}")).await;
    assert_eq!(as_admin.status(), StatusCode::OK, "organisers preview their drafts");

    // The confirmed person sees the link on their private page.
    let mine = app.get(&format!("/api/v1/manage/{}", token_of(&registered))).await.text().await.unwrap();
    assert!(mine.contains("secret-room-42"));
}

//! Registering, choosing, changing, cancelling, moving up the waitlist.

use serde_json::{Value, json};
use tisser_tests::reqwest::StatusCode;
use tisser_tests::{person, problem, spawn_app, token_of};

use crate::{EVENING, MORNING};

#[tokio::test]
async fn a_participant_registers_for_a_workshop_and_the_dinner_and_sees_it_through_the_private_link() {
    let app = spawn_app().await;
    let slug = app.published_event("jrps", json!({"capacity": 130})).await;
    let a = app.workshop(&slug, "Atelier A", Some(29), MORNING.0, MORNING.1).await;
    let dinner = app
        .session(&slug, json!({"title": "Dîner", "kind": "social", "starts_at": EVENING.0, "ends_at": EVENING.1, "capacity": 26}))
        .await;

    let res = app
        .register(
            &slug,
            &json!({
                "email": " Hélène.Dupré@Example.ORG ",
                "first_name": "Hélène",
                "last_name": "Dupré",
                "profile": "caregiver",
                "organization": "Association des aidants",
                "language": "fr",
                "sessions": [a, dinner],
                "accessibility_needs": "Fauteuil roulant",
                "dietary_requirements": "Sans gluten"
            }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["status"], "confirmed");
    assert!(body["manage_url"].as_str().unwrap().contains("/manage/"));
    let token = token_of(&body);
    assert!(token.len() >= 32, "a manage token carries at least 128 random bits");
    let statuses: Vec<&str> =
        body["sessions"].as_array().unwrap().iter().map(|s| s["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["confirmed", "confirmed"]);

    let mine: Value = app.get(&format!("/api/v1/manage/{token}")).await.json().await.unwrap();
    assert_eq!(mine["email"], "hélène.dupré@example.org");
    assert_eq!(mine["dietary_requirements"], "Sans gluten");
    assert_eq!(mine["sessions"][0]["starts_at"], MORNING.0, "times come back in the event's zone");

    let event: Value = app.get(&format!("/api/v1/events/{slug}")).await.json().await.unwrap();
    assert_eq!(event["seats_left"], 129);
    let workshop = event["sessions"].as_array().unwrap().iter().find(|s| s["id"] == a.as_str()).unwrap();
    assert_eq!(workshop["seats_left"], 28);
}

#[tokio::test]
async fn a_full_workshop_puts_the_next_registrant_on_the_waitlist_and_a_cancellation_promotes_them() {
    let app = spawn_app().await;
    let slug = app.published_event("petit", json!({})).await;
    let d = app.workshop(&slug, "Atelier D", Some(2), MORNING.0, MORNING.1).await;

    let first = app.registered(&slug, "un@example.org", &[&d]).await;
    app.registered(&slug, "deux@example.org", &[&d]).await;
    let third = app.registered(&slug, "trois@example.org", &[&d]).await;
    let fourth = app.registered(&slug, "quatre@example.org", &[&d]).await;
    assert_eq!(third["sessions"][0]["status"], "waitlisted");
    assert_eq!(third["sessions"][0]["waitlist_position"], 1);
    assert_eq!(fourth["sessions"][0]["waitlist_position"], 2);

    let res =
        app.client.delete(app.url(&format!("/api/v1/manage/{}", token_of(&first)))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let cancelled: Value = res.json().await.unwrap();
    assert_eq!(cancelled["status"], "cancelled");

    let third_now: Value =
        app.get(&format!("/api/v1/manage/{}", token_of(&third))).await.json().await.unwrap();
    assert_eq!(third_now["sessions"][0]["status"], "confirmed");
    let fourth_now: Value =
        app.get(&format!("/api/v1/manage/{}", token_of(&fourth))).await.json().await.unwrap();
    assert_eq!(fourth_now["sessions"][0]["status"], "waitlisted");
    assert_eq!(fourth_now["sessions"][0]["waitlist_position"], 1, "the rest move up");

    // Cancelling twice changes nothing.
    let again =
        app.client.delete(app.url(&format!("/api/v1/manage/{}", token_of(&first)))).send().await.unwrap();
    assert_eq!(again.status(), StatusCode::OK);
    let confirmed = app.registrations(&slug, &format!("?session={d}&status=confirmed")).await;
    assert_eq!(confirmed.len(), 2);
}

#[tokio::test]
async fn changing_choices_keeps_what_stays_and_gives_the_freed_seat_to_the_first_waiting() {
    let app = spawn_app().await;
    let slug = app.published_event("change", json!({})).await;
    let a = app.workshop(&slug, "Atelier A", Some(1), MORNING.0, MORNING.1).await;
    let b = app.workshop(&slug, "Atelier B", Some(5), MORNING.0, MORNING.1).await;
    let dinner = app
        .session(&slug, json!({"title": "Dîner", "kind": "social", "starts_at": EVENING.0, "ends_at": EVENING.1, "capacity": 1}))
        .await;

    let ana = app.registered(&slug, "ana@example.org", &[&a, &dinner]).await;
    let ben = app.registered(&slug, "ben@example.org", &[&a]).await;
    assert_eq!(ben["sessions"][0]["status"], "waitlisted");

    let res = app
        .client
        .put(app.url(&format!("/api/v1/manage/{}/sessions", token_of(&ana))))
        .json(&json!({"sessions": [b, dinner]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let after: Value = res.json().await.unwrap();
    let status_of = |v: &Value, id: &str| {
        v["sessions"].as_array().unwrap().iter().find(|s| s["session_id"] == id).map(|s| s["status"].clone())
    };
    assert_eq!(status_of(&after, &b), Some(json!("confirmed")));
    assert_eq!(status_of(&after, &dinner), Some(json!("confirmed")), "the dinner seat is kept");
    assert_eq!(status_of(&after, &a), Some(json!("cancelled")));

    let ben_now: Value = app.get(&format!("/api/v1/manage/{}", token_of(&ben))).await.json().await.unwrap();
    assert_eq!(ben_now["sessions"][0]["status"], "confirmed", "the seat given up went to Ben");

    // Changing to overlapping sessions is refused and changes nothing.
    let res = app
        .client
        .put(app.url(&format!("/api/v1/manage/{}/sessions", token_of(&ana))))
        .json(&json!({"sessions": [a, b]}))
        .send()
        .await
        .unwrap();
    problem(res, StatusCode::UNPROCESSABLE_ENTITY, "session_conflict").await;
    let unchanged: Value = app.get(&format!("/api/v1/manage/{}", token_of(&ana))).await.json().await.unwrap();
    assert_eq!(status_of(&unchanged, &b), Some(json!("confirmed")));
}

#[tokio::test]
async fn raising_a_capacity_confirms_the_first_people_waiting() {
    let app = spawn_app().await;
    let slug = app.published_event("raise", json!({})).await;
    let a = app.workshop(&slug, "Atelier A", Some(1), MORNING.0, MORNING.1).await;
    app.registered(&slug, "p1@example.org", &[&a]).await;
    let p2 = app.registered(&slug, "p2@example.org", &[&a]).await;
    let p3 = app.registered(&slug, "p3@example.org", &[&a]).await;
    let p4 = app.registered(&slug, "p4@example.org", &[&a]).await;

    let res = app
        .patch_as(&app.admin, &format!("/api/v1/events/{slug}/sessions/{a}"), &json!({"capacity": 3}))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["seats_left"], 0);
    assert_eq!(body["waitlist_length"], 1);
    for (who, want) in [(&p2, "confirmed"), (&p3, "confirmed"), (&p4, "waitlisted")] {
        let now: Value = app.get(&format!("/api/v1/manage/{}", token_of(who))).await.json().await.unwrap();
        assert_eq!(now["sessions"][0]["status"], want);
    }

    let res = app
        .patch_as(&app.admin, &format!("/api/v1/events/{slug}/sessions/{a}"), &json!({"capacity": 2}))
        .await;
    problem(res, StatusCode::CONFLICT, "capacity_below_confirmed").await;
}

#[tokio::test]
async fn the_events_overall_capacity_holds_and_its_own_line_moves_up() {
    let app = spawn_app().await;
    let slug = app.published_event("overall", json!({"capacity": 2})).await;
    let a = app.workshop(&slug, "Atelier A", Some(10), MORNING.0, MORNING.1).await;
    let first = app.registered(&slug, "e1@example.org", &[&a]).await;
    app.registered(&slug, "e2@example.org", &[&a]).await;
    let third = app.registered(&slug, "e3@example.org", &[&a]).await;
    assert_eq!(third["status"], "waitlisted");
    assert_eq!(third["waitlist_position"], 1);
    assert_eq!(third["sessions"][0]["status"], "waitlisted", "no workshop seat without a seat at the event");

    let event: Value = app.get(&format!("/api/v1/events/{slug}")).await.json().await.unwrap();
    assert_eq!(event["seats_left"], 0);
    assert_eq!(event["sessions"][0]["seats_left"], 8);

    app.client.delete(app.url(&format!("/api/v1/manage/{}", token_of(&first)))).send().await.unwrap();
    let now: Value = app.get(&format!("/api/v1/manage/{}", token_of(&third))).await.json().await.unwrap();
    assert_eq!(now["status"], "confirmed");
    assert_eq!(now["sessions"][0]["status"], "confirmed");
}

#[tokio::test]
async fn a_cancelled_session_cancels_its_choices_and_can_no_longer_be_chosen() {
    let app = spawn_app().await;
    let slug = app.published_event("cancel", json!({})).await;
    let a = app.workshop(&slug, "Atelier A", Some(5), MORNING.0, MORNING.1).await;
    let ana = app.registered(&slug, "ana@example.org", &[&a]).await;
    let res = app.delete_as(&app.admin, &format!("/api/v1/events/{slug}/sessions/{a}")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["status"], "cancelled");
    let now: Value = app.get(&format!("/api/v1/manage/{}", token_of(&ana))).await.json().await.unwrap();
    assert_eq!(now["sessions"][0]["status"], "cancelled");
    let res = app.register(&slug, &person("ben@example.org", &[&a])).await;
    problem(res, StatusCode::UNPROCESSABLE_ENTITY, "session_cancelled").await;
}

#[tokio::test]
async fn registering_twice_with_the_same_email_answers_already_registered() {
    let app = spawn_app().await;
    let slug = app.published_event("twice", json!({})).await;
    app.registered(&slug, "ana@example.org", &[]).await;
    let res = app.register(&slug, &person("ANA@example.org", &[])).await;
    let body = problem(res, StatusCode::CONFLICT, "already_registered").await;
    assert!(body["detail"].as_str().unwrap().contains("lien"), "French by default: {body}");
    assert_eq!(app.registrations(&slug, "").await.len(), 1);
}

#[tokio::test]
async fn registration_outside_its_window_or_on_a_draft_is_refused() {
    let app = spawn_app().await;
    let closed =
        app.published_event("closed", json!({"registration_closes_at": "2020-01-01T00:00:00+01:00"})).await;
    let res = app.register(&closed, &person("ana@example.org", &[])).await;
    problem(res, StatusCode::CONFLICT, "registration_closed").await;

    let later =
        app.published_event("later", json!({"registration_opens_at": "2031-01-01T00:00:00+01:00"})).await;
    let res = app.register(&later, &person("ana@example.org", &[])).await;
    problem(res, StatusCode::CONFLICT, "registration_closed").await;

    let draft = app.published_event("draft", json!({"status": "draft"})).await;
    let res = app.register(&draft, &person("ana@example.org", &[])).await;
    problem(res, StatusCode::NOT_FOUND, "not_found").await;

    // An event taken back to draft right after a registration (its slug just looked up):
    // hidden at once, not answered from what was remembered of it.
    let back = app.published_event("back", json!({})).await;
    app.registered(&back, "ana@example.org", &[]).await;
    let res = app
        .patch_as(&app.admin.clone(), &format!("/api/v1/events/{back}"), &json!({"status": "draft"}))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app.register(&back, &person("ben@example.org", &[])).await;
    problem(res, StatusCode::NOT_FOUND, "not_found").await;

    // The clock is the server's: once the window has passed, changes are refused too.
    let open =
        app.published_event("open", json!({"registration_closes_at": "2029-06-01T00:00:00+02:00"})).await;
    let a = app.workshop(&open, "Atelier A", Some(5), MORNING.0, MORNING.1).await;
    let ana = app.registered(&open, "ana@example.org", &[&a]).await;
    app.clock.set("2029-06-02T00:00:00Z".parse().unwrap());
    let res = app
        .client
        .put(app.url(&format!("/api/v1/manage/{}/sessions", token_of(&ana))))
        .json(&json!({"sessions": []}))
        .send()
        .await
        .unwrap();
    problem(res, StatusCode::CONFLICT, "registration_closed").await;
    assert_eq!(app.registrations(&open, &format!("?session={a}&status=confirmed")).await.len(), 1);
}

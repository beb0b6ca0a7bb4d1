//! Text that would read other than it is stored: control characters, bidirectional and
//! zero-width formatting characters are refused in every text field, naming the field.

use serde_json::{Value, json};
use tisser_tests::reqwest::StatusCode;
use tisser_tests::{person, problem, spawn_app};

use crate::MORNING;

fn fields(body: &Value) -> Vec<&str> {
    body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn a_right_to_left_override_in_a_last_name_is_refused_naming_the_field_and_nothing_is_written() {
    let app = spawn_app().await;
    let slug = app.published_event("jrps", json!({})).await;
    let mut body = person("ana@example.org", &[]);
    body["last_name"] = json!("Martin\u{202E}fdp.exe");
    let res = app.register(&slug, &body).await;
    let answer = problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(fields(&answer), ["last_name"], "{answer}");
    let message = answer["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("invisibles"), "{message}");
    assert!(app.registrations(&slug, "").await.is_empty());

    // In English when asked.
    let res = app
        .client
        .post(app.url(&format!("/api/v1/events/{slug}/registrations")))
        .header("accept-language", "en")
        .json(&body)
        .send()
        .await
        .unwrap();
    let answer = problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert!(answer["errors"][0]["message"].as_str().unwrap().contains("invisible"), "{answer}");
}

#[tokio::test]
async fn every_text_field_of_a_registration_refuses_controls_and_invisible_formatting() {
    let app = spawn_app().await;
    let slug = app.published_event("jrps", json!({})).await;
    let mut body = person("ana@example.org", &[]);
    body["first_name"] = json!("Ana\u{200B}");
    body["organization"] = json!("\u{2067}CHU\u{2069}");
    body["accessibility_needs"] = json!("Fauteuil\u{7}");
    body["dietary_requirements"] = json!("Sans gluten\u{FEFF}");
    let res = app.register(&slug, &body).await;
    let answer = problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(
        fields(&answer),
        ["first_name", "organization", "accessibility_needs", "dietary_requirements"],
        "{answer}"
    );

    let mut body = person("ana\u{200F}@example.org", &[]);
    body["accessibility_needs"] = json!("Fauteuil roulant\n\tet place près de la porte");
    let res = app.register(&slug, &body).await;
    let answer = problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(fields(&answer), ["email"], "line breaks and tabs are fine in needs: {answer}");
}

#[tokio::test]
async fn a_name_with_accents_apostrophes_and_hyphens_is_kept_as_typed() {
    let app = spawn_app().await;
    let slug = app.published_event("jrps", json!({})).await;
    let mut body = person("zoe@example.org", &[]);
    body["first_name"] = json!("Zoé D'Arc-Élodie");
    body["last_name"] = json!("N’Guessan-Lefèvre");
    body["accessibility_needs"] = json!("Boucle magnétique\n\tet sous-titres");
    let res = app.register(&slug, &body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let created: Value = res.json().await.unwrap();
    let token = tisser_tests::token_of(&created);
    let mine: Value = app.get(&format!("/api/v1/manage/{token}")).await.json().await.unwrap();
    assert_eq!(mine["first_name"], "Zoé D'Arc-Élodie");
    assert_eq!(mine["last_name"], "N’Guessan-Lefèvre");
    assert_eq!(mine["accessibility_needs"], "Boucle magnétique\n\tet sous-titres");
}

#[tokio::test]
async fn event_and_session_bodies_refuse_invisible_formatting_and_overlong_links() {
    let app = spawn_app().await;
    let res = app
        .post_as(
            &app.admin,
            "/api/v1/events",
            &json!({"slug": "jrps", "title": "JRPS\u{202E}", "format": "in_person", "venue": "Narbonne\u{2066}"}),
        )
        .await;
    let answer = problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(fields(&answer), ["title", "venue"], "{answer}");

    let slug = app.published_event("jrps", json!({})).await;
    let long = format!("https://example.org/{}", "a".repeat(2000));
    let res = app
        .post_as(
            &app.admin,
            &format!("/api/v1/events/{slug}/sessions"),
            &json!({
                "title": "Atelier", "kind": "workshop", "starts_at": MORNING.0, "ends_at": MORNING.1,
                "room": "Salle\u{200D}B",
                "description": "Un atelier\u{202A}",
                "facilitators": [{"name": "Ana\u{061C}", "role": "Patiente partenaire"}],
                "documents": [{"title": "Support", "url": "https://example.org/\u{202E}fdp.exe"}],
                "online_url": long,
            }),
        )
        .await;
    let answer = problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let mut got = fields(&answer);
    got.sort_unstable();
    assert_eq!(
        got,
        ["description", "documents[0].url", "facilitators[0].name", "online_url", "room"],
        "{answer}"
    );
}

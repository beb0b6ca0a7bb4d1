//! The `tisser` command as a newcomer uses it: `demo`, then `serve`, with no set-up; and
//! `organiser add`, whose last line is the token.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{database, run, scratch, serve, tisser};
use serde_json::{Value, json};

#[tokio::test]
async fn demo_then_serve_shows_the_jrps_programme_and_a_second_demo_changes_nothing() {
    let dir = scratch();
    let db = database().await;
    let first = run(tisser(&dir, db.as_deref()).arg("demo"));
    let first = String::from_utf8(first.stdout).unwrap();
    assert!(first.contains("créé : jrps-2024"), "{first}");
    if db.is_none() {
        assert!(dir.join("data/tisser.db").is_file(), "the embedded default is a SQLite file under data/");
    }

    let server = serve(&dir, db.as_deref());
    let client = reqwest::Client::new();
    let before: Value =
        client.get(format!("{}/api/v1/events", server.1)).send().await.unwrap().json().await.unwrap();
    assert_eq!(before.as_array().unwrap().len(), 4, "{before}");
    let jrps: Value = client
        .get(format!("{}/api/v1/events/jrps-2024", server.1))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let sessions = jrps["sessions"].as_array().unwrap();
    let day_one_workshops: Vec<u64> = sessions
        .iter()
        .filter(|s| s["kind"] == "workshop")
        .take(4)
        .map(|s| s["capacity"].as_u64().unwrap())
        .collect();
    assert_eq!(day_one_workshops, [29, 15, 16, 11]);
    assert_eq!(sessions.iter().filter(|s| s["kind"] == "workshop").count(), 8);
    assert!(
        sessions.iter().any(|s| s["kind"] == "social" && s["capacity"].is_u64()),
        "a dinner with limited seats"
    );
    assert!(sessions.iter().any(|s| s["kind"] == "forum"));
    assert!(sessions.iter().any(|s| s["kind"] == "round_table"));
    let webinars: Value = client
        .get(format!("{}/api/v1/events?series=dejeuners", server.1))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(webinars.as_array().unwrap().len(), 2);
    assert!(webinars.as_array().unwrap().iter().all(|w| w["registration_open"] == true), "{webinars}");

    // A newcomer registers at once.
    let workshop_a = &sessions.iter().find(|s| s["kind"] == "workshop").unwrap()["id"];
    let res = client
        .post(format!("{}/api/v1/events/jrps-2024/registrations", server.1))
        .json(&json!({"email": "nouvelle@example.org", "first_name": "Léa", "last_name": "Martin", "sessions": [workshop_a]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);

    let before: Value =
        client.get(format!("{}/api/v1/events", server.1)).send().await.unwrap().json().await.unwrap();
    let second = run(tisser(&dir, db.as_deref()).arg("demo"));
    let second = String::from_utf8(second.stdout).unwrap();
    assert!(!second.contains("créé"), "{second}");
    let after: Value =
        client.get(format!("{}/api/v1/events", server.1)).send().await.unwrap().json().await.unwrap();
    assert_eq!(before, after, "running the demo twice changes nothing");
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn organiser_add_prints_a_token_last_that_opens_the_organiser_api() {
    let dir = scratch();
    let db = database().await;
    let out = run(tisser(&dir, db.as_deref()).args([
        "organizer",
        "add",
        "--email",
        "Cops@Example.org",
        "--name",
        "Équipe COPS",
        "--role",
        "admin",
    ]));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let token = stdout.lines().last().unwrap().trim().to_owned();
    assert!(token.starts_with("tsr_") && token.len() > 40, "{stdout}");

    let again = tisser(&dir, db.as_deref())
        .args(["organizer", "add", "--email", "cops@example.org", "--name", "X"])
        .output()
        .unwrap();
    assert!(!again.status.success(), "the same e-mail twice is refused");
    let bad = tisser(&dir, db.as_deref())
        .args(["organizer", "add", "--email", "pas-une-adresse", "--name", "X"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--email"));

    let server = serve(&dir, db.as_deref());
    let client = reqwest::Client::new();
    let res = client
        .post(format!("{}/api/v1/events", server.1))
        .bearer_auth(&token)
        .json(&json!({"slug": "jrps-2027", "title": "JRPS 2027", "format": "in_person"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_broken_mail_template_stops_the_server_at_start_naming_the_file() {
    let dir = scratch();
    let db = database().await;
    let templates = dir.join("templates/registration_confirmed/fr");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join("subject.txt"), "Inscription {{ event_title ").unwrap();
    let out = tisser(&dir, db.as_deref())
        .arg("serve")
        .env("TISSER__SERVER__ADDR", "127.0.0.1:0")
        .env("TISSER__MAIL__TEMPLATES_DIR", dir.join("templates"))
        .output()
        .unwrap();
    assert!(!out.status.success(), "the server must not start");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("registration_confirmed") && stderr.contains("subject.txt"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

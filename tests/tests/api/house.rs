//! The house rules: one clock, database failures answered 503 (never 404, never empty), and
//! the crate boundaries of ARCHITECTURE.md.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{Value, json};
use tisser_tests::reqwest::StatusCode;
use tisser_tests::smtp::Smtp;
use tisser_tests::{person, spawn_app, spawn_app_with_smtp, token_of};

use crate::MORNING;

#[tokio::test]
async fn the_private_link_resend_throttle_follows_the_application_clock() {
    let smtp = Smtp::start();
    let app = spawn_app_with_smtp(&smtp.url()).await;
    app.clock.set("2030-01-10T10:00:00Z".parse().unwrap());
    let slug = app.published_event("jrps", json!({})).await;
    let a = app.workshop(&slug, "Atelier A", Some(29), MORNING.0, MORNING.1).await;
    app.registered(&slug, "ana@example.org", &[&a]).await;
    let again = || async { app.register(&slug, &person("ana@example.org", &[&a])).await.status() };
    assert_eq!(again().await, StatusCode::CONFLICT);
    app.deliver().await;
    assert_eq!(smtp.wait_for(2, Duration::from_secs(10)).await.len(), 2, "confirmation, then the link again");

    app.clock.set("2030-01-10T10:09:00Z".parse().unwrap());
    assert_eq!(again().await, StatusCode::CONFLICT);
    app.deliver().await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(smtp.messages().len(), 2, "nine minutes later, by the application's clock: not again");

    app.clock.set("2030-01-10T10:11:00Z".parse().unwrap());
    assert_eq!(again().await, StatusCode::CONFLICT);
    app.deliver().await;
    assert_eq!(smtp.wait_for(3, Duration::from_secs(10)).await.len(), 3, "eleven minutes later: sent again");
}

#[tokio::test]
async fn a_database_outage_answers_503_with_a_page_or_a_problem_never_a_404() {
    let app = spawn_app().await;
    let slug = app.published_event("jrps", json!({})).await;
    let a = app.workshop(&slug, "Atelier A", Some(29), MORNING.0, MORNING.1).await;
    let ana = app.registered(&slug, "ana@example.org", &[&a]).await;
    let page = format!("/manage/{}", token_of(&ana));
    assert_eq!(app.get(&page).await.status(), StatusCode::OK);

    // The database goes away under the running server.
    app.store.clone().close().await.unwrap();

    let res = app.get(&page).await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let html = res.text().await.unwrap();
    assert!(html.contains("Réessayez dans quelques minutes"), "{html}");
    crate::assert_valid_html(&html);

    let res = app.get(&format!("/api/v1/events/{slug}")).await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    let problem: Value = res.json().await.unwrap();
    assert_eq!(problem["code"], "unavailable");
    let res = app.register(&slug, &person("ben@example.org", &[&a])).await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// Every `.rs` file under `dir`, skipping test folders and files.
fn sources(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            if !["tests", "examples", "benches"].contains(&name.as_str()) {
                out.extend(sources(&path));
            }
        } else if name.ends_with(".rs") && name != "tests.rs" {
            let text = std::fs::read_to_string(&path).unwrap();
            // Unit tests at the end of a file are test code.
            let code = text.split("#[cfg(test)]").next().unwrap_or_default().to_owned();
            out.push((path, code));
        }
    }
    out
}

fn offenders(crate_dir: &str, needle: &str) -> Vec<String> {
    sources(&workspace().join(crate_dir).join("src"))
        .into_iter()
        .filter(|(_, code)| code.contains(needle))
        .map(|(path, _)| path.display().to_string())
        .collect()
}

#[test]
fn each_crate_keeps_to_its_side_of_the_architecture() {
    let forbidden: &[(&str, &[&str])] = &[
        ("crates/domain", &["sea_orm", "axum", "serde_json", "tokio", "Utc::now", "std::fs"]),
        ("crates/calendar", &["sea_orm", "axum", "tisser_persistence", "tisser_web"]),
        ("crates/mail", &["sea_orm", "axum", "tisser_persistence", "tisser_web"]),
        ("crates/persistence", &["axum", "Utc::now", "tisser_web"]),
        ("crates/web", &["sea_orm", "Utc::now"]),
        ("crates/tisser", &["sea_orm", "axum"]),
    ];
    let mut found = Vec::new();
    for (dir, needles) in forbidden {
        for needle in *needles {
            for path in offenders(dir, needle) {
                found.push(format!("{needle} in {path}"));
            }
        }
    }
    assert!(found.is_empty(), "ARCHITECTURE.md's invariants are broken:\n{}", found.join("\n"));
}

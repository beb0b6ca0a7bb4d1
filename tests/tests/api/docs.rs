//! Probes and the API's own description.

use serde_json::Value;
use tisser_tests::reqwest::StatusCode;
use tisser_tests::spawn_app;

#[tokio::test]
async fn health_readiness_openapi_and_the_browsable_page_answer() {
    let app = spawn_app().await;
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
    assert_eq!(app.get("/readyz").await.status(), StatusCode::OK);
    let spec: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    assert!(spec["openapi"].as_str().unwrap().starts_with("3."));
    assert!(spec["paths"]["/api/v1/events/{slug}/registrations"]["post"].is_object());
    assert!(spec["components"]["securitySchemes"]["bearer"].is_object());
    let page = app.get("/api/v1/docs").await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("<html lang=\"fr\">") && html.contains("/api/v1/manage/{token}"));
}

#[tokio::test]
async fn the_suite_runs_on_the_database_it_was_asked_for() {
    let app = spawn_app().await;
    let want_postgres = std::env::var("TISSER_TEST_DATABASE_URL").is_ok_and(|u| !u.is_empty());
    assert_eq!(app.store.backend() == tisser_persistence::Backend::Postgres, want_postgres);
}

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

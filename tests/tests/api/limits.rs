//! Rate limits on the public POSTs: a burst over the limit gets 429 `rate_limited` with
//! `Retry-After`; under it nothing is refused; `X-Forwarded-For` counts only from a trusted
//! proxy.

use serde_json::{Value, json};
use tisser_tests::reqwest::StatusCode;
use tisser_tests::{TestApp, person, spawn_app_configured};

async fn limited(burst: u32, trusted: &[&str]) -> TestApp {
    let trusted: Vec<std::net::IpAddr> = trusted.iter().map(|t| t.parse().unwrap()).collect();
    let app = spawn_app_configured("", |s| {
        s.rate_limit.registrations_per_minute = 1;
        s.rate_limit.links_per_minute = 1;
        s.rate_limit.burst = burst;
        s.rate_limit.trusted_proxies = trusted;
    })
    .await;
    app.published_event("jrps", json!({})).await;
    app
}

async fn register_from(app: &TestApp, i: usize, forwarded: Option<&str>) -> tisser_tests::reqwest::Response {
    let mut req = app
        .client
        .post(app.url("/api/v1/events/jrps/registrations"))
        .header("accept-language", "en")
        .json(&person(&format!("p{i}@example.org"), &[]));
    if let Some(f) = forwarded {
        req = req.header("x-forwarded-for", f);
    }
    req.send().await.unwrap()
}

#[tokio::test]
async fn a_burst_over_the_limit_gets_429_with_retry_after_and_nothing_is_saved() {
    let app = limited(3, &[]).await;
    for i in 0..3 {
        assert_eq!(register_from(&app, i, None).await.status(), StatusCode::CREATED);
    }
    let refused = register_from(&app, 3, None).await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = refused.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    assert_eq!(refused.headers()["content-type"], "application/problem+json");
    let problem: Value = refused.json().await.unwrap();
    assert_eq!(problem["code"], "rate_limited");
    assert_eq!(problem["status"], 429);
    assert_eq!(problem["title"], "Too many requests");
    assert_eq!(app.registrations("jrps", "").await.len(), 3);
    // Reading is never limited.
    assert_eq!(app.get("/api/v1/events/jrps").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn under_the_limit_nothing_is_refused() {
    let app = limited(10, &[]).await;
    for i in 0..10 {
        assert_eq!(register_from(&app, i, None).await.status(), StatusCode::CREATED);
    }
}

#[tokio::test]
async fn x_forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy() {
    let app = limited(2, &[]).await;
    for i in 0..2 {
        let f = format!("198.51.100.{i}");
        assert_eq!(register_from(&app, i, Some(&f)).await.status(), StatusCode::CREATED);
    }
    let spoofed = register_from(&app, 2, Some("198.51.100.99")).await;
    assert_eq!(spoofed.status(), StatusCode::TOO_MANY_REQUESTS, "a made-up header changes nothing");

    let proxied = limited(2, &["127.0.0.1"]).await;
    for i in 0..4 {
        // Each client behind the proxy has its own bucket; a forged left-most entry is ignored.
        let f = format!("203.0.113.7, 198.51.100.{i}");
        assert_eq!(register_from(&proxied, i, Some(&f)).await.status(), StatusCode::CREATED);
    }
    for i in 4..6 {
        let _ = register_from(&proxied, i, Some("198.51.100.50")).await;
    }
    let again = register_from(&proxied, 6, Some("10.9.9.9, 198.51.100.50")).await;
    assert_eq!(again.status(), StatusCode::TOO_MANY_REQUESTS);
}

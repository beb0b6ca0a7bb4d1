//! `GET /metrics`: absent unless enabled, behind its token when one is set, in the
//! Prometheus text format, counting by route template (never a path with a token in it).

use std::collections::BTreeMap;

use serde_json::json;
use tisser_tests::reqwest::StatusCode;
use tisser_tests::{spawn_app, spawn_app_configured, token_of};

/// One sample: its name, its labels, its value.
type Sample = (String, BTreeMap<String, String>, f64);

/// A small reader of the text format: `# ` lines skipped, `name{k="v",…} value` read.
fn parse(text: &str) -> Vec<Sample> {
    let mut samples = Vec::new();
    for line in text.lines().filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let (series, value) = line.rsplit_once(' ').unwrap_or_else(|| panic!("no value: {line}"));
        let value: f64 = value.parse().unwrap_or_else(|_| panic!("bad value: {line}"));
        let (name, labels) = match series.split_once('{') {
            None => (series.to_owned(), BTreeMap::new()),
            Some((name, rest)) => {
                let body = rest.strip_suffix('}').unwrap_or_else(|| panic!("unclosed labels: {line}"));
                let mut labels = BTreeMap::new();
                let mut chars = body.chars().peekable();
                while chars.peek().is_some() {
                    let key: String = chars.by_ref().take_while(|c| *c != '=').collect();
                    assert_eq!(chars.next(), Some('"'), "{line}");
                    let mut value = String::new();
                    while let Some(c) = chars.next() {
                        match c {
                            '\\' => match chars.next() {
                                Some('n') => value.push('\n'),
                                Some(other) => value.push(other),
                                None => panic!("{line}"),
                            },
                            '"' => break,
                            c => value.push(c),
                        }
                    }
                    labels.insert(key, value);
                    if chars.peek() == Some(&',') {
                        chars.next();
                    }
                }
                (name.to_owned(), labels)
            }
        };
        assert!(name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'), "{line}");
        samples.push((name, labels, value));
    }
    samples
}

fn value(samples: &[Sample], name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    samples
        .iter()
        .find(|(n, l, _)| n == name && labels.iter().all(|(k, v)| l.get(*k).map(String::as_str) == Some(*v)))
        .map(|(_, _, v)| *v)
}

#[tokio::test]
async fn metrics_are_absent_unless_enabled() {
    let app = spawn_app().await;
    assert_eq!(app.get("/metrics").await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_registration_shows_in_the_counters_the_outbox_and_the_seats() {
    let app = spawn_app_configured("", |s| {
        s.metrics.enabled = true;
        s.metrics.token = "jeton-de-mesure".into();
    })
    .await;
    app.published_event("jrps", json!({"capacity": 10})).await;
    let registered = app.registered("jrps", "helene@example.org", &[]).await;
    let token = token_of(&registered);
    assert_eq!(app.get(&format!("/api/v1/manage/{token}")).await.status(), StatusCode::OK);

    assert_eq!(app.get("/metrics").await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.get_as("autre", "/metrics").await.status(), StatusCode::UNAUTHORIZED);
    let scraped = app.get_as("jeton-de-mesure", "/metrics").await;
    assert_eq!(scraped.status(), StatusCode::OK);
    assert!(scraped.headers()["content-type"].to_str().unwrap().starts_with("text/plain; version=0.0.4"));
    let text = scraped.text().await.unwrap();
    assert!(!text.contains(&token), "a path's token never becomes a label");
    assert!(!text.contains("helene"), "no participant data");
    let samples = parse(&text);

    let route = "/api/v1/events/{slug}/registrations";
    let created = value(
        &samples,
        "tisser_http_requests_total",
        &[("method", "POST"), ("route", route), ("status", "201")],
    );
    assert_eq!(created, Some(1.0), "{text}");
    assert_eq!(
        value(
            &samples,
            "tisser_http_requests_total",
            &[("route", "/api/v1/manage/{token}"), ("status", "200")]
        ),
        Some(1.0)
    );
    let count = value(&samples, "tisser_http_request_duration_seconds_count", &[("route", route)]).unwrap();
    let inf =
        value(&samples, "tisser_http_request_duration_seconds_bucket", &[("route", route), ("le", "+Inf")])
            .unwrap();
    assert_eq!((count, inf), (1.0, 1.0));
    let pending = value(&samples, "tisser_outbox_pending_messages", &[]).unwrap();
    assert!(pending >= 1.0, "the confirmation waits in the outbox: {text}");
    assert!(value(&samples, "tisser_outbox_oldest_pending_age_seconds", &[]).is_some());
    assert_eq!(value(&samples, "tisser_outbox_failed_messages", &[]), Some(0.0));
    assert_eq!(value(&samples, "tisser_event_seats_taken", &[("event", "jrps")]), Some(1.0));

    app.deliver().await;
    let after = parse(&app.get_as("jeton-de-mesure", "/metrics").await.text().await.unwrap());
    assert_eq!(value(&after, "tisser_outbox_pending_messages", &[]), Some(0.0));
    assert_eq!(value(&after, "tisser_outbox_oldest_pending_age_seconds", &[]), Some(0.0));
}

//! `GET /metrics` in the Prometheus text format: requests by route template and status,
//! latency histograms per route, the outbox's depth, the age of its oldest waiting message,
//! the messages given up, and the seats taken per event.
//!
//! Labels are route templates (axum's `MatchedPath`, never the path, which may hold a
//! token), methods, statuses and event slugs: never participant data. The page exists only
//! when `metrics.enabled`; with `metrics.token` it wants `Authorization: Bearer <token>`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::AppState;
use crate::error::ApiError;

/// Whether the page exists and what opens it (`metrics.*`).
#[derive(Clone, Debug, Default)]
pub struct MetricsConfig {
    pub enabled: bool,
    /// A bearer token the scraper must send; none: the page is open (to whoever reaches it).
    pub token: Option<String>,
}

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 11] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

#[derive(Default)]
struct Histogram {
    /// Counts per bucket (not cumulative; summed when written).
    buckets: [u64; BUCKETS.len()],
    sum: f64,
    count: u64,
}

#[derive(Default)]
struct Counts {
    /// (method, route, status) → requests.
    requests: BTreeMap<(String, String, u16), u64>,
    /// route → latencies.
    latency: BTreeMap<String, Histogram>,
}

/// The requests counted since the start.
#[derive(Default)]
pub struct Metrics {
    counts: Mutex<Counts>,
}

impl Metrics {
    fn record(&self, method: &str, route: &str, status: u16, seconds: f64) {
        let mut c = self.counts.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        *c.requests.entry((method.to_owned(), route.to_owned(), status)).or_default() += 1;
        let h = c.latency.entry(route.to_owned()).or_default();
        if let Some(i) = BUCKETS.iter().position(|b| seconds <= *b) {
            h.buckets[i] += 1;
        }
        h.sum += seconds;
        h.count += 1;
    }

    fn write(&self, out: &mut String) {
        let c = self.counts.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        out.push_str("# HELP tisser_http_requests_total Requests answered, by route template and status.\n");
        out.push_str("# TYPE tisser_http_requests_total counter\n");
        for ((method, route, status), n) in &c.requests {
            let _ = writeln!(
                out,
                "tisser_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{status}\"}} {n}",
                escape(method),
                escape(route)
            );
        }
        out.push_str("# HELP tisser_http_request_duration_seconds Time to answer, by route template.\n");
        out.push_str("# TYPE tisser_http_request_duration_seconds histogram\n");
        for (route, h) in &c.latency {
            let route = escape(route);
            let mut cumulative = 0;
            for (bound, n) in BUCKETS.iter().zip(h.buckets) {
                cumulative += n;
                let _ = writeln!(
                    out,
                    "tisser_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {cumulative}"
                );
            }
            let _ = writeln!(
                out,
                "tisser_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                h.count
            );
            let _ = writeln!(out, "tisser_http_request_duration_seconds_sum{{route=\"{route}\"}} {}", h.sum);
            let _ =
                writeln!(out, "tisser_http_request_duration_seconds_count{{route=\"{route}\"}} {}", h.count);
        }
    }
}

/// A label value as the text format wants it.
fn escape(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

/// Middleware: counts every answer under its route template.
pub async fn count(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let route = request.extensions().get::<MatchedPath>().map_or("unmatched", MatchedPath::as_str).to_owned();
    // Known methods only: a client's made-up method must not grow the label set.
    let method = match *request.method() {
        Method::GET
        | Method::HEAD
        | Method::POST
        | Method::PUT
        | Method::PATCH
        | Method::DELETE
        | Method::OPTIONS => request.method().as_str(),
        _ => "other",
    }
    .to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    state.metrics.record(&method, &route, response.status().as_u16(), started.elapsed().as_secs_f64());
    response
}

fn token_ok(expected: &str, headers: &HeaderMap) -> bool {
    let given = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    // Compared as hashes: the time taken says nothing about the token.
    Sha256::digest(given.trim().as_bytes()) == Sha256::digest(expected.as_bytes())
}

/// `GET /metrics` (routed only when `metrics.enabled`).
pub async fn page(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    if let Some(expected) = &state.config.metrics.token
        && !token_ok(expected, &headers)
    {
        return Err(ApiError::unauthorized());
    }
    let gauges = state.store.gauges().await?;
    let mut out = String::new();
    state.metrics.write(&mut out);
    let now = state.now();
    let gauge = |out: &mut String, name: &str, help: &str, value: u64| {
        let _ = write!(out, "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}\n");
    };
    gauge(&mut out, "tisser_outbox_pending_messages", "Messages waiting to be sent.", gauges.outbox.pending);
    let age = gauges.oldest_pending.map_or(0, |t| u64::try_from((now - t).num_seconds()).unwrap_or(0));
    gauge(
        &mut out,
        "tisser_outbox_oldest_pending_age_seconds",
        "Age of the oldest message waiting to be sent (0 when none).",
        age,
    );
    gauge(
        &mut out,
        "tisser_outbox_failed_messages",
        "Messages given up after their last failed delivery.",
        gauges.outbox.failed,
    );
    gauge(&mut out, "tisser_outbox_sent_messages", "Messages sent.", gauges.outbox.sent);
    out.push_str(
        "# HELP tisser_event_seats_taken Seats taken per event.\n# TYPE tisser_event_seats_taken gauge\n",
    );
    for (slug, taken) in &gauges.seats_taken {
        let _ = writeln!(out, "tisser_event_seats_taken{{event=\"{}\"}} {taken}", escape(slug));
    }
    let mut response = out.into_response();
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"));
    Ok(response)
}

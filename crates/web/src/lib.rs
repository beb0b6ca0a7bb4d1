//! The HTTP interface of Tisser (axum): the contract of `API.md`, problem+json errors, the
//! OpenAPI document generated from the handlers, and a browsable page of it.
//!
//! Architecture invariant: this is the only crate that knows JSON and HTTP. Handlers parse
//! requests into domain values, call the store, and render records; they hold no rule of
//! seats or waitlists (those live in `tisser-domain`) and no SQL (that lives in
//! `tisser-persistence`). Participant data never reaches a log: request spans name the
//! route template, never the path (which may carry a manage token).

mod auth;
mod check;
pub mod dto;
pub mod error;
mod extract;
mod html;
pub mod limits;
pub mod metrics;
mod openapi;
pub mod pages;
pub mod public_cache;
mod routes;
mod session;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::http::header::{CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use tisser_persistence::Store;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::trace::TraceLayer;

use crate::error::{ApiError, Msg};

/// Settings of the HTTP interface.
#[derive(Clone, Debug)]
pub struct WebConfig {
    /// The public address participants' links start with (`https://inscriptions.example.org`).
    pub public_url: String,
    /// Largest accepted request body, in bytes.
    pub body_limit: usize,
    /// Days after an event ends before its registrations' personal data is erased
    /// (`privacy.retention_days`), told to people before they register.
    pub retention_days: u32,
    /// The address people write to (accessibility, erasure): the e-mail of `mail.from`.
    pub contact_email: String,
    /// How long an organiser's browser session lasts.
    pub sessions: tisser_persistence::SessionLimits,
    /// Rate limits on the public POSTs.
    pub rate_limit: limits::RateLimitConfig,
    /// Whether `GET /metrics` exists, and its token.
    pub metrics: metrics::MetricsConfig,
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<WebConfig>,
    /// The compiled page templates.
    pub pages: Arc<pages::Pages>,
    /// The rate limits' buckets.
    pub limiter: Arc<limits::RateLimiter>,
    /// The requests counted for `GET /metrics`.
    pub metrics: Arc<metrics::Metrics>,
    /// Public answers kept in memory (`public_cache.rs`).
    pub public_cache: Arc<public_cache::PublicCache>,
}

impl AppState {
    /// The state, with the page templates compiled and test-rendered.
    ///
    /// # Errors
    /// [`pages::TemplateError`] when a page template is broken: the server must not start.
    pub fn new(store: Store, config: WebConfig) -> Result<Self, pages::TemplateError> {
        let pages = pages::Pages::load()?;
        let limiter = Arc::new(limits::RateLimiter::new(config.rate_limit.clone()));
        Ok(Self {
            store,
            config: Arc::new(config),
            pages: Arc::new(pages),
            limiter,
            metrics: Arc::default(),
            public_cache: Arc::default(),
        })
    }

    /// "Now", by the store's clock: handlers and the store read the same one.
    #[must_use]
    pub fn now(&self) -> DateTime<Utc> {
        self.store.now()
    }

    /// The private link of a registration.
    #[must_use]
    pub fn manage_url(&self, token: &str) -> String {
        format!("{}/manage/{token}", self.config.public_url.trim_end_matches('/'))
    }
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    let body_limit = state.config.body_limit;
    let counted = state.clone();
    let mut app = Router::new();
    if state.config.metrics.enabled {
        app = app.route("/metrics", axum::routing::get(metrics::page));
    }
    app.merge(routes::health::router())
        .merge(routes::feeds::router())
        .merge(pages::router(&state))
        .merge(routes::organiser_tools::router())
        .merge(routes::dejeuners::router())
        .merge(routes::public::router())
        .merge(routes::manage::router())
        .merge(routes::organiser::router())
        .merge(openapi::router())
        .route_layer(axum::middleware::from_fn_with_state(state.clone(), public_cache::layer))
        .route_layer(axum::middleware::from_fn_with_state(state.clone(), limits::limit))
        .fallback(pages::fallback)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state)
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(axum::middleware::from_fn(error::localize))
        .layer(CatchPanicLayer::custom(|_| ApiError::internal().into_response()))
        .layer(axum::middleware::from_fn(security_headers))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|req: &Request| {
                    // The route template only: a path may carry a manage token.
                    let route =
                        req.extensions().get::<MatchedPath>().map_or("unmatched", MatchedPath::as_str);
                    tracing::info_span!("request", method = %req.method(), route)
                })
                .on_response(|res: &Response, latency: Duration, _: &tracing::Span| {
                    tracing::info!(
                        status = res.status().as_u16(),
                        latency_ms = latency.as_millis(),
                        "answered"
                    );
                }),
        )
        .layer(axum::middleware::from_fn_with_state(counted, metrics::count))
}

/// The policy of the HTML answers that are not participants' pages (the API documentation,
/// the attendance sheet): no script either, but their styles are inline.
const OTHER_HTML_POLICY: &str = "default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; \
     img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Headers on every answer, whatever produced it (handler, extractor rejection, fallback,
/// panic): `X-Content-Type-Options: nosniff`; `Referrer-Policy: no-referrer` unless the answer
/// set its own (the pages say `same-origin`, see `pages::html`); and a content security policy
/// without script on any HTML answer that has none of its own.
async fn security_headers(request: Request, next: axum::middleware::Next) -> Response {
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    h.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if !h.contains_key(REFERRER_POLICY) {
        h.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    }
    let is_html =
        h.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/html"));
    if is_html && !h.contains_key(CONTENT_SECURITY_POLICY) {
        h.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(OTHER_HTML_POLICY));
    }
    response
}

/// Serves the application on `listener` until `shutdown` completes; requests in flight are
/// finished first. The only place that runs the HTTP server.
///
/// # Errors
/// When the listener fails.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    // Changes made by other servers or background jobs make the kept public answers stale.
    public_cache::PublicCache::watch(&state.public_cache, state.store.clone());
    // The peer's address feeds the rate limits (`limits.rs`).
    axum::serve(listener, router(state).into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        Msg::new("Méthode non permise", "Method not allowed"),
        Msg::new("Cette adresse n'accepte pas cette méthode.", "This address does not accept this method."),
    )
}

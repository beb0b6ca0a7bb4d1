//! Public reads served from memory: the programmes (JSON), the calendar feeds, the home,
//! event and series pages. A read of a programme should cost the same for 10 registrations
//! as for 10,000, and the same on registration day as on a quiet one.
//!
//! An answer is kept under its address and what it varies with (the request's language
//! preferences and cookies), with the **generation** and the second (by the store's clock)
//! it was made in; it is served again while both are the same (pages say "open", "full",
//! "past" by the clock). When only the second has passed, one request makes the answer
//! again while the others still get the one of the second before (no stampede of 64
//! requests remaking the same page at each second); after a change, nobody gets the old
//! answer. The generation moves:
//! - at once, after any request of this server that may have changed something (a `POST`,
//!   `PUT`, `PATCH` or `DELETE` that did not fail), and
//! - within [`POLL`] after a change made elsewhere (another server on the same PostgreSQL,
//!   a background job): a task reads the store's `public_fingerprint()` (every event's
//!   lock version, which every change of seats or programme raises, and the number of events
//!   and series) and moves the generation when it changed.
//!
//! Only answers without a cookie to set, `200 OK`, and of a bounded size are kept; a
//! conditional request (`If-None-Match`) goes to its handler, which answers 304 itself.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{MatchedPath, Request, State};
use axum::http::header::{ACCEPT_LANGUAGE, COOKIE, IF_NONE_MATCH, SET_COOKIE};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use tisser_persistence::Store;

use crate::AppState;

/// How often changes made elsewhere are looked for.
pub const POLL: Duration = Duration::from_millis(250);
/// The most answers kept; beyond, the cache starts again empty.
const ENTRIES_MAX: usize = 2048;
/// The largest answer kept.
const BODY_MAX: usize = 4 * 1024 * 1024;

/// The routes whose GET answers are public and kept.
const CACHED: &[&str] = &[
    "/",
    "/events/{slug}",
    "/series/{slug}",
    "/api/v1/events",
    "/api/v1/events/{slug}",
    "/api/v1/events/{slug}/calendar.ics",
    "/api/v1/series/{slug}",
    "/api/v1/series/{slug}/calendar.ics",
];

struct Entry {
    generation: u64,
    second: i64,
    /// A request is making this answer again (its second has passed).
    remaking: AtomicBool,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

#[derive(Default)]
pub struct PublicCache {
    generation: AtomicU64,
    entries: RwLock<HashMap<String, Arc<Entry>>>,
}

impl PublicCache {
    /// Something changed: every answer kept is stale.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    /// The answer kept for `key`, if it may be served: made in this generation, and in this
    /// second or while another request makes it again.
    fn get(&self, key: &str, second: i64) -> Option<Arc<Entry>> {
        let generation = self.generation.load(Ordering::SeqCst);
        let entries = self.entries.read().ok()?;
        let entry = entries.get(key).filter(|e| e.generation == generation)?;
        let fresh = entry.second == second
            || entry.remaking.compare_exchange(false, true, Ordering::SeqCst, Ordering::SeqCst).is_err();
        fresh.then(|| entry.clone())
    }

    /// An answer that is not kept (not 200, a cookie, too large): whatever was kept under
    /// its key goes, so that nobody waits on a remaking that will not come.
    fn forget(&self, key: &str) {
        if let Ok(mut entries) = self.entries.write() {
            entries.remove(key);
        }
    }

    fn put(&self, key: String, entry: Entry) {
        if let Ok(mut entries) = self.entries.write() {
            if entries.len() >= ENTRIES_MAX {
                entries.clear();
            }
            entries.insert(key, Arc::new(entry));
        }
    }

    /// Moves the generation whenever the store's public fingerprint changes; runs until the
    /// cache is dropped.
    pub fn watch(cache: &Arc<Self>, store: Store) {
        let weak = Arc::downgrade(cache);
        tokio::spawn(async move {
            let mut last = None;
            loop {
                tokio::time::sleep(POLL).await;
                let Some(cache) = weak.upgrade() else { return };
                if let Ok(now) = store.public_fingerprint().await {
                    if last.is_some_and(|l| l != now) {
                        cache.invalidate();
                    }
                    last = Some(now);
                }
            }
        });
    }
}

fn header_text<'a>(headers: &'a HeaderMap, name: &axum::http::HeaderName) -> &'a str {
    headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default()
}

/// The cache as a route layer.
pub async fn layer(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let cache = &state.public_cache;
    let method = request.method().clone();
    if method != Method::GET && method != Method::HEAD {
        let response = next.run(request).await;
        if !response.status().is_client_error() && !response.status().is_server_error() {
            cache.invalidate();
        }
        return response;
    }
    let route = request.extensions().get::<MatchedPath>().map(|m| m.as_str().to_owned());
    let cacheable = method == Method::GET
        && route.as_deref().is_some_and(|r| CACHED.contains(&r))
        && !request.headers().contains_key(IF_NONE_MATCH);
    if !cacheable {
        return next.run(request).await;
    }
    let key = format!(
        "{}\n{}\n{}",
        request.uri(),
        header_text(request.headers(), &ACCEPT_LANGUAGE),
        header_text(request.headers(), &COOKIE)
    );
    let second = state.now().timestamp();
    if let Some(hit) = cache.get(&key, second) {
        let mut response = Response::new(Body::from(hit.body.clone()));
        *response.status_mut() = hit.status;
        *response.headers_mut() = hit.headers.clone();
        return response;
    }
    let generation = cache.generation.load(Ordering::SeqCst);
    let response = next.run(request).await;
    if response.status() != StatusCode::OK || response.headers().contains_key(SET_COOKIE) {
        cache.forget(&key);
        return response;
    }
    let (parts, body) = response.into_parts();
    let small = axum::body::HttpBody::size_hint(&body).upper().is_some_and(|n| n <= BODY_MAX as u64);
    if !small {
        cache.forget(&key);
        return Response::from_parts(parts, body);
    }
    match axum::body::to_bytes(body, BODY_MAX).await {
        Ok(body) => {
            cache.put(
                key,
                Entry {
                    generation,
                    second,
                    remaking: AtomicBool::new(false),
                    status: parts.status,
                    headers: parts.headers.clone(),
                    body: body.clone(),
                },
            );
            Response::from_parts(parts, Body::from(body))
        }
        Err(_) => {
            let mut failed = Response::new(Body::empty());
            *failed.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
            failed
        }
    }
}

//! Rate limits on the public POSTs, per client address: a token bucket per (route group,
//! address), in memory, in a bounded map. Registrations (the JSON API and the form) share one
//! group; the links sent by e-mail (lost link, organiser sign-in) another.
//!
//! The client address is the socket's peer; `X-Forwarded-For` is read only when the peer is
//! one of the configured trusted proxies, and then its right-most address that is not a
//! trusted proxy is the client. Addresses are participant data: they are never logged.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::error::ApiError;
use crate::pages::{self, PageError};

/// The limits, from the configuration (`rate_limit.*`).
#[derive(Clone, Debug)]
pub struct RateLimitConfig {
    pub enabled: bool,
    /// Registrations (API and form) per minute and address.
    pub registrations_per_minute: u32,
    /// Links asked (lost link, organiser sign-in) per minute and address.
    pub links_per_minute: u32,
    /// How many requests an address may make at once before the rate applies.
    pub burst: u32,
    /// Proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<IpAddr>,
}

impl Default for RateLimitConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            registrations_per_minute: 30,
            links_per_minute: 10,
            burst: 20,
            trusted_proxies: Vec::new(),
        }
    }
}

/// The routes limited together.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Group {
    Registrations,
    Links,
}

/// How a refusal is answered.
#[derive(Clone, Copy)]
enum Answer {
    Problem,
    Page,
}

/// The limited routes (templates, as axum matched them) and their group.
fn group_of(method: &Method, route: &str) -> Option<(Group, Answer)> {
    if method != Method::POST {
        return None;
    }
    match route {
        "/api/v1/events/{slug}/registrations" => Some((Group::Registrations, Answer::Problem)),
        "/events/{slug}/register" => Some((Group::Registrations, Answer::Page)),
        "/lost-link" | "/organiser/sign-in" => Some((Group::Links, Answer::Page)),
        _ => None,
    }
}

#[derive(Clone, Copy, Debug)]
struct Bucket {
    tokens: f64,
    last: Instant,
}

/// Most addresses remembered at once; past it, the buckets that are full again (which
/// forgetting changes nothing for) go first, then the least recently seen.
const MAX_ENTRIES: usize = 10_000;

/// The buckets.
pub struct RateLimiter {
    config: RateLimitConfig,
    buckets: Mutex<HashMap<(Group, IpAddr), Bucket>>,
}

impl RateLimiter {
    #[must_use]
    pub fn new(config: RateLimitConfig) -> Self {
        Self { config, buckets: Mutex::new(HashMap::new()) }
    }

    fn per_second(&self, group: Group) -> f64 {
        let per_minute = match group {
            Group::Registrations => self.config.registrations_per_minute,
            Group::Links => self.config.links_per_minute,
        };
        f64::from(per_minute.max(1)) / 60.0
    }

    /// Takes a token; when there is none, how long until there is one.
    fn take(&self, group: Group, ip: IpAddr, now: Instant) -> Result<(), Duration> {
        let rate = self.per_second(group);
        let capacity = f64::from(self.config.burst.max(1));
        // A poisoned lock only means another request panicked while holding it: the map
        // itself is still a valid map of buckets.
        let mut buckets = self.buckets.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if buckets.len() >= MAX_ENTRIES && !buckets.contains_key(&(group, ip)) {
            self.evict(&mut buckets, now);
        }
        let bucket = buckets.entry((group, ip)).or_insert(Bucket { tokens: capacity, last: now });
        let elapsed = now.saturating_duration_since(bucket.last).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * rate).min(capacity);
        bucket.last = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - bucket.tokens) / rate))
        }
    }

    fn evict(&self, buckets: &mut HashMap<(Group, IpAddr), Bucket>, now: Instant) {
        let capacity = f64::from(self.config.burst.max(1));
        buckets.retain(|(group, _), b| {
            let refill = now.saturating_duration_since(b.last).as_secs_f64() * self.per_second(*group);
            b.tokens + refill < capacity
        });
        if buckets.len() >= MAX_ENTRIES {
            // Still full of active addresses: forget the least recently seen half.
            let mut seen: Vec<Instant> = buckets.values().map(|b| b.last).collect();
            seen.sort_unstable();
            if let Some(&cut) = seen.get(seen.len() / 2) {
                buckets.retain(|_, b| b.last > cut);
            }
        }
    }

    /// The client's address: the peer, or when the peer is a trusted proxy the right-most
    /// address of `X-Forwarded-For` that is not one.
    fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let trusted = &self.config.trusted_proxies;
        if !trusted.contains(&peer) {
            return peer;
        }
        // Walk back from the right past the trusted proxies.
        let forwarded: Vec<IpAddr> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|t| t.split(','))
            .filter_map(|p| p.trim().parse::<IpAddr>().ok())
            .collect();
        forwarded.iter().rev().find(|ip| !trusted.contains(ip)).copied().unwrap_or(peer)
    }
}

/// Middleware (after routing): refuses a limited POST over its address's limit with 429 and
/// `Retry-After`, as problem+json on the API and as a page in the reader's language elsewhere.
pub async fn limit(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let limiter = &state.limiter;
    if !limiter.config.enabled {
        return next.run(request).await;
    }
    let route = request.extensions().get::<MatchedPath>().map(MatchedPath::as_str);
    let Some((group, answer)) = route.and_then(|r| group_of(request.method(), r)) else {
        return next.run(request).await;
    };
    // Without a socket peer (a server not started by `serve`) there is no address to count.
    let Some(ConnectInfo(peer)) = request.extensions().get::<ConnectInfo<SocketAddr>>().copied() else {
        return next.run(request).await;
    };
    let ip = limiter.client(peer.ip(), request.headers());
    let Err(wait) = limiter.take(group, ip, Instant::now()) else {
        return next.run(request).await;
    };
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    tracing::info!(group = ?group, retry_after = seconds, "rate limited");
    let mut response = match answer {
        Answer::Problem => ApiError::rate_limited(seconds).into_response(),
        Answer::Page => {
            let lang = pages::lang_of(&request);
            pages::error_page(&state, lang, request.uri().path(), &PageError::RateLimited)
        }
    };
    response.headers_mut().insert(RETRY_AFTER, HeaderValue::from(seconds));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter(trusted: &[&str]) -> RateLimiter {
        RateLimiter::new(RateLimitConfig {
            enabled: true,
            registrations_per_minute: 60,
            links_per_minute: 6,
            burst: 2,
            trusted_proxies: trusted.iter().map(|t| t.parse().unwrap()).collect(),
        })
    }

    #[test]
    fn a_burst_then_the_rate() {
        let l = limiter(&[]);
        let ip: IpAddr = "192.0.2.1".parse().unwrap();
        let t = Instant::now();
        assert!(l.take(Group::Registrations, ip, t).is_ok());
        assert!(l.take(Group::Registrations, ip, t).is_ok());
        let wait = l.take(Group::Registrations, ip, t).unwrap_err();
        assert!(wait <= Duration::from_secs(1));
        assert!(l.take(Group::Links, ip, t).is_ok(), "another group has its own bucket");
        assert!(l.take(Group::Registrations, ip, t + Duration::from_secs(1)).is_ok());
    }

    #[test]
    fn forwarded_addresses_only_from_a_trusted_peer() {
        let l = limiter(&["10.0.0.1", "10.0.0.2"]);
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", HeaderValue::from_static("203.0.113.9, 198.51.100.7, 10.0.0.2"));
        let stranger: IpAddr = "192.0.2.5".parse().unwrap();
        assert_eq!(l.client(stranger, &h), stranger);
        assert_eq!(l.client("10.0.0.1".parse().unwrap(), &h), "198.51.100.7".parse::<IpAddr>().unwrap());
    }

    #[test]
    fn the_map_stays_bounded() {
        let l = limiter(&[]);
        let t = Instant::now();
        for i in 0..(MAX_ENTRIES as u32 + 10) {
            let ip = IpAddr::from(std::net::Ipv4Addr::from(i));
            let _ = l.take(Group::Links, ip, t);
        }
        assert!(l.buckets.lock().unwrap().len() <= MAX_ENTRIES);
    }
}

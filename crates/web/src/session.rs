//! The safety of the pages' forms, without script (double-submit token):
//!
//! - showing a form page gives the browser a random token in a cookie
//!   (`SameSite=Strict; HttpOnly; Path=/`) and the same token in a hidden field;
//! - every page POST must bring both, equal (compared in constant time);
//! - a POST whose `Origin` names another site, or whose `Sec-Fetch-Site` is `cross-site`,
//!   is refused too.
//!
//! Another site can make a browser post a form, but it can neither read nor set our cookie:
//! it cannot know the token. A refused POST changes nothing and answers 403.

use axum::http::header::{COOKIE, HOST, ORIGIN, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue};

/// The cookie holding the token.
pub const COOKIE_NAME: &str = "tisser_csrf";
/// The hidden field echoing it.
pub const FIELD: &str = "csrf_token";

/// The value of a cookie the request carries.
#[must_use]
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim())
}

fn well_formed(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The token of a form page: the browser's own when it sent one, else a new one with the
/// cookie to set.
#[must_use]
pub fn issue(headers: &HeaderMap, secure: bool) -> (String, Option<HeaderValue>) {
    if let Some(token) = cookie(headers, COOKIE_NAME).filter(|t| well_formed(t)) {
        return (token.to_owned(), None);
    }
    let mut bytes = [0u8; 32];
    if getrandom::fill(&mut bytes).is_err() {
        // No randomness: an empty token that no POST can match (the form then expires).
        return (String::new(), None);
    }
    let token = hex::encode(bytes);
    let secure = if secure { "; Secure" } else { "" };
    let cookie = format!("{COOKIE_NAME}={token}; Path=/; HttpOnly; SameSite=Strict{secure}");
    (token, HeaderValue::from_str(&cookie).ok())
}

/// Adds the cookie of [`issue`] to an answer.
pub fn set_cookie(headers: &mut HeaderMap, cookie: Option<HeaderValue>) {
    if let Some(value) = cookie {
        headers.append(SET_COOKIE, value);
    }
}

/// Equality that takes the same time wherever the first difference is.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The origin (`scheme://host[:port]`) of an address.
fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    Some(format!("{}://{}", scheme.to_ascii_lowercase(), host.to_ascii_lowercase()))
}

/// Whether a page POST may be done: same site, and the token of the form equals the one of
/// the cookie.
#[must_use]
pub fn verify(headers: &HeaderMap, form_token: Option<&str>, public_url: &str) -> bool {
    if headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("cross-site"))
    {
        return false;
    }
    if let Some(origin) = headers.get(ORIGIN) {
        let Some(origin) = origin.to_str().ok().and_then(origin_of) else { return false };
        let host = headers.get(HOST).and_then(|h| h.to_str().ok()).map(str::to_ascii_lowercase);
        let ours = origin_of(public_url).is_some_and(|o| o == origin)
            || host.is_some_and(|h| origin == format!("http://{h}") || origin == format!("https://{h}"));
        if !ours {
            return false;
        }
    }
    match (cookie(headers, COOKIE_NAME), form_token) {
        (Some(c), Some(f)) if well_formed(c) => same(c.as_bytes(), f.trim().as_bytes()),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn a_form_passes_with_the_cookies_token_from_the_same_site_only() {
        let token = "a".repeat(64);
        let cookie = format!("lang=fr; {COOKIE_NAME}={token}");
        let url = "https://inscriptions.example.org";
        assert!(verify(&headers(&[("cookie", &cookie)]), Some(&token), url));
        assert!(verify(
            &headers(&[("cookie", &cookie), ("origin", "https://inscriptions.example.org")]),
            Some(&token),
            url
        ));
        assert!(verify(
            &headers(&[("cookie", &cookie), ("origin", "http://127.0.0.1:8080"), ("host", "127.0.0.1:8080")]),
            Some(&token),
            url
        ));
        assert!(!verify(
            &headers(&[("cookie", &cookie), ("origin", "https://evil.example")]),
            Some(&token),
            url
        ));
        assert!(!verify(&headers(&[("cookie", &cookie), ("origin", "null")]), Some(&token), url));
        assert!(!verify(
            &headers(&[("cookie", &cookie), ("sec-fetch-site", "cross-site")]),
            Some(&token),
            url
        ));
        assert!(!verify(&headers(&[("cookie", &cookie)]), Some(&"b".repeat(64)), url));
        assert!(!verify(&headers(&[("cookie", &cookie)]), None, url));
        assert!(!verify(&headers(&[]), Some(&token), url));
    }

    #[test]
    fn a_page_reuses_the_browsers_token_or_makes_a_new_one() {
        let token = "c".repeat(64);
        let (same_token, set) = issue(&headers(&[("cookie", &format!("{COOKIE_NAME}={token}"))]), false);
        assert_eq!((same_token, set), (token, None));
        let (fresh, set) = issue(&HeaderMap::new(), true);
        assert_eq!(fresh.len(), 64);
        let set = set.unwrap();
        let set = set.to_str().unwrap();
        assert!(
            set.contains("HttpOnly") && set.contains("SameSite=Strict") && set.contains("Secure"),
            "{set}"
        );
    }
}

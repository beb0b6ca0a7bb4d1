//! Rate limits on the forms: over the limit, a 429 page in the reader's language with
//! `Retry-After`.

use tisser_tests::reqwest::StatusCode;
use tisser_tests::spawn_app_configured;

use crate::{Browser, jrps, person_fields};

#[tokio::test]
async fn too_many_forms_from_one_address_get_a_429_page_in_their_language() {
    let app = spawn_app_configured("", |s| {
        s.rate_limit.registrations_per_minute = 1;
        s.rate_limit.links_per_minute = 1;
        s.rate_limit.burst = 2;
    })
    .await;
    let (a, _, _, _) = jrps(&app, "jrps", 29).await;
    let browser = Browser::new(&app);
    for i in 0..2 {
        browser.get("/events/jrps/register").await;
        let email = format!("p{i}@example.org");
        let done = browser.submit("/events/jrps/register", &person_fields(&email, &[("slot-0", &a)])).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.html);
    }
    browser.get("/events/jrps/register").await;
    let refused =
        browser.submit("/events/jrps/register", &person_fields("p9@example.org", &[("slot-0", &a)])).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.headers.contains_key("retry-after"));
    assert!(refused.html.contains("Trop de demandes"), "{}", refused.html);
    tisser_tests::assert_valid_html(&refused.html);
    assert_eq!(app.registrations("jrps", "").await.len(), 2);

    // Links have their own bucket; the page follows the reader's language.
    let english = Browser::new(&app);
    for _ in 0..2 {
        english.get("/lost-link?lang=en").await;
        let sent = english.submit("/lost-link", &[("email", "p0@example.org")]).await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.html);
    }
    english.get("/lost-link").await;
    let refused = english.submit("/lost-link", &[("email", "p0@example.org")]).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.headers.contains_key("retry-after"));
    assert!(refused.html.contains("Too many requests"), "{}", refused.html);
}

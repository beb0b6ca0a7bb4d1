//! Two hundred people filling the HTML form at once for a 29-seat workshop.

use std::collections::BTreeSet;

use futures::future::join_all;
use serde_json::Value;
use tisser_tests::reqwest::StatusCode;
use tisser_tests::spawn_app;

use crate::{Browser, jrps, person_fields};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_forms_for_a_29_seat_workshop_give_29_seats_and_a_line_in_arrival_order() {
    let app = spawn_app().await;
    let (a, _, _, _) = jrps(&app, "jrps", 29).await;
    let people = (0..200).map(|i| {
        let app = &app;
        let a = a.clone();
        async move {
            let browser = Browser::new(app);
            let form = browser.get("/events/jrps/register").await;
            assert_eq!(form.status, StatusCode::OK);
            let email = format!("personne{i}@example.org");
            let done =
                browser.submit("/events/jrps/register", &person_fields(&email, &[("slot-0", &a)])).await;
            assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.html);
            let manage = done.location.unwrap().trim_end_matches("/confirmation").to_owned();
            let mine: Value = app.get(&format!("/api/v1{manage}")).await.json().await.unwrap();
            (email, mine)
        }
    });
    let answers: Vec<(String, Value)> = join_all(people).await;
    let confirmed = answers.iter().filter(|(_, r)| r["sessions"][0]["status"] == "confirmed").count();
    assert_eq!(confirmed, 29);
    let mut places: Vec<u64> = answers
        .iter()
        .filter(|(_, r)| r["sessions"][0]["status"] == "waitlisted")
        .map(|(_, r)| r["sessions"][0]["waitlist_position"].as_u64().unwrap())
        .collect();
    places.sort_unstable();
    assert_eq!(places, (1..=171).collect::<Vec<u64>>());

    let stored = app.registrations("jrps", "").await;
    assert_eq!(stored.len(), 200);
    let emails: BTreeSet<&str> = stored.iter().map(|r| r["email"].as_str().unwrap()).collect();
    assert_eq!(emails.len(), 200, "nobody twice");
    let event: Value = app.get("/api/v1/events/jrps").await.json().await.unwrap();
    let workshop = event["sessions"].as_array().unwrap().iter().find(|s| s["id"] == a).unwrap();
    assert_eq!(workshop["seats_left"], 0);
    assert_eq!(workshop["waitlist_length"], 171);
}

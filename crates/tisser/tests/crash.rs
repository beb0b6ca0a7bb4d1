//! A crash in the middle of registration day: `tisser serve` is killed with `SIGKILL` (no
//! goodbye) while clients keep registering for one small workshop, then started again. Every
//! registration that was answered 201 is there; a request that got no answer is either
//! wholly there or not at all; the seats counted match the seats held, the waiting line is
//! in order without gaps; and every message that was waiting is delivered once.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use common::{admin_token, database, scratch, serve_mailing};
use serde_json::{Value, json};
use tisser_tests::smtp::Smtp;

const CLIENTS: usize = 8;
const SEATS: u64 = 12;
/// The server is killed once this many registrations were answered 201 (a count, not a time:
/// a fast server would otherwise pile up more messages than the redelivery waits for).
const ACKNOWLEDGED_BEFORE_KILL: usize = 200;

/// What a client saw of one registration.
enum Outcome {
    /// 201, with the registration's id.
    Created(String),
    /// No answer (the server died with the request in flight).
    Unknown,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_under_load_loses_no_acknowledged_registration_and_leaves_nothing_half_written() {
    let dir = scratch();
    let db = database().await;
    // The SMTP server is down during the load: every message waits in the outbox.
    let mut smtp = Smtp::stopped();
    let token = admin_token(&dir, db.as_deref());
    let mut first = serve_mailing(&dir, db.as_deref(), &smtp);
    let client = reqwest::Client::builder().timeout(Duration::from_secs(10)).build().unwrap();
    let res = client
        .post(format!("{}/api/v1/events", first.1))
        .bearer_auth(&token)
        .json(&json!({"slug": "jrps", "title": "JRPS", "format": "in_person", "status": "published"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let res = client
        .post(format!("{}/api/v1/events/jrps/sessions", first.1))
        .bearer_auth(&token)
        .json(&json!({"title": "Atelier A", "kind": "workshop", "capacity": SEATS,
                      "starts_at": "2030-04-23T10:45:00+02:00", "ends_at": "2030-04-23T12:30:00+02:00"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let workshop = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();

    // Clients register one after another until the server dies under them.
    let dead = Arc::new(AtomicBool::new(false));
    let acknowledged = Arc::new(AtomicUsize::new(0));
    let base = first.1.clone();
    let tasks: Vec<_> = (0..CLIENTS)
        .map(|c| {
            let (client, base, dead, workshop, acknowledged) =
                (client.clone(), base.clone(), dead.clone(), workshop.clone(), acknowledged.clone());
            tokio::spawn(async move {
                let mut seen = Vec::new();
                for i in 0.. {
                    if dead.load(Ordering::SeqCst) {
                        break;
                    }
                    let email = format!("c{c}-{i}@example.org");
                    let sent = client
                        .post(format!("{base}/api/v1/events/jrps/registrations"))
                        .json(&json!({"email": email, "first_name": "Léa", "last_name": "Martin",
                                      "sessions": [workshop]}))
                        .send()
                        .await;
                    let outcome = match sent {
                        Ok(res) if res.status() == 201 => match res.json::<Value>().await {
                            Ok(body) => {
                                acknowledged.fetch_add(1, Ordering::SeqCst);
                                Outcome::Created(body["id"].as_str().unwrap().to_owned())
                            }
                            Err(_) => Outcome::Unknown,
                        },
                        Ok(res) => panic!("{email}: {} before the crash", res.status()),
                        Err(_) => Outcome::Unknown,
                    };
                    let unknown = matches!(outcome, Outcome::Unknown);
                    seen.push((email, outcome));
                    if unknown {
                        break;
                    }
                }
                seen
            })
        })
        .collect();
    // Killed in the middle of the load, requests in flight (at most 30 s of it).
    for _ in 0..3000 {
        if acknowledged.load(Ordering::SeqCst) >= ACKNOWLEDGED_BEFORE_KILL {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    first.0.kill().unwrap(); // SIGKILL
    first.0.wait().unwrap();
    dead.store(true, Ordering::SeqCst);
    let mut created = BTreeMap::new();
    let mut unknown = BTreeSet::new();
    for task in tasks {
        for (email, outcome) in task.await.unwrap() {
            match outcome {
                Outcome::Created(id) => {
                    created.insert(email, id);
                }
                Outcome::Unknown => {
                    unknown.insert(email);
                }
            }
        }
    }
    drop(first);
    assert!(created.len() > SEATS as usize, "the load went past the seats: {} registrations", created.len());

    // Started again, with the SMTP server up.
    smtp.resume();
    let second = serve_mailing(&dir, db.as_deref(), &smtp);
    let listed: Vec<Value> = client
        .get(format!("{}/api/v1/events/jrps/registrations", second.1))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let stored: BTreeMap<String, &Value> =
        listed.iter().map(|r| (r["email"].as_str().unwrap().to_owned(), r)).collect();
    // Every 201 is there, under its id.
    for (email, id) in &created {
        let r = stored.get(email).unwrap_or_else(|| panic!("{email} was answered 201 and is gone"));
        assert_eq!(r["id"], id.as_str());
    }
    // Nothing else but the requests left without an answer, each whole: a choice of the
    // workshop, a seat or a place in line.
    for (email, r) in &stored {
        assert!(created.contains_key(email) || unknown.contains(email), "{email} came from nowhere");
        let choices = r["sessions"].as_array().unwrap();
        assert_eq!(choices.len(), 1, "{email}: half written? {r}");
        assert!(["confirmed", "waitlisted"].contains(&choices[0]["status"].as_str().unwrap()), "{r}");
    }
    // The seats counted are the seats held; the line is 1, 2, 3… in order of arrival.
    let confirmed = listed.iter().filter(|r| r["sessions"][0]["status"] == "confirmed").count() as u64;
    assert_eq!(confirmed, SEATS.min(listed.len() as u64));
    let event: Value =
        client.get(format!("{}/api/v1/events/jrps", second.1)).send().await.unwrap().json().await.unwrap();
    let session =
        event["sessions"].as_array().unwrap().iter().find(|s| s["id"] == workshop.as_str()).unwrap();
    assert_eq!(session["seats_left"], json!(SEATS - confirmed), "{session}");
    let mut positions: Vec<u64> =
        listed.iter().filter_map(|r| r["sessions"][0]["waitlist_position"].as_u64()).collect();
    positions.sort_unstable();
    assert_eq!(positions, (1..=positions.len() as u64).collect::<Vec<_>>());

    // Every message that waited is delivered, once.
    let messages = smtp.wait_for(stored.len(), Duration::from_secs(60)).await;
    assert_eq!(messages.len(), stored.len());
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let mut per_person: BTreeMap<String, usize> = BTreeMap::new();
    for m in smtp.messages() {
        for to in m.to {
            *per_person.entry(to).or_default() += 1;
        }
    }
    assert_eq!(per_person.len(), stored.len(), "everyone registered got their message");
    assert!(per_person.values().all(|n| *n == 1), "nobody got it twice: {per_person:?}");
    drop(second);
    let _ = std::fs::remove_dir_all(&dir);
}

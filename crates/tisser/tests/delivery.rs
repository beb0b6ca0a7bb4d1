//! E-mail delivery by real `tisser serve` processes: a crash loses nothing and sends nothing
//! twice, and two processes on one database send each message once.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;
use std::time::Duration;

use common::{admin_token, database, scratch, serve_mailing};
use futures::future::join_all;
use serde_json::json;
use tisser_tests::smtp::Smtp;

async fn event(client: &reqwest::Client, base: &str, token: &str) {
    let res = client
        .post(format!("{base}/api/v1/events"))
        .bearer_auth(token)
        .json(&json!({"slug": "jrps", "title": "JRPS", "format": "in_person", "status": "published"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
}

async fn register(client: &reqwest::Client, base: &str, email: &str) {
    let res = client
        .post(format!("{base}/api/v1/events/jrps/registrations"))
        .json(&json!({"email": email, "first_name": "Léa", "last_name": "Martin"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
}

/// How many messages each address received.
fn per_person(smtp: &Smtp) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for m in smtp.messages() {
        for to in m.to {
            *counts.entry(to).or_default() += 1;
        }
    }
    counts
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn messages_pending_when_the_server_is_killed_are_delivered_after_restart_once_each() {
    let dir = scratch();
    let db = database().await;
    let mut smtp = Smtp::stopped();
    let token = admin_token(&dir, db.as_deref());
    let first = serve_mailing(&dir, db.as_deref(), &smtp);
    let client = reqwest::Client::new();
    event(&client, &first.1, &token).await;
    for i in 0..20 {
        register(&client, &first.1, &format!("p{i}@example.org")).await;
    }
    // The SMTP server is down: the worker tries, fails, and keeps everything for later.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut first = first;
    first.0.kill().unwrap(); // SIGKILL: no goodbye.
    first.0.wait().unwrap();
    drop(first);

    smtp.resume();
    let _second = serve_mailing(&dir, db.as_deref(), &smtp);
    let messages = smtp.wait_for(20, Duration::from_secs(30)).await;
    assert_eq!(messages.len(), 20);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let counts = per_person(&smtp);
    assert_eq!(counts.len(), 20, "everyone got their message");
    assert!(counts.values().all(|n| *n == 1), "nobody got it twice: {counts:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_on_one_database_send_each_of_500_confirmations_once() {
    let dir = scratch();
    let db = database().await;
    let smtp = Smtp::start();
    let token = admin_token(&dir, db.as_deref());
    let a = serve_mailing(&dir, db.as_deref(), &smtp);
    let b = serve_mailing(&dir, db.as_deref(), &smtp);
    let client = reqwest::Client::new();
    event(&client, &a.1, &token).await;
    let bases = [a.1.clone(), b.1.clone()];
    for chunk in (0..500).collect::<Vec<_>>().chunks(25) {
        join_all(chunk.iter().map(|i| {
            let base = &bases[i % 2];
            let client = &client;
            async move { register(client, base, &format!("personne{i}@example.org")).await }
        }))
        .await;
    }
    let messages = smtp.wait_for(500, Duration::from_secs(120)).await;
    assert_eq!(messages.len(), 500);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let counts = per_person(&smtp);
    assert_eq!(counts.len(), 500);
    assert!(counts.values().all(|n| *n == 1), "a message went twice");
    drop((a, b));
    let _ = std::fs::remove_dir_all(&dir);
}

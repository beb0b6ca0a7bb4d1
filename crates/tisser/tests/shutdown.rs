//! Stopping `tisser serve` with a signal, as a service manager or a container runtime does:
//! the requests in flight are finished and answered, then the process exits, within the grace
//! period.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use common::{Server, admin_token, database, scratch, serve_with};
use serde_json::{Value, json};

const BURST: usize = 50;

/// Sends `signal` (`TERM`, `INT`) to the server process with the `kill` command.
fn signal(server: &Server, signal: &str) {
    let status =
        Command::new("kill").arg(format!("-{signal}")).arg(server.0.id().to_string()).status().unwrap();
    assert!(status.success(), "kill -{signal}");
}

/// Waits for the server process to exit, at most `limit`; returns its exit status and how long
/// it took.
fn wait_exit(server: &mut Server, limit: Duration) -> (std::process::ExitStatus, Duration) {
    let start = Instant::now();
    loop {
        if let Some(status) = server.0.try_wait().unwrap() {
            return (status, start.elapsed());
        }
        assert!(start.elapsed() < limit, "the server is still running after {limit:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// `host:port` of `http://host:port`.
fn authority(base: &str) -> String {
    base.trim_start_matches("http://").to_owned()
}

/// The request line and headers of a registration, and its body.
fn registration(addr: &str, i: usize) -> (String, Vec<u8>) {
    let body = serde_json::to_vec(&json!({
        "email": format!("p{i}@example.org"),
        "first_name": "Léa",
        "last_name": "Martin",
    }))
    .unwrap();
    let head = format!(
        "POST /api/v1/events/jrps/registrations HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    (head, body)
}

/// The status and the JSON body of a whole HTTP/1.1 answer read to its end.
fn parse(answer: &[u8]) -> (u16, Value) {
    let text = String::from_utf8_lossy(answer);
    let (head, body) =
        text.split_once("\r\n\r\n").unwrap_or_else(|| panic!("an incomplete answer: {text:?}"));
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    let length: usize = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse().unwrap())
        })
        .unwrap_or_else(|| panic!("no content-length: {head}"));
    assert_eq!(body.len(), length, "a truncated answer: {text:?}");
    (status, serde_json::from_str(body).unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_during_a_burst_of_registrations_answers_every_one_and_exits_cleanly() {
    let dir = scratch();
    let db = database().await;
    let token = admin_token(&dir, db.as_deref());
    let mut server = serve_with(&dir, db.as_deref(), &[("TISSER__SERVER__SHUTDOWN_GRACE_SECONDS", "20")]);
    let client = reqwest::Client::new();
    let res = client
        .post(format!("{}/api/v1/events", server.1))
        .bearer_auth(&token)
        .json(&json!({"slug": "jrps", "title": "JRPS", "format": "in_person", "status": "published"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);

    let addr = authority(&server.1);
    let (answers, elapsed, status) = tokio::task::spawn_blocking(move || {
        // Every request is sent up to the middle of its body, so that the server has accepted
        // it and is reading it when the signal comes; the rest of the body follows the signal.
        let started = Arc::new(Barrier::new(BURST + 1));
        let go_on = Arc::new(Barrier::new(BURST + 1));
        let clients: Vec<_> = (0..BURST)
            .map(|i| {
                let (started, go_on, addr) = (started.clone(), go_on.clone(), addr.clone());
                std::thread::spawn(move || {
                    let (head, body) = registration(&addr, i);
                    let mut stream = TcpStream::connect(&addr).unwrap();
                    stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
                    let half = body.len() / 2;
                    stream.write_all(head.as_bytes()).unwrap();
                    stream.write_all(&body[..half]).unwrap();
                    started.wait();
                    go_on.wait();
                    stream.write_all(&body[half..]).unwrap();
                    let mut answer = Vec::new();
                    stream.read_to_end(&mut answer).expect("an answer, not a reset connection");
                    answer
                })
            })
            .collect();
        started.wait();
        std::thread::sleep(Duration::from_millis(300));
        signal(&server, "TERM");
        let signalled = Instant::now();
        std::thread::sleep(Duration::from_millis(300));
        assert!(TcpStream::connect(&addr).is_err(), "after SIGTERM the server accepts no new connection");
        go_on.wait();
        let answers: Vec<Vec<u8>> = clients.into_iter().map(|c| c.join().unwrap()).collect();
        let (status, _) = wait_exit(&mut server, Duration::from_secs(25));
        (answers, signalled.elapsed(), status)
    })
    .await
    .unwrap();

    assert!(status.success(), "exit status {status:?}");
    assert!(elapsed < Duration::from_secs(20), "exited after {elapsed:?}, beyond the grace period");
    let mut ids = BTreeSet::new();
    for answer in &answers {
        let (code, body) = parse(answer);
        assert_eq!(code, 201, "{body}");
        ids.insert(body["id"].as_str().unwrap().to_owned());
    }
    assert_eq!(ids.len(), BURST);

    // Every registration answered 201 is in the database.
    let server = serve_with(&dir, db.as_deref(), &[]);
    let listed: Value = client
        .get(format!("{}/api/v1/events/jrps/registrations", server.1))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let stored: BTreeSet<String> =
        listed.as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_owned()).collect();
    assert_eq!(stored, ids);
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigint_with_a_request_stuck_past_the_grace_period_stops_at_the_end_of_it() {
    let dir = scratch();
    let db = database().await;
    let mut server = serve_with(&dir, db.as_deref(), &[("TISSER__SERVER__SHUTDOWN_GRACE_SECONDS", "1")]);
    let addr = authority(&server.1);
    let (status, elapsed) = tokio::task::spawn_blocking(move || {
        // A client that sends half a body and never the rest.
        let (head, body) = registration(&addr, 0);
        let mut stream = TcpStream::connect(&addr).unwrap();
        stream.write_all(head.as_bytes()).unwrap();
        stream.write_all(&body[..body.len() / 2]).unwrap();
        std::thread::sleep(Duration::from_millis(300));
        signal(&server, "INT");
        let (status, elapsed) = wait_exit(&mut server, Duration::from_secs(10));
        drop(stream);
        (status, elapsed)
    })
    .await
    .unwrap();
    assert!(!status.success(), "work was cut short: the exit status says so");
    assert!(elapsed >= Duration::from_millis(900), "it waited for the grace period: {elapsed:?}");
    assert!(elapsed < Duration::from_secs(5), "and not much longer: {elapsed:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

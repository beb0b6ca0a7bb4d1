//! `TISSER__LOG__FORMAT=json`: the built binary writes one JSON object a line, naming the
//! route template of a request and never its path's token nor a body's e-mail address.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{BufRead, BufReader, Read};
use std::process::Stdio;

use common::{database, scratch, tisser};

#[tokio::test]
async fn json_logs_are_one_object_a_line_without_participant_data() {
    let dir = scratch();
    let db = database().await;
    let mut child = tisser(&dir, db.as_deref())
        .arg("serve")
        .env("TISSER__SERVER__ADDR", "127.0.0.1:0")
        .env("TISSER__LOG__FORMAT", "json")
        .env("TISSER__LOG__FILTER", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let base =
        line.split_whitespace().find(|w| w.starts_with("http://")).unwrap().trim_end_matches('/').to_owned();

    let client = reqwest::Client::new();
    let secret = "tm_secretmanagetoken0123456789";
    let lost = client.get(format!("{base}/api/v1/manage/{secret}")).send().await.unwrap();
    assert_eq!(lost.status(), 404);
    let body = serde_json::json!({"email": "helene.dupre@example.org", "first_name": "Hélène",
        "last_name": "Dupré", "profile": "patient_partner", "sessions": []});
    let nowhere = client
        .post(format!("{base}/api/v1/events/nulle-part/registrations"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(nowhere.status(), 404);

    let _ = child.kill();
    let _ = child.wait();
    let mut logs = String::new();
    child.stderr.take().unwrap().read_to_string(&mut logs).unwrap();
    assert!(!logs.contains(secret), "{logs}");
    assert!(!logs.contains("helene") && !logs.contains("Dupr"), "{logs}");
    let lines: Vec<serde_json::Value> = logs
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    let answered = lines
        .iter()
        .find(|l| l["fields"]["message"] == "answered" && l["span"]["route"] == "/api/v1/manage/{token}")
        .unwrap_or_else(|| panic!("no answered line for the manage route: {logs}"));
    assert_eq!(answered["level"], "INFO");
    assert_eq!(answered["fields"]["status"], 404);
    assert_eq!(answered["span"]["method"], "GET");
    assert!(answered["timestamp"].is_string());
}

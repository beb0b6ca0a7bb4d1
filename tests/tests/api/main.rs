//! End-to-end tests of the HTTP contract, each on a real server with its own database.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod access;
mod concurrency;
mod dejeuners;
mod docs;
mod errors;
mod house;
mod journey_fixes;
mod mail;
mod organiser_tools;
mod registrations;

/// Morning of day 1 of a JRPS in the future, Paris time (summer offset).
pub const MORNING: (&str, &str) = ("2030-04-23T10:45:00+02:00", "2030-04-23T12:30:00+02:00");
/// The same morning, overlapping.
pub const MORNING_LATE: (&str, &str) = ("2030-04-23T11:00:00+02:00", "2030-04-23T12:00:00+02:00");
/// The evening of day 1.
pub const EVENING: (&str, &str) = ("2030-04-23T19:30:00+02:00", "2030-04-23T22:30:00+02:00");

/// Runs a Python script with `input` on its standard input; returns what it printed as JSON.
pub fn python(script: &str, input: &[u8]) -> serde_json::Value {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new("python3")
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3");
    child.stdin.take().unwrap().write_all(input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "python failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Valid HTML, as a strict HTML5 parser sees it (html5lib: pip install -r tests/requirements.txt).
pub fn assert_valid_html(html: &str) {
    python(
        "import sys, html5lib\nhtml5lib.HTMLParser(strict=True).parse(sys.stdin.read())\nprint('null')",
        html.as_bytes(),
    );
}

//! Hostile input: schemathesis (PyPI) generates requests from `/api/v1/openapi.json`, with an
//! admin's token for the organisers' operations, against a server holding a small programme
//! and a few registrations, for a bounded time. It fails on any 5xx and on any answer the
//! document does not describe (status, content type, body schema).
//!
//! Needs `tests/fuzz/.venv` with `tests/fuzz/requirements.txt` (`.ci/run` makes it); without
//! it the test fails and says how to make it.

use std::path::Path;
use std::process::Command;

use serde_json::json;
use tisser_tests::reqwest::StatusCode;
use tisser_tests::{person, spawn_app};

use crate::MORNING;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schemathesis_finds_no_server_error_and_no_answer_outside_the_document() {
    let st = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/.venv/bin/st");
    assert!(
        st.exists(),
        "schemathesis is missing: python3 -m venv tests/fuzz/.venv && tests/fuzz/.venv/bin/pip install -r tests/fuzz/requirements.txt"
    );
    let app = spawn_app().await;
    let slug = app.published_event("jrps", json!({})).await;
    let a = app.workshop(&slug, "Atelier A", Some(2), MORNING.0, MORNING.1).await;
    for i in 0..3 {
        let res = app.register(&slug, &person(&format!("p{i}@example.org"), &[&a])).await;
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    let spec = format!("{}/api/v1/openapi.json", app.base);
    let auth = format!("Authorization: Bearer {}", app.admin);
    let seconds = std::env::var("TISSER_FUZZ_SECONDS").unwrap_or_else(|_| "45".into());
    let out = tokio::task::spawn_blocking(move || {
        Command::new(st)
            .args(["run", &spec, "-H", &auth])
            .args(["--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"])
            // One worker: with two threads, CPython 3.11's `ast.parse` (hypothesis describing
            // its filters) can fail with "AST constructor recursion depth mismatch", a
            // SystemError of the interpreter, not of the server under test.
            .args(["--max-time", &seconds, "--workers", "1", "--seed", "20261201"])
            .args(["--suppress-health-check", "all", "--generation-database", "none"])
            .env("NO_COLOR", "1")
            .output()
    })
    .await
    .unwrap()
    .expect("run schemathesis");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let summary: String =
        stdout.lines().rev().take(30).collect::<Vec<_>>().into_iter().rev().collect::<Vec<_>>().join("\n");
    println!("{summary}");
    assert!(
        out.status.success(),
        "schemathesis failed ({}):\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}

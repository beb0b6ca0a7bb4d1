//! Running the built `tisser` binary as a user would, for the process-level tests.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

/// A scratch folder standing for a fresh clone's working directory.
pub fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tisser-cli-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The command, in `dir`, on the embedded defaults: SQLite under `dir/data/`. When the suite
/// runs on PostgreSQL, `database` names a fresh PostgreSQL database instead.
pub fn tisser(dir: &Path, database: Option<&str>) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tisser"));
    cmd.current_dir(dir);
    for (key, _) in std::env::vars() {
        if key.starts_with("TISSER__") || key == "TISSER_CONFIG" {
            cmd.env_remove(key);
        }
    }
    if let Some(url) = database {
        cmd.env("TISSER__DATABASE__URL", url);
    }
    cmd.env("TISSER__LOG__FILTER", "warn");
    // Bursts of registrations from one address: limits out of their way.
    cmd.env("TISSER__RATE_LIMIT__REGISTRATIONS_PER_MINUTE", "1000000");
    cmd.env("TISSER__RATE_LIMIT__BURST", "1000000");
    cmd
}

pub fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

pub struct Server(pub Child, pub String);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `tisser serve` on a free port and waits for its address line.
pub fn serve(dir: &Path, database: Option<&str>) -> Server {
    serve_with(dir, database, &[])
}

/// As [`serve`], with more configuration variables.
pub fn serve_with(dir: &Path, database: Option<&str>, vars: &[(&str, &str)]) -> Server {
    let mut cmd = tisser(dir, database);
    cmd.envs(vars.iter().copied());
    let mut child = cmd
        .arg("serve")
        .env("TISSER__SERVER__ADDR", "127.0.0.1:0")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let base = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .expect("serve prints its address")
        .to_owned();
    Server(child, base.trim_end_matches('/').to_owned())
}

pub async fn database() -> Option<String> {
    match std::env::var("TISSER_TEST_DATABASE_URL").ok().filter(|u| !u.is_empty()) {
        Some(_) => Some(tisser_tests::fresh_database().await),
        None => None,
    }
}

/// A new admin account made with `tisser organiser add`; returns its token.
pub fn admin_token(dir: &Path, database: Option<&str>) -> String {
    let email = format!("admin-{}@example.org", uuid::Uuid::new_v4().simple());
    let out = run(tisser(dir, database).args([
        "organizer",
        "add",
        "--email",
        &email,
        "--name",
        "Admin",
        "--role",
        "admin",
    ]));
    String::from_utf8(out.stdout).unwrap().lines().last().unwrap().trim().to_owned()
}

/// `tisser serve` sending its e-mails to `smtp`, at a fast pace (polling every 100 ms, retrying
/// after 100 ms, 2-second leases), so that a test does not wait for minutes.
pub fn serve_mailing(dir: &Path, database: Option<&str>, smtp: &tisser_tests::smtp::Smtp) -> Server {
    let url = smtp.url();
    serve_with(
        dir,
        database,
        &[
            ("TISSER__MAIL__SMTP_URL", url.as_str()),
            ("TISSER__MAIL__POLL_INTERVAL_MS", "100"),
            ("TISSER__MAIL__RETRY_BASE_MS", "100"),
            ("TISSER__MAIL__LEASE_SECONDS", "2"),
        ],
    )
}

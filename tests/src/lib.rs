//! The end-to-end harness: each test gets the real application on a free port with its own
//! fresh database, and talks to it over HTTP like any client.
//!
//! The database is SQLite (a new file) unless `TISSER_TEST_DATABASE_URL` names a PostgreSQL
//! server (`postgres://postgres@127.0.0.1:5432/postgres`): then each test creates its own
//! database there. When that server cannot be reached the test fails; it never skips.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::missing_panics_doc)]

use std::sync::{Arc, Mutex, Once};

use chrono::{DateTime, Utc};
use reqwest::{Client, Response, StatusCode};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};
use tisser::Application;
use tisser::config::Settings;
use tisser::delivery::{Delivery, Pass};
use tisser_persistence::Store;
use tokio::sync::oneshot;
use uuid::Uuid;

pub use reqwest;
pub use serde_json;

pub mod proxy;
pub mod smtp;

static ANNOUNCE: Once = Once::new();

/// A clock the test moves by hand.
#[derive(Clone)]
pub struct TestClock(Arc<Mutex<Option<DateTime<Utc>>>>);

impl TestClock {
    /// Freezes "now" at `t`.
    pub fn set(&self, t: DateTime<Utc>) {
        *self.0.lock().unwrap() = Some(t);
    }

    fn now(&self) -> DateTime<Utc> {
        self.0.lock().unwrap().unwrap_or_else(Utc::now)
    }
}

/// A running application.
pub struct TestApp {
    pub base: String,
    pub client: Client,
    pub store: Store,
    pub database_url: String,
    pub clock: TestClock,
    /// A token with the `admin` role.
    pub admin: String,
    /// The delivery worker: tests run its passes by hand instead of waiting.
    pub delivery: Delivery,
    smtp_url: String,
    shutdown: Option<oneshot::Sender<()>>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// Server logs in the test output, at `TISSER_TEST_LOG` level (`warn` by default).
fn init_logs() {
    let filter = std::env::var("TISSER_TEST_LOG").unwrap_or_else(|_| "warn".into());
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_test_writer().try_init();
}

/// The URL of a fresh, empty database for one test.
pub async fn fresh_database() -> String {
    match std::env::var("TISSER_TEST_DATABASE_URL").ok().filter(|u| !u.is_empty()) {
        Some(server) => {
            assert!(
                server.starts_with("postgres://") || server.starts_with("postgresql://"),
                "TISSER_TEST_DATABASE_URL must be a postgres:// URL, got {server}"
            );
            ANNOUNCE.call_once(|| {
                init_logs();
                eprintln!("tisser tests: running on PostgreSQL ({server})");
            });
            let admin = sea_orm::Database::connect(&server)
                .await
                .unwrap_or_else(|e| panic!("cannot reach PostgreSQL at {server}: {e}"));
            let name = format!("tisser_test_{}", Uuid::new_v4().simple());
            admin
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .expect("create the test database");
            admin.close().await.expect("close the admin connection");
            let base = server.split('?').next().unwrap_or(&server);
            let cut = base.rfind('/').filter(|i| *i > "postgres://".len()).unwrap_or(base.len());
            format!("{}/{name}", &base[..cut])
        }
        None => {
            ANNOUNCE.call_once(|| {
                init_logs();
                eprintln!("tisser tests: running on SQLite (set TISSER_TEST_DATABASE_URL for PostgreSQL)");
            });
            let dir = std::env::temp_dir().join(format!("tisser-test-{}", Uuid::new_v4().simple()));
            format!("sqlite://{}/tisser.db", dir.display())
        }
    }
}

/// Starts the application on a fresh database; e-mails go to `.eml` files in a scratch
/// folder.
pub async fn spawn_app() -> TestApp {
    spawn_app_with_smtp("").await
}

/// Starts the application on a fresh database, sending e-mails to `smtp_url`.
pub async fn spawn_app_with_smtp(smtp_url: &str) -> TestApp {
    spawn_app_configured(smtp_url, |_| {}).await
}

/// Starts the application on the database at `url` (already made, empty), with an admin.
pub async fn spawn_app_at(url: &str) -> TestApp {
    let clock = TestClock(Arc::new(Mutex::new(None)));
    let mut app = spawn_on(url, "", clock, |_| {}).await;
    let (_, token) = app
        .store
        .add_organiser(
            &tisser_domain::Email::parse("admin@example.org").unwrap(),
            "Admin",
            tisser_domain::Role::Admin,
        )
        .await
        .unwrap();
    app.admin = token;
    app
}

/// Starts the application on a fresh database with settings changed by `configure`.
pub async fn spawn_app_configured(smtp_url: &str, configure: impl FnOnce(&mut Settings)) -> TestApp {
    let url = fresh_database().await;
    let clock = TestClock(Arc::new(Mutex::new(None)));
    let mut app = spawn_on(&url, smtp_url, clock, configure).await;
    let (_, token) = app
        .store
        .add_organiser(
            &tisser_domain::Email::parse("admin@example.org").unwrap(),
            "Admin",
            tisser_domain::Role::Admin,
        )
        .await
        .unwrap();
    app.admin = token;
    app
}

async fn spawn_on(
    url: &str,
    smtp_url: &str,
    clock: TestClock,
    configure: impl FnOnce(&mut Settings),
) -> TestApp {
    let mut settings = Settings::defaults().unwrap();
    settings.server.addr = "127.0.0.1:0".into();
    settings.database.url = url.to_owned();
    settings.mail.smtp_url = smtp_url.to_owned();
    settings.mail.outbox_dir = std::env::temp_dir().join(format!("tisser-eml-{}", Uuid::new_v4().simple()));
    // The worker makes one pass at start, then the tests drive it with `deliver()`.
    settings.mail.poll_interval_ms = 3_600_000;
    settings.mail.retry_base_ms = 0;
    // Tests post hundreds of forms from one address: limits out of their way, unless a test
    // sets its own.
    settings.rate_limit.registrations_per_minute = 1_000_000;
    settings.rate_limit.links_per_minute = 1_000_000;
    settings.rate_limit.burst = 1_000_000;
    configure(&mut settings);
    let c = clock.clone();
    let store = Store::connect(url, Arc::new(move || c.now()))
        .await
        .unwrap_or_else(|e| panic!("cannot open the test database {url}: {e}"));
    store.migrate().await.expect("migrate the test database");
    let app = Application::with_store(&settings, store.clone()).await.unwrap();
    let addr = app.local_addr().unwrap();
    let delivery = app.delivery();
    let mut passes = delivery.passes();
    let (tx, rx) = oneshot::channel::<()>();
    tokio::spawn(app.run_until(async {
        let _ = rx.await;
    }));
    // The worker makes a pass at start: wait for it, so that it never races a test that
    // moves the clock.
    passes.wait_for(|n| *n >= 1).await.expect("the delivery worker runs");
    TestApp {
        base: format!("http://{addr}"),
        client: Client::builder().pool_max_idle_per_host(64).build().unwrap(),
        store,
        database_url: url.to_owned(),
        clock,
        admin: String::new(),
        delivery,
        smtp_url: smtp_url.to_owned(),
        shutdown: Some(tx),
    }
}

impl TestApp {
    /// A second server on the same database, as a second process would be: its own pools,
    /// the same time of day.
    pub async fn peer(&self) -> TestApp {
        let mut peer = spawn_on(&self.database_url, &self.smtp_url, self.clock.clone(), |_| {}).await;
        peer.admin.clone_from(&self.admin);
        peer
    }

    /// Runs one delivery pass of the outbox.
    pub async fn deliver(&self) -> Pass {
        self.delivery.deliver_due().await.unwrap()
    }

    /// Runs one reminder pass as if it were `now`.
    /// Moves this server's clock to `now` and writes the reminders due then, as the worker
    /// does on its own at that moment.
    pub async fn remind(&self, now: &str) -> usize {
        let now = now.parse().unwrap();
        self.clock.set(now);
        self.delivery.remind(now).await.unwrap()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A new organiser account (role `organiser`), returning its token.
    pub async fn organiser(&self, email: &str) -> String {
        self.store
            .add_organiser(
                &tisser_domain::Email::parse(email).unwrap(),
                "Organisatrice",
                tisser_domain::Role::Organiser,
            )
            .await
            .unwrap()
            .1
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    pub async fn get_as(&self, token: &str, path: &str) -> Response {
        self.client.get(self.url(path)).bearer_auth(token).send().await.unwrap()
    }

    pub async fn post_as(&self, token: &str, path: &str, body: &Value) -> Response {
        self.client.post(self.url(path)).bearer_auth(token).json(body).send().await.unwrap()
    }

    pub async fn patch_as(&self, token: &str, path: &str, body: &Value) -> Response {
        self.client.patch(self.url(path)).bearer_auth(token).json(body).send().await.unwrap()
    }

    /// Posts a form as a browser does (`application/x-www-form-urlencoded`).
    pub async fn post_form(&self, path: &str, body: &str) -> Response {
        self.client
            .post(self.url(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body.to_owned())
            .send()
            .await
            .unwrap()
    }

    pub async fn delete_as(&self, token: &str, path: &str) -> Response {
        self.client.delete(self.url(path)).bearer_auth(token).send().await.unwrap()
    }

    /// Creates a published event (as admin unless `token` says otherwise) and returns its slug.
    pub async fn published_event(&self, slug: &str, extra: Value) -> String {
        self.event_as(&self.admin.clone(), slug, extra).await
    }

    pub async fn event_as(&self, token: &str, slug: &str, extra: Value) -> String {
        let mut body = json!({"slug": slug, "title": format!("Événement {slug}"), "format": "in_person", "status": "published"});
        merge(&mut body, extra);
        let res = self.post_as(token, "/api/v1/events", &body).await;
        assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap());
        slug.to_owned()
    }

    /// Adds a session and returns its id.
    pub async fn session(&self, slug: &str, body: Value) -> String {
        self.session_as(&self.admin.clone(), slug, body).await
    }

    pub async fn session_as(&self, token: &str, slug: &str, body: Value) -> String {
        let res = self.post_as(token, &format!("/api/v1/events/{slug}/sessions"), &body).await;
        assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap());
        res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned()
    }

    /// A workshop of `capacity` seats between two hours of 23 April 2024... in a future year.
    pub async fn workshop(
        &self,
        slug: &str,
        title: &str,
        capacity: Option<u32>,
        start: &str,
        end: &str,
    ) -> String {
        self.session(
            slug,
            json!({"title": title, "kind": "workshop", "starts_at": start, "ends_at": end, "capacity": capacity}),
        )
        .await
    }

    /// Registers a person; returns the raw response.
    pub async fn register(&self, slug: &str, body: &Value) -> Response {
        self.client
            .post(self.url(&format!("/api/v1/events/{slug}/registrations")))
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// Registers a person who must be accepted; returns the 201 body.
    pub async fn registered(&self, slug: &str, email: &str, sessions: &[&str]) -> Value {
        let res = self.register(slug, &person(email, sessions)).await;
        assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap());
        res.json().await.unwrap()
    }

    /// Every registration of the event, as the admin sees them.
    pub async fn registrations(&self, slug: &str, query: &str) -> Vec<Value> {
        let res =
            self.get_as(&self.admin.clone(), &format!("/api/v1/events/{slug}/registrations{query}")).await;
        assert_eq!(res.status(), StatusCode::OK);
        res.json().await.unwrap()
    }
}

/// A registration body.
pub fn person(email: &str, sessions: &[&str]) -> Value {
    json!({
        "email": email,
        "first_name": "Hélène",
        "last_name": "Dupré",
        "profile": "patient_partner",
        "sessions": sessions,
    })
}

/// The manage token at the end of a `manage_url`.
pub fn token_of(registered: &Value) -> String {
    registered["manage_url"].as_str().unwrap().rsplit('/').next().unwrap().to_owned()
}

fn merge(into: &mut Value, extra: Value) {
    if let (Some(a), Value::Object(b)) = (into.as_object_mut(), extra) {
        a.extend(b);
    }
}

/// Asserts a problem+json answer with this status and code; returns its body.
pub async fn problem(res: Response, status: StatusCode, code: &str) -> Value {
    let got = res.status();
    let content_type =
        res.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    let body: Value = res.json().await.unwrap();
    assert_eq!(got, status, "{body}");
    assert_eq!(content_type, "application/problem+json", "{body}");
    assert_eq!(body["code"], code, "{body}");
    assert_eq!(body["status"], status.as_u16(), "{body}");
    assert!(body["title"].is_string() && body["detail"].is_string() && body["type"].is_string(), "{body}");
    body
}

/// Runs a Python script with `input` on its standard input; returns what it printed as JSON.
pub fn python(script: &str, input: &[u8]) -> Value {
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

/// The CSV as rows of cells, read by Python's csv module with `;`.
pub fn read_csv(bytes: &[u8]) -> Vec<Vec<String>> {
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with a byte order mark");
    let rows = python(
        "import csv, io, json, sys\n\
         text = sys.stdin.buffer.read().decode('utf-8-sig')\n\
         print(json.dumps(list(csv.reader(io.StringIO(text, newline=''), delimiter=';'))))",
        bytes,
    );
    serde_json::from_value(rows).unwrap()
}

/// The workbook as `{sheet: {freeze, bold, widths, rows, types}}`, read by openpyxl.
pub fn read_xlsx(bytes: &[u8]) -> Value {
    python(
        "import io, json, sys, openpyxl\n\
         wb = openpyxl.load_workbook(io.BytesIO(sys.stdin.buffer.read()))\n\
         out = {'order': wb.sheetnames}\n\
         for ws in wb:\n\
         \x20   rows = list(ws.iter_rows())\n\
         \x20   out[ws.title] = {'freeze': ws.freeze_panes, 'bold': bool(ws['A1'].font.b),\n\
         \x20       'widths': [ws.column_dimensions[c].width for c in 'ABC'],\n\
         \x20       'rows': [[c.value if c.value is not None else '' for c in r] for r in rows],\n\
         \x20       'types': [[c.data_type for c in r] for r in rows]}\n\
         print(json.dumps(out))",
        bytes,
    )
}

/// Valid HTML, as a strict HTML5 parser sees it (html5lib: pip install -r tests/requirements.txt).
pub fn assert_valid_html(html: &str) {
    python(
        "import sys, html5lib\nhtml5lib.HTMLParser(strict=True).parse(sys.stdin.read())\nprint('null')",
        html.as_bytes(),
    );
}

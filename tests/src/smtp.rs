//! A real SMTP server for the tests: aiosmtpd (Python), run as its own process, storing what
//! it receives as a Maildir that the tests read back with a real MIME parser.

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use mail_parser::{MessageParser, MimeHeaders};
use uuid::Uuid;

/// One message as received.
#[derive(Debug, Clone)]
pub struct Received {
    pub message_id: String,
    pub to: Vec<String>,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// Every distinct calendar part (an invite rides both inline and as a file).
    pub calendars: Vec<String>,
    pub raw: String,
}

/// The SMTP server, started and stopped at will on one port.
pub struct Smtp {
    child: Option<Child>,
    pub port: u16,
    root: PathBuf,
    runs: u32,
    secure: Option<Secure>,
}

/// A server that wants TLS and a login, with a certificate from its own authority.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Secure {
    /// Plain connection upgraded by STARTTLS, required before anything else.
    StartTls,
    /// TLS from the first byte (`smtps://`).
    Implicit,
}

/// The login the secure server accepts.
pub const SMTP_USER: &str = "tisser";
pub const SMTP_PASSWORD: &str = "mot de passe: été!";

/// aiosmtpd with TLS and AUTH. A CA and a certificate for 127.0.0.1 come from trustme; the
/// CA is written to argv[4] for the client to trust; mail goes to the Maildir argv[3].
const SECURE_SERVER: &str = r#"
import asyncio, ssl, sys, trustme
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import AuthResult
mode, port, maildir, ca_path, user, password = sys.argv[1:7]
ca = trustme.CA()
cert = ca.issue_cert("127.0.0.1")
ca.cert_pem.write_to_path(ca_path)
context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
cert.configure_cert(context)
def check(server, session, envelope, mechanism, data):
    ok = data is not None and data.login == user.encode() and data.password == password.encode()
    return AuthResult(success=ok, handled=False)
common = dict(hostname="127.0.0.1", port=int(port), authenticator=check, auth_required=True)
if mode == "starttls":
    controller = Controller(Mailbox(maildir), tls_context=context, require_starttls=True, **common)
else:
    controller = Controller(Mailbox(maildir), ssl_context=context, auth_require_tls=False, **common)
controller.start()
import signal
signal.sigwait({signal.SIGTERM, signal.SIGINT})
"#;

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

impl Smtp {
    /// Starts a server on a free port. Fails the test (never skips) when aiosmtpd is missing.
    pub fn start() -> Self {
        let root = std::env::temp_dir().join(format!("tisser-smtp-{}", Uuid::new_v4().simple()));
        std::fs::create_dir_all(&root).unwrap();
        let mut smtp = Self { child: None, port: free_port(), root, runs: 0, secure: None };
        smtp.resume();
        smtp
    }

    /// Starts a server that requires TLS (`mode`) and the login [`SMTP_USER`] /
    /// [`SMTP_PASSWORD`]. Fails the test when aiosmtpd or trustme is missing.
    pub fn start_secure(mode: Secure) -> Self {
        let root = std::env::temp_dir().join(format!("tisser-smtp-{}", Uuid::new_v4().simple()));
        std::fs::create_dir_all(&root).unwrap();
        let mut smtp = Self { child: None, port: free_port(), root, runs: 0, secure: Some(mode) };
        smtp.resume();
        smtp
    }

    /// The certificate authority that issued a secure server's certificate.
    pub fn ca_file(&self) -> PathBuf {
        self.root.join("ca.pem")
    }

    /// The URL of a secure server with its login and its authority, as an operator writes it.
    pub fn secure_url(&self, user: &str, password: &str) -> String {
        let enc = |s: &str| {
            percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
        };
        let (scheme, tls) = match self.secure {
            Some(Secure::Implicit) => ("smtps", ""),
            _ => ("smtp", "tls=starttls&"),
        };
        format!(
            "{scheme}://{}:{}@127.0.0.1:{}?{tls}ca={}",
            enc(user),
            enc(password),
            self.port,
            enc(&self.ca_file().display().to_string())
        )
    }

    /// A port where no server listens (yet): `resume` starts one there.
    pub fn stopped() -> Self {
        let root = std::env::temp_dir().join(format!("tisser-smtp-{}", Uuid::new_v4().simple()));
        std::fs::create_dir_all(&root).unwrap();
        Self { child: None, port: free_port(), root, runs: 0, secure: None }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// The Maildir of the current run, for readers in another process (the browser journeys).
    pub fn maildir(&self) -> PathBuf {
        self.root.join(format!("run{}", self.runs))
    }

    /// Starts (again) on the same port; each run keeps its own Maildir.
    pub fn resume(&mut self) {
        assert!(self.child.is_none(), "already running");
        self.runs += 1;
        let dir = self.root.join(format!("run{}", self.runs));
        let mut command = Command::new("python3");
        match self.secure {
            None => {
                command
                    .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{}", self.port)])
                    .args(["-c", "aiosmtpd.handlers.Mailbox"])
                    .arg(&dir);
            }
            Some(mode) => {
                let mode = if mode == Secure::StartTls { "starttls" } else { "implicit" };
                command
                    .args(["-c", SECURE_SERVER, mode, &self.port.to_string()])
                    .arg(&dir)
                    .arg(self.ca_file())
                    .args([SMTP_USER, SMTP_PASSWORD]);
            }
        }
        let child = command
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("python3 must be installed to run the SMTP server of the tests");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(15);
        while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            if let Some(status) = self.child.as_mut().and_then(|c| c.try_wait().ok().flatten()) {
                panic!(
                    "aiosmtpd stopped at once ({status}): install it (and trustme) with `pip install -r tests/requirements.txt`"
                );
            }
            assert!(Instant::now() < deadline, "aiosmtpd did not start on port {}", self.port);
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Stops the server: connections are refused until `resume`.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Every message received so far, over every run.
    pub fn messages(&self) -> Vec<Received> {
        let mut out = Vec::new();
        for run in 1..=self.runs {
            for sub in ["new", "cur"] {
                let Ok(entries) = std::fs::read_dir(self.root.join(format!("run{run}")).join(sub)) else {
                    continue;
                };
                for entry in entries.flatten() {
                    let raw = std::fs::read(entry.path()).unwrap();
                    out.push(parse(&raw));
                }
            }
        }
        out
    }

    /// Waits until at least `n` messages arrived (or `timeout`), then returns them all.
    pub async fn wait_for(&self, n: usize, timeout: Duration) -> Vec<Received> {
        let deadline = Instant::now() + timeout;
        loop {
            let got = self.messages();
            if got.len() >= n || Instant::now() > deadline {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for Smtp {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// Parses a raw message with a real MIME parser.
pub fn parse(raw: &[u8]) -> Received {
    let message = MessageParser::default().parse(raw).expect("a parsable message");
    let to = message
        .to()
        .map(|a| a.iter().filter_map(|m| m.address().map(str::to_owned)).collect())
        .unwrap_or_default();
    let mut calendars: Vec<String> = Vec::new();
    for part in &message.parts {
        let Some(ct) = part.content_type() else { continue };
        let kind = format!("{}/{}", ct.ctype(), ct.subtype().unwrap_or_default()).to_ascii_lowercase();
        if kind == "text/calendar" || kind == "application/ics" {
            let body = String::from_utf8_lossy(part.contents()).into_owned();
            if !calendars.contains(&body) {
                calendars.push(body);
            }
        }
    }
    Received {
        message_id: message.message_id().unwrap_or_default().to_owned(),
        to,
        subject: message.subject().unwrap_or_default().to_owned(),
        text: message.body_text(0).map(|t| t.into_owned()).unwrap_or_default(),
        html: message.body_html(0).map(|t| t.into_owned()).unwrap_or_default(),
        calendars,
        raw: String::from_utf8_lossy(raw).into_owned(),
    }
}

//! Delivery: `.eml` files, and SMTP against a real in-process SMTP server (mailin-embedded).

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use mail_parser::{MessageParser, MimeHeaders};
use mailin_embedded::{Handler, Response, Server, SslConfig, response};
use tisser_mail::{Language, MailError, MessageKind, Templates, Transport, build_message};

use crate::common::{MANAGE_URL, sample_data};
use crate::message::invite;

fn message(to: &str, id: &str) -> tisser_mail::Message {
    let rendered =
        Templates::load(None).unwrap().render(MessageKind::Promoted, Language::Fr, &sample_data()).unwrap();
    build_message(
        "Partenariat en Santé <inscriptions@tisser.example.org>",
        "Hélène Dupré",
        to,
        &rendered,
        &[invite()],
        "tisser.example.org",
        id,
    )
    .unwrap()
}

fn temp_dir(label: &str) -> PathBuf {
    std::env::temp_dir().join(format!("tisser-mail-{label}-{}", uuid::Uuid::new_v4()))
}

fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn an_empty_smtp_url_writes_eml_files_once_per_message() {
    let dir = temp_dir("outbox").join("nested");
    let transport = Transport::from_config("", &dir).unwrap();
    assert!(matches!(&transport, Transport::EmlDir(d) if d == &dir));
    assert!(dir.is_dir(), "the outbox directory is created");

    let first = message("helene@example.org", "outbox-7.promoted");
    transport.send(&first).await.unwrap();
    transport.send(&first).await.unwrap();
    transport.send(&message("helene@example.org", "outbox-8")).await.unwrap();
    assert_eq!(
        files(&dir),
        ["outbox-7.promoted@tisser.example.org.eml", "outbox-8@tisser.example.org.eml"],
        "no temporary file left, one file per message id"
    );

    let raw = std::fs::read(dir.join("outbox-7.promoted@tisser.example.org.eml")).unwrap();
    assert_eq!(raw, first.formatted());
    let parsed = MessageParser::default().parse(&raw).unwrap();
    assert!(parsed.body_text(0).unwrap().contains(MANAGE_URL));
    std::fs::remove_dir_all(dir.parent().unwrap()).unwrap();
}

/// What the SMTP server received: (envelope recipients, raw message) per message.
type Inbox = Arc<Mutex<Vec<(Vec<String>, Vec<u8>)>>>;

#[derive(Clone, Default)]
struct Recorder {
    received: Inbox,
    recipients: Vec<String>,
    data: Vec<u8>,
}

impl Handler for Recorder {
    fn rcpt(&mut self, to: &str) -> Response {
        if to.contains("rejected") {
            // Like real servers: the answer repeats the address.
            return Response::custom(550, format!("5.1.1 <{to}>: Recipient address rejected"));
        }
        response::OK
    }

    fn data_start(&mut self, _domain: &str, _from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.recipients = to.to_vec();
        self.data.clear();
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let mut received = self.received.lock().unwrap();
        received.push((std::mem::take(&mut self.recipients), std::mem::take(&mut self.data)));
        response::OK
    }
}

/// Starts a real SMTP server on a free local port. Panics (failing the test) if it cannot.
fn start_smtp_server() -> (SocketAddr, Inbox) {
    let recorder = Recorder::default();
    let received = recorder.received.clone();
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port for the SMTP server");
    let addr = listener.local_addr().unwrap();
    let mut server = Server::new(recorder);
    server
        .with_name("smtp.test.example")
        .with_ssl(SslConfig::None)
        .expect("configure the SMTP server")
        .with_num_threads(2)
        .with_tcp_listener(listener);
    std::thread::spawn(move || server.serve().expect("the SMTP server runs"));
    // The listener is already bound: connections queue until the server accepts them.
    (addr, received)
}

#[tokio::test]
async fn smtp_delivers_to_a_real_server() {
    let (addr, received) = start_smtp_server();
    let transport = Transport::from_config(&format!("smtp://{addr}"), Path::new("/nonexistent")).unwrap();
    assert!(matches!(transport, Transport::Smtp(_)));

    let sent = message("helene@example.org", "outbox-9");
    tokio::time::timeout(Duration::from_secs(30), transport.send(&sent)).await.expect("in time").unwrap();

    let received = received.lock().unwrap().clone();
    assert_eq!(received.len(), 1);
    let (recipients, data) = &received[0];
    assert_eq!(recipients, &["helene@example.org".to_owned()]);
    let parsed = MessageParser::default().parse(data).unwrap();
    assert_eq!(
        parsed.subject(),
        Some("Une place s’est libérée pour vous : Journées Régionales du Partenariat en Santé")
    );
    assert_eq!(parsed.message_id(), Some("outbox-9@tisser.example.org"));
    assert!(parsed.body_text(0).unwrap().contains(MANAGE_URL));
    assert!(parsed.body_html(0).unwrap().contains(&format!("<a href=\"{MANAGE_URL}\"")));
    assert!(parsed.parts.iter().any(|p| p.is_content_type("text", "calendar")));
    assert!(parsed.attachments().any(|p| p.attachment_name() == Some("invitation.ics")));
}

#[tokio::test]
async fn an_smtp_refusal_is_permanent_and_does_not_reveal_the_address() {
    let (addr, received) = start_smtp_server();
    let transport = Transport::from_config(&format!("smtp://{addr}"), Path::new("/nonexistent")).unwrap();
    let err = tokio::time::timeout(
        Duration::from_secs(30),
        transport.send(&message("rejected.person@example.org", "outbox-10")),
    )
    .await
    .expect("in time")
    .unwrap_err();
    assert!(err.is_permanent(), "{err:?}");
    let text = format!("{err} {err:?}");
    assert!(text.contains("550"), "{text}");
    assert!(!text.contains("rejected.person") && !text.contains("Hélène"), "{text}");
    assert!(received.lock().unwrap().is_empty());
}

#[tokio::test]
async fn an_unreachable_smtp_server_is_a_transient_error() {
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let transport = Transport::from_config(&format!("smtp://127.0.0.1:{port}"), Path::new("/x")).unwrap();
    let err = transport.send(&message("a@example.org", "m")).await.unwrap_err();
    assert!(matches!(err, MailError::Transport { permanent: false, .. }), "{err:?}");
    assert!(!err.is_permanent());
}

#[tokio::test]
async fn smtp_urls_are_understood() {
    let outbox = Path::new("/nonexistent");
    for url in [
        "smtp://127.0.0.1:2525",
        "smtp://mail.example.org",
        "smtp://[::1]:2525",
        "smtp://mail.example.org?tls=starttls",
        "smtp://user%40example.org:p%40ss@mail.example.org:587?tls=starttls",
        "smtps://mail.example.org",
        "smtps://user:secret@mail.example.org:465",
    ] {
        let transport = Transport::from_config(url, outbox).unwrap_or_else(|e| panic!("{url}: {e}"));
        assert!(matches!(transport, Transport::Smtp(_)), "{url}");
        assert!(!format!("{transport:?}").contains("secret"));
    }
    for url in [
        "http://mail.example.org",
        "smtp://mail.example.org?tls=maybe",
        "smtps://mail.example.org?tls=starttls",
        "smtp://user@mail.example.org",
        "smtp://mail.example.org?timeout=3",
        "smtp://",
        "not a url with secret",
        "smtp://u:supersecret@mail.example.org?tls=bogus",
    ] {
        let err = Transport::from_config(url, outbox).unwrap_err();
        assert!(matches!(err, MailError::Config(_)), "{url}: {err:?}");
        assert!(!err.to_string().contains("secret"), "{url}: {err}");
    }
}

#[test]
fn an_smtp_transport_outside_a_runtime_is_an_error_not_a_panic() {
    let err = Transport::from_config("smtp://127.0.0.1:2525", Path::new("/x")).unwrap_err();
    assert!(matches!(err, MailError::Config(_)), "{err:?}");
}

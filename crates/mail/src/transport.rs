//! Delivering a built message: to an SMTP server, or as an `.eml` file in a directory.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use lettre::transport::smtp::AsyncSmtpTransportBuilder;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::MailError;

/// Where messages go.
#[derive(Clone)]
pub enum Transport {
    /// An SMTP server (connections are pooled).
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// A directory receiving one `<message-id>.eml` file per message: the default, for
    /// development and for deployments that hand mail to another program.
    EmlDir(PathBuf),
}

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            // lettre's Debug would print the credentials.
            Self::Smtp(_) => f.write_str("Transport::Smtp(..)"),
            Self::EmlDir(dir) => f.debug_tuple("Transport::EmlDir").field(dir).finish(),
        }
    }
}

impl Transport {
    /// The transport the configuration asks for.
    ///
    /// - an empty `smtp_url`: `.eml` files in `outbox_dir` (created if missing);
    /// - `smtp://host[:port]`: plain SMTP, no TLS (local relays, tests), port 25 by default;
    /// - `smtp://host[:port]?tls=starttls`: STARTTLS required, port 587 by default;
    /// - `smtps://host[:port]`: implicit TLS, port 465 by default;
    /// - any of them with `user:password@` credentials (percent-encoded);
    /// - `ca=/path/to/ca.pem` (with TLS): a certificate authority to trust besides the
    ///   system's, for a server whose certificate an organisation issued itself.
    ///
    /// An SMTP transport keeps a connection pool whose upkeep runs on Tokio: call this from
    /// within a Tokio runtime (e.g. in `async fn main`), or it answers [`MailError::Config`].
    ///
    /// # Errors
    /// [`MailError::Config`] for an unusable URL (the error never repeats the URL, which may
    /// hold a password) or when called outside a Tokio runtime for SMTP;
    /// [`MailError::Outbox`] when the directory cannot be created.
    pub fn from_config(smtp_url: &str, outbox_dir: &Path) -> Result<Self, MailError> {
        let smtp_url = smtp_url.trim();
        if smtp_url.is_empty() {
            std::fs::create_dir_all(outbox_dir).map_err(MailError::Outbox)?;
            return Ok(Self::EmlDir(outbox_dir.to_path_buf()));
        }
        let transport = smtp_from_url(smtp_url)?;
        if tokio::runtime::Handle::try_current().is_err() {
            // lettre's pool spawns a task when built and when dropped: outside a runtime that
            // is a panic, so refuse before building.
            return Err(MailError::Config(
                "an SMTP transport must be created inside a Tokio runtime".to_owned(),
            ));
        }
        Ok(Self::Smtp(transport.build()))
    }

    /// Delivers one message.
    ///
    /// `EmlDir` writes `<sanitised message id>.eml` atomically (a temporary file renamed into
    /// place), so writing the same message twice leaves one file.
    ///
    /// # Errors
    /// [`MailError::Transport`] (with [`MailError::is_permanent`] telling whether a retry can
    /// help) or [`MailError::Outbox`].
    pub async fn send(&self, message: &Message) -> Result<(), MailError> {
        match self {
            Self::Smtp(smtp) => {
                smtp.send_raw(message.envelope(), &message.formatted()).await.map(drop).map_err(smtp_error)
            }
            Self::EmlDir(dir) => {
                let dir = dir.clone();
                let name = eml_file_name(message);
                let bytes = message.formatted();
                tokio::task::spawn_blocking(move || write_atomically(&dir, &name, &bytes))
                    .await
                    .map_err(|_| MailError::Outbox(std::io::Error::other("the writing task failed")))?
            }
        }
    }
}

fn smtp_from_url(raw: &str) -> Result<AsyncSmtpTransportBuilder, MailError> {
    let url =
        url::Url::parse(raw).map_err(|e| MailError::Config(format!("the SMTP URL does not parse ({e})")))?;
    let host = match url.host() {
        Some(url::Host::Domain(domain)) if !domain.is_empty() => domain.to_owned(),
        Some(url::Host::Ipv4(ip)) => ip.to_string(),
        Some(url::Host::Ipv6(ip)) => ip.to_string(),
        _ => return Err(MailError::Config("the SMTP URL has no host".to_owned())),
    };
    let mut tls_param = None;
    let mut ca = None;
    for (key, value) in url.query_pairs() {
        match &*key {
            "tls" => tls_param = Some(value.into_owned()),
            "ca" => ca = Some(value.into_owned()),
            other => return Err(MailError::Config(format!("unknown SMTP URL parameter `{other}`"))),
        }
    }
    let root = match &ca {
        Some(path) => {
            let pem = std::fs::read(path).map_err(|e| {
                MailError::Config(format!("cannot read the certificate authority file {path} ({})", e.kind()))
            })?;
            Some(Certificate::from_pem(&pem).map_err(|_| {
                MailError::Config(format!("{path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)"))
            })?)
        }
        None => None,
    };
    let tls_parameters = || {
        let mut builder = TlsParameters::builder(host.clone());
        if let Some(root) = root.clone() {
            builder = builder.add_root_certificate(root);
        }
        builder.build().map_err(|_| MailError::Config("invalid TLS server name".to_owned()))
    };
    let (tls, default_port) = match (url.scheme(), tls_param.as_deref()) {
        ("smtp", None | Some("none")) if ca.is_some() => {
            return Err(MailError::Config(
                "`ca` needs TLS: use smtp://…?tls=starttls or smtps://".to_owned(),
            ));
        }
        ("smtp", None | Some("none")) => (Tls::None, 25),
        ("smtp", Some("starttls" | "required")) => (Tls::Required(tls_parameters()?), 587),
        ("smtps", None | Some("implicit")) => (Tls::Wrapper(tls_parameters()?), 465),
        ("smtp" | "smtps", Some(other)) => {
            return Err(MailError::Config(format!(
                "unknown tls mode `{other}` (smtp:// takes tls=starttls; smtps:// is implicit TLS)"
            )));
        }
        (scheme, _) => {
            return Err(MailError::Config(format!("unknown scheme `{scheme}` (use smtp:// or smtps://)")));
        }
    };
    let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
        .port(url.port().unwrap_or(default_port))
        .tls(tls);
    match (url.username(), url.password()) {
        ("", None) => {}
        (user, Some(password)) => {
            let decode = |s: &str| {
                percent_encoding::percent_decode_str(s)
                    .decode_utf8()
                    .map(std::borrow::Cow::into_owned)
                    .map_err(|_| MailError::Config("the SMTP credentials are not valid UTF-8".to_owned()))
            };
            builder = builder.credentials(Credentials::new(decode(user)?, decode(password)?));
        }
        (_, None) => {
            return Err(MailError::Config("SMTP credentials need both a user and a password".to_owned()));
        }
    }
    Ok(builder)
}

/// An SMTP failure described without the server's free text, which often repeats the
/// recipient's address.
fn smtp_error(err: lettre::transport::smtp::Error) -> MailError {
    let permanent = err.is_permanent();
    let detail = if let Some(code) = err.status() {
        let class = if permanent { "permanently" } else { "temporarily" };
        format!("the SMTP server {class} refused the message (code {code})")
    } else if err.is_timeout() {
        "the SMTP server did not answer in time".to_owned()
    } else if err.is_tls() {
        "TLS with the SMTP server failed".to_owned()
    } else if let Some(io) = io_source(&err) {
        format!("cannot talk to the SMTP server ({})", io.kind())
    } else if err.is_response() {
        "the SMTP server sent an answer that could not be understood".to_owned()
    } else {
        "SMTP client error".to_owned()
    };
    MailError::Transport { detail, permanent }
}

fn io_source<'a>(err: &'a (dyn std::error::Error + 'static)) -> Option<&'a std::io::Error> {
    let mut source = err.source();
    while let Some(current) = source {
        if let Some(io) = current.downcast_ref::<std::io::Error>() {
            return Some(io);
        }
        source = current.source();
    }
    None
}

/// `<sanitised Message-ID>.eml`; a fresh name when the message has no id.
fn eml_file_name(message: &Message) -> String {
    let id = message.headers().get_raw("Message-ID").unwrap_or_default();
    let id = id.trim().trim_start_matches('<').trim_end_matches('>');
    let mut name: String = id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '@') { c } else { '_' })
        .take(200)
        .collect();
    if name.trim_matches(['.', '_']).is_empty() {
        name = uuid::Uuid::new_v4().to_string();
    }
    format!("{name}.eml")
}

fn write_atomically(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), MailError> {
    std::fs::create_dir_all(dir).map_err(MailError::Outbox)?;
    let temporary = dir.join(format!(".{}.tmp", uuid::Uuid::new_v4()));
    let result = (|| {
        let mut file = std::fs::File::create_new(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temporary, dir.join(name))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result.map_err(MailError::Outbox)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message_with_id(id: &str) -> Message {
        let mut message = Message::builder()
            .from("a@example.org".parse().unwrap())
            .to("b@example.org".parse().unwrap())
            .subject("s")
            .body(String::from("b"))
            .unwrap();
        message.headers_mut().insert_raw(lettre::message::header::HeaderValue::new(
            lettre::message::header::HeaderName::new_from_ascii_str("Message-ID"),
            id.to_owned(),
        ));
        message
    }

    #[test]
    fn eml_names_cannot_leave_the_directory() {
        assert_eq!(eml_file_name(&message_with_id("<x-1@d.example>")), "x-1@d.example.eml");
        assert_eq!(eml_file_name(&message_with_id("<../../etc/passwd>")), ".._.._etc_passwd.eml");
        let fresh = eml_file_name(&message_with_id("<//>"));
        assert!(fresh.ends_with(".eml") && fresh.len() > 30, "{fresh}");
    }
}

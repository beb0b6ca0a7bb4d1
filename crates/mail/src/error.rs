//! The crate's error type. Its `Display` text may reach logs: it never contains a recipient's
//! name or address, nor a password, nor an SMTP server's free-text answer (which often echoes
//! the recipient's address).

use std::path::PathBuf;

/// Everything that can go wrong while loading templates, rendering, building or sending.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MailError {
    /// The template override directory is missing or unreadable.
    #[error("cannot read the mail template directory {path}: {source}")]
    TemplateDir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// A template failed to compile or to test-render at start-up. `file` is the template's
    /// name relative to the template directory (e.g. `waitlisted/fr/body.html`).
    #[error("mail template {file} is broken: {detail}")]
    TemplateLoad { file: String, detail: String },

    /// A template failed while rendering real data. The detail carries the kind of failure
    /// and its place in the template, never the data.
    #[error("mail template {file} failed to render: {detail}")]
    Render { file: String, detail: String },

    /// An e-mail address could not be parsed. Only says which one (`"from"` or `"to"`).
    #[error("invalid e-mail address ({field})")]
    Address { field: &'static str },

    /// The message could not be built.
    #[error("cannot build the e-mail message: {0}")]
    Build(&'static str),

    /// The mail transport configuration (the SMTP URL) is invalid. Never contains the URL.
    #[error("invalid mail configuration: {0}")]
    Config(String),

    /// Delivery failed. `permanent` is true when the SMTP server answered with a 5xx code:
    /// retrying the same message will not help.
    #[error("e-mail delivery failed: {detail}")]
    Transport { detail: String, permanent: bool },

    /// Writing an `.eml` file to the outbox directory failed.
    #[error("cannot write the e-mail to the outbox directory: {0}")]
    Outbox(#[source] std::io::Error),
}

impl MailError {
    /// True when retrying the same message cannot succeed (a permanent SMTP refusal, an invalid
    /// address, a message that cannot be built). Transient failures (network, 4xx codes,
    /// timeouts, disk) answer false.
    #[must_use]
    pub fn is_permanent(&self) -> bool {
        match self {
            Self::Transport { permanent, .. } => *permanent,
            Self::Address { .. } | Self::Build(_) | Self::Render { .. } => true,
            Self::TemplateDir { .. } | Self::TemplateLoad { .. } | Self::Config(_) | Self::Outbox(_) => false,
        }
    }
}

//! E-mail for Tisser: the templates in `mail-templates/`, rendering them, building the MIME
//! message and delivering it (SMTP, or `.eml` files in an outbox directory).
//!
//! # Architecture invariant
//!
//! This crate knows nothing of HTTP, JSON requests or sea-orm: it never reads a request, never
//! touches a database entity, and must not depend on `tisser-persistence` or `tisser-web`. It
//! receives plain data built by the caller ([`MessageData`], already-formatted times, a
//! ready-made calendar [`Attachment`]) and produces or sends e-mails. Its only Tisser
//! dependency is `tisser-domain`, for [`Language`].
//!
//! # The three steps
//!
//! 1. [`Templates::load`] compiles every template once at start-up (embedded in the binary,
//!    optionally overridden from a directory) and test-renders each one, so a broken template
//!    stops the start-up with an error naming the file instead of failing at send time.
//! 2. [`Templates::render`] turns a [`MessageKind`], a [`Language`] and a [`MessageData`] into
//!    a [`Rendered`] subject, plain-text body and HTML body.
//! 3. [`build_message`] wraps it into a `multipart/mixed` message (text and HTML alternatives,
//!    calendar invites both as an iMIP alternative and as a file), with a stable `Message-ID`
//!    so a retry sends the same message; [`Transport::send`] delivers it.
//!
//! # Personal data
//!
//! Recipients' names and addresses are personal (and, for patient partners, sensitive) data:
//! no [`MailError`] ever carries them in its `Display` text, and the types holding them do not
//! print them in `Debug`.

mod error;
mod message;
mod templates;
mod transport;

pub use error::MailError;
pub use message::{Attachment, build_message};
pub use templates::{MessageData, MessageKind, Rendered, SessionLine, Templates};
pub use tisser_domain::Language;
pub use transport::Transport;

/// Re-exported so callers can name the message type without depending on `lettre` themselves.
pub use lettre::Message;

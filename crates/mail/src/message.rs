//! Building the MIME message.

use std::fmt;

use lettre::message::header::{ContentDisposition, ContentType};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::{Address, Message};

use crate::{MailError, Rendered};

/// A file attached to a message, e.g. a calendar invite with the content type
/// `text/calendar; charset=utf-8; method=REQUEST`.
#[derive(Clone, PartialEq, Eq)]
pub struct Attachment {
    pub filename: String,
    pub content_type: String,
    pub body: String,
}

impl fmt::Debug for Attachment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The body of an invite names the attendee: not printed.
        f.debug_struct("Attachment")
            .field("filename", &self.filename)
            .field("content_type", &self.content_type)
            .field("body_len", &self.body.len())
            .finish()
    }
}

impl Attachment {
    fn is_calendar(&self) -> bool {
        self.content_type.trim_start().to_ascii_lowercase().starts_with("text/calendar")
    }
}

/// Builds the message sent to one person.
///
/// Structure (the iMIP layout of RFC 6047 that Outlook, Gmail, Apple Mail and Thunderbird all
/// recognise):
///
/// ```text
/// multipart/mixed
/// ├── multipart/alternative
/// │   ├── text/plain
/// │   ├── text/html
/// │   └── text/calendar; method=…   (the first calendar attachment, inline: invite buttons)
/// └── each attachment, as a file     (a calendar one as application/ics, so clients do not
///                                     process the same invite twice)
/// ```
///
/// The `Message-ID` is `<message_id@message_id_domain>`: give the same `message_id` when
/// retrying so the receiving side sees one message. `from` may be `Name <address>` or a bare
/// address. Line breaks and control characters in names, the subject and file names are
/// replaced by spaces, and lettre encodes non-ASCII text (RFC 2047/2231), so no value can add
/// a header.
///
/// # Errors
/// [`MailError::Address`] for an unusable address (the error does not repeat it),
/// [`MailError::Build`] for an invalid message id, content type or structure.
pub fn build_message(
    from: &str,
    to_name: &str,
    to_email: &str,
    rendered: &Rendered,
    attachments: &[Attachment],
    message_id_domain: &str,
    message_id: &str,
) -> Result<Message, MailError> {
    let from: Mailbox = from.trim().parse().map_err(|_| MailError::Address { field: "from" })?;
    let to_address: Address = to_email.trim().parse().map_err(|_| MailError::Address { field: "to" })?;
    let to_name = header_text(to_name);
    let to = Mailbox::new((!to_name.is_empty()).then_some(to_name), to_address);

    if !is_dot_atom(message_id) || !is_dot_atom(message_id_domain) {
        return Err(MailError::Build(
            "the message id and its domain must be dot-atoms (letters, digits, . - _)",
        ));
    }

    let mut alternative = MultiPart::alternative()
        .singlepart(SinglePart::plain(rendered.text.clone()))
        .singlepart(SinglePart::html(rendered.html.clone()));
    if let Some(invite) = attachments.iter().find(|a| a.is_calendar()) {
        alternative = alternative.singlepart(
            SinglePart::builder().header(content_type(&invite.content_type)?).body(invite.body.clone()),
        );
    }

    let mut mixed = MultiPart::mixed().multipart(alternative);
    for attachment in attachments {
        let filename = header_text(&attachment.filename);
        let filename = if filename.is_empty() { "attachment".to_owned() } else { filename };
        let kind = if attachment.is_calendar() {
            content_type(&format!("application/ics; name=\"{}\"", quoted_param(&filename)))?
        } else {
            content_type(&attachment.content_type)?
        };
        mixed = mixed.singlepart(
            SinglePart::builder()
                .header(kind)
                .header(ContentDisposition::attachment(&filename))
                .body(attachment.body.clone()),
        );
    }

    Message::builder()
        .from(from)
        .to(to)
        .subject(header_text(&rendered.subject))
        .message_id(Some(format!("<{message_id}@{message_id_domain}>")))
        .multipart(mixed)
        .map_err(|_| MailError::Build("lettre refused the message"))
}

fn content_type(text: &str) -> Result<ContentType, MailError> {
    if text.chars().any(char::is_control) {
        return Err(MailError::Build("an attachment content type contains control characters"));
    }
    ContentType::parse(text).map_err(|_| MailError::Build("invalid attachment content type"))
}

/// Text for a header: control characters (CR, LF, tab…) become spaces, runs of spaces collapse.
fn header_text(text: &str) -> String {
    text.split(|c: char| c.is_control() || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A value safe inside a quoted MIME parameter: no quotes, backslashes or non-ASCII.
fn quoted_param(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' { c } else { '_' })
        .collect()
}

/// RFC 5322 `dot-atom-text`, restricted to what a message id needs.
fn is_dot_atom(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 200
        && !text.starts_with('.')
        && !text.ends_with('.')
        && !text.contains("..")
        && text.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

//! Building the MIME message: structure, Message-ID, header safety, encoding.

use mail_parser::{MessageParser, MimeHeaders, PartType};
use tisser_mail::{Attachment, Language, MailError, MessageKind, Rendered, Templates, build_message};

use crate::common::{MANAGE_URL, sample_data};

const FROM: &str = "Partenariat en Santé <inscriptions@tisser.example.org>";

fn rendered() -> Rendered {
    Templates::load(None)
        .unwrap()
        .render(MessageKind::RegistrationConfirmed, Language::Fr, &sample_data())
        .unwrap()
}

pub fn invite() -> Attachment {
    Attachment {
        filename: "invitation.ics".to_owned(),
        content_type: "text/calendar; charset=utf-8; method=REQUEST".to_owned(),
        body: "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Tisser//FR\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\n\
               UID:abc@tisser\r\nSEQUENCE:0\r\nDTSTAMP:20240401T080000Z\r\nDTSTART:20240423T084500Z\r\n\
               DTEND:20240423T103000Z\r\nSUMMARY:Atelier A – Santé\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
            .to_owned(),
    }
}

/// The MIME tree as text, e.g. `multipart/mixed[multipart/alternative[text/plain,…],…]`.
fn tree(message: &mail_parser::Message<'_>, id: usize) -> String {
    let part = &message.parts[id];
    let ct = part
        .content_type()
        .map_or("text/plain".to_owned(), |ct| format!("{}/{}", ct.ctype(), ct.subtype().unwrap_or("")));
    match &part.body {
        PartType::Multipart(children) => {
            let inner: Vec<String> = children.iter().map(|&c| tree(message, c as usize)).collect();
            format!("{ct}[{}]", inner.join(","))
        }
        _ => ct,
    }
}

#[test]
fn the_message_has_text_html_and_an_imip_invite() {
    let message = build_message(
        FROM,
        "Hélène Dupré",
        "helene@example.org",
        &rendered(),
        &[invite()],
        "tisser.example.org",
        "reg-1-confirmed",
    )
    .unwrap();
    let raw = message.formatted();
    let parsed = MessageParser::default().parse(&raw).unwrap();

    assert_eq!(
        tree(&parsed, 0),
        "multipart/mixed[multipart/alternative[text/plain,text/html,text/calendar],application/ics]"
    );
    assert_eq!(parsed.message_id(), Some("reg-1-confirmed@tisser.example.org"));
    assert_eq!(parsed.subject(), Some("Inscription confirmée : Journées Régionales du Partenariat en Santé"));
    let to = parsed.to().unwrap().first().unwrap();
    assert_eq!(to.name(), Some("Hélène Dupré"));
    assert_eq!(to.address(), Some("helene@example.org"));
    assert_eq!(parsed.from().unwrap().first().unwrap().name(), Some("Partenariat en Santé"));

    assert!(parsed.body_text(0).unwrap().contains(MANAGE_URL));
    assert!(parsed.body_html(0).unwrap().contains(MANAGE_URL));

    // The inline invite carries the iTIP method; the file is the same calendar.
    let calendar = parsed.parts.iter().find(|p| p.is_content_type("text", "calendar")).unwrap();
    let ct = calendar.content_type().unwrap();
    assert_eq!(ct.attribute("method"), Some("REQUEST"));
    assert_eq!(ct.attribute("charset"), Some("utf-8"));
    assert_eq!(calendar.text_contents().unwrap(), invite().body);
    let file = parsed.attachments().find(|p| p.is_content_type("application", "ics")).unwrap();
    assert_eq!(file.attachment_name(), Some("invitation.ics"));
    assert_eq!(file.contents(), invite().body.as_bytes());

    let text = String::from_utf8_lossy(&raw);
    assert!(text.contains("MIME-Version: 1.0"));
    assert!(text.contains("Date: "));
}

#[test]
fn other_attachments_are_plain_files() {
    let pdf = Attachment {
        filename: "programme.txt".to_owned(),
        content_type: "text/plain; charset=utf-8".to_owned(),
        body: "Programme".to_owned(),
    };
    let message =
        build_message(FROM, "", "a@example.org", &rendered(), &[pdf], "tisser.example.org", "m-2").unwrap();
    let raw = message.formatted();
    let parsed = MessageParser::default().parse(&raw).unwrap();
    assert_eq!(tree(&parsed, 0), "multipart/mixed[multipart/alternative[text/plain,text/html],text/plain]");
    assert_eq!(parsed.attachments().next().unwrap().attachment_name(), Some("programme.txt"));
    // No name: a bare address.
    assert_eq!(parsed.to().unwrap().first().unwrap().name(), None);
}

#[test]
fn the_message_id_is_stable_across_retries() {
    let r = rendered();
    let a = build_message(FROM, "A", "a@example.org", &r, &[], "tisser.example.org", "outbox-42").unwrap();
    let b = build_message(FROM, "A", "a@example.org", &r, &[], "tisser.example.org", "outbox-42").unwrap();
    let id = |m: &tisser_mail::Message| m.headers().get_raw("Message-ID").map(str::to_owned);
    assert_eq!(id(&a), Some("<outbox-42@tisser.example.org>".to_owned()));
    assert_eq!(id(&a), id(&b));
}

#[test]
fn a_name_cannot_inject_a_header() {
    let mut r = rendered();
    r.subject = "Bonjour\r\nBcc: subject@evil.example".to_owned();
    let attachment = Attachment { filename: "x\r\nBcc: file@evil.example.ics".to_owned(), ..invite() };
    let message = build_message(
        FROM,
        "Eve\r\nBcc: spy@evil.example",
        "eve@example.org",
        &r,
        &[attachment],
        "tisser.example.org",
        "m-3",
    )
    .unwrap();
    let raw = String::from_utf8(message.formatted()).unwrap();
    for line in raw.lines() {
        assert!(!line.to_ascii_lowercase().starts_with("bcc:"), "injected header line: {line}");
    }
    assert_eq!(message.envelope().to().len(), 1, "only the real recipient");
    assert_eq!(message.envelope().to()[0].to_string(), "eve@example.org");
    let parsed = MessageParser::default().parse(raw.as_bytes()).unwrap();
    assert!(parsed.bcc().is_none());
    assert_eq!(parsed.to().unwrap().iter().count(), 1);
}

#[test]
fn bad_message_ids_are_refused() {
    for (id, domain) in
        [("a\r\nBcc: x@y", "d.example"), ("a b", "d.example"), ("a", "d\r\n.example"), ("", "d"), ("a", "")]
    {
        let err = build_message(FROM, "A", "a@example.org", &rendered(), &[], domain, id).unwrap_err();
        assert!(matches!(err, MailError::Build(_)), "{id:?}@{domain:?}: {err:?}");
    }
}

#[test]
fn accents_are_encoded_in_headers() {
    let message = build_message(
        FROM,
        "Hélène Dupré",
        "helene@example.org",
        &rendered(),
        &[],
        "tisser.example.org",
        "m-4",
    )
    .unwrap();
    let raw = String::from_utf8(message.formatted()).unwrap();
    let headers = raw.split("\r\n\r\n").next().unwrap();
    assert!(headers.is_ascii(), "headers must be 7-bit:\n{headers}");
    let subject = headers.lines().find(|l| l.starts_with("Subject:")).unwrap();
    assert!(subject.to_ascii_lowercase().contains("=?utf-8?"), "{subject}");
    let to = headers.lines().find(|l| l.starts_with("To:")).unwrap();
    assert!(to.to_ascii_lowercase().contains("=?utf-8?"), "{to}");
}

#[test]
fn address_errors_do_not_reveal_the_address_or_name() {
    let err = build_message(
        FROM,
        "Jean-Michel Secret",
        "jean.michel.secret(at)example.org",
        &rendered(),
        &[],
        "d.example",
        "m",
    )
    .unwrap_err();
    assert!(matches!(err, MailError::Address { field: "to" }));
    let text = format!("{err} {err:?}");
    assert!(!text.contains("secret") && !text.contains("Secret"), "{text}");

    let err = build_message("not an address", "A", "a@example.org", &rendered(), &[], "d.example", "m")
        .unwrap_err();
    assert!(matches!(err, MailError::Address { field: "from" }));
    assert!(!err.to_string().contains("not an address"));
}

#[test]
fn a_bad_content_type_is_refused() {
    let attachment = Attachment { content_type: "not a type".to_owned(), ..invite() };
    let attachment = Attachment { filename: "x.bin".to_owned(), ..attachment };
    let err =
        build_message(FROM, "A", "a@example.org", &rendered(), &[attachment], "d.example", "m").unwrap_err();
    assert!(matches!(err, MailError::Build(_)), "{err:?}");
}

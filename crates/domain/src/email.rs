//! E-mail addresses, parsed once and normalised so that `Ana@Example.org ` and
//! `ana@example.org` are the same person.

use std::fmt;

/// A syntactically plausible, normalised (trimmed, lower-case) e-mail address.
///
/// The field is private: the only way to get one is [`Email::parse`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Email(String);

/// Why a text is not an e-mail address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("the e-mail address is empty")]
    Empty,
    #[error("the e-mail address is too long")]
    TooLong,
    #[error("the e-mail address is malformed")]
    Malformed,
}

impl Email {
    /// Parses and normalises an address.
    ///
    /// # Errors
    /// [`EmailError`] when the text is empty, longer than 254 characters, or not of the form
    /// `local@domain.tld` without spaces or control characters.
    pub fn parse(raw: &str) -> Result<Self, EmailError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(EmailError::Empty);
        }
        if trimmed.chars().count() > 254 {
            return Err(EmailError::TooLong);
        }
        let lower = trimmed.to_lowercase();
        let (local, domain) = lower.rsplit_once('@').ok_or(EmailError::Malformed)?;
        let bad_char = |c: char| {
            c.is_whitespace()
                || c.is_control()
                || crate::text::is_invisible_format(c)
                || "<>()[]\\,;:\"@".contains(c)
        };
        let domain_ok = !domain.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && !domain.chars().any(bad_char)
            && domain
                .split('.')
                .all(|label| !label.is_empty() && !label.starts_with('-') && !label.ends_with('-'));
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && !local.chars().any(bad_char);
        if domain_ok && local_ok { Ok(Self(lower)) } else { Err(EmailError::Malformed) }
    }

    /// The normalised address.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What stands for the address of a person who has none (registered by an organiser
    /// from a phone call or a paper form): unique to that person, in the `invalid` domain
    /// that RFC 2606 reserves and that [`Email::parse`] never accepts (it has no dot), so
    /// nobody can type it and nothing is ever sent to it.
    #[must_use]
    pub fn none(tag: uuid::Uuid) -> Self {
        Self(format!("sans-adresse-{}{NO_ADDRESS}", tag.simple()))
    }

    /// Whether a stored address is one that mail can be sent to: not a person without an
    /// address ([`Email::none`]), not an erased person.
    #[must_use]
    pub fn reachable(stored: &str) -> bool {
        !stored.ends_with(NO_ADDRESS)
    }
}

/// How the addresses that are no address end (see [`Email::none`]).
pub const NO_ADDRESS: &str = "@invalid";

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_address_is_never_a_typed_one() {
        let none = Email::none(uuid::Uuid::now_v7());
        assert!(!Email::reachable(none.as_str()));
        assert!(Email::parse(none.as_str()).is_err());
        assert!(Email::reachable("ana@example.org"));
        assert!(Email::reachable(Email::parse("a@b.invalid").map(|e| e.0).unwrap_or_default().as_str()));
    }

    #[test]
    fn addresses_are_trimmed_and_lower_cased() {
        let email = Email::parse("  Ana.Lopez@Example.ORG ").unwrap();
        assert_eq!(email.as_str(), "ana.lopez@example.org");
    }

    #[test]
    fn accented_local_parts_are_kept() {
        assert_eq!(Email::parse("Hélène@exemple.fr").unwrap().as_str(), "hélène@exemple.fr");
    }

    #[test]
    fn invisible_formatting_characters_make_an_address_malformed() {
        assert_eq!(Email::parse("ana\u{202E}gro@example.org"), Err(EmailError::Malformed));
        assert_eq!(Email::parse("ana@exa\u{200B}mple.org"), Err(EmailError::Malformed));
    }

    #[test]
    fn malformed_addresses_are_refused() {
        for raw in [
            "plainaddress",
            "@example.org",
            "ana@",
            "ana@example",
            "ana@.example.org",
            "ana@example..org",
            "ana lopez@example.org",
            "ana@exa mple.org",
            "ana@example.org\r\nBcc: x@y.z",
            ".ana@example.org",
            "ana@-example.org",
        ] {
            assert_eq!(Email::parse(raw), Err(EmailError::Malformed), "{raw:?}");
        }
        assert_eq!(Email::parse("   "), Err(EmailError::Empty));
        let long = format!("{}@example.org", "a".repeat(250));
        assert_eq!(Email::parse(&long), Err(EmailError::TooLong));
    }
}

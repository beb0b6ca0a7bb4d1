//! Slugs: the short readable names in URLs (`jrps-2024`, `dejeuners`).

use std::fmt;

/// Lower-case ASCII letters, digits and single hyphens, 1 to 80 characters.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Slug(String);

/// Why a text is not a slug.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a slug has 1 to 80 characters: lower-case letters a-z, digits and single hyphens")]
pub struct SlugError;

impl Slug {
    /// Parses a slug.
    ///
    /// # Errors
    /// [`SlugError`] when the text has other characters, is empty or too long, or starts,
    /// ends or doubles a hyphen.
    pub fn parse(raw: &str) -> Result<Self, SlugError> {
        let ok = !raw.is_empty()
            && raw.len() <= 80
            && raw.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !raw.starts_with('-')
            && !raw.ends_with('-')
            && !raw.contains("--");
        if ok { Ok(Self(raw.to_owned())) } else { Err(SlugError) }
    }

    /// The slug as text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readable_slugs_are_accepted() {
        for raw in ["jrps-2024", "dejeuners", "a", "atelier-echanges-etp"] {
            assert!(Slug::parse(raw).is_ok(), "{raw}");
        }
    }

    #[test]
    fn other_text_is_refused() {
        for raw in ["", "JRPS", "jrps 2024", "-jrps", "jrps-", "jrps--2024", "déjeuners", "a/b"] {
            assert_eq!(Slug::parse(raw), Err(SlugError), "{raw}");
        }
        assert!(Slug::parse(&"a".repeat(81)).is_err());
    }
}

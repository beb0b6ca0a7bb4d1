//! Every fixed text of the pages, French and English: one table for the templates (as
//! `t.key`) and for the views built in Rust (`tx(lang, "key")`). The texts live in
//! `web-templates/texts.toml` (one `[key]` with `fr` and `en`), embedded in the binary and read
//! once: [`table`] fails on an unreadable file, and `Pages::load` stops the start-up on it.
//! A key missing from the file fails the start-up check of the templates.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::Deserialize;

use crate::error::Lang;

/// The file of the texts, as written by hand.
const SOURCE: &str = include_str!("../../../../web-templates/texts.toml");

/// One text in both languages.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub fr: String,
    pub en: String,
}

impl Text {
    /// The text in `lang`.
    #[must_use]
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
        }
    }
}

/// Every text by key, or why the file cannot be read.
pub type Texts = BTreeMap<String, Text>;

static TEXTS: LazyLock<Result<Texts, String>> = LazyLock::new(|| parse(SOURCE));

/// Reads a file of texts: a key twice, a text without `fr` or `en`, or an unknown field is
/// refused.
///
/// # Errors
/// The parser's message, with the line.
pub fn parse(source: &str) -> Result<Texts, String> {
    toml::from_str(source).map_err(|e| e.to_string())
}

/// The texts, read on the first call.
///
/// # Errors
/// Why `texts.toml` cannot be read.
pub fn table() -> Result<&'static Texts, &'static str> {
    TEXTS.as_ref().map_err(String::as_str)
}

/// The text of `key` in `lang`; empty when missing (a unit test checks that every key the
/// Rust code asks for exists; the start-up check of the templates catches the others, and
/// `Pages::load` refuses to start when the file cannot be read).
#[must_use]
pub fn tx(lang: Lang, key: &str) -> &'static str {
    table().ok().and_then(|texts| texts.get(key)).map_or("", |text| text.get(lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `tx(…, "key")` of the page code names a text of the table.
    #[test]
    fn every_key_asked_for_exists_in_both_languages() {
        let sources = [
            include_str!("views.rs"),
            include_str!("public.rs"),
            include_str!("manage.rs"),
            include_str!("error.rs"),
            include_str!("mod.rs"),
            include_str!("registering.rs"),
            include_str!("organiser/views.rs"),
            include_str!("organiser/person_views.rs"),
            include_str!("organiser/person.rs"),
            include_str!("organiser/on_behalf.rs"),
            include_str!("organiser/messages.rs"),
            include_str!("organiser/import.rs"),
            include_str!("organiser/import_views.rs"),
            include_str!("organiser/checkin.rs"),
            include_str!("organiser/registrations.rs"),
            include_str!("organiser/sign_in.rs"),
            include_str!("organiser/sessions.rs"),
            include_str!("organiser/dashboard.rs"),
            include_str!("organiser/editor.rs"),
            include_str!("organiser/editor_form.rs"),
            include_str!("organiser/editor_sessions.rs"),
            include_str!("organiser/editor_views.rs"),
        ];
        let Ok(texts) = table() else { panic!("texts.toml cannot be read: {:?}", table().err()) };
        let mut seen = 0;
        for source in sources {
            for piece in source.split("tx(").skip(1) {
                let Some(start) = piece.find('"') else { continue };
                let rest = &piece[start + 1..];
                let Some(end) = rest.find('"') else { continue };
                let key = &rest[..end];
                if key.contains(' ') || key.is_empty() || piece[..start].contains(')') {
                    continue;
                }
                seen += 1;
                assert!(texts.contains_key(key), "missing text {key}");
            }
            // Keys chosen by a `match` before `tx(lang, key)`.
            for piece in source.split("\"org_").skip(1) {
                let Some(end) = piece.find('"') else { continue };
                let key = format!("org_{}", &piece[..end]);
                if key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
                    assert!(texts.contains_key(key.as_str()), "missing text {key}");
                }
            }
        }
        assert!(seen > 20, "the scan found the keys");
    }

    #[test]
    fn a_key_twice_or_a_missing_language_is_refused() {
        assert!(parse("[a]\nfr = \"x\"\nen = \"y\"\n").is_ok());
        assert!(parse("[a]\nfr = \"x\"\nen = \"y\"\n[a]\nfr = \"x\"\nen = \"y\"\n").is_err());
        assert!(parse("[a]\nfr = \"x\"\n").is_err());
        assert!(parse("[a]\nfr = \"x\"\nen = \"y\"\nde = \"z\"\n").is_err());
    }
}

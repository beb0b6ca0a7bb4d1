//! Free-text fields coming from people: trimmed, bounded, free of control characters that
//! could break an e-mail header or a calendar line, and free of invisible formatting
//! characters that could make a text read other than it is (a name shown backwards in a
//! list, two names that look alike but differ).

/// The longest a person's name, a facilitator's name or role may be, in characters.
pub const NAME_MAX: usize = 100;
/// The longest title (of an event, a session, a document, a message).
pub const TITLE_MAX: usize = 200;
/// The longest other one-line text (a room, a venue, an organisation).
pub const LINE_MAX: usize = 200;
/// The longest short multi-line text (needs, a dietary requirement).
pub const TEXT_MAX: usize = 2000;
/// The longest description or message body.
pub const DESCRIPTION_MAX: usize = 20_000;
/// The longest web address (join link, replay, document).
pub const URL_MAX: usize = 2000;
/// The most facilitators or documents one session may have.
pub const ITEMS_MAX: usize = 50;

/// A name as people sort and search it: lower case, without accents ("Dupré" reads as
/// "dupre"), so that "DUP", "dup" and "dupré" all find "Dupré".
#[must_use]
pub fn folded(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ÿ' | 'ý' => 'y',
            other => other,
        })
        .collect()
}

/// Whether a search typed by an organiser (`query`, any case, with or without accents)
/// appears in one of `names`. An empty search finds everyone.
#[must_use]
pub fn name_matches(query: &str, names: &[&str]) -> bool {
    let query = folded(query.trim());
    query.is_empty() || names.iter().any(|n| folded(n).contains(&query))
}

/// Why a text field was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("this field is required")]
    Required,
    #[error("this field is too long (at most {0} characters)")]
    TooLong(usize),
    #[error("this field contains control characters")]
    ControlCharacters,
    #[error("this field contains invisible formatting characters")]
    InvisibleCharacters,
}

/// Whether `c` is an invisible formatting character refused in every text: the
/// bidirectional ones (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), the
/// zero-width ones (U+200B–U+200D, U+2060 word joiner, U+FEFF) and the Unicode line and
/// paragraph separators (U+2028, U+2029), which break a line without being a line break.
///
/// Zero-width joiners are also used inside some scripts (Persian, Indic) and emoji
/// sequences; the people registering write in French and English, and a name or a title
/// that reads as it is stored matters more here.
#[must_use]
pub fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{061C}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// The first problem of the characters of `text`: a control character (other than those in
/// `allowed`) or an invisible formatting one.
fn characters(text: &str, allowed: &[char]) -> Result<(), TextError> {
    for c in text.chars() {
        if c.is_control() && !allowed.contains(&c) {
            return Err(TextError::ControlCharacters);
        }
        if is_invisible_format(c) {
            return Err(TextError::InvisibleCharacters);
        }
    }
    Ok(())
}

/// Refuses the characters no text may hold, whatever its length (a web address, a code):
/// control characters and invisible formatting ones.
///
/// # Errors
/// [`TextError::ControlCharacters`] or [`TextError::InvisibleCharacters`].
pub fn plain_characters(text: &str) -> Result<(), TextError> {
    characters(text, &[])
}

/// A one-line text (a name, a title): trimmed, non-empty, at most `max` characters,
/// no control characters at all (so no line breaks) and no invisible formatting characters
/// ([`is_invisible_format`]).
///
/// # Errors
/// [`TextError`] when empty, too long, or containing control characters.
pub fn single_line(raw: &str, max: usize) -> Result<String, TextError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(TextError::Required);
    }
    if trimmed.chars().count() > max {
        return Err(TextError::TooLong(max));
    }
    characters(trimmed, &[])?;
    Ok(trimmed.to_owned())
}

/// An optional multi-line text (needs, a description): trimmed, empty becomes `None`, at
/// most `max` characters; line breaks and tabs allowed, other control characters and
/// invisible formatting characters refused.
///
/// # Errors
/// [`TextError`] when too long or containing control characters other than `\n`, `\r`, `\t`.
pub fn optional_multi_line(raw: Option<&str>, max: usize) -> Result<Option<String>, TextError> {
    let Some(trimmed) = raw.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    if trimmed.chars().count() > max {
        return Err(TextError::TooLong(max));
    }
    characters(trimmed, &['\n', '\r', '\t'])?;
    Ok(Some(trimmed.to_owned()))
}

/// An optional one-line text: empty becomes `None`.
///
/// # Errors
/// As [`single_line`], except that an empty text is `None`, not an error.
pub fn optional_single_line(raw: Option<&str>, max: usize) -> Result<Option<String>, TextError> {
    match raw.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => single_line(t, max).map(Some),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cannot_carry_line_breaks() {
        assert_eq!(single_line("Ana\r\nBcc: x@y.z", 100), Err(TextError::ControlCharacters));
        assert_eq!(single_line("  Hélène  ", 100).unwrap(), "Hélène");
        assert_eq!(single_line("   ", 100), Err(TextError::Required));
        assert_eq!(single_line("abcdef", 5), Err(TextError::TooLong(5)));
    }

    #[test]
    fn needs_may_span_lines_but_not_other_controls() {
        assert_eq!(optional_multi_line(Some("  "), 10).unwrap(), None);
        assert_eq!(optional_multi_line(Some("a\nb"), 10).unwrap().as_deref(), Some("a\nb"));
        assert_eq!(optional_multi_line(Some("a\u{0}b"), 10), Err(TextError::ControlCharacters));
        assert_eq!(optional_single_line(None, 10).unwrap(), None);
        assert_eq!(
            optional_multi_line(Some("sans\tgluten\r\n"), 20).unwrap().as_deref(),
            Some("sans\tgluten")
        );
        assert_eq!(single_line("a\tb", 10), Err(TextError::ControlCharacters));
    }

    #[test]
    fn invisible_formatting_characters_are_refused_everywhere() {
        let refused = [
            '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}',
            '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}', '\u{200B}', '\u{200C}', '\u{200D}', '\u{FEFF}',
            '\u{2028}', '\u{2029}', '\u{2060}',
        ];
        for c in refused {
            let text = format!("Martin{c}txt.exe");
            assert_eq!(single_line(&text, 100), Err(TextError::InvisibleCharacters), "{:04X}", u32::from(c));
            assert_eq!(optional_multi_line(Some(&text), 100), Err(TextError::InvisibleCharacters));
            assert_eq!(plain_characters(&text), Err(TextError::InvisibleCharacters));
        }
        assert_eq!(plain_characters("https://x.org/\u{7f}"), Err(TextError::ControlCharacters));
        // C1 controls are control characters too.
        assert_eq!(single_line("a\u{85}b", 10), Err(TextError::ControlCharacters));
    }

    #[test]
    fn names_are_found_without_case_nor_accents() {
        assert_eq!(folded("Élodie"), "elodie");
        assert!(name_matches("DUP", &["Hélène", "Dupré"]));
        assert!(name_matches("hél", &["Helene", "Martin"]));
        assert!(name_matches("  ", &["Ana"]));
        assert!(!name_matches("zo", &["Ana", "Martin"]));
    }

    #[test]
    fn accents_apostrophes_hyphens_and_other_scripts_are_kept() {
        for name in
            ["Zoé D'Arc-Élodie", "Zoé D’Arc-Élodie", "Œdipe Ñandú", "Ørsted", "محمد", "李小龍", "Ἀθηνᾶ"]
        {
            assert_eq!(single_line(name, 100).unwrap(), name);
        }
        assert!(!is_invisible_format('\u{00A0}'), "a no-break space is visible spacing");
        assert!(!is_invisible_format('\u{202F}'), "so is the narrow one before « : » in French");
    }
}

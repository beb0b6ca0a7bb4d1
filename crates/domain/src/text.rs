//! Free-text fields coming from people: trimmed, bounded, and free of control characters
//! that could break an e-mail header or a calendar line.

/// Why a text field was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("this field is required")]
    Required,
    #[error("this field is too long (at most {0} characters)")]
    TooLong(usize),
    #[error("this field contains control characters")]
    ControlCharacters,
}

/// A one-line text (a name, a title): trimmed, non-empty, at most `max` characters,
/// no control characters at all (so no line breaks).
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
    if trimmed.chars().any(char::is_control) {
        return Err(TextError::ControlCharacters);
    }
    Ok(trimmed.to_owned())
}

/// An optional multi-line text (needs, a description): trimmed, empty becomes `None`, at
/// most `max` characters; line breaks and tabs allowed, other control characters refused.
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
    if trimmed.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        return Err(TextError::ControlCharacters);
    }
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
    }
}

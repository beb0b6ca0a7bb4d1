//! Low-level writing of content lines (RFC 5545 §3.1–3.3): escaping of TEXT values, quoting of
//! parameter values, URIs, and folding at 75 octets.
//!
//! Every function here guarantees that its output holds no CR, LF nor any other control
//! character (HTAB aside in TEXT), so no value can ever start a line of its own.

/// Characters that some readers treat as a line break besides CR and LF: NEL, LINE SEPARATOR and
/// PARAGRAPH SEPARATOR (Python's `str.splitlines` does, for one).
fn is_other_line_break(c: char) -> bool {
    matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma are escaped, every
/// kind of line break (CRLF, CR, LF, NEL, U+2028, U+2029) becomes the two characters `\n`, and
/// the remaining control characters (C0 but HTAB, DEL, C1) are dropped: TSAFE-CHAR excludes them.
pub(crate) fn escape_text(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + 8);
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c if is_other_line_break(c) => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A parameter value as a quoted-string (RFC 5545 §3.1: `DQUOTE *QSAFE-CHAR DQUOTE`).
/// QSAFE-CHAR excludes DQUOTE and controls: a `"` becomes `'`, line breaks and tabs become a
/// space, other controls are dropped, and runs of spaces left by that are collapsed.
pub(crate) fn quote_param(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + 2);
    out.push('"');
    let mut last_space = true; // trims leading spaces
    for c in input.chars() {
        let c = match c {
            '"' => '\'',
            '\r' | '\n' | '\t' => ' ',
            c if is_other_line_break(c) => ' ',
            c if c.is_control() => continue,
            c => c,
        };
        if c == ' ' {
            if last_space {
                continue;
            }
            last_space = true;
        } else {
            last_space = false;
        }
        out.push(c);
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out.push('"');
    out
}

/// A URI value (RFC 3986): characters that may not appear in a URI — controls, space, `"`, `<`,
/// `>`, `\`, `^`, `` ` ``, `{`, `|`, `}` and every non-ASCII character — are percent-encoded
/// (as UTF-8), so the value is always a single safe token. Existing `%XX` are kept as they are.
pub(crate) fn encode_uri(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for c in input.trim().chars() {
        let keep = c.is_ascii_graphic() && !matches!(c, '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}');
        if keep {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// Whether `email` can be written after `mailto:` as is: an `@` with something on both sides,
/// and no whitespace, control character nor RFC 5322 special (`"(),:;<>[\]`) anywhere.
pub(crate) fn is_usable_email(email: &str) -> bool {
    let Some((local, domain)) = email.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.is_empty()
        && !email.chars().any(|c| {
            c.is_control()
                || c.is_whitespace()
                || is_other_line_break(c)
                || matches!(c, '"' | '(' | ')' | ',' | ':' | ';' | '<' | '>' | '[' | '\\' | ']')
        })
}

/// Maximum length of a content line in octets, line break excluded (RFC 5545 §3.1).
pub(crate) const MAX_LINE_OCTETS: usize = 75;

/// Appends `line` to `out` folded at [`MAX_LINE_OCTETS`] octets, each physical line ended by
/// CRLF, continuation lines starting with one space. A line is never split inside a UTF-8
/// character, nor inside a backslash escape (`\n`, `\,`…): not required by RFC 5545 (unfolding
/// comes first), but kinder to careless readers.
pub(crate) fn push_folded(out: &mut String, line: &str) {
    let mut room = MAX_LINE_OCTETS;
    let mut chars = line.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        // One unit: a character, or a backslash and the character it escapes.
        let mut end = start + c.len_utf8();
        if c == '\\'
            && let Some(&(_, next)) = chars.peek()
        {
            chars.next();
            end += next.len_utf8();
        }
        let unit = &line[start..end];
        if unit.len() > room {
            out.push_str("\r\n ");
            room = MAX_LINE_OCTETS - 1;
        }
        out.push_str(unit);
        room -= unit.len();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_text_escapes_specials_and_line_breaks() {
        assert_eq!(escape_text(r"a\b;c,d:e"), r"a\\b\;c\,d:e");
        assert_eq!(escape_text("l1\r\nl2\nl3\rl4\u{2028}l5\u{85}l6"), r"l1\nl2\nl3\nl4\nl5\nl6");
        assert_eq!(escape_text("bell\u{7}del\u{7f}c1\u{9b}\ttab"), "belldelc1\ttab");
        assert_eq!(escape_text("été — œuvre"), "été — œuvre");
    }

    #[test]
    fn quote_param_removes_quotes_and_controls() {
        assert_eq!(quote_param("Ana \"Ani\" Dupont"), "\"Ana 'Ani' Dupont\"");
        assert_eq!(quote_param(" x\r\nATTENDEE:mailto:e@x.org "), "\"x ATTENDEE:mailto:e@x.org\"");
        assert_eq!(quote_param("Zoë; Léa, Œ"), "\"Zoë; Léa, Œ\"");
        assert_eq!(quote_param(""), "\"\"");
    }

    #[test]
    fn encode_uri_percent_encodes_unsafe_characters() {
        assert_eq!(encode_uri("https://ex.org/a?b=1&c=2,3;x"), "https://ex.org/a?b=1&c=2,3;x");
        assert_eq!(encode_uri("https://ex.org/a b\r\nX:y"), "https://ex.org/a%20b%0D%0AX:y");
        assert_eq!(encode_uri("https://ex.org/é\"<>"), "https://ex.org/%C3%A9%22%3C%3E");
    }

    #[test]
    fn usable_emails() {
        assert!(is_usable_email("ana.dupont+jrps@example.org"));
        assert!(is_usable_email("zoë@exemple.fr"));
        for bad in ["", "no-at", "@x.org", "a@", "a b@x.org", "a@x.org\r\nX:y", "a;b@x.org", "\"a\"@x.org"] {
            assert!(!is_usable_email(bad), "{bad:?}");
        }
    }

    fn physical_lines(folded: &str) -> Vec<&str> {
        folded.strip_suffix("\r\n").unwrap().split("\r\n").collect()
    }

    #[test]
    fn short_lines_are_not_folded() {
        let mut out = String::new();
        push_folded(&mut out, "SUMMARY:court");
        assert_eq!(out, "SUMMARY:court\r\n");
        let exact = format!("SUMMARY:{}", "x".repeat(75 - 8));
        let mut out = String::new();
        push_folded(&mut out, &exact);
        assert_eq!(out, format!("{exact}\r\n"));
    }

    #[test]
    fn folding_is_utf8_safe_and_at_most_75_octets() {
        // Every offset of a multi-byte character against the fold boundary.
        for pad in 0..8 {
            let value = format!("{}{}", "a".repeat(pad), "é—œ𝄞\\n\\,".repeat(40));
            let line = format!("DESCRIPTION:{value}");
            let mut out = String::new();
            push_folded(&mut out, &line);
            let lines = physical_lines(&out);
            assert!(lines.len() > 5);
            for (i, l) in lines.iter().enumerate() {
                assert!(l.len() <= 75, "line {i} has {} octets", l.len());
                assert!(!l.is_empty());
                if i > 0 {
                    assert!(l.starts_with(' '));
                    // no continuation starts with the second half of an escape
                    let rest = &l[1..];
                    let before = lines[i - 1];
                    let trailing_backslashes = before.chars().rev().take_while(|c| *c == '\\').count();
                    assert!(trailing_backslashes % 2 == 0, "escape split before {rest:?}");
                }
            }
            // Unfolding gives back the line exactly.
            assert_eq!(out.trim_end_matches("\r\n").replace("\r\n ", ""), line);
            // Lines are as full as they can be: folding happens only when the next unit
            // (at most 4 octets for a character, 2 for an escape) would not fit.
            for l in &lines[..lines.len() - 1] {
                assert!(l.len() > 75 - 4, "{} octets", l.len());
            }
        }
    }
}

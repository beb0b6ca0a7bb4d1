//! CSV text into records, and records back into CSV text.
//!
//! Read: UTF-8 (a byte-order mark is skipped) or Windows-1252, fields separated by commas, or by semicolons
//! when the header line holds more of them (what a French spreadsheet saves); a field holding
//! a separator, a quote or a line break between double quotes, a quote doubled. Written: UTF-8
//! with a byte-order mark (so that a spreadsheet opens it as UTF-8), commas, CRLF line ends.

use super::{Cell, Problem, Record};

/// The characters of Windows-1252 from 0x80 to 0x9F (the others are Latin-1's); the five
/// it leaves undefined stay C1 control characters, which no text accepts.
const WINDOWS_1252: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}', '\u{90}',
    '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

/// Bytes in Windows-1252 as text.
pub fn windows_1252(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| match b {
            0x80..=0x9F => WINDOWS_1252[usize::from(b - 0x80)],
            _ => char::from(*b),
        })
        .collect()
}

/// The separator of a CSV text: a semicolon when the first line holds more semicolons than
/// commas outside quotes, else a comma.
fn separator(text: &str) -> char {
    let (mut commas, mut semicolons, mut quoted) = (0, 0, false);
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' if !quoted => break,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    if semicolons > commas { ';' } else { ',' }
}

/// The rows of a CSV text, each with the line it starts on; blank lines are skipped.
///
/// # Errors
/// A [`Problem`] naming the line of a misplaced or unclosed quote.
pub fn records(text: &str) -> Result<Vec<Record>, Problem> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let comma = separator(text);
    let mut rows = Vec::new();
    let (mut row, mut field) = (Vec::new(), String::new());
    let (mut line, mut start) = (1, 1);
    let (mut quoted, mut was_quoted) = (false, false);
    fn push(rows: &mut Vec<Record>, row: &mut Vec<String>, start: usize) {
        if row.iter().any(|f| !f.is_empty()) {
            let cells = std::mem::take(row).into_iter().map(Cell::Text).collect();
            rows.push(Record { line: start, cells });
        }
        row.clear();
    }
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => {
                line += usize::from(c == '\n');
                field.push(c);
            }
            (false, '"') if field.is_empty() && !was_quoted => (quoted, was_quoted) = (true, true),
            (false, c) if c == comma => {
                row.push(std::mem::take(&mut field));
                was_quoted = false;
            }
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                was_quoted = false;
                push(&mut rows, &mut row, start);
                line += 1;
                start = line;
            }
            (false, '"') => {
                return Err(Problem::new(
                    line,
                    None,
                    "Un guillemet au milieu d'un champ.",
                    "A quote inside a field.",
                ));
            }
            (false, _) if was_quoted => {
                return Err(Problem::new(
                    line,
                    None,
                    "Du texte après un guillemet fermant.",
                    "Text after a closing quote.",
                ));
            }
            (false, c) => field.push(c),
        }
    }
    if quoted {
        return Err(Problem::new(
            start,
            None,
            "Un guillemet n'est jamais fermé.",
            "A quote is never closed.",
        ));
    }
    row.push(field);
    push(&mut rows, &mut row, start);
    Ok(rows)
}

/// One field as written: between quotes when it holds a comma, a quote, a line break or
/// leading or trailing spaces; a text a spreadsheet would run as a formula (starting with `=`,
/// `+`, `-` or `@`) gets a leading `'`, which the reader takes off again.
fn field(text: &str, out: &mut String) {
    let neutralised;
    let text = if text.starts_with(['=', '+', '-', '@']) {
        neutralised = format!("'{text}");
        neutralised.as_str()
    } else {
        text
    };
    if text.contains([',', '"', '\n', '\r', ';']) || text.trim() != text {
        out.push('"');
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(text);
    }
}

/// CSV text of these lines of fields.
pub fn write(lines: &[Vec<String>]) -> String {
    let mut out = String::from('\u{feff}');
    for line in lines {
        for (i, f) in line.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            field(f, &mut out);
        }
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Result<Vec<(usize, Vec<String>)>, Problem> {
        records(text)
            .map(|r| r.into_iter().map(|r| (r.line, r.cells.iter().map(|c| c.text()).collect())).collect())
    }

    #[test]
    fn quotes_are_checked() {
        assert_eq!(records("a,\"b\nc\",d\n").map(|r| r.len()), Ok(1));
        assert_eq!(records("a,\"b").err().map(|p| p.line), Some(1));
        assert_eq!(records("a,b\"c\n").err().map(|p| p.line), Some(1));
    }

    #[test]
    fn a_french_spreadsheet_separates_with_semicolons() {
        let rows = texts("jour;début;titre\r\n1;9:00;\"Accueil; café\"\r\n").unwrap_or_default();
        assert_eq!(rows[1], (2, vec!["1".to_owned(), "9:00".to_owned(), "Accueil; café".to_owned()]));
        let rows = texts("day,title\n1,\"Ateliers; salles A, B\"\n").unwrap_or_default();
        assert_eq!(rows[1].1[1], "Ateliers; salles A, B");
    }

    #[test]
    fn what_is_written_reads_back_the_same() {
        let lines = vec![
            vec!["titre".to_owned(), "description".to_owned()],
            vec!["=SOMME(A1)".to_owned(), "Deux lignes,\net des \"guillemets\"".to_owned()],
            vec![" espace".to_owned(), String::new()],
        ];
        let text = write(&lines);
        assert!(text.contains("'=SOMME"), "{text}");
        let back: Vec<Vec<String>> = texts(&text).unwrap_or_default().into_iter().map(|(_, r)| r).collect();
        assert_eq!(back[1][1], lines[1][1]);
        assert_eq!(back[1][0], "'=SOMME(A1)", "the reader of rows takes the quote off");
        assert_eq!(back[2][0], " espace");
    }
}

//! The first sheet of an XLSX workbook into records, read from its bytes in memory.
//!
//! An XLSX file is a zip archive of XML parts: `xl/workbook.xml` lists the sheets in their
//! order, `xl/_rels/workbook.xml.rels` says which part holds each, `xl/sharedStrings.xml`
//! holds the texts that cells refer to by number. A cell is a number (a time is a fraction
//! of a day), a shared or inline text, a boolean, or the cached text of a formula. Each
//! record's line is the row's number in the sheet, as the spreadsheet shows it.
//!
//! Only the few parts needed are read, each at most [`PART_MAX`] bytes once unpacked, so that
//! a small file that unpacks into gigabytes is refused rather than read.

use std::io::{Cursor, Read};

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::{Cell, Problem, Record};

/// The most bytes one part of the workbook may unpack to.
pub const PART_MAX: u64 = 64 * 1024 * 1024;

fn unreadable() -> Problem {
    Problem::new(
        1,
        None,
        "Ce fichier XLSX ne se lit pas. Enregistrez-le à nouveau depuis le tableur, ou en CSV.",
        "This XLSX file cannot be read. Save it again from the spreadsheet, or as CSV.",
    )
}

/// One part of the archive as text; `None` when it is absent.
fn part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<Option<String>, Problem> {
    let file = match zip.by_name(name) {
        Ok(file) => file,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(_) => return Err(unreadable()),
    };
    let mut text = String::new();
    file.take(PART_MAX + 1).read_to_string(&mut text).map_err(|_| unreadable())?;
    if text.len() as u64 > PART_MAX {
        return Err(Problem::new(
            1,
            None,
            "Ce fichier est trop grand pour être lu.",
            "This file is too large to be read.",
        ));
    }
    Ok(Some(text))
}

/// The value of the attribute whose name (without its prefix) is `name`.
fn attribute(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| a.normalized_value(XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
}

/// `_x000D_` and the like: how OOXML writes a character XML cannot hold.
fn unescape_ooxml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("_x") {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let code = tail.get(2..6).filter(|_| tail.get(6..7) == Some("_"));
        match code.and_then(|h| u32::from_str_radix(h, 16).ok()).and_then(char::from_u32) {
            Some(c) => {
                out.push(c);
                rest = &tail[7..];
            }
            None => {
                out.push_str("_x");
                rest = &tail[2..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Reads XML events from `text`, calling `each` with each one and the text of every text
/// node (entities resolved). Stops at the end or at a malformed document.
fn events(text: &str, mut each: impl FnMut(&Event<'_>, Option<&str>)) -> Result<(), Problem> {
    let mut reader = Reader::from_str(text);
    loop {
        let event = reader.read_event().map_err(|_| unreadable())?;
        match &event {
            Event::Eof => return Ok(()),
            Event::Text(t) => each(&event, Some(&t.xml10_content())),
            Event::CData(t) => each(&event, Some(&**t)),
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => resolve_predefined_entity(r).ok_or_else(unreadable)?.to_owned(),
                    Err(_) => return Err(unreadable()),
                };
                each(&event, Some(&resolved));
            }
            _ => each(&event, None),
        }
    }
}

/// The name of the first sheet's part, as `xl/worksheets/sheet1.xml`.
fn first_sheet(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Result<String, Problem> {
    let fallback = "xl/worksheets/sheet1.xml".to_owned();
    let Some(workbook) = part(zip, "xl/workbook.xml")? else { return Ok(fallback) };
    let mut id = None;
    events(&workbook, |e, _| {
        if let Event::Start(s) | Event::Empty(s) = e
            && s.local_name().as_ref() == "sheet"
            && id.is_none()
        {
            id = attribute(s, "id");
        }
    })?;
    let (Some(id), Some(rels)) = (id, part(zip, "xl/_rels/workbook.xml.rels")?) else { return Ok(fallback) };
    let mut target = None;
    events(&rels, |e, _| {
        if let Event::Start(s) | Event::Empty(s) = e
            && s.local_name().as_ref() == "Relationship"
            && attribute(s, "Id").as_deref() == Some(id.as_str())
        {
            target = attribute(s, "Target");
        }
    })?;
    Ok(match target {
        Some(t) if t.starts_with('/') => t.trim_start_matches('/').to_owned(),
        Some(t) => format!("xl/{t}"),
        None => fallback,
    })
}

/// The shared texts, in order: each `si` is the text of its `t` nodes, phonetic guides
/// (`rPh`) left out.
fn shared_strings(xml: &str) -> Result<Vec<String>, Problem> {
    let mut strings = Vec::new();
    let (mut current, mut in_t, mut in_phonetic) = (String::new(), false, false);
    events(xml, |e, text| match e {
        Event::Start(s) if s.local_name().as_ref() == "si" => current.clear(),
        Event::Start(s) if s.local_name().as_ref() == "t" => in_t = true,
        Event::Start(s) if s.local_name().as_ref() == "rPh" => in_phonetic = true,
        Event::End(s) if s.local_name().as_ref() == "t" => in_t = false,
        Event::End(s) if s.local_name().as_ref() == "rPh" => in_phonetic = false,
        Event::End(s) if s.local_name().as_ref() == "si" => strings.push(unescape_ooxml(&current)),
        Event::Empty(s) if s.local_name().as_ref() == "si" => strings.push(String::new()),
        _ => {
            if let Some(text) = text
                && in_t
                && !in_phonetic
            {
                current.push_str(text);
            }
        }
    })?;
    Ok(strings)
}

/// The column of a cell reference, from 0: `B3` is 1.
fn column(reference: &str) -> Option<usize> {
    let letters: String = reference.chars().take_while(char::is_ascii_alphabetic).collect();
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let n = letters.bytes().fold(0usize, |n, b| n * 26 + usize::from(b.to_ascii_uppercase() - b'A' + 1));
    Some(n - 1)
}

/// One cell being read.
#[derive(Default)]
struct CellReading {
    column: usize,
    kind: String,
    value: String,
    inline: String,
    in_value: bool,
    in_text: bool,
}

impl CellReading {
    fn cell(self, strings: &[String]) -> Cell {
        match self.kind.as_str() {
            "s" => Cell::Text(
                self.value
                    .trim()
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| strings.get(i))
                    .cloned()
                    .unwrap_or_default(),
            ),
            "inlineStr" => Cell::Text(unescape_ooxml(&self.inline)),
            "str" | "e" | "d" => Cell::Text(unescape_ooxml(&self.value)),
            // A boolean is 1 or 0, read as yes or no.
            _ => match self.value.trim().parse::<f64>() {
                Ok(n) if n.is_finite() => Cell::Number(n),
                _ => Cell::Text(self.value),
            },
        }
    }
}

/// The records of the first sheet of an XLSX file.
///
/// # Errors
/// A [`Problem`] on line 1 when the bytes are not a workbook that can be read.
pub fn records(bytes: &[u8]) -> Result<Vec<Record>, Problem> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| unreadable())?;
    let sheet = first_sheet(&mut zip)?;
    let strings = match part(&mut zip, "xl/sharedStrings.xml")? {
        Some(xml) => shared_strings(&xml)?,
        None => Vec::new(),
    };
    let xml = part(&mut zip, &sheet)?.ok_or_else(unreadable)?;
    let mut records = Vec::new();
    let (mut line, mut cells): (usize, Vec<Cell>) = (0, Vec::new());
    let mut cell: Option<CellReading> = None;
    let mut bad = false;
    events(&xml, |e, text| match e {
        Event::Start(s) | Event::Empty(s) if s.local_name().as_ref() == "row" => {
            line = attribute(s, "r").and_then(|r| r.parse().ok()).unwrap_or(line + 1);
            cells.clear();
        }
        Event::End(s) if s.local_name().as_ref() == "row" => {
            if cells.iter().any(|c| !c.text().trim().is_empty()) {
                records.push(Record { line, cells: std::mem::take(&mut cells) });
            }
        }
        Event::Start(s) | Event::Empty(s) if s.local_name().as_ref() == "c" => {
            let at = match attribute(s, "r") {
                Some(r) => column(&r).unwrap_or_else(|| {
                    bad = true;
                    0
                }),
                None => cells.len(),
            };
            let reading = CellReading {
                column: at,
                kind: attribute(s, "t").unwrap_or_default(),
                ..CellReading::default()
            };
            if matches!(e, Event::Empty(_)) {
                put(&mut cells, reading.column, Cell::Text(String::new()));
            } else {
                cell = Some(reading);
            }
        }
        Event::End(s) if s.local_name().as_ref() == "c" => {
            if let Some(done) = cell.take() {
                let at = done.column;
                put(&mut cells, at, done.cell(&strings));
            }
        }
        Event::Start(s) if s.local_name().as_ref() == "v" => {
            if let Some(c) = cell.as_mut() {
                c.in_value = true;
            }
        }
        Event::End(s) if s.local_name().as_ref() == "v" => {
            if let Some(c) = cell.as_mut() {
                c.in_value = false;
            }
        }
        Event::Start(s) if s.local_name().as_ref() == "t" => {
            if let Some(c) = cell.as_mut() {
                c.in_text = true;
            }
        }
        Event::End(s) if s.local_name().as_ref() == "t" => {
            if let Some(c) = cell.as_mut() {
                c.in_text = false;
            }
        }
        _ => {
            if let (Some(text), Some(c)) = (text, cell.as_mut()) {
                if c.in_value {
                    c.value.push_str(text);
                } else if c.in_text {
                    c.inline.push_str(text);
                }
            }
        }
    })?;
    if bad {
        return Err(unreadable());
    }
    Ok(records)
}

/// Puts `cell` at `column`, the columns skipped before it empty.
fn put(cells: &mut Vec<Cell>, column: usize, cell: Cell) {
    if column >= cells.len() {
        cells.resize_with(column + 1, || Cell::Text(String::new()));
    }
    cells[column] = cell;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references_name_their_column() {
        assert_eq!(column("A1"), Some(0));
        assert_eq!(column("B3"), Some(1));
        assert_eq!(column("AA10"), Some(26));
        assert_eq!(column("3"), None);
    }

    #[test]
    fn ooxml_escapes_are_undone() {
        assert_eq!(unescape_ooxml("a_x000D_b"), "a\rb");
        assert_eq!(unescape_ooxml("_x_y_x00"), "_x_y_x00");
    }

    #[test]
    fn shared_strings_join_their_runs_without_phonetics() {
        let xml = r#"<sst><si><t>Atelier</t></si><si><r><t xml:space="preserve">Salle </t></r><r><t>A &amp; B</t></r><rPh><t>x</t></rPh></si><si/></sst>"#;
        assert_eq!(
            shared_strings(xml).ok(),
            Some(vec!["Atelier".into(), "Salle A & B".into(), String::new()])
        );
    }

    /// A workbook as a spreadsheet writes it: texts shared or inline, times as fractions
    /// of a day, a blank row, a second sheet that is not read.
    fn workbook(constant_memory: bool) -> Vec<u8> {
        use rust_xlsxwriter::{Format, Workbook};
        let mut book = Workbook::new();
        let sheet = if constant_memory {
            book.add_worksheet_with_constant_memory().unwrap()
        } else {
            book.add_worksheet()
        };
        for (col, name) in
            ["jour", "début", "fin", "titre", "type", "places", "inscription"].iter().enumerate()
        {
            sheet.write_string(0, col as u16, *name).unwrap();
        }
        let time = Format::new().set_num_format("hh:mm");
        sheet.write_number(2, 0, 1).unwrap();
        sheet.write_number_with_format(2, 1, 10.75 / 24.0, &time).unwrap();
        sheet.write_string(2, 2, "12 h 30").unwrap();
        sheet.write_string(2, 3, "Atelier A & B <salle 2>").unwrap();
        sheet.write_string(2, 4, "atelier").unwrap();
        sheet.write_number(2, 5, 29).unwrap();
        sheet.write_boolean(2, 6, true).unwrap();
        sheet.write_number(3, 0, 2).unwrap();
        sheet.write_string(3, 1, "9:00").unwrap();
        sheet.write_number(3, 2, 0.25).unwrap();
        sheet.write_string(3, 3, "Trop tôt").unwrap();
        sheet.write_string(3, 4, "plénière").unwrap();
        book.add_worksheet().write_string(0, 0, "autre feuille").unwrap();
        book.save_to_buffer().unwrap()
    }

    #[test]
    fn the_first_sheet_of_a_workbook_is_read_with_its_row_numbers() {
        for constant_memory in [false, true] {
            let reading = super::super::read_file(&workbook(constant_memory));
            assert_eq!(reading.rows.len(), 1, "{reading:?}");
            let row = &reading.rows[0];
            assert_eq!((row.line, row.day, row.start, row.end), (3, 0, (10, 45), (12, 30)));
            assert_eq!(row.title, "Atelier A & B <salle 2>");
            assert_eq!((row.capacity, row.requires_registration), (Some(29), true));
            let at: Vec<(usize, Option<&str>)> =
                reading.problems.iter().map(|p| (p.line, p.column)).collect();
            assert_eq!(at, [(4, Some("end"))], "06:00 is before 9:00, on the sheet's row 4");
            assert!(reading.problems[0].fr.starts_with("« 06:00 » :"), "{:?}", reading.problems);
        }
    }

    #[test]
    fn what_is_not_a_workbook_is_one_problem() {
        assert_eq!(records(b"PK\x03\x04 broken").err().map(|p| p.line), Some(1));
    }
}

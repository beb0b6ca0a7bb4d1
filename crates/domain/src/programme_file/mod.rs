//! A programme as organisers keep it in a spreadsheet, saved as CSV or XLSX: one row per
//! session, a header row naming the columns, in French or English, in any order.
//!
//! | column (English / French) | what | example |
//! | --- | --- | --- |
//! | `day` / `jour` | the day of the event, from 1 | `1` |
//! | `start`, `end` / `début`, `fin` | local time, `10:45`, `10h45` or `10 h 45` (in XLSX also a time cell) | `10:45` |
//! | `title` / `titre` | | `Atelier 1 : …` |
//! | `kind` / `type` | `plenary`, `workshop`, `talk`, `round_table`, `forum`, `social`, `webinar`, `other`, or in French `plénière`, `atelier`, `intervention`, `table ronde`, `forum`, `convivial`, `webinaire`, `autre` | `atelier` |
//! | `room` / `salle` | empty when none | `Salle A` |
//! | `capacity` / `places` | seats, empty when unlimited | `29` |
//! | `requires_registration` / `inscription` | `yes`/`oui` when chosen at registration, `no`/`non` or empty | `oui` |
//! | `facilitators` / `animateurs` | `Name (role)`, separated by `;`, the role optional | `Ana Roy (co-animatrice); Léo Vidal` |
//! | `documents` | `Title <url>`, separated by `;` | `Présentation <https://…/a.pdf>` |
//! | `description` | | |
//! | `online_url` / `lien de connexion` | the join link of an online session | `https://visio.example.org/x` |
//!
//! `day`, `start`, `end`, `title` and `kind` are required. Every problem is named by its line
//! (the spreadsheet's row number, from 1 for the header) and its column, all at once, so that
//! a file is mended in one go. Texts obey the limits of every text of Tisser
//! ([`crate::text`]).
//!
//! The way in: a file's bytes become [`Record`]s (`csv.rs`, `xlsx.rs`), which the one reader
//! of rows ([`read_records`]) turns into [`Row`]s; [`plan`] places them on the event's days
//! in its time zone and names those already in the programme. The way out: [`write`] gives
//! a programme back as CSV with the French headers, which reads back the same, and
//! [`template`] a file to start from.

mod csv;
mod xlsx;

use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

use crate::text::{self, TextError, folded};
use crate::{SessionKind, TimeSlot};

pub use xlsx::PART_MAX;

/// A column of the file: its English name (used in [`Problem::column`]), its French one
/// (written in the header of an export) and every name it is known by, folded.
struct Column {
    name: &'static str,
    french: &'static str,
    names: &'static [&'static str],
}

const fn column(name: &'static str, french: &'static str, names: &'static [&'static str]) -> Column {
    Column { name, french, names }
}

const COLUMNS: [Column; 12] = [
    column("day", "jour", &["day", "jour"]),
    column("start", "début", &["start", "debut", "heure de debut"]),
    column("end", "fin", &["end", "fin", "heure de fin"]),
    column("title", "titre", &["title", "titre"]),
    column("kind", "type", &["kind", "type"]),
    column("room", "salle", &["room", "salle", "lieu"]),
    column("capacity", "places", &["capacity", "places", "capacite"]),
    column(
        "requires_registration",
        "inscription",
        &["requires registration", "registration needed", "inscription", "inscription requise"],
    ),
    column(
        "facilitators",
        "animateurs",
        &["facilitators", "animateurs", "intervenants", "animateurs et roles"],
    ),
    column("documents", "documents", &["documents"]),
    column("description", "description", &["description"]),
    column(
        "online_url",
        "lien de connexion",
        &["online url", "online link", "lien de connexion", "lien en ligne"],
    ),
];

const DAY: usize = 0;
const START: usize = 1;
const END: usize = 2;
const TITLE: usize = 3;
const KIND: usize = 4;
const ROOM: usize = 5;
const CAPACITY: usize = 6;
const REGISTRATION: usize = 7;
const FACILITATORS: usize = 8;
const DOCUMENTS: usize = 9;
const DESCRIPTION: usize = 10;
const ONLINE_URL: usize = 11;

/// The required columns.
const REQUIRED: [usize; 5] = [DAY, START, END, TITLE, KIND];

/// The French name of a column named in English (as in [`Problem::column`]).
#[must_use]
pub fn column_in_french(name: &str) -> &str {
    COLUMNS.iter().find(|c| c.name == name).map_or(name, |c| c.french)
}

/// Each kind with the French word written in an export, and other words read for it.
const KINDS: [(SessionKind, &str, &[&str]); 8] = [
    (SessionKind::Plenary, "plénière", &[]),
    (SessionKind::Workshop, "atelier", &[]),
    (SessionKind::Talk, "intervention", &["conference"]),
    (SessionKind::RoundTable, "table ronde", &[]),
    (SessionKind::Forum, "forum", &[]),
    (SessionKind::Social, "convivial", &["temps convivial", "repas", "diner", "dejeuner"]),
    (SessionKind::Webinar, "webinaire", &[]),
    (SessionKind::Other, "autre", &[]),
];

/// The French word for a kind, as an export writes it.
#[must_use]
pub fn kind_in_french(kind: SessionKind) -> &'static str {
    KINDS.iter().find(|(k, _, _)| *k == kind).map_or("autre", |(_, word, _)| word)
}

/// The most days an event may last.
const DAYS_MAX: u32 = 366;

/// One cell of a file: what a CSV holds is text; an XLSX cell may also be a number (a time is
/// a fraction of a day).
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
}

impl Cell {
    /// The cell as text: a whole number without decimals.
    #[must_use]
    pub fn text(&self) -> String {
        match self {
            Self::Text(t) => t.clone(),
            Self::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{n:.0}"),
            Self::Number(n) => n.to_string(),
        }
    }
}

/// One row of a file before it is read: the line it starts on and its cells.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    pub line: usize,
    pub cells: Vec<Cell>,
}

/// One session read from a row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The line of the file the row starts on (from 1).
    pub line: usize,
    /// 0 for the first day.
    pub day: u32,
    pub start: (u32, u32),
    pub end: (u32, u32),
    pub title: String,
    pub kind: SessionKind,
    pub room: Option<String>,
    /// `None`: unlimited.
    pub capacity: Option<u32>,
    pub requires_registration: bool,
    /// (name, role).
    pub facilitators: Vec<(String, Option<String>)>,
    /// (title, url).
    pub documents: Vec<(String, String)>,
    pub description: Option<String>,
    pub online_url: Option<String>,
}

/// What is wrong, where: its line (from 1) and its column (its English name), in French and
/// in English.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub column: Option<&'static str>,
    pub fr: String,
    pub en: String,
}

impl Problem {
    fn new(line: usize, column: Option<&'static str>, fr: impl Into<String>, en: impl Into<String>) -> Self {
        Self { line, column, fr: fr.into(), en: en.into() }
    }
}

/// What a file gave: the rows read, and every problem found. Rows with a problem are left out.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Reading {
    pub rows: Vec<Row>,
    pub problems: Vec<Problem>,
}

impl Reading {
    /// The rows when nothing is wrong, else every problem.
    ///
    /// # Errors
    /// Every [`Problem`] found.
    pub fn into_result(self) -> Result<Vec<Row>, Vec<Problem>> {
        if self.problems.is_empty() { Ok(self.rows) } else { Err(self.problems) }
    }

    fn refused(problem: Problem) -> Self {
        Self { rows: Vec::new(), problems: vec![problem] }
    }
}

/// The records of a file's bytes: an XLSX workbook's first sheet (recognised by its content,
/// whatever its name), else a CSV text in UTF-8, or else in Windows-1252 (Latin-1 and the
/// typographic quotes, dashes and `œ`, as a spreadsheet on Windows saves CSV).
///
/// # Errors
/// One [`Problem`]: a workbook that cannot be read, an old `.xls` file, a misplaced quote.
pub fn records(bytes: &[u8]) -> Result<Vec<Record>, Problem> {
    if bytes.starts_with(b"PK\x03\x04") {
        return xlsx::records(bytes);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(Problem::new(
            1,
            None,
            "Les fichiers .xls ne se lisent pas. Enregistrez en .xlsx ou en CSV.",
            "Files in .xls cannot be read. Save as .xlsx or CSV.",
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => csv::records(text),
        // Not UTF-8: what a French spreadsheet saves as "CSV (séparateur : point-virgule)".
        Err(_) => csv::records(&csv::windows_1252(bytes)),
    }
}

/// Reads a file's bytes (CSV or XLSX): its rows and every problem.
#[must_use]
pub fn read_file(bytes: &[u8]) -> Reading {
    match records(bytes) {
        Ok(records) => read_records(&records, &mut |_| {}),
        Err(problem) => Reading::refused(problem),
    }
}

/// Reads a CSV text: its rows, or every problem found.
///
/// # Errors
/// Every [`Problem`], as [`read_records`] finds them.
pub fn read(text: &str) -> Result<Vec<Row>, Vec<Problem>> {
    match csv::records(text) {
        Ok(records) => read_records(&records, &mut |_| {}).into_result(),
        Err(problem) => Err(vec![problem]),
    }
}

/// How often [`read_records`] tells how far it is.
pub const PROGRESS_EVERY: usize = 100;

/// `10:45`, `10h45`, `10 h 45`, `9:00`.
pub fn time(text: &str) -> Option<(u32, u32)> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase();
    let (h, m) = compact.split_once(':').or_else(|| compact.split_once('h'))?;
    let m = if m.is_empty() { "0" } else { m };
    if h.is_empty() || h.len() > 2 || m.len() > 2 || !h.chars().chain(m.chars()).all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (h, m) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some((h, m))
}

/// A time as text, or as a spreadsheet's fraction of a day.
fn time_cell(cell: Option<&Cell>) -> Option<(u32, u32)> {
    match cell? {
        Cell::Number(n) if (0.0..1.0).contains(n) => {
            let minutes = (n * 1440.0).round() as u32;
            (minutes < 1440).then_some((minutes / 60, minutes % 60))
        }
        Cell::Number(_) => None,
        Cell::Text(t) => time(t),
    }
}

/// A whole number from 1, as text or as a number.
fn count(cell: Option<&Cell>) -> Option<u32> {
    match cell? {
        Cell::Number(n) if n.fract() == 0.0 && *n >= 1.0 && *n <= f64::from(u32::MAX) => Some(*n as u32),
        Cell::Number(_) => None,
        Cell::Text(t) => t.trim().parse::<u32>().ok().filter(|n| *n > 0),
    }
}

fn kind(text: &str) -> Option<SessionKind> {
    let text = folded(text);
    SessionKind::parse(&text.replace(' ', "_")).or_else(|| {
        KINDS
            .iter()
            .find(|(_, word, others)| folded(word) == text || others.contains(&text.as_str()))
            .map(|(kind, _, _)| *kind)
    })
}

fn yes_no(text: &str) -> Option<bool> {
    match folded(text).as_str() {
        "yes" | "oui" | "y" | "o" | "x" | "1" | "true" | "vrai" => Some(true),
        "" | "no" | "non" | "n" | "0" | "false" | "faux" => Some(false),
        _ => None,
    }
}

/// `Name (role); Name`: each name with its role, if any.
pub fn facilitators(text: &str) -> Vec<(String, Option<String>)> {
    let people = text.split(';').map(str::trim).filter(|p| !p.is_empty());
    people
        .map(|p| match p.strip_suffix(')').and_then(|p| p.rsplit_once(" (")) {
            Some((name, role)) => (name.trim().to_owned(), Some(role.trim().to_owned())),
            None => (p.to_owned(), None),
        })
        .collect()
}

/// `Title <url>; Title <url>`.
fn documents(text: &str) -> Option<Vec<(String, String)>> {
    let mut pieces: Vec<&str> = text.split('>').collect();
    if !pieces.pop()?.trim().is_empty() {
        return None;
    }
    pieces
        .into_iter()
        .map(|p| {
            let (title, url) = p.trim_start_matches([';', ' ']).rsplit_once('<')?;
            let (title, url) = (title.trim(), url.trim());
            (!title.is_empty() && !url.is_empty()).then(|| (title.to_owned(), url.to_owned()))
        })
        .collect()
}

/// Why a text was refused, in French and in English.
fn text_problem(e: TextError) -> (String, String) {
    match e {
        TextError::Required => ("ce texte est vide.".into(), "this text is empty.".into()),
        TextError::TooLong(max) => (
            format!("trop long ({max} caractères au plus)."),
            format!("too long (at most {max} characters)."),
        ),
        TextError::ControlCharacters => {
            ("contient des caractères de contrôle.".into(), "contains control characters.".into())
        }
        TextError::InvisibleCharacters => {
            ("contient des caractères invisibles.".into(), "contains invisible characters.".into())
        }
    }
}

/// A web address: `http://` or `https://`, no space, within the limits of every text.
fn web_address(url: &str) -> Result<(), (String, String)> {
    text::plain_characters(url).map_err(text_problem)?;
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")).unwrap_or_default();
    if rest.is_empty() || url.chars().any(char::is_whitespace) {
        return Err((
            "ce n'est pas une adresse web (https://…).".into(),
            "not a web address (https://…).".into(),
        ));
    }
    if url.chars().count() > text::URL_MAX {
        return Err(text_problem(TextError::TooLong(text::URL_MAX)));
    }
    Ok(())
}

/// A cell's text as a problem shows it: at most 40 characters.
fn shown(text: &str) -> String {
    if text.chars().count() > 40 {
        format!("{}…", text.chars().take(39).collect::<String>())
    } else {
        text.to_owned()
    }
}

/// The one reader of rows, for CSV and XLSX alike: the first record is the header, each other
/// one a session. `progress` is told the number of rows read every [`PROGRESS_EVERY`] rows.
pub fn read_records(records: &[Record], progress: &mut dyn FnMut(usize)) -> Reading {
    let mut records = records.iter();
    let Some(header) = records.next() else {
        return Reading::refused(Problem::new(1, None, "Le fichier est vide.", "The file is empty."));
    };
    let header_line = header.line;
    let at: Vec<Option<usize>> = COLUMNS
        .iter()
        .map(|column| {
            header.cells.iter().position(|h| {
                let h = folded(h.text().trim()).replace('_', " ");
                column.names.contains(&h.as_str())
            })
        })
        .collect();
    let mut problems: Vec<Problem> = REQUIRED
        .iter()
        .filter(|i| at[**i].is_none())
        .map(|i| {
            let c = &COLUMNS[*i];
            Problem::new(
                header_line,
                Some(c.name),
                format!("Il manque la colonne « {} ».", c.french),
                format!("The column '{}' is missing.", c.name),
            )
        })
        .collect();
    if !problems.is_empty() {
        return Reading { rows: Vec::new(), problems };
    }
    let mut rows: Vec<Row> = Vec::new();
    for (n, record) in records.enumerate() {
        if n > 0 && n % PROGRESS_EVERY == 0 {
            progress(n);
        }
        if let Some(row) = read_row(record, &at, &rows, &mut problems) {
            rows.push(row);
        }
    }
    Reading { rows, problems }
}

/// One row, or `None` with its problems added to `problems`.
fn read_row(
    record: &Record,
    at: &[Option<usize>],
    earlier: &[Row],
    problems: &mut Vec<Problem>,
) -> Option<Row> {
    let line = record.line;
    let cell = |i: usize| at[i].and_then(|c| record.cells.get(c));
    let get = |i: usize| {
        let text = match cell(i) {
            // A time typed as such shows as one, not as a fraction of a day.
            Some(c @ Cell::Number(_)) if i == START || i == END => {
                time_cell(Some(c)).map_or_else(|| c.text(), |(h, m)| format!("{h:02}:{m:02}"))
            }
            c => c.map(Cell::text).unwrap_or_default(),
        };
        let text = text.trim();
        // What an export neutralised (`csv.rs`) reads as it was.
        match text.strip_prefix('\'') {
            Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest.to_owned(),
            _ => text.to_owned(),
        }
    };
    let before = problems.len();
    let mut wrong = |i: usize, fr: &str, en: &str| {
        let value = shown(&get(i));
        problems.push(Problem::new(
            line,
            Some(COLUMNS[i].name),
            format!("« {value} » : {fr}"),
            format!("'{value}': {en}"),
        ));
    };
    let day = count(cell(DAY)).filter(|d| *d <= DAYS_MAX).map(|d| d - 1);
    if day.is_none() {
        wrong(DAY, "ce n'est pas un jour (1, 2…).", "not a day (1, 2…).");
    }
    let start = time_cell(cell(START));
    if start.is_none() {
        wrong(START, "ce n'est pas une heure (10:45).", "not a time (10:45).");
    }
    let end = time_cell(cell(END));
    if end.is_none() {
        wrong(END, "ce n'est pas une heure (10:45).", "not a time (10:45).");
    }
    if let (Some(s), Some(e)) = (start, end)
        && e <= s
    {
        wrong(END, "la fin n'est pas après le début.", "the end is not after the start.");
    }
    let title = match text::single_line(&get(TITLE), text::TITLE_MAX) {
        Ok(t) => Some(t),
        Err(TextError::Required) => {
            wrong(TITLE, "il manque le titre.", "the title is missing.");
            None
        }
        Err(e) => {
            let (fr, en) = text_problem(e);
            wrong(TITLE, &fr, &en);
            None
        }
    };
    let kind = kind(&get(KIND));
    if kind.is_none() {
        wrong(
            KIND,
            "ce type de temps n'existe pas (atelier, plénière…).",
            "unknown kind (workshop, plenary…).",
        );
    }
    let capacity = match get(CAPACITY).as_str() {
        "" => Some(None),
        _ => count(cell(CAPACITY)).map(Some),
    };
    if capacity.is_none() {
        wrong(CAPACITY, "ce n'est pas un nombre de places.", "not a number of seats.");
    }
    let registration = yes_no(&get(REGISTRATION));
    if registration.is_none() {
        wrong(REGISTRATION, "répondez oui ou non.", "answer yes or no.");
    }
    let mut texts = |i: usize, checked: Result<Option<String>, TextError>| match checked {
        Ok(t) => t,
        Err(e) => {
            let (fr, en) = text_problem(e);
            wrong(i, &fr, &en);
            None
        }
    };
    let room = texts(ROOM, text::optional_single_line(Some(&get(ROOM)), text::LINE_MAX));
    let description =
        texts(DESCRIPTION, text::optional_multi_line(Some(&get(DESCRIPTION)), text::DESCRIPTION_MAX));
    let people = facilitators(&get(FACILITATORS));
    let people_ok = people.len() <= text::ITEMS_MAX
        && people.iter().all(|(name, role)| {
            text::single_line(name, text::NAME_MAX).is_ok()
                && text::optional_single_line(role.as_deref(), text::NAME_MAX).is_ok()
        });
    if !people_ok {
        wrong(
            FACILITATORS,
            &format!(
                "écrivez « Nom (rôle) », séparés par « ; », {} au plus, de 100 caractères au plus.",
                text::ITEMS_MAX
            ),
            &format!(
                "write 'Name (role)', separated by ';', at most {}, of at most 100 characters.",
                text::ITEMS_MAX
            ),
        );
    }
    let docs = documents(&get(DOCUMENTS)).filter(|d| d.len() <= text::ITEMS_MAX);
    match &docs {
        None => wrong(
            DOCUMENTS,
            "écrivez « Titre <adresse> », séparés par « ; ».",
            "write 'Title <address>', separated by ';'.",
        ),
        Some(list) => {
            for (title, url) in list {
                if let Err((fr, en)) =
                    text::single_line(title, text::TITLE_MAX).map_err(text_problem).and(web_address(url))
                {
                    wrong(DOCUMENTS, &fr, &en);
                }
            }
        }
    }
    let online_url = Some(get(ONLINE_URL)).filter(|u| !u.is_empty());
    if let Some(Err((fr, en))) = online_url.as_deref().map(web_address) {
        wrong(ONLINE_URL, &fr, &en);
    }
    if let (Some(day), Some(start), Some(title)) = (day, start, &title)
        && let Some(first) =
            earlier.iter().find(|r| r.day == day && r.start == start && folded(&r.title) == folded(title))
    {
        let first = first.line;
        wrong(
            TITLE,
            &format!("le même temps que la ligne {first}."),
            &format!("the same session as line {first}."),
        );
    }
    if problems.len() > before {
        return None;
    }
    Some(Row {
        line,
        day: day?,
        start: start?,
        end: end?,
        title: title?,
        kind: kind?,
        room,
        capacity: capacity?,
        requires_registration: registration?,
        facilitators: people,
        documents: docs?,
        description,
        online_url,
    })
}

/// A row placed in time: the session it will be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Planned {
    pub row: Row,
    pub slot: TimeSlot,
}

/// What an import would do: the sessions it would create, in the file's order, and every
/// problem that stops it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    pub sessions: Vec<Planned>,
    pub problems: Vec<Problem>,
}

/// Places `rows` on the event's days: day 0 is `first_day`, times are local in `zone`. A
/// local time that does not exist that day (the clocks go forward) is a problem; one that
/// happens twice (they go back) is the first. A row with the same title (without case nor
/// accents) and the same start as a session of `existing` (title, start) is a problem.
#[must_use]
pub fn plan(rows: &[Row], zone: Tz, first_day: NaiveDate, existing: &[(&str, DateTime<Utc>)]) -> Plan {
    let mut out = Plan::default();
    for row in rows {
        let at = |(h, m): (u32, u32)| {
            let date = first_day.checked_add_days(Days::new(u64::from(row.day)))?;
            let local = date.and_time(NaiveTime::from_hms_opt(h, m, 0)?);
            zone.from_local_datetime(&local).earliest().map(|t| t.with_timezone(&Utc))
        };
        let mut problem = |column: usize, (h, m): (u32, u32), fr: &str, en: &str| {
            out.problems.push(Problem::new(
                row.line,
                Some(COLUMNS[column].name),
                format!("« {h:02}:{m:02} » : {fr}"),
                format!("'{h:02}:{m:02}': {en}"),
            ));
        };
        let (start, end) = (at(row.start), at(row.end));
        for (column, time, found) in [(START, row.start, start), (END, row.end, end)] {
            if found.is_none() {
                problem(
                    column,
                    time,
                    "cette heure n'existe pas ce jour-là (changement d'heure).",
                    "this time does not exist that day (clock change).",
                );
            }
        }
        let (Some(start), Some(end)) = (start, end) else { continue };
        if existing.iter().any(|(title, s)| *s == start && folded(title) == folded(&row.title)) {
            out.problems.push(Problem::new(
                row.line,
                Some(COLUMNS[TITLE].name),
                format!("« {} » : ce temps est déjà au programme, à la même heure.", shown(&row.title)),
                format!(
                    "'{}': this session is already in the programme, at the same time.",
                    shown(&row.title)
                ),
            ));
            continue;
        }
        match TimeSlot::new(start, end) {
            Ok(slot) => out.sessions.push(Planned { row: row.clone(), slot }),
            Err(_) => {
                problem(END, row.end, "la fin n'est pas après le début.", "the end is not after the start.")
            }
        }
    }
    out
}

/// Where an instant falls in a programme starting on `first_day` in `zone`: its day (0 for
/// the first) and its local time. `None` before the first day.
#[must_use]
pub fn day_and_time(first_day: NaiveDate, zone: Tz, at: DateTime<Utc>) -> Option<(u32, (u32, u32))> {
    let local = at.with_timezone(&zone);
    let day = u32::try_from((local.date_naive() - first_day).num_days()).ok()?;
    Some((day, (local.hour(), local.minute())))
}

/// The header written by [`write`] and [`template`]: the French names.
fn header() -> Vec<String> {
    COLUMNS.iter().map(|c| c.french.to_owned()).collect()
}

impl Row {
    /// Each facilitator as the file writes them: `Name (role)`, or `Name`.
    #[must_use]
    pub fn people(&self) -> Vec<String> {
        self.facilitators
            .iter()
            .map(|(name, role)| match role {
                Some(role) => format!("{name} ({role})"),
                None => name.clone(),
            })
            .collect()
    }
}

fn fields(row: &Row) -> Vec<String> {
    let hm = |(h, m): (u32, u32)| format!("{h:02}:{m:02}");
    let people = row.people();
    let docs: Vec<String> = row.documents.iter().map(|(title, url)| format!("{title} <{url}>")).collect();
    vec![
        (row.day + 1).to_string(),
        hm(row.start),
        hm(row.end),
        row.title.clone(),
        kind_in_french(row.kind).to_owned(),
        row.room.clone().unwrap_or_default(),
        row.capacity.map(|c| c.to_string()).unwrap_or_default(),
        if row.requires_registration { "oui" } else { "non" }.to_owned(),
        people.join("; "),
        docs.join("; "),
        row.description.clone().unwrap_or_default(),
        row.online_url.clone().unwrap_or_default(),
    ]
}

/// A programme as a CSV file with the French headers, which [`read`] reads back the same.
#[must_use]
pub fn write(rows: &[Row]) -> String {
    let mut lines = vec![header()];
    lines.extend(rows.iter().map(fields));
    csv::write(&lines)
}

/// A file to start from: the header and one example row, whose description says how to fill
/// each column, in French then in English.
#[must_use]
pub fn template() -> String {
    let example = Row {
        line: 2,
        day: 0,
        start: (10, 45),
        end: (12, 15),
        title: "Atelier 1 : exemple à remplacer".into(),
        kind: SessionKind::Workshop,
        room: Some("Salle A".into()),
        capacity: Some(25),
        requires_registration: true,
        facilitators: vec![
            ("Ana Roy".into(), Some("co-animatrice".into())),
            ("Léo Vidal".into(), Some("co-animateur".into())),
        ],
        documents: vec![("Présentation".into(), "https://exemple.org/presentation.pdf".into())],
        description: Some(TEMPLATE_HELP.into()),
        online_url: None,
    };
    write(&[example])
}

const TEMPLATE_HELP: &str = "Cette ligne est un exemple : remplacez-la. \
Une ligne par temps du programme. \
Jour : 1 pour le premier jour, 2 pour le deuxième. \
Début et fin : l'heure locale, comme 10:45. \
Type : plénière, atelier, intervention, table ronde, forum, convivial, webinaire ou autre. \
Salle : vide s'il n'y en a pas. \
Places : un nombre, ou vide si les places sont illimitées. \
Inscription : oui si les personnes choisissent ce temps en s'inscrivant. \
Animateurs : Nom (rôle), séparés par « ; ». \
Documents : Titre <adresse>, séparés par « ; ». \
Lien de connexion : pour un temps en ligne.\n\
This row is an example: replace it. \
One row per session. \
Jour (day): 1 for the first day, 2 for the second. \
Début and fin (start and end): the local time, such as 10:45. \
Type (kind): plénière, atelier, intervention, table ronde, forum, convivial, webinaire or autre \
(plenary, workshop, talk, round table, forum, social, webinar or other). \
Salle (room): empty when there is none. \
Places (seats): a number, or empty when seats are unlimited. \
Inscription (registration): oui (yes) when people choose this session as they register. \
Animateurs (facilitators): Name (role), separated by ';'. \
Documents: Title <address>, separated by ';'. \
Lien de connexion (join link): for an online session.";

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<Row> {
        read(text).unwrap_or_default()
    }

    #[test]
    fn a_french_file_is_read_with_its_words() {
        let text = "Jour;x\n";
        assert!(read(text).is_err());
        let text = "\u{feff}jour,début,fin,titre,type,salle,places,inscription,animateurs\n\
                    1,9h00,9 h 30,Ouverture,plénière,Grande salle,,non,Ana Roy (animatrice); Léo\n\
                    1,10:45,12:30,\"Atelier A, le partenariat\",atelier,,29,oui,\n";
        let rows = rows(text);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].start, (9, 0));
        assert_eq!(rows[0].end, (9, 30));
        assert_eq!(rows[0].kind, SessionKind::Plenary);
        assert_eq!(
            rows[0].facilitators,
            vec![("Ana Roy".into(), Some("animatrice".into())), ("Léo".into(), None)]
        );
        assert_eq!(rows[1].title, "Atelier A, le partenariat");
        assert_eq!((rows[1].capacity, rows[1].requires_registration, rows[1].line), (Some(29), true, 3));
    }

    #[test]
    fn every_problem_is_named_by_line_and_column_at_once() {
        let text = "day,start,end,title,kind,capacity\n\
                    1,10:00,09:00,A,workshop,12\n\
                    1,10:00,11:00,B,dance,douze\n\
                    0,25:00,11:00,,workshop,\n\
                    2,10:00,11:00,C,workshop,\n\
                    2,10:00,11:00,c,workshop,\n";
        let problems = read(text).err().unwrap_or_default();
        let at: Vec<(usize, Option<&str>)> = problems.iter().map(|p| (p.line, p.column)).collect();
        assert_eq!(
            at,
            vec![
                (2, Some("end")),
                (3, Some("kind")),
                (3, Some("capacity")),
                (4, Some("day")),
                (4, Some("start")),
                (4, Some("title")),
                (6, Some("title")),
            ]
        );
        assert!(problems[6].fr.contains("ligne 5"), "{:?}", problems[6]);
        let missing = read("day,start\n1,10:00\n").err().unwrap_or_default();
        assert_eq!(missing.len(), 3, "end, title, kind");
        assert!(missing.iter().all(|p| p.line == 1));
    }

    #[test]
    fn texts_obey_the_limits_of_every_text() {
        let header = "day,start,end,title,kind,room,facilitators,documents,online_url\n";
        let problems = |row: &str| {
            read(&format!("{header}{row}\n"))
                .err()
                .unwrap_or_default()
                .into_iter()
                .map(|p| p.column)
                .collect::<Vec<_>>()
        };
        assert_eq!(problems(&format!("1,9:00,10:00,{},talk,,,,", "x".repeat(201))), [Some("title")]);
        assert_eq!(problems("1,9:00,10:00,T\u{202E}txt,talk,,,,"), [Some("title")]);
        assert_eq!(problems("1,9:00,10:00,T,talk,\"A\nB\",,,"), [Some("room")]);
        assert_eq!(problems(&format!("1,9:00,10:00,T,talk,,{},,", "n".repeat(101))), [Some("facilitators")]);
        assert_eq!(problems("1,9:00,10:00,T,talk,,,Plan <javascript:alert(1)>,"), [Some("documents")]);
        assert_eq!(problems("1,9:00,10:00,T,talk,,,,visio"), [Some("online_url")]);
        assert!(
            problems("1,9:00,10:00,T,talk,Salle A,Ana (r),Plan <https://x.org/p>,https://v.org/1").is_empty()
        );
    }

    #[test]
    fn spreadsheet_numbers_are_days_times_and_seats() {
        let number = Cell::Number;
        let text = |t: &str| Cell::Text(t.into());
        let records = [
            Record { line: 1, cells: ["day", "start", "end", "title", "kind", "capacity"].map(text).into() },
            Record {
                line: 4,
                cells: vec![
                    number(2.0),
                    number(0.447_916_666_666_666_7),
                    text("12:30"),
                    number(2024.0),
                    text("atelier"),
                    number(29.0),
                ],
            },
            Record {
                line: 5,
                cells: vec![number(1.5), number(1.25), number(0.5), text("B"), text("talk"), number(2.5)],
            },
        ];
        let reading = read_records(&records, &mut |_| {});
        assert_eq!(reading.rows.len(), 1);
        let row = &reading.rows[0];
        assert_eq!(
            (row.line, row.day, row.start, row.end, row.capacity),
            (4, 1, (10, 45), (12, 30), Some(29))
        );
        assert_eq!(row.title, "2024");
        let at: Vec<(usize, Option<&str>)> = reading.problems.iter().map(|p| (p.line, p.column)).collect();
        assert_eq!(at, [(5, Some("day")), (5, Some("start")), (5, Some("capacity"))]);
    }

    #[test]
    fn progress_is_told_every_hundred_rows() {
        let mut text = String::from("day,start,end,title,kind\n");
        for i in 0..250 {
            text.push_str(&format!("1,9:00,10:00,T{i},talk\n"));
        }
        let records = records(text.as_bytes()).unwrap_or_default();
        let mut told = Vec::new();
        let reading = read_records(&records, &mut |n| told.push(n));
        assert_eq!((reading.rows.len(), told), (250, vec![100, 200]));
    }

    #[test]
    fn a_csv_saved_by_a_spreadsheet_on_windows_reads_with_its_accents() {
        let mut bytes = b"jour;d\xe9but;fin;titre;type\r\n1;9:00;10:00;".to_vec();
        bytes.extend(b"\x8cuvre \x96 \x93caf\xe9\x94;pl\xe9ni\xe8re\r\n");
        let rows = read_file(&bytes).into_result().unwrap_or_default();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].title, "Œuvre – “café”");
        assert!(read_file(&[0xD0, 0xCF, 0x11, 0xE0, 0, 0]).problems[0].en.contains(".xls"));
    }

    #[test]
    fn what_is_written_reads_back_the_same() {
        let text = "jour,début,fin,titre,type,salle,places,inscription,animateurs,documents,description,lien de connexion\n\
                    1,9:00,9:30,=Ouverture,plénière,Grande salle,,non,Ana Roy (animatrice); Léo,\
                    \"Plan <https://x.org/a;b.pdf>; Notes <https://x.org/n>\",\"Deux lignes,\net « guillemets »\",\n\
                    2,14:00,15:30,Webinaire,webinaire,,12,oui,,,,https://visio.example.org/w\n";
        let first = rows(text);
        assert_eq!(first.len(), 2);
        let written = write(&first);
        let again = rows(&written);
        let lines = |r: &[Row]| r.iter().map(|r| Row { line: 0, ..r.clone() }).collect::<Vec<_>>();
        assert_eq!(lines(&again), lines(&first), "{written}");
        assert!(written.starts_with("\u{feff}jour,début,fin,titre,type"));
    }

    #[test]
    fn the_template_reads_as_one_example_row() {
        let rows = rows(&template());
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].kind, SessionKind::Workshop);
        assert!(rows[0].description.as_deref().is_some_and(|d| d.contains("Places") && d.contains("seats")));
    }

    #[test]
    fn rows_are_placed_in_the_event_zone_and_named_when_already_there() {
        let text = "day,start,end,title,kind\n1,09:00,10:00,Ouverture,plenary\n2,02:30,03:30,Nuit,other\n2,10:00,11:00,Atelier,workshop\n";
        let rows = rows(text);
        let paris = chrono_tz::Europe::Paris;
        // 2025-03-30: the clocks go forward at 02:00 in Paris.
        let first = NaiveDate::from_ymd_opt(2025, 3, 29).unwrap_or_default();
        let nine = Utc.with_ymd_and_hms(2025, 3, 29, 8, 0, 0).single().unwrap_or_default();
        let plan = plan(&rows, paris, first, &[("OUVERTURE", nine)]);
        let at: Vec<(usize, Option<&str>)> = plan.problems.iter().map(|p| (p.line, p.column)).collect();
        assert_eq!(at, [(2, Some("title")), (3, Some("start"))], "03:30 exists, 02:30 does not");
        assert_eq!(plan.sessions.len(), 1);
        let workshop = plan.sessions[0].slot;
        assert_eq!(workshop.start(), Utc.with_ymd_and_hms(2025, 3, 30, 8, 0, 0).single().unwrap_or_default());
        assert_eq!(day_and_time(first, paris, workshop.start()), Some((1, (10, 0))));
        assert_eq!(day_and_time(first, paris, nine - chrono::Duration::days(1)), None);
    }
}

//! A programme as organisers keep it in a spreadsheet, saved as CSV (UTF-8, comma separated,
//! a field holding a comma, a quote or a line break between double quotes, a quote doubled):
//! one row per session, a header row naming the columns, in French or English, in any order.
//!
//! | column (English / French) | what | example |
//! | --- | --- | --- |
//! | `day` / `jour` | the day of the event, from 1 | `1` |
//! | `start`, `end` / `début`, `fin` | local time, `10:45`, `10h45` or `10 h 45` | `10:45` |
//! | `title` / `titre` | | `Atelier 1 : …` |
//! | `kind` / `type` | `plenary`, `workshop`, `talk`, `round_table`, `forum`, `social`, `webinar`, `other`, or in French `plénière`, `atelier`, `intervention`, `table ronde`, `forum`, `convivial`, `webinaire`, `autre` | `atelier` |
//! | `room` / `salle` | empty when none | `Salle A` |
//! | `capacity` / `places` | seats, empty when unlimited | `29` |
//! | `requires_registration` / `inscription` | `yes`/`oui` when chosen at registration, `no`/`non` or empty | `oui` |
//! | `facilitators` / `animateurs` | `Name (role)`, separated by `;`, the role optional | `Ana Roy (co-animatrice); Léo Vidal` |
//! | `documents` | `Title <url>`, separated by `;` | `Présentation <https://…/a.pdf>` |
//! | `description` | | |
//!
//! `day`, `start`, `end`, `title` and `kind` are required. Every problem is named by its line
//! (from 1, the header's) and its column, all at once, so that a file is mended in one go.

use crate::SessionKind;
use crate::text::folded;

/// A column of the file, by its English name.
const COLUMNS: [(&str, &[&str]); 11] = [
    ("day", &["day", "jour"]),
    ("start", &["start", "debut", "heure de debut"]),
    ("end", &["end", "fin", "heure de fin"]),
    ("title", &["title", "titre"]),
    ("kind", &["kind", "type"]),
    ("room", &["room", "salle", "lieu"]),
    ("capacity", &["capacity", "places", "capacite"]),
    (
        "requires_registration",
        &["requires_registration", "registration needed", "inscription", "inscription requise"],
    ),
    ("facilitators", &["facilitators", "animateurs", "intervenants", "animateurs et roles"]),
    ("documents", &["documents"]),
    ("description", &["description"]),
];

/// A column's French name, for the messages.
fn french(name: &str) -> &str {
    match name {
        "day" => "jour",
        "start" => "début",
        "end" => "fin",
        "title" => "titre",
        "kind" => "type",
        _ => name,
    }
}

/// The required columns.
const REQUIRED: [&str; 5] = ["day", "start", "end", "title", "kind"];

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
    pub description: String,
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

/// The rows of a CSV text, each with the line it starts on; blank lines are skipped.
///
/// # Errors
/// A [`Problem`] naming the line of a misplaced or unclosed quote.
pub fn records(text: &str) -> Result<Vec<(usize, Vec<String>)>, Problem> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rows = Vec::new();
    let (mut row, mut field) = (Vec::new(), String::new());
    let (mut line, mut start) = (1, 1);
    let (mut quoted, mut was_quoted) = (false, false);
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
            (false, ',') => {
                row.push(std::mem::take(&mut field));
                was_quoted = false;
            }
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                was_quoted = false;
                if row.iter().any(|f| !f.is_empty()) {
                    rows.push((start, std::mem::take(&mut row)));
                }
                row.clear();
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
    if row.iter().any(|f| !f.is_empty()) {
        rows.push((start, row));
    }
    Ok(rows)
}

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

fn kind(text: &str) -> Option<SessionKind> {
    let text = folded(text);
    if let Some(kind) = SessionKind::parse(&text.replace(' ', "_")) {
        return Some(kind);
    }
    Some(match text.as_str() {
        "pleniere" => SessionKind::Plenary,
        "atelier" => SessionKind::Workshop,
        "intervention" | "conference" => SessionKind::Talk,
        "table ronde" => SessionKind::RoundTable,
        "convivial" | "temps convivial" | "repas" | "diner" | "dejeuner" => SessionKind::Social,
        "webinaire" => SessionKind::Webinar,
        "autre" => SessionKind::Other,
        _ => return None,
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

/// Reads a programme file: its sessions, or every problem found, each by line and column.
///
/// # Errors
/// Every [`Problem`]: a misplaced quote, a required column missing, and per row a day, a
/// time, a kind, a number of seats or a yes/no that cannot be read, an end not after the
/// start, no title, a list of documents that cannot be read, the same session as an earlier
/// row.
pub fn read(text: &str) -> Result<Vec<Row>, Vec<Problem>> {
    let mut rows = records(text).map_err(|p| vec![p])?.into_iter();
    let Some((_, header)) = rows.next() else {
        return Err(vec![Problem::new(1, None, "Le fichier est vide.", "The file is empty.")]);
    };
    let mut at: [Option<usize>; COLUMNS.len()] = [None; COLUMNS.len()];
    for (i, (_, names)) in COLUMNS.iter().enumerate() {
        at[i] = header.iter().position(|h| {
            let h = folded(h.trim());
            names.contains(&h.as_str()) || names.contains(&h.replace('_', " ").as_str())
        });
    }
    let mut problems: Vec<Problem> = COLUMNS
        .iter()
        .zip(at)
        .filter(|((name, _), found)| REQUIRED.contains(name) && found.is_none())
        .map(|((name, _), _)| {
            Problem::new(
                1,
                Some(*name),
                format!("Il manque la colonne « {} ».", french(name)),
                format!("The column '{name}' is missing."),
            )
        })
        .collect();
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut out: Vec<Row> = Vec::new();
    for (line, row) in rows {
        let get = |i: usize| at[i].and_then(|c| row.get(c)).map_or("", |f| f.trim());
        let mut wrong = |i: usize, fr: &str, en: &str| {
            let (name, _) = COLUMNS[i];
            problems.push(Problem::new(
                line,
                Some(name),
                format!("« {} » : {fr}", get(i)),
                format!("'{}': {en}", get(i)),
            ));
        };
        let day = get(0).parse::<u32>().ok().and_then(|d| d.checked_sub(1));
        if day.is_none() {
            wrong(0, "ce n'est pas un jour (1, 2…).", "not a day (1, 2…).");
        }
        let start = time(get(1));
        if start.is_none() {
            wrong(1, "ce n'est pas une heure (10:45).", "not a time (10:45).");
        }
        let end = time(get(2));
        if end.is_none() {
            wrong(2, "ce n'est pas une heure (10:45).", "not a time (10:45).");
        }
        if let (Some(s), Some(e)) = (start, end)
            && e <= s
        {
            wrong(2, "la fin n'est pas après le début.", "the end is not after the start.");
        }
        if get(3).is_empty() {
            wrong(3, "il manque le titre.", "the title is missing.");
        }
        let kind = kind(get(4));
        if kind.is_none() {
            wrong(
                4,
                "ce type de temps n'existe pas (atelier, plénière…).",
                "unknown kind (workshop, plenary…).",
            );
        }
        let capacity = match get(6) {
            "" => Some(None),
            text => text.parse::<u32>().ok().filter(|n| *n > 0).map(Some),
        };
        if capacity.is_none() {
            wrong(6, "ce n'est pas un nombre de places.", "not a number of seats.");
        }
        let registration = yes_no(get(7));
        if registration.is_none() {
            wrong(7, "répondez oui ou non.", "answer yes or no.");
        }
        let docs = documents(get(9));
        if docs.is_none() {
            wrong(
                9,
                "écrivez « Titre <adresse> », séparés par « ; ».",
                "write 'Title <address>', separated by ';'.",
            );
        }
        if let (Some(day), Some(start)) = (day, start)
            && let Some(first) =
                out.iter().find(|r| r.day == day && r.start == start && folded(&r.title) == folded(get(3)))
        {
            let first = first.line;
            wrong(
                3,
                &format!("le même temps que la ligne {first}."),
                &format!("the same session as line {first}."),
            );
        }
        let optional = |i: usize| Some(get(i).to_owned()).filter(|t| !t.is_empty());
        if let (
            Some(day),
            Some(start),
            Some(end),
            Some(kind),
            Some(capacity),
            Some(requires_registration),
            Some(documents),
        ) = (day, start, end, kind, capacity, registration, docs)
        {
            out.push(Row {
                line,
                day,
                start,
                end,
                title: get(3).to_owned(),
                kind,
                room: optional(5),
                capacity,
                requires_registration,
                facilitators: facilitators(get(8)),
                documents,
                description: get(10).to_owned(),
            });
        }
    }
    if problems.is_empty() { Ok(out) } else { Err(problems) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_french_file_is_read_with_its_words() {
        let text = "Jour;x\n";
        assert!(read(text).is_err());
        let text = "\u{feff}jour,début,fin,titre,type,salle,places,inscription,animateurs\n\
                    1,9h00,9 h 30,Ouverture,plénière,Grande salle,,non,Ana Roy (animatrice); Léo\n\
                    1,10:45,12:30,\"Atelier A, le partenariat\",atelier,,29,oui,\n";
        let rows = read(text).unwrap_or_default();
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
    fn quotes_are_checked() {
        assert_eq!(records("a,\"b\nc\",d\n").map(|r| r.len()), Ok(1));
        assert_eq!(records("a,\"b").err().map(|p| p.line), Some(1));
        assert_eq!(records("a,b\"c\n").err().map(|p| p.line), Some(1));
    }
}

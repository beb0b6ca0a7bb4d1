//! `tisser programme import | export | template`: an event's programme from a spreadsheet
//! (CSV or XLSX) and back, through the store's import (one transaction, all or nothing) and
//! export, the ones the organisers' pages call.

use std::path::Path;

use chrono::NaiveDate;
use tisser_domain::programme_file::{self, PROGRESS_EVERY, Problem};
use tisser_domain::{Language, wording};
use tisser_persistence::{ImportOutcome, Store, StoreError};

use crate::AppError;

/// A problem as one line: `ligne 3, colonne fin : … (…)`.
#[must_use]
pub fn problem_line(p: &Problem) -> String {
    match p.column {
        Some(column) => {
            format!(
                "ligne {}, colonne {} : {} ({})",
                p.line,
                programme_file::column_in_french(column),
                p.fr,
                p.en
            )
        }
        None => format!("ligne {} : {} ({})", p.line, p.fr, p.en),
    }
}

/// Prints every problem on the standard error and says that nothing was written.
fn refuse(problems: &[Problem]) -> AppError {
    for p in problems {
        eprintln!("{}", problem_line(p));
    }
    let n = problems.len();
    AppError::Usage(format!(
        "{n} problème(s) dans le fichier : rien n'a été écrit. ({n} problem(s) in the file: nothing was written.)"
    ))
}

async fn event(store: &Store, slug: &str) -> Result<tisser_domain::Event, AppError> {
    match store.event_by_slug(slug).await {
        Ok(record) => Ok(record.event),
        Err(StoreError::NotFound(_)) => {
            Err(AppError::Usage(format!("aucun événement « {slug} ». (No event '{slug}'.)")))
        }
        Err(e) => Err(e.into()),
    }
}

/// Reads `file` (CSV or XLSX, told apart by its content), shows what it understood, one line
/// per session, and unless `dry_run` imports it into the event `slug`, day 1 being
/// `first_day` or else the day of the event's first session. Progress goes to the standard
/// error every [`PROGRESS_EVERY`] rows read, and before writing.
///
/// # Errors
/// [`AppError::Usage`] for a file that cannot be read, an unknown event, a first day
/// unknown, or problems in the file (each printed on the standard error first; nothing is
/// written); [`AppError::Store`] when the database fails.
pub async fn import(
    store: &Store,
    slug: &str,
    file: &Path,
    first_day: Option<NaiveDate>,
    dry_run: bool,
) -> Result<(), AppError> {
    let bytes = std::fs::read(file).map_err(|e| {
        AppError::Usage(format!(
            "impossible de lire {} : {e}. (Cannot read {}: {e}.)",
            file.display(),
            file.display()
        ))
    })?;
    let event = event(store, slug).await?;
    let records = programme_file::records(&bytes).map_err(|p| refuse(&[p]))?;
    let rows = records.len().saturating_sub(1);
    if rows > PROGRESS_EVERY {
        eprintln!("lecture de {rows} lignes… (reading {rows} rows…)");
    }
    let reading = programme_file::read_records(&records, &mut |n| {
        eprintln!("{n} lignes lues sur {rows} ({n} rows read of {rows})");
    });
    let rows = reading.into_result().map_err(|problems| refuse(&problems))?;
    let first_day = match first_day {
        Some(day) => day,
        None => store.first_day(event.id).await?.ok_or_else(|| {
            AppError::Usage(
                "cet événement n'a pas encore de temps : donnez son premier jour avec --first-day AAAA-MM-JJ. \
                 (This event has no session yet: give its first day with --first-day YYYY-MM-DD.)"
                    .to_owned(),
            )
        })?,
    };
    let plan = store.plan_import(event.id, &rows, first_day).await?;
    if !plan.problems.is_empty() {
        return Err(refuse(&plan.problems));
    }
    for planned in &plan.sessions {
        let row = &planned.row;
        let seats = match row.capacity {
            Some(n) => format!("{n} places ({n} seats)"),
            None => "places illimitées (unlimited seats)".to_owned(),
        };
        let hm = |(h, m): (u32, u32)| format!("{h:02}:{m:02}");
        println!(
            "jour {} ({}), {}–{}, {} ({}), « {} », {seats}",
            row.day + 1,
            wording::day(planned.slot.start(), event.timezone, Language::Fr),
            hm(row.start),
            hm(row.end),
            programme_file::kind_in_french(row.kind),
            row.kind.as_str(),
            row.title,
        );
    }
    let n = plan.sessions.len();
    if dry_run {
        println!(
            "{n} temps compris ; --dry-run : rien n'a été écrit. ({n} sessions understood; --dry-run: nothing was written.)"
        );
        return Ok(());
    }
    eprintln!("écriture de {n} temps… (writing {n} sessions…)");
    match store.import_programme(event.id, &rows, first_day).await? {
        ImportOutcome::Imported(sessions) => {
            let n = sessions.len();
            println!(
                "{n} temps ajoutés au programme de {slug}. ({n} sessions added to the programme of {slug}.)"
            );
            Ok(())
        }
        ImportOutcome::Refused(problems) => Err(refuse(&problems)),
    }
}

/// Writes `text` into `file`, or on the standard output without one.
fn write_out(text: &str, file: Option<&Path>) -> Result<(), AppError> {
    match file {
        Some(path) => {
            std::fs::write(path, text).map_err(|e| {
                AppError::Usage(format!(
                    "impossible d'écrire {} : {e}. (Cannot write {}: {e}.)",
                    path.display(),
                    path.display()
                ))
            })?;
            eprintln!("écrit dans {} (written to {})", path.display(), path.display());
        }
        None => print!("{text}"),
    }
    Ok(())
}

/// Writes the programme of the event `slug` as a CSV file (French headers), into `file` or
/// on the standard output.
///
/// # Errors
/// [`AppError::Usage`] for an unknown event or a file that cannot be written;
/// [`AppError::Store`] when the database fails.
pub async fn export(store: &Store, slug: &str, file: Option<&Path>) -> Result<(), AppError> {
    let event = event(store, slug).await?;
    write_out(&store.export_programme(event.id).await?, file)
}

/// Writes the template of a programme file into `file` or on the standard output.
///
/// # Errors
/// [`AppError::Usage`] for a file that cannot be written.
pub fn template(file: Option<&Path>) -> Result<(), AppError> {
    write_out(&Store::programme_template(), file)
}

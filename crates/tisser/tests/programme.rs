//! `tisser programme import | export | template`, run as an organiser runs them: what the
//! file says, its problems by line and column, nothing written on a problem nor with
//! `--dry-run`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::process::Output;

use common::{admin_token, database, run, scratch, serve, tisser};
use serde_json::json;

const SHIPPED: &str = include_str!("../src/demo/jrps-2024.csv");

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn programme(dir: &Path, db: Option<&str>, args: &[&str]) -> Output {
    tisser(dir, db).arg("programme").args(args).output().unwrap()
}

/// `tisser programme …`, which must succeed.
fn programme_ok(dir: &Path, db: Option<&str>, args: &[&str]) -> Output {
    run(tisser(dir, db).arg("programme").args(args))
}

/// A workbook of one session at 14:00–15:30 on day 1, its times typed as times, the kind
/// given; with `seats`, a second one on the sheet's row 4 (row 3 left blank) whose seats say
/// that.
fn workbook(path: &Path, header: [&str; 6], kind: &str, seats: Option<&str>) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (col, name) in header.into_iter().enumerate() {
        sheet.write_string(0, u16::try_from(col).unwrap(), name).unwrap();
    }
    let time = rust_xlsxwriter::Format::new().set_num_format("hh:mm");
    sheet.write_number(1, 0, 1).unwrap();
    sheet.write_number_with_format(1, 1, 14.0 / 24.0, &time).unwrap();
    sheet.write_number_with_format(1, 2, 15.5 / 24.0, &time).unwrap();
    sheet.write_string(1, 3, "Atelier du tableur").unwrap();
    sheet.write_string(1, 4, kind).unwrap();
    sheet.write_number(1, 5, 12).unwrap();
    if let Some(seats) = seats {
        for (col, value) in ["1", "16:00", "17:00", "Plénière", "plénière", seats].into_iter().enumerate()
        {
            sheet.write_string(3, u16::try_from(col).unwrap(), value).unwrap();
        }
    }
    book.save(path).unwrap();
}

/// The event's programme as `programme export` prints it.
fn exported(dir: &Path, db: Option<&str>, slug: &str) -> String {
    text(&programme_ok(dir, db, &["export", slug]).stdout)
}

#[tokio::test]
async fn an_import_shows_what_it_understood_writes_nothing_on_a_problem_nor_on_a_dry_run() {
    let dir = scratch();
    let db = database().await;
    let token = admin_token(&dir, db.as_deref());
    let server = serve(&dir, db.as_deref());
    let client = reqwest::Client::new();
    for slug in ["jrps-2030", "tableur"] {
        let res = client
            .post(format!("{}/api/v1/events", server.1))
            .bearer_auth(&token)
            .json(&json!({"slug": slug, "title": "JRPS 2030", "format": "in_person", "timezone": "Europe/Paris"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
    }
    drop(server);
    let empty = exported(&dir, db.as_deref(), "jrps-2030");
    assert_eq!(empty.lines().count(), 1, "only the header: {empty}");
    let file = dir.join("jrps.csv");
    std::fs::write(&file, SHIPPED).unwrap();
    let file = file.to_str().unwrap();

    // No session yet: the first day must be given.
    let out = programme(&dir, db.as_deref(), &["import", "jrps-2030", file]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("--first-day"), "{}", text(&out.stderr));

    let out = programme_ok(
        &dir,
        db.as_deref(),
        &["import", "jrps-2030", file, "--first-day", "2030-04-23", "--dry-run"],
    );
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().filter(|l| l.starts_with("jour ")).collect();
    assert_eq!(lines.len(), 26, "{stdout}");
    assert!(
        lines[0].starts_with("jour 1 (mardi 23 avril 2030), 09:00–09:30, plénière (plenary), « Ouverture")
    );
    assert!(
        stdout.lines().any(|l| l.contains("atelier (workshop)") && l.ends_with(", 29 places (29 seats)")),
        "{stdout}"
    );
    assert!(stdout.contains("rien n'a été écrit"));
    assert_eq!(exported(&dir, db.as_deref(), "jrps-2030"), empty, "--dry-run writes nothing");

    // Two rows wrong: every problem by line and column, nothing written.
    let mut wrong: Vec<String> = SHIPPED.lines().map(str::to_owned).collect();
    wrong[4] = wrong[4].replacen(",plenary,", ",danse,", 1);
    let fields: Vec<&str> = wrong[6].splitn(4, ',').collect();
    wrong[6] = format!("{},{},08:00,{}", fields[0], fields[1], fields[3]);
    let bad = dir.join("wrong.csv");
    std::fs::write(&bad, wrong.join("\n")).unwrap();
    let out = programme(
        &dir,
        db.as_deref(),
        &["import", "jrps-2030", bad.to_str().unwrap(), "--first-day", "2030-04-23"],
    );
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    let problems: Vec<&str> = stderr.lines().filter(|l| l.starts_with("ligne ")).collect();
    assert_eq!(problems.len(), 2, "{stderr}");
    assert!(problems[0].starts_with("ligne 5, colonne type : « danse »"), "{stderr}");
    assert!(problems[0].contains("(\'danse\': unknown kind"), "{stderr}");
    assert!(
        problems[1].starts_with("ligne 7, colonne fin : « 08:00 » : la fin n'est pas après le début."),
        "{stderr}"
    );
    assert!(stderr.contains("rien n'a été écrit"));
    assert_eq!(exported(&dir, db.as_deref(), "jrps-2030"), empty, "a file with problems writes nothing");

    // The file as shipped: every session, then the export reads as the file.
    let out = programme_ok(&dir, db.as_deref(), &["import", "jrps-2030", file, "--first-day", "2030-04-23"]);
    assert!(text(&out.stdout).contains("26 temps ajoutés"), "{}", text(&out.stdout));
    assert!(text(&out.stderr).contains("écriture de 26 temps"));
    let programme_csv = exported(&dir, db.as_deref(), "jrps-2030");
    let sorted = |text: &str| {
        let mut rows: Vec<_> = tisser_domain::programme_file::read(text)
            .unwrap()
            .into_iter()
            .map(|r| tisser_domain::programme_file::Row { line: 0, ..r })
            .collect();
        rows.sort_by_key(|a| (a.day, a.start, a.title.clone()));
        rows
    };
    assert_eq!(sorted(&programme_csv), sorted(SHIPPED));

    // Again: each row is already in the programme; the day of the first session is day 1.
    let out = programme(&dir, db.as_deref(), &["import", "jrps-2030", file]);
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert_eq!(stderr.lines().filter(|l| l.contains("déjà au programme")).count(), 26, "{stderr}");
    assert_eq!(exported(&dir, db.as_deref(), "jrps-2030"), programme_csv);

    // Into a file, and the template.
    let out_file = dir.join("export.csv");
    programme_ok(&dir, db.as_deref(), &["export", "jrps-2030", out_file.to_str().unwrap()]);
    assert_eq!(std::fs::read_to_string(&out_file).unwrap(), programme_csv);
    let template = text(&programme_ok(&dir, db.as_deref(), &["template"]).stdout);
    assert_eq!(tisser_domain::programme_file::read(&template).unwrap().len(), 1);

    // A workbook: its first sheet, times typed as times, a problem named by its row.
    let book = dir.join("programme.xlsx");
    workbook(&book, ["jour", "début", "fin", "titre", "type", "places"], "atelier", Some("beaucoup"));
    let out = programme(
        &dir,
        db.as_deref(),
        &["import", "tableur", book.to_str().unwrap(), "--first-day", "2030-04-23"],
    );
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("ligne 4, colonne places : « beaucoup »"), "{}", text(&out.stderr));
    assert_eq!(exported(&dir, db.as_deref(), "tableur").lines().count(), 1);
    workbook(&book, ["day", "start", "end", "title", "kind", "capacity"], "workshop", None);
    programme_ok(
        &dir,
        db.as_deref(),
        &["import", "tableur", book.to_str().unwrap(), "--first-day", "2030-04-23"],
    );
    let csv = exported(&dir, db.as_deref(), "tableur");
    assert!(csv.contains("\r\n1,14:00,15:30,Atelier du tableur,atelier,,12,non,"), "{csv}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_long_file_tells_its_progress_on_the_standard_error() {
    let dir = scratch();
    let db = database().await;
    run(tisser(&dir, db.as_deref()).arg("demo"));
    let mut long = String::from("day,start,end,title,kind\n");
    for i in 0..250 {
        long.push_str(&format!("3,{:02}:{:02},23:59,Temps {i},talk\n", i / 60, i % 60));
    }
    let file = dir.join("long.csv");
    std::fs::write(&file, long).unwrap();
    let out =
        programme_ok(&dir, db.as_deref(), &["import", "jrps-2024", file.to_str().unwrap(), "--dry-run"]);
    let stderr = text(&out.stderr);
    assert!(stderr.contains("lecture de 250 lignes"), "{stderr}");
    assert!(
        stderr.contains("100 lignes lues sur 250") && stderr.contains("200 lignes lues sur 250"),
        "{stderr}"
    );
    assert_eq!(text(&out.stdout).lines().filter(|l| l.starts_with("jour 3 ")).count(), 250);
    let _ = std::fs::remove_dir_all(&dir);
}

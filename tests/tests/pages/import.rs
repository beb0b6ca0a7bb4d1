//! Importing a programme from a spreadsheet in the organisers' pages: the form, the preview
//! (every session day by day, every problem by line and column), the confirmation that writes
//! everything in one transaction, and the downloads. Nothing is written before the
//! confirmation, nor on a refused form, nor for another organiser's event.

use std::collections::BTreeMap;

use serde_json::json;
use tisser_domain::programme_file::{self, Row};
use tisser_tests::reqwest::{StatusCode, header};
use tisser_tests::smtp::Smtp;
use tisser_tests::{TestApp, assert_valid_html, python, spawn_app_with_smtp};

use crate::organiser_tools::signed_in;
use crate::{Browser, Page, has_link, labels};

/// The demo's JRPS 2024 programme, as organisers keep it.
const JRPS: &str = include_str!("../../../crates/tisser/src/demo/jrps-2024.csv");

const IMPORT: &str = "/organiser/events/jrps/import";

/// The rows of the JRPS file, and those of its first day as a file of their own.
fn jrps_rows() -> Vec<Row> {
    programme_file::read(JRPS).unwrap()
}

fn day_one() -> (String, usize) {
    let rows: Vec<Row> = jrps_rows().into_iter().filter(|r| r.day == 0).collect();
    (programme_file::write(&rows), rows.len())
}

/// The app, and `orga@example.org`'s event `jrps` (no session yet) beside another
/// organiser's event `autre` with one session.
async fn start() -> (Smtp, TestApp) {
    let smtp = Smtp::start();
    let app = spawn_app_with_smtp(&smtp.url()).await;
    let org = app.organiser("orga@example.org").await;
    let other = app.organiser("autre@example.org").await;
    app.event_as(&org, "jrps", json!({"title": "JRPS 2030"})).await;
    app.event_as(&other, "autre", json!({"title": "L'autre"})).await;
    app.session_as(
        &other,
        "autre",
        json!({"title": "Ouverture", "kind": "plenary", "starts_at": "2030-04-23T09:00:00+02:00",
               "ends_at": "2030-04-23T09:30:00+02:00"}),
    )
    .await;
    (smtp, app)
}

/// The event's programme as the store exports it: what the database holds.
async fn programme(app: &TestApp, slug: &str) -> String {
    let event = app.store.event_by_slug(slug).await.unwrap();
    app.store.export_programme(event.event.id).await.unwrap()
}

/// Posts the upload form as a browser does (multipart), with `fields` first (the token among
/// them, when given), then the file.
async fn upload_raw(browser: &Browser, path: &str, fields: &[(&str, &str)], file: (&str, &[u8])) -> Page {
    let boundary = "tisser-test-boundary-3f8a2c";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                .as_bytes(),
        );
    }
    let (filename, bytes) = file;
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let req = browser
        .client
        .post(format!("{}{path}", browser.base))
        .header(header::COOKIE, browser.cookie_header())
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
        .body(body);
    browser.answer(req.send().await.unwrap()).await
}

/// Uploads `file` with the token of the last page read and `first_day`.
async fn upload(browser: &Browser, path: &str, first_day: &str, file: (&str, &[u8])) -> Page {
    let token = browser.token.lock().unwrap().clone().unwrap_or_default();
    upload_raw(browser, path, &[("csrf_token", &token), ("first_day", first_day)], file).await
}

/// The hidden fields of the page's forms.
fn hidden(html: &str) -> BTreeMap<String, String> {
    let found = python(
        r#"
import sys, json, html5lib
doc = html5lib.parse(sys.stdin.read(), namespaceHTMLElements=False)
print(json.dumps({e.get('name'): e.get('value') for e in doc.iter('input') if e.get('type') == 'hidden' and e.get('name') != 'csrf_token'}))
"#,
        html.as_bytes(),
    );
    found.as_object().unwrap().iter().map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned())).collect()
}

/// Posts the preview's "Confirmer l'import" form as it stands.
async fn confirm(browser: &Browser, preview: &Page, path: &str) -> Page {
    let fields = hidden(&preview.html);
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    browser.submit(path, &pairs).await
}

/// Text as the pages write it (`& < > "` escaped).
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn buttons(page: &Page) -> Vec<String> {
    page.read()["buttons"].as_array().unwrap().iter().map(|b| b.as_str().unwrap().to_owned()).collect()
}

fn summary(page: &Page) -> Vec<(String, String)> {
    page.read()["summary"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l[0].as_str().unwrap().to_owned(), l[1].as_str().unwrap().to_owned()))
        .collect()
}

#[tokio::test]
async fn the_jrps_file_is_previewed_day_by_day_then_imported_in_one_go() {
    let (smtp, app) = start().await;
    let rows = jrps_rows();
    let orga = signed_in(&app, &smtp, "orga@example.org").await;

    let dashboard = orga.get("/organiser").await;
    assert!(has_link(&dashboard.read(), "Importer un programme : JRPS 2030", IMPORT), "{}", dashboard.html);

    // The form: no session yet, so the date of day 1 is asked for; the files to start from.
    let form = orga.get(IMPORT).await;
    assert_eq!(form.status, StatusCode::OK);
    assert_valid_html(&form.html);
    let read = form.read();
    let fields = labels(&read);
    assert!(fields.contains(&"Fichier du programme (CSV ou XLSX)".to_owned()), "{fields:?}");
    assert!(fields.contains(&"Date du premier jour".to_owned()), "{fields:?}");
    assert_eq!(read["values"]["first_day"], "");
    assert!(form.html.contains("Cet évènement n'a pas encore de temps"), "{}", form.html);
    assert!(form.html.contains("enctype=\"multipart/form-data\""));
    assert!(has_link(&read, "Télécharger le modèle", "/organiser/events/jrps/modele-programme.csv"));
    assert!(has_link(&read, "Télécharger le programme actuel", "/organiser/events/jrps/programme.csv"));

    // The preview: every session day by day; nothing written.
    let preview = upload(&orga, IMPORT, "23/04/2030", ("jrps-2024.csv", JRPS.as_bytes())).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.html);
    assert_valid_html(&preview.html);
    let n = rows.len();
    assert!(preview.html.contains(&format!("{n} temps seront ajoutés au programme.")), "{}", preview.html);
    assert!(preview.html.contains("Jour 1 : mardi 23 avril 2030"));
    assert!(preview.html.contains("Jour 2 : mercredi 24 avril 2030"));
    assert!(preview.html.contains("De 9 h à 9 h 30"), "{}", preview.html);
    for row in &rows {
        assert!(preview.html.contains(&escape(&row.title)), "{}", row.title);
    }
    assert!(preview.html.contains("places illimitées"));
    assert!(preview.html.contains("Animation : Sophie Albert (intervenant)"));
    let workshop = rows.iter().find(|r| r.capacity.is_some() && r.requires_registration).unwrap();
    let seats = format!("{} places · choisi à l'inscription", workshop.capacity.unwrap());
    assert!(preview.html.contains(&seats), "{seats}");
    assert_eq!(buttons(&preview).iter().filter(|b| *b == "Confirmer l'import").count(), 1);
    assert!(summary(&preview).is_empty());
    assert_eq!(programme(&app, "jrps").await, programme_file::write(&[]), "the preview writes nothing");

    // Confirmed: every session, then the dashboard says how many.
    let done = confirm(&orga, &preview, &format!("{IMPORT}/confirm")).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.html);
    let to = done.location.unwrap();
    assert_eq!(to, format!("/organiser?imported={n}&event=jrps"));
    let dashboard = orga.get(&to).await;
    assert!(
        dashboard.html.contains(&format!("{n} temps ont été ajoutés au programme de « JRPS 2030 ».")),
        "{}",
        dashboard.html
    );
    let imported = programme_file::read(&programme(&app, "jrps").await).unwrap();
    let strip = |rows: &[Row]| rows.iter().map(|r| Row { line: 0, ..r.clone() }).collect::<Vec<_>>();
    assert_eq!(strip(&imported), strip(&rows), "the programme is the file's, field by field");

    // The downloads: the export reads back as the programme; the template as a file.
    let (status, headers, bytes) = orga.bytes("/organiser/events/jrps/programme.csv").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["cache-control"], "no-store");
    assert_eq!(headers["content-disposition"], "attachment; filename=\"programme-jrps.csv\"");
    assert!(headers["content-type"].to_str().unwrap().starts_with("text/csv"));
    assert_eq!(strip(&programme_file::read(&String::from_utf8(bytes).unwrap()).unwrap()), strip(&rows));
    let (status, headers, bytes) = orga.bytes("/organiser/events/jrps/modele-programme.csv").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-disposition"], "attachment; filename=\"modele-programme.csv\"");
    assert_eq!(programme_file::read(&String::from_utf8(bytes).unwrap()).unwrap().len(), 1);

    // Day 1 is now known; the same file again is refused row by row: already there.
    let again = orga.get(IMPORT).await;
    assert_eq!(again.read()["values"]["first_day"], "23/04/2030");
    assert!(again.html.contains("Le premier temps du programme actuel est le mardi 23 avril 2030."));
    let twice = upload(&orga, IMPORT, "23/04/2030", ("jrps-2024.csv", JRPS.as_bytes())).await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(summary(&twice).len(), n, "{}", twice.html);
    assert!(twice.html.contains("ce temps est déjà au programme, à la même heure."));
    assert!(!buttons(&twice).contains(&"Confirmer l'import".to_owned()));
    assert_eq!(strip(&programme_file::read(&programme(&app, "jrps").await).unwrap()), strip(&rows));
}

#[tokio::test]
async fn a_file_with_errors_names_each_line_and_column_and_writes_nothing() {
    let (smtp, app) = start().await;
    let orga = signed_in(&app, &smtp, "orga@example.org").await;
    // One session already there.
    let (day_one, _) = day_one();
    let rows = programme_file::read(&day_one).unwrap();
    let first = programme_file::write(&rows[..1]);
    let form = orga.get(IMPORT).await;
    let preview = upload(&orga, IMPORT, "23/04/2030", ("premier.csv", first.as_bytes())).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.html);
    assert!(form.status == StatusCode::OK);
    assert_eq!(confirm(&orga, &preview, &format!("{IMPORT}/confirm")).await.status, StatusCode::SEE_OTHER);
    let before = programme(&app, "jrps").await;

    let file = "jour;début;fin;titre;type;salle;places\n\
                1;10:45;12:15;Atelier A;atelier;Salle A;20\n\
                1;14:00;13:00;Atelier B;atelier;Salle B;20\n\
                1;14:00;15:00;Atelier C;atelier à part;Salle C;20\n\
                1;14:00;15:00;Atelier D;atelier;Salle D;trente\n\
                1;10:45;12:15;Atelier A;atelier;Salle A;20\n";
    let page = upload(&orga, IMPORT, "23/04/2030", ("ateliers.csv", file.as_bytes())).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", page.html);
    assert_valid_html(&page.html);
    let read = page.read();
    assert!(read["title"].as_str().unwrap().starts_with("Erreur : "), "{}", read["title"]);
    let listed = summary(&page);
    let said: Vec<&str> = listed.iter().map(|(text, _)| text.as_str()).collect();
    for (line, column, words) in [
        (3, "fin", "la fin n'est pas après le début."),
        (4, "type", "atelier à part"),
        (5, "places", "ce n'est pas un nombre de places."),
        (6, "titre", "Atelier A"),
    ] {
        let start = format!("Ligne {line}, colonne « {column} » — ");
        assert!(said.iter().any(|s| s.starts_with(&start) && s.contains(words)), "{start} {words}: {said:?}");
    }
    // Each links to its row of the table of problems, which says it in English too.
    for (_, target) in &listed {
        let id = target.trim_start_matches('#');
        assert!(page.html.contains(&format!("<tr id=\"{id}\"")), "{target}");
    }
    assert!(page.html.contains("lang=\"en\">'13:00': the end is not after the start."), "{}", page.html);
    assert!(page.html.contains("1 problème") || page.html.contains("problèmes empêchent l'import."));
    assert!(page.html.contains("Rien n'a été enregistré."));
    assert!(!buttons(&page).contains(&"Confirmer l'import".to_owned()));
    assert!(labels(&read).contains(&"Fichier du programme (CSV ou XLSX)".to_owned()), "the form again");
    assert_eq!(programme(&app, "jrps").await, before, "nothing written");

    // In English: English first, French second.
    orga.get("/organiser?lang=en").await;
    orga.get(IMPORT).await;
    let english = upload(&orga, IMPORT, "23/04/2030", ("ateliers.csv", file.as_bytes())).await;
    assert_eq!(english.status, StatusCode::UNPROCESSABLE_ENTITY);
    let said = summary(&english);
    assert!(
        said[0].0.starts_with("Line 3, column “fin (end)” — '13:00': the end is not after the start."),
        "{said:?}"
    );
    assert!(
        english.html.contains("lang=\"fr\">« 13:00 » : la fin n'est pas après le début."),
        "{}",
        english.html
    );
    assert!(english.html.contains("Day 1: Tuesday 23 April 2030"), "{}", english.html);
    assert!(
        english.html.contains("Workshop · Room: Salle A · 20 seats · no registration for this session"),
        "{}",
        english.html
    );
    orga.get("/organiser?lang=fr").await;

    // The form's own errors: no file, no date, a file too large.
    orga.get(IMPORT).await;
    let nothing = upload(&orga, IMPORT, "", ("", b"")).await;
    assert_eq!(nothing.status, StatusCode::UNPROCESSABLE_ENTITY);
    let said: Vec<(String, String)> = summary(&nothing);
    assert!(
        said.contains(&(
            "Date du premier jour — Saisissez la date du premier jour, par exemple 17/10/2024.".into(),
            "#first_day".into()
        )),
        "{said:?}"
    );
    assert!(
        said.contains(&(
            "Fichier du programme (CSV ou XLSX) — Choisissez un fichier CSV ou XLSX.".into(),
            "#file".into()
        )),
        "{said:?}"
    );
    assert_eq!(nothing.read()["invalid"], json!(["first_day", "file"]));
    let large = vec![b'a'; 2 * 1024 * 1024 + 1];
    let too_big = upload(&orga, IMPORT, "23/04/2030", ("gros.csv", &large)).await;
    assert_eq!(too_big.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(too_big.html.contains("Le fichier dépasse 2 Mo."), "{}", too_big.html);
    assert_eq!(too_big.read()["values"]["first_day"], "23/04/2030", "what was typed is kept");
    let header_only =
        upload(&orga, IMPORT, "23/04/2030", ("vide.csv", "jour,début,fin,titre,type\n".as_bytes())).await;
    assert_eq!(header_only.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(header_only.html.contains("Le fichier ne contient aucun temps"), "{}", header_only.html);
    let old = upload(&orga, IMPORT, "23/04/2030", ("vieux.xls", &[0xD0, 0xCF, 0x11, 0xE0, 0, 0])).await;
    assert_eq!(old.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(old.html.contains("Les fichiers .xls ne se lisent pas."), "{}", old.html);
    assert_eq!(programme(&app, "jrps").await, before, "nothing written");
}

#[tokio::test]
async fn a_programme_changed_since_the_preview_is_refused_at_confirmation() {
    let (smtp, app) = start().await;
    let orga = signed_in(&app, &smtp, "orga@example.org").await;
    let (file, n) = day_one();
    orga.get(IMPORT).await;
    let preview = upload(&orga, IMPORT, "23/04/2030", ("jour-1.csv", file.as_bytes())).await;
    assert_eq!(preview.status, StatusCode::OK);
    // Meanwhile, the first session of the file is added by someone else.
    let first = &programme_file::read(&file).unwrap()[0];
    app.session(
        "jrps",
        json!({"title": first.title, "kind": "plenary", "starts_at": "2030-04-23T09:00:00+02:00",
               "ends_at": "2030-04-23T09:30:00+02:00"}),
    )
    .await;
    let before = programme(&app, "jrps").await;
    let refused = confirm(&orga, &preview, &format!("{IMPORT}/confirm")).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.html);
    assert_valid_html(&refused.html);
    assert!(refused.html.contains("Le programme a changé depuis l'aperçu"));
    let said = summary(&refused);
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(said[0].0.starts_with("Ligne 2, colonne « titre » — "), "{said:?}");
    assert_eq!(programme(&app, "jrps").await, before, "nothing more written");
    assert_eq!(programme_file::read(&before).unwrap().len(), 1);
    assert!(n > 1);
}

#[tokio::test]
async fn a_workbook_is_read_like_a_csv() {
    let (smtp, app) = start().await;
    let orga = signed_in(&app, &smtp, "orga@example.org").await;
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (col, name) in ["jour", "début", "fin", "titre", "type", "places", "inscription", "animateurs"]
        .into_iter()
        .enumerate()
    {
        sheet.write_string(0, u16::try_from(col).unwrap(), name).unwrap();
    }
    let time = rust_xlsxwriter::Format::new().set_num_format("hh:mm");
    sheet.write_number(1, 0, 1).unwrap();
    sheet.write_number_with_format(1, 1, 14.0 / 24.0, &time).unwrap();
    sheet.write_number_with_format(1, 2, 15.5 / 24.0, &time).unwrap();
    sheet.write_string(1, 3, "Atelier du tableur").unwrap();
    sheet.write_string(1, 4, "atelier").unwrap();
    sheet.write_number(1, 5, 12).unwrap();
    sheet.write_string(1, 6, "oui").unwrap();
    sheet.write_string(1, 7, "Ana Roy (co-animatrice); Léo Vidal").unwrap();
    for (col, value) in ["2", "9:00", "10:00", "Plénière du matin", "plénière"].into_iter().enumerate() {
        sheet.write_string(2, u16::try_from(col).unwrap(), value).unwrap();
    }
    let bytes = book.save_to_buffer().unwrap();

    orga.get(IMPORT).await;
    let preview = upload(&orga, IMPORT, "23/04/2030", ("programme.xlsx", &bytes)).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.html);
    assert!(preview.html.contains("2 temps seront ajoutés au programme."));
    assert!(preview.html.contains("De 14 h à 15 h 30"), "{}", preview.html);
    assert!(preview.html.contains("Atelier · 12 places · choisi à l'inscription"), "{}", preview.html);
    assert!(preview.html.contains("Animation : Ana Roy (co-animatrice), Léo Vidal"));
    assert!(preview.html.contains("Jour 2 : mercredi 24 avril 2030"));
    let done = confirm(&orga, &preview, &format!("{IMPORT}/confirm")).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.html);
    let rows = programme_file::read(&programme(&app, "jrps").await).unwrap();
    let titles: Vec<&str> = rows.iter().map(|r| r.title.as_str()).collect();
    assert_eq!(titles, ["Atelier du tableur", "Plénière du matin"]);
    assert_eq!((rows[0].start, rows[0].end, rows[0].capacity), ((14, 0), (15, 30), Some(12)));
}

#[tokio::test]
async fn a_long_programme_with_descriptions_on_several_lines_is_confirmed_as_a_browser_posts_it() {
    let (smtp, app) = start().await;
    let orga = signed_in(&app, &smtp, "orga@example.org").await;
    // 300 sessions over three days: far more than the site's 64 KiB limit for other forms.
    let description = "Première ligne de la description, assez longue pour peser son poids.\n\
                       Seconde ligne : « guillemets », <chevrons> & esperluette, \"doubles\".";
    let rows: Vec<Row> = (0..300)
        .map(|i| Row {
            line: i + 2,
            day: u32::try_from(i % 3).unwrap(),
            start: (9, 0),
            end: (10, 30),
            title: format!("Atelier n° {i}"),
            kind: tisser_domain::SessionKind::Workshop,
            room: Some(format!("Salle {}", i % 7)),
            capacity: Some(20),
            requires_registration: true,
            facilitators: vec![("Ana Roy".into(), Some("co-animatrice".into()))],
            documents: Vec::new(),
            description: Some(description.into()),
            online_url: None,
        })
        .collect();
    let file = programme_file::write(&rows);
    assert!(file.len() > 64 * 1024);
    orga.get(IMPORT).await;
    let preview = upload(&orga, IMPORT, "23/04/2030", ("long.csv", file.as_bytes())).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.html);
    assert!(preview.html.contains("300 temps seront ajoutés au programme."));
    // A browser sends every line break of a field as CRLF.
    let fields: Vec<(String, String)> = hidden(&preview.html)
        .into_iter()
        .map(|(k, v)| (k, v.replace("\r\n", "\n").replace('\n', "\r\n")))
        .collect();
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let done = orga.submit(&format!("{IMPORT}/confirm"), &pairs).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.html);
    assert_eq!(done.location.unwrap(), "/organiser?imported=300&event=jrps");
    let event = app.store.event_by_slug("jrps").await.unwrap();
    let stored = app.store.programme(event.event.id).await.unwrap();
    assert_eq!(stored.len(), 300);
    assert!(
        stored.iter().all(|s| s.description.as_deref() == Some(description)),
        "{:?}",
        stored[0].description
    );
}

#[tokio::test]
async fn another_organisers_event_is_refused_on_every_import_route() {
    let (smtp, app) = start().await;
    let before = programme(&app, "autre").await;
    let (file, _) = day_one();

    // Not signed in: to the sign-in page.
    let away = Browser::new(&app).get("/organiser/events/autre/import").await;
    assert_eq!((away.status, away.location.as_deref()), (StatusCode::SEE_OTHER, Some("/organiser/sign-in")));

    let orga = signed_in(&app, &smtp, "orga@example.org").await;
    let dashboard = orga.get("/organiser").await;
    assert!(!dashboard.html.contains("/organiser/events/autre/import"));
    for path in [
        "/organiser/events/autre/import",
        "/organiser/events/autre/modele-programme.csv",
        "/organiser/events/autre/programme.csv",
    ] {
        let (status, _, bytes) = orga.bytes(path).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
        assert!(!String::from_utf8_lossy(&bytes).contains("Ouverture"), "{path}");
    }
    // With a valid form token (from its own import page).
    let own = orga.get(IMPORT).await;
    assert_eq!(own.status, StatusCode::OK);
    let upload =
        upload(&orga, "/organiser/events/autre/import", "23/04/2030", ("x.csv", file.as_bytes())).await;
    assert_eq!(upload.status, StatusCode::FORBIDDEN);
    let rows = programme_file::write(&programme_file::read(&file).unwrap());
    let confirmed = orga
        .submit(
            "/organiser/events/autre/import/confirm",
            &[("rows", &rows), ("lines", ""), ("first_day", "2030-04-24")],
        )
        .await;
    assert_eq!(confirmed.status, StatusCode::FORBIDDEN);
    assert_eq!(programme(&app, "autre").await, before, "nothing written");
}

#[tokio::test]
async fn the_import_forms_refuse_a_post_without_their_token() {
    let (smtp, app) = start().await;
    let orga = signed_in(&app, &smtp, "orga@example.org").await;
    let (file, _) = day_one();
    orga.get(IMPORT).await;
    let before = programme(&app, "jrps").await;

    let no_token =
        upload_raw(&orga, IMPORT, &[("first_day", "23/04/2030")], ("x.csv", file.as_bytes())).await;
    assert_eq!(no_token.status, StatusCode::FORBIDDEN);
    let wrong = upload_raw(
        &orga,
        IMPORT,
        &[("csrf_token", &"f".repeat(64)), ("first_day", "23/04/2030")],
        ("x.csv", file.as_bytes()),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    let token = orga.token.lock().unwrap().clone().unwrap();
    let elsewhere = {
        let fields = [("csrf_token", token.as_str()), ("first_day", "23/04/2030")];
        let boundary = "b";
        let mut body = String::new();
        for (k, v) in fields {
            body.push_str(&format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
            ));
        }
        body.push_str(&format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.csv\"\r\n\r\n{file}\r\n--{boundary}--\r\n"));
        let req = orga
            .client
            .post(format!("{}{IMPORT}", orga.base))
            .header(header::COOKIE, orga.cookie_header())
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
            .header(header::ORIGIN, "https://evil.example")
            .body(body);
        orga.answer(req.send().await.unwrap()).await
    };
    assert_eq!(elsewhere.status, StatusCode::FORBIDDEN);
    let rows = programme_file::write(&programme_file::read(&file).unwrap());
    let confirm = orga
        .post_raw(
            &format!("{IMPORT}/confirm"),
            &[("rows", &rows), ("lines", ""), ("first_day", "2030-04-23")],
            &[],
        )
        .await;
    assert_eq!(confirm.status, StatusCode::FORBIDDEN);
    let urlencoded = orga.post_raw(IMPORT, &[("csrf_token", &token), ("first_day", "23/04/2030")], &[]).await;
    assert_eq!(urlencoded.status, StatusCode::FORBIDDEN, "a form without its file part");
    assert_eq!(programme(&app, "jrps").await, before, "nothing written");
}

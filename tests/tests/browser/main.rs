//! Browser tests: the participants' pages driven as a person would, in Debian's Chromium, with
//! axe-core on every state. Each test starts the SMTP server and the application (its delivery
//! worker polling every 200 ms, so e-mails arrive while the journey runs), seeds a programme
//! through the JSON API, then runs `node tests/browser/<journey>.mjs <base-url> <json>` and
//! asserts its exit status.
//!
//! Needs: `node` (20 or later), Chromium at `/usr/bin/chromium` (or `TISSER_CHROMIUM`), the npm
//! packages of `tests/browser` (`npm ci` there) and Python's aiosmtpd and html5lib
//! (`tests/requirements.txt`). A missing piece fails the test; it never skips. Screenshots go
//! to `TISSER_SCREENSHOTS` (otherwise a temporary folder, named in the output, kept on failure).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};
use tisser_tests::reqwest::StatusCode;
use tisser_tests::smtp::Smtp;
use tisser_tests::{TestApp, spawn_app_configured, token_of};

/// One browser at a time: the machines running the suite have few cores.
static BROWSER: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn browser_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("browser")
}

/// Fails with a clear message when something the journeys need is missing.
fn preflight() {
    let dir = browser_dir();
    let node = Command::new("node").arg("--version").output();
    let version = match node {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).trim().to_owned(),
        _ => panic!("the browser tests need Node.js 20 or later on the PATH (`node` not found)"),
    };
    let major: u32 =
        version.trim_start_matches('v').split('.').next().and_then(|m| m.parse().ok()).unwrap_or(0);
    assert!(major >= 20, "the browser tests need Node.js 20 or later, found {version}");
    let chromium = std::env::var("TISSER_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(
        Path::new(&chromium).exists(),
        "the browser tests need Chromium at {chromium} (Debian: `apt-get install chromium`; or set TISSER_CHROMIUM)"
    );
    for package in ["playwright-core", "axe-core"] {
        assert!(
            dir.join("node_modules").join(package).join("package.json").exists(),
            "the browser tests need the npm package {package}: run `npm ci` in {}",
            dir.display()
        );
    }
    let python = Command::new("python3").args(["-c", "import html5lib, aiosmtpd"]).output();
    assert!(
        python.is_ok_and(|o| o.status.success()),
        "the browser tests need python3 with html5lib and aiosmtpd: `pip install -r tests/requirements.txt`"
    );
}

/// Runs a journey against the app; fails the test with the journey's output when it fails.
async fn journey(script: &str, app: &TestApp, data: Value) {
    preflight();
    let _one_at_a_time = BROWSER.lock().await;
    let dir = browser_dir();
    let script_path = dir.join(script);
    let base = app.base.clone();
    let arg = data.to_string();
    let out = tokio::task::spawn_blocking(move || {
        Command::new("node").arg(&script_path).arg(&base).arg(&arg).current_dir(&dir).output()
    })
    .await
    .unwrap()
    .unwrap_or_else(|e| panic!("cannot run node: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "journey {script} failed ({})\n--- stdout\n{stdout}\n--- stderr\n{stderr}",
        out.status
    );
    println!("{stdout}");
}

/// The SMTP server and the app, whose delivery worker polls every 200 ms.
async fn start() -> (Smtp, TestApp) {
    let smtp = Smtp::start();
    let app = spawn_app_configured(&smtp.url(), |s| s.mail.poll_interval_ms = 200).await;
    (smtp, app)
}

pub const JRPS: &str = "jrps-2030";
pub const JRPS_TITLE: &str = "JRPS 2030";
pub const SERIES: &str = "dejeuners";
pub const SERIES_TITLE: &str = "Les Déjeuners du Partenariat";
pub const FULL: &str = "atelier-pratique-2030";
pub const FULL_TITLE: &str = "Atelier pratique : animer un groupe de parole";
pub const CLOSED: &str = "forum-usagers-2030";
pub const CLOSED_TITLE: &str = "Forum des usagers 2030";

/// The workshops of the JRPS morning, with their seats.
const WORKSHOPS: [(&str, u32); 4] = [
    ("Atelier A : co-construire un projet de recherche", 29),
    ("Atelier B : l'éducation thérapeutique en pratique", 15),
    ("Atelier C : représenter les usagers à l'hôpital", 16),
    ("Atelier D : le partenariat en formation initiale", 11),
];

async fn session(app: &TestApp, token: &str, slug: &str, body: Value) -> String {
    app.session_as(token, slug, body).await
}

/// The programme every journey walks through, created through the JSON API by an organiser;
/// returns what the journeys need to know about it.
async fn seed(app: &TestApp, smtp: &Smtp) -> Value {
    let org = app.organiser("organisatrice@example.org").await;

    // The JRPS: two plenaries, four parallel workshops in one slot, a dinner.
    app.event_as(
        &org,
        JRPS,
        json!({"title": JRPS_TITLE, "description": "Les Journées régionales du Partenariat en Santé : \
               patients, proches, professionnels et chercheurs travaillent ensemble.",
               "venue": "Maison des Associations, 12 rue de la Paix, Lyon"}),
    )
    .await;
    session(
        app,
        &org,
        JRPS,
        json!({"title": "Plénière d'ouverture", "kind": "plenary", "starts_at": "2030-04-23T09:30:00+02:00",
               "ends_at": "2030-04-23T10:30:00+02:00", "room": "Grand amphithéâtre",
               "facilitators": [{"name": "Claire Martin", "role": "patiente partenaire"}]}),
    )
    .await;
    let mut workshops = Vec::new();
    for (i, (title, seats)) in WORKSHOPS.iter().enumerate() {
        let id = session(
            app,
            &org,
            JRPS,
            json!({"title": title, "kind": "workshop", "starts_at": "2030-04-23T10:45:00+02:00",
                   "ends_at": "2030-04-23T12:30:00+02:00", "capacity": seats, "room": format!("Salle {}", i + 1)}),
        )
        .await;
        workshops.push(json!({"id": id, "title": title, "seats": seats}));
    }
    session(
        app,
        &org,
        JRPS,
        json!({"title": "Plénière : ce que nous retenons des ateliers", "kind": "plenary",
               "starts_at": "2030-04-23T14:00:00+02:00", "ends_at": "2030-04-23T15:30:00+02:00",
               "room": "Grand amphithéâtre"}),
    )
    .await;
    let dinner = session(
        app,
        &org,
        JRPS,
        json!({"title": "Dîner des JRPS", "kind": "social", "starts_at": "2030-04-23T19:30:00+02:00",
               "ends_at": "2030-04-23T22:30:00+02:00", "capacity": 120, "room": "Restaurant Le Passage"}),
    )
    .await;

    // The Déjeuners: a past webinar with its replay, an upcoming one.
    let res = app
        .post_as(
            &org,
            "/api/v1/series",
            &json!({"slug": SERIES, "title": SERIES_TITLE,
                    "description": "Une heure en ligne, à midi, pour partager une expérience de partenariat."}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap());
    app.event_as(
        &org,
        "dejeuner-2024-03",
        json!({"title": "Déjeuner de mars 2024 : le patient formateur", "series": SERIES, "format": "online"}),
    )
    .await;
    session(
        app,
        &org,
        "dejeuner-2024-03",
        json!({"title": "Le patient formateur", "kind": "webinar", "starts_at": "2024-03-14T12:30:00+01:00",
               "ends_at": "2024-03-14T13:30:00+01:00", "replay_url": "https://video.example.org/dejeuner-2024-03"}),
    )
    .await;
    app.event_as(
        &org,
        "dejeuner-2030-10",
        json!({"title": "Déjeuner d'octobre 2030 : l'aidant dans l'équipe", "series": SERIES, "format": "online"}),
    )
    .await;
    session(
        app,
        &org,
        "dejeuner-2030-10",
        json!({"title": "L'aidant dans l'équipe", "kind": "webinar", "starts_at": "2030-10-10T12:30:00+02:00",
               "ends_at": "2030-10-10T13:30:00+02:00", "online_url": "https://visio.example.org/secret-42"}),
    )
    .await;

    // A practice workshop whose one seat is taken: the next person waits in line.
    app.event_as(&org, FULL, json!({"title": FULL_TITLE, "venue": "Centre social, Villeurbanne"})).await;
    let full = session(
        app,
        &org,
        FULL,
        json!({"title": "Animer un groupe de parole", "kind": "workshop", "starts_at": "2030-05-16T14:00:00+02:00",
               "ends_at": "2030-05-16T17:00:00+02:00", "capacity": 1}),
    )
    .await;
    app.registered(FULL, "premiere@example.org", &[&full]).await;

    // An event whose registration closed.
    app.event_as(
        &org,
        CLOSED,
        json!({"title": CLOSED_TITLE, "venue": "Hôtel de Région, Lyon",
               "registration_closes_at": "2024-01-01T00:00:00+01:00"}),
    )
    .await;
    session(
        app,
        &org,
        CLOSED,
        json!({"title": "Forum", "kind": "forum", "starts_at": "2030-06-20T09:00:00+02:00",
               "ends_at": "2030-06-20T17:00:00+02:00"}),
    )
    .await;

    // Someone already registered to the JRPS (workshop B, the dinner), for the private page.
    let b = workshops[1]["id"].as_str().unwrap().to_owned();
    let known = app.registered(JRPS, "deja.inscrite@example.org", &[&b, &dinner]).await;
    let to_cancel = app.registered(JRPS, "va.annuler@example.org", &[&b]).await;

    json!({
        "maildir": smtp.maildir(),
        "jrps": {"slug": JRPS, "title": JRPS_TITLE, "workshops": workshops, "dinner": "Dîner des JRPS"},
        "series": {"slug": SERIES, "title": SERIES_TITLE},
        "full": {"slug": FULL, "title": FULL_TITLE},
        "closed": {"slug": CLOSED, "title": CLOSED_TITLE},
        "known": {"email": "deja.inscrite@example.org", "token": token_of(&known)},
        "to_cancel": {"email": "va.annuler@example.org", "token": token_of(&to_cancel)},
    })
}

/// With `extra` merged into the seeded data.
fn with(mut data: Value, extra: Value) -> Value {
    if let (Some(a), Value::Object(b)) = (data.as_object_mut(), extra) {
        a.extend(b);
    }
    data
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_harness_reads_mail_and_checks_pages() {
    let (smtp, app) = start().await;
    let data = seed(&app, &smtp).await;
    journey("smoke.mjs", &app, data).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_registers_changes_cancels_and_registers_again() {
    let (smtp, app) = start().await;
    let data = seed(&app, &smtp).await;
    journey("journey.mjs", &app, with(data, json!({"name": "journey", "mode": "pointer"}))).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_journey_with_the_keyboard_only() {
    let (smtp, app) = start().await;
    let data = seed(&app, &smtp).await;
    journey("journey.mjs", &app, with(data, json!({"name": "keyboard", "mode": "keyboard"}))).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_journey_on_a_320_pixel_wide_screen() {
    let (smtp, app) = start().await;
    let data = seed(&app, &smtp).await;
    journey("journey.mjs", &app, with(data, json!({"name": "narrow", "mode": "narrow"}))).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_in_every_state_passes_axe() {
    let (smtp, app) = start().await;
    let data = seed(&app, &smtp).await;
    journey("states.mjs", &app, with(data, json!({"name": "states"}))).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_organiser_signs_in_by_email_reads_the_fill_rates_and_signs_out() {
    let (smtp, app) = start().await;
    let data = seed(&app, &smtp).await;
    let email = "organisatrice@example.org";
    let accounts = app.store.organiser_accounts().await.unwrap();
    let organiser = accounts.iter().find(|a| a.organiser.email == email).unwrap();
    // A link made 20 minutes ago: expired.
    let old = chrono::Utc::now() - chrono::Duration::minutes(20);
    let expired = app.store.sign_in_link(organiser.organiser.id, old).await.unwrap();
    let data = with(
        data,
        json!({"name": "organiser", "organiser": {"email": email, "expired": format!("/organiser/sign-in/{expired}")}}),
    );
    journey("organiser.mjs", &app, data).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_organiser_checks_people_in_at_the_door_on_a_phone() {
    let (smtp, app) = start().await;
    let data = seed(&app, &smtp).await;
    let workshop = data["jrps"]["workshops"][1].clone();
    let b = workshop["id"].as_str().unwrap().to_owned();
    for (first, last) in [("Élodie", "Fabre"), ("Louise", "Morel"), ("Marc", "Petit")] {
        let res = app
            .register(
                JRPS,
                &json!({"email": format!("{}@example.org", last.to_lowercase()), "first_name": first,
                        "last_name": last, "profile": "caregiver", "sessions": [b]}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    let accounts = app.store.organiser_accounts().await.unwrap();
    let organiser = accounts.iter().find(|a| a.organiser.email == "organisatrice@example.org").unwrap();
    let link = app.store.sign_in_link(organiser.organiser.id, chrono::Utc::now()).await.unwrap();
    let data = with(
        data,
        json!({"name": "checkin", "checkin": {"link": format!("/organiser/sign-in/{link}"),
               "session": workshop["title"]}}),
    );
    journey("checkin.mjs", &app, data).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_organiser_acts_for_people_at_the_desk_and_checks_them_in_on_a_phone() {
    let (smtp, app) = start().await;
    let data = seed(&app, &smtp).await;
    let from = data["jrps"]["workshops"][3].clone();
    let to = data["jrps"]["workshops"][2]["title"].clone();
    let d = from["id"].as_str().unwrap().to_owned();
    // Workshop D (11 seats) full, and one person waiting.
    let people: Vec<(String, String)> = [
        ("Paul", "Bouge"),
        ("Sylvie", "Reste"),
        ("Ahmed", "Benali"),
        ("Brigitte", "Caron"),
        ("Chantal", "Durand"),
        ("Didier", "Faure"),
        ("Emma", "Garnier"),
        ("Farid", "Haddad"),
        ("Gisèle", "Imbert"),
        ("Hugo", "Joly"),
        ("Inès", "Klein"),
        ("Wanda", "Attente"),
    ]
    .iter()
    .map(|(f, l)| ((*f).to_owned(), (*l).to_owned()))
    .collect();
    for (first, last) in &people {
        let res = app
            .register(
                JRPS,
                &json!({"email": format!("{}@example.org", last.to_lowercase()), "first_name": first,
                        "last_name": last, "profile": "caregiver", "sessions": [d]}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    let accounts = app.store.organiser_accounts().await.unwrap();
    let organiser = accounts.iter().find(|a| a.organiser.email == "organisatrice@example.org").unwrap();
    let phone = app.store.sign_in_link(organiser.organiser.id, chrono::Utc::now()).await.unwrap();
    let admin = accounts.iter().find(|a| a.organiser.email == "admin@example.org").unwrap();
    let admin = app.store.sign_in_link(admin.organiser.id, chrono::Utc::now()).await.unwrap();
    let person = |first: &str, last: &str| json!({"first": first, "last": last, "email": format!("{}@example.org", last.to_lowercase())});
    let data = with(
        data,
        json!({"name": "desk", "desk": {
            "email": "organisatrice@example.org",
            "phone_link": format!("/organiser/sign-in/{phone}"),
            "admin_link": format!("/organiser/sign-in/{admin}"),
            "from": from["title"], "to": to,
            "mover": person("Paul", "Bouge"), "stayer": person("Sylvie", "Reste"),
            "waiting": person("Wanda", "Attente"),
            "cancel": {"email": "va.annuler@example.org"},
        }}),
    );
    journey("desk.mjs", &app, data).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_organiser_builds_previews_publishes_and_moves_a_programme_in_the_editor() {
    let (smtp, app) = start().await;
    let data = seed(&app, &smtp).await;
    let accounts = app.store.organiser_accounts().await.unwrap();
    let organiser = accounts.iter().find(|a| a.organiser.email == "organisatrice@example.org").unwrap();
    let link = app.store.sign_in_link(organiser.organiser.id, chrono::Utc::now()).await.unwrap();
    let data =
        with(data, json!({"name": "editor", "editor": {"link": format!("/organiser/sign-in/{link}")}}));
    journey("editor.mjs", &app, data).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_organiser_imports_the_jrps_first_day_publishes_it_and_moves_a_workshop_with_the_invite_following()
{
    use tisser_domain::programme_file::{self, Row};

    let (smtp, app) = start().await;
    let org = app.organiser("organisatrice@example.org").await;
    let title = "JRPS 2030 : le programme du tableur";
    // A draft: the programme is imported, previewed, then published.
    app.event_as(&org, "jrps-tableur", json!({"title": title, "status": "draft"})).await;
    let accounts = app.store.organiser_accounts().await.unwrap();
    let organiser = accounts.iter().find(|a| a.organiser.email == "organisatrice@example.org").unwrap();
    let link = app.store.sign_in_link(organiser.organiser.id, chrono::Utc::now()).await.unwrap();

    // The first day of the shipped JRPS 2024 file, as a file of its own; and a file with errors.
    let shipped = include_str!("../../../crates/tisser/src/demo/jrps-2024.csv");
    let day_one: Vec<Row> =
        programme_file::read(shipped).unwrap().into_iter().filter(|r| r.day == 0).collect();
    let dir = std::env::temp_dir().join(format!("tisser-import-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let day_one_file = dir.join("jrps-2024-jour-1.csv");
    std::fs::write(&day_one_file, programme_file::write(&day_one)).unwrap();
    let errors_file = dir.join("programme-avec-erreurs.csv");
    std::fs::write(
        &errors_file,
        "jour;début;fin;titre;type;salle;places\n\
         1;10:45;12:15;Atelier A;atelier;Salle A;20\n\
         1;14:00;13:00;Atelier B;atelier;Salle B;20\n\
         1;14:00;15:00;Atelier C;atelier à part;Salle C;20\n\
         1;14:00;15:00;Atelier D;atelier;Salle D;trente\n\
         1;10:45;12:15;Atelier A;atelier;Salle A;20\n",
    )
    .unwrap();
    let titles: Vec<&str> = day_one.iter().map(|r| r.title.as_str()).collect();
    let data = json!({"name": "import", "import": {
        "link": format!("/organiser/sign-in/{link}"),
        "event": title,
        "first_day": "23/04/2030",
        "day_words": "mardi 23 avril 2030",
        "day_one": day_one_file,
        "errors": errors_file,
        "count": day_one.len(),
        "titles": titles,
        "slug": "jrps-tableur",
        "maildir": smtp.maildir(),
        // Workshop A: 10:45 in Paris on 23 April 2030 (summer time), then moved to 11:15.
        "workshop": "Atelier A — L'aventure du partenariat en santé",
        "workshop_utc": "20300423T084500Z",
        "moved_utc": "20300423T091500Z",
    }});
    journey("import.mjs", &app, data).await;

    // What the browser posted back is the file, field by field, but for the workshop moved.
    let event = app.store.event_by_slug("jrps-tableur").await.unwrap();
    let imported = programme_file::read(&app.store.export_programme(event.event.id).await.unwrap()).unwrap();
    let expected: Vec<Row> = day_one
        .iter()
        .map(|r| match r.title.starts_with("Atelier A") {
            true => Row { start: (11, 15), end: (13, 0), ..r.clone() },
            false => r.clone(),
        })
        .collect();
    let strip = |rows: &[Row]| {
        let mut rows: Vec<Row> = rows.iter().map(|r| Row { line: 0, ..r.clone() }).collect();
        rows.sort_by(|a, b| (a.day, a.start, &a.title).cmp(&(b.day, b.start, &b.title)));
        rows
    };
    assert_eq!(strip(&imported), strip(&expected));
    std::fs::remove_dir_all(&dir).unwrap();
}

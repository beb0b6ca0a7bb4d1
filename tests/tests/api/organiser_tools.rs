//! Organiser tools: exports read back by real readers (Python's csv and openpyxl),
//! attendance sheets, check-in, fill rates, messages through the outbox, and data protection
//! (a person's data, erasure leaving no trace in any table, retention, audit log).

use std::time::Duration;

use sea_orm::{ConnectionTrait, Database, DbBackend, Statement};
use serde_json::{Value, json};
use tisser_tests::reqwest::StatusCode;
use tisser_tests::smtp::Smtp;
use tisser_tests::{
    TestApp, problem, read_csv, read_xlsx, spawn_app, spawn_app_configured, spawn_app_with_smtp, token_of,
};

use crate::{EVENING, MORNING, assert_valid_html};

async fn bytes_as(app: &TestApp, token: &str, path: &str) -> Vec<u8> {
    let res = app.get_as(token, path).await;
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    res.bytes().await.unwrap().to_vec()
}

/// How many values of every text-bearing column of every table contain `needle`, as
/// `table.column` → count. Every column is read as text, whatever its type.
async fn traces(database_url: &str, needle: &str) -> Vec<(String, i64)> {
    let db = Database::connect(database_url).await.unwrap();
    let backend = db.get_database_backend();
    let columns_sql = match backend {
        DbBackend::Sqlite => {
            "SELECT m.name AS t, p.name AS c FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table'"
        }
        _ => {
            "SELECT table_name::text AS t, column_name::text AS c FROM information_schema.columns \
              WHERE table_schema = 'public'"
        }
    };
    let columns = db.query_all_raw(Statement::from_string(backend, columns_sql)).await.unwrap();
    assert!(columns.len() > 30, "every column of every table is searched");
    let mut found = Vec::new();
    for row in columns {
        let table: String = row.try_get("", "t").unwrap();
        let column: String = row.try_get("", "c").unwrap();
        let needle_sql = needle.replace('\'', "''");
        let sql = match backend {
            DbBackend::Sqlite => format!(
                "SELECT COUNT(*) AS n FROM \"{table}\" WHERE instr(lower(CAST(\"{column}\" AS TEXT)), lower('{needle_sql}')) > 0"
            ),
            _ => format!(
                "SELECT COUNT(*) AS n FROM \"{table}\" WHERE strpos(lower(\"{column}\"::text), lower('{needle_sql}')) > 0"
            ),
        };
        let n: i64 = db
            .query_one_raw(Statement::from_string(backend, sql))
            .await
            .unwrap()
            .unwrap()
            .try_get("", "n")
            .unwrap();
        if n > 0 {
            found.push((format!("{table}.{column}"), n));
        }
    }
    db.close().await.unwrap();
    found
}

/// A JRPS morning: workshop A (`capacity` seats), workshop B, a plenary open to all.
async fn jrps(app: &TestApp, token: &str, slug: &str, capacity: u32) -> (String, String, String, String) {
    let slug = app.event_as(token, slug, json!({"venue": "Narbonne"})).await;
    let a = app
        .session_as(token, &slug, json!({"title": "Atelier A — L'aventure du partenariat", "kind": "workshop",
            "starts_at": MORNING.0, "ends_at": MORNING.1, "capacity": capacity, "room": "Salle Corbières",
            "facilitators": [{"name": "Marie-Hélène Brû", "role": "patiente partenaire"}, {"name": "Dr Léon Aïssa"}]}))
        .await;
    let b = app
        .session_as(token, &slug, json!({"title": "Atelier B", "kind": "workshop", "starts_at": MORNING.0, "ends_at": MORNING.1, "capacity": 20}))
        .await;
    let plenary = app
        .session_as(
            token,
            &slug,
            json!({"title": "Restitution", "kind": "plenary", "starts_at": EVENING.0, "ends_at": EVENING.1}),
        )
        .await;
    (slug, a, b, plenary)
}

async fn register(app: &TestApp, slug: &str, body: Value) -> Value {
    let res = app.register(slug, &body).await;
    assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap());
    res.json().await.unwrap()
}

fn someone(email: &str, first: &str, last: &str, sessions: &[&str]) -> Value {
    json!({"email": email, "first_name": first, "last_name": last, "sessions": sessions})
}

#[tokio::test]
async fn the_csv_export_reads_back_with_accents_and_every_formula_kept_as_text() {
    let app = spawn_app().await;
    let (slug, a, b, _) = jrps(&app, &app.admin.clone(), "jrps", 1).await;
    let mut helene = someone("helene@example.org", "Hélène", "Dupré-Noël", &[&a]);
    helene["profile"] = json!("patient_partner");
    helene["organization"] = json!("CHU de Montpellier; service « Éducation »");
    helene["accessibility_needs"] = json!("Fauteuil roulant, boucle magnétique");
    helene["dietary_requirements"] = json!("Végétarien");
    register(&app, &slug, helene).await;
    register(&app, &slug, someone("x@example.org", "=HYPERLINK(\"http://x\")", "+33 6 12", &[&b])).await;
    register(&app, &slug, someone("zoe@example.org", "Zoé", "@Lefèvre", &[&a])).await;

    let rows = read_csv(&bytes_as(&app, &app.admin, &format!("/api/v1/events/{slug}/attendees.csv")).await);
    let header = &rows[0];
    assert_eq!(&header[..3], ["Nom", "Prénom", "E-mail"]);
    assert!(header.last().unwrap().contains("heure de Paris"));
    let registrations = app.registrations(&slug, "").await;
    assert_eq!(rows.len(), 1 + registrations.len(), "exactly the registrations of the database");
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let by_email = |email: &str| rows.iter().find(|r| r[col("E-mail")] == email).unwrap().clone();

    let h = by_email("helene@example.org");
    assert_eq!(h[col("Nom")], "Dupré-Noël");
    assert_eq!(h[col("Prénom")], "Hélène");
    assert_eq!(h[col("Profil")], "Patient partenaire");
    assert_eq!(h[col("Organisation")], "CHU de Montpellier; service « Éducation »");
    assert_eq!(h[col("Besoins d'accessibilité")], "Fauteuil roulant, boucle magnétique");
    assert_eq!(h[col("Régime alimentaire")], "Végétarien");
    assert_eq!(h[col("Temps choisis et statut")], "Atelier A — L'aventure du partenariat : confirmé");
    let when = registrations.iter().find(|r| r["email"] == "helene@example.org").unwrap()["registered_at"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(h.last().unwrap(), &when[..16].replace('T', " "), "registration time in the event's zone");

    let x = by_email("x@example.org");
    assert_eq!(x[col("Prénom")], "'=HYPERLINK(\"http://x\")", "a formula stays text");
    assert_eq!(x[col("Nom")], "'+33 6 12");
    let z = by_email("zoe@example.org");
    assert_eq!(z[col("Nom")], "'@Lefèvre");
    assert_eq!(
        z[col("Temps choisis et statut")],
        "Atelier A — L'aventure du partenariat : liste d'attente (1)"
    );

    // One workshop: its people only, with their status and place there.
    let rows = read_csv(
        &bytes_as(&app, &app.admin, &format!("/api/v1/events/{slug}/attendees.csv?session={a}")).await,
    );
    assert_eq!(rows.len(), 3);
    let col = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    let z = rows.iter().find(|r| r[col("E-mail")] == "zoe@example.org").unwrap();
    assert_eq!(z[col("Statut pour ce temps")], "liste d'attente");
    assert_eq!(z[col("Place en liste d'attente (ce temps)")], "1");

    let res = app
        .get_as(&app.admin, &format!("/api/v1/events/{slug}/attendees.csv?session={}", uuid::Uuid::nil()))
        .await;
    problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let res = app.get_as(&app.admin, &format!("/api/v1/events/{slug}/attendees.csv")).await;
    assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(res.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"));
}

#[tokio::test]
async fn the_xlsx_export_has_a_sheet_for_the_event_and_one_per_workshop_with_a_frozen_header() {
    let app = spawn_app().await;
    let (slug, a, b, _) = jrps(&app, &app.admin.clone(), "jrps", 1).await;
    let mut helene = someone("helene@example.org", "Hélène", "Dupré", &[&a]);
    helene["accessibility_needs"] = json!("Interprète LSF");
    register(&app, &slug, helene).await;
    register(&app, &slug, someone("x@example.org", "=HYPERLINK(\"http://x\")", "Martin", &[&b])).await;
    register(&app, &slug, someone("zoe@example.org", "Zoé", "Lefèvre", &[&a])).await;

    let book = read_xlsx(&bytes_as(&app, &app.admin, &format!("/api/v1/events/{slug}/attendees.xlsx")).await);
    let order: Vec<String> = serde_json::from_value(book["order"].clone()).unwrap();
    assert_eq!(order.len(), 3, "{order:?}");
    assert_eq!(order[0], "Inscriptions");
    assert!(order[1].starts_with("Atelier A") && order[1].chars().count() <= 31, "{order:?}");
    assert_eq!(order[2], "Atelier B");
    for name in &order {
        let sheet = &book[name.as_str()];
        assert_eq!(sheet["freeze"], "A2", "{name}: first row frozen");
        assert_eq!(sheet["bold"], true, "{name}: bold header");
        assert!(sheet["widths"].as_array().unwrap().iter().all(|w| w.as_f64().unwrap() > 10.0), "{name}");
        assert_eq!(sheet["rows"][0][0], "Nom");
    }
    let all = book["Inscriptions"]["rows"].as_array().unwrap();
    assert_eq!(all.len(), 1 + app.registrations(&slug, "").await.len());
    let x = all.iter().position(|r| r[2] == "x@example.org").unwrap();
    assert_eq!(all[x][1], "=HYPERLINK(\"http://x\")", "kept exactly");
    assert_eq!(book["Inscriptions"]["types"][x][1], "s", "as a string cell, never a formula");
    let h = all.iter().find(|r| r[2] == "helene@example.org").unwrap();
    assert_eq!(h[0], "Dupré");
    assert!(h.as_array().unwrap().iter().any(|c| c == "Interprète LSF"));
    let in_a: Vec<&Value> =
        book[order[1].as_str()]["rows"].as_array().unwrap().iter().skip(1).map(|r| &r[2]).collect();
    assert_eq!(in_a, [&json!("helene@example.org"), &json!("zoe@example.org")]);
    assert_eq!(book["Atelier B"]["rows"].as_array().unwrap().len(), 2);

    let one = read_xlsx(
        &bytes_as(&app, &app.admin, &format!("/api/v1/events/{slug}/attendees.xlsx?session={b}")).await,
    );
    assert_eq!(one["order"], json!(["Atelier B"]));
}

#[tokio::test]
async fn each_sheet_of_the_xlsx_holds_the_rows_of_the_csv_of_its_session_whatever_the_status_listed() {
    // The workbook is written from one reading of the event's list; each session's sheet must
    // still list exactly whom the session's own export lists: choices given up, cancelled
    // registrations and the three `?status=` included.
    let app = spawn_app().await;
    let (slug, a, b, _) = jrps(&app, &app.admin.clone(), "feuilles", 1).await;
    register(&app, &slug, someone("ana@example.org", "Ana", "Seated", &[&a])).await;
    let ben = register(&app, &slug, someone("ben@example.org", "Ben", "Waiting", &[&a])).await;
    let chloe = register(&app, &slug, someone("chloe@example.org", "Chloé", "Moved", &[&b])).await;
    register(&app, &slug, someone("dan@example.org", "Dan", "Nothing", &[])).await;
    let eve = register(&app, &slug, someone("eve@example.org", "Ève", "Gone", &[&b])).await;
    // Ben gives up his place in A's line for B; Chloé moves from B to A's line; Ève leaves.
    for (who, to) in [(&ben, &b), (&chloe, &a)] {
        let res = app
            .client
            .put(app.url(&format!("/api/v1/manage/{}/sessions", token_of(who))))
            .json(&json!({"sessions": [to]}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    }
    let res = app.client.delete(app.url(&format!("/api/v1/manage/{}", token_of(&eve)))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);

    for status in ["active", "cancelled", "all"] {
        let base = format!("/api/v1/events/{slug}/attendees");
        let book = read_xlsx(&bytes_as(&app, &app.admin, &format!("{base}.xlsx?status={status}")).await);
        let order: Vec<String> = serde_json::from_value(book["order"].clone()).unwrap();
        let sheets = [
            (order[0].as_str(), String::new()),
            (&order[1], format!("&session={a}")),
            (&order[2], format!("&session={b}")),
        ];
        for (sheet, session) in sheets {
            let csv =
                read_csv(&bytes_as(&app, &app.admin, &format!("{base}.csv?status={status}{session}")).await);
            let rows: Vec<Vec<String>> = serde_json::from_value(book[sheet]["rows"].clone()).unwrap();
            assert_eq!(rows, csv, "{status}: sheet {sheet} against the CSV{session}");
        }
    }
    let active =
        read_xlsx(&bytes_as(&app, &app.admin, &format!("/api/v1/events/{slug}/attendees.xlsx")).await);
    let emails = |sheet: &str| -> Vec<String> {
        active[sheet]["rows"]
            .as_array()
            .unwrap()
            .iter()
            .skip(1)
            .map(|r| r[2].as_str().unwrap().to_owned())
            .collect()
    };
    let order: Vec<String> = serde_json::from_value(active["order"].clone()).unwrap();
    assert_eq!(emails(&order[1]), ["ana@example.org", "chloe@example.org"], "A: Ben gave it up");
    assert_eq!(emails(&order[2]), ["ben@example.org"], "B: Chloé gave it up, Ève left");
}

#[tokio::test]
async fn a_large_export_is_read_in_pages_and_holds_every_registration() {
    let app = spawn_app().await;
    let (slug, a, _, _) = jrps(&app, &app.admin.clone(), "grand", 100).await;
    let event = app.store.event_by_slug(&slug).await.unwrap().event.id;
    let n = 1_203;
    for i in 0..n {
        let new = tisser_persistence::NewRegistration {
            email: tisser_domain::Email::parse(&format!("p{i}@example.org")).unwrap(),
            first_name: format!("Prénom{i}"),
            last_name: format!("Nom{i}"),
            profile: None,
            organization: None,
            language: tisser_domain::Language::Fr,
            accessibility_needs: None,
            dietary_requirements: None,
            sessions: if i % 2 == 0 { vec![tisser_domain::SessionId(a.parse().unwrap())] } else { vec![] },
        };
        app.store.register(event, new, chrono::Utc::now()).await.unwrap();
    }
    let rows = read_csv(&bytes_as(&app, &app.admin, &format!("/api/v1/events/{slug}/attendees.csv")).await);
    assert_eq!(rows.len(), 1 + n);
    let emails: std::collections::BTreeSet<&str> = rows[1..].iter().map(|r| r[2].as_str()).collect();
    assert_eq!(emails.len(), n, "no one twice, no one missing across pages");
    let in_a = read_csv(
        &bytes_as(&app, &app.admin, &format!("/api/v1/events/{slug}/attendees.csv?session={a}")).await,
    );
    assert_eq!(in_a.len(), 1 + n.div_ceil(2));
    let book = read_xlsx(&bytes_as(&app, &app.admin, &format!("/api/v1/events/{slug}/attendees.xlsx")).await);
    assert_eq!(book["Inscriptions"]["rows"].as_array().unwrap().len(), 1 + n);
}

#[tokio::test]
async fn another_events_organiser_a_private_link_and_no_token_get_nothing_from_any_organiser_tool() {
    let app = spawn_app().await;
    let alice = app.organiser("alice@example.org").await;
    let bob = app.organiser("bob@example.org").await;
    let (slug, a, _, _) = jrps(&app, &alice, "alice-event", 5).await;
    let ana = register(&app, &slug, someone("ana.secret@example.org", "Ana", "Secrète", &[&a])).await;
    let id = ana["id"].as_str().unwrap().to_owned();
    let manage = token_of(&ana);
    let paths = [
        ("GET", format!("/api/v1/events/{slug}/attendees.csv")),
        ("GET", format!("/api/v1/events/{slug}/attendees.csv?session={a}")),
        ("GET", format!("/api/v1/events/{slug}/attendees.xlsx")),
        ("GET", format!("/api/v1/events/{slug}/sessions/{a}/attendance-sheet")),
        ("PUT", format!("/api/v1/events/{slug}/sessions/{a}/checkins/{id}")),
        ("DELETE", format!("/api/v1/events/{slug}/sessions/{a}/checkins/{id}")),
        ("GET", format!("/api/v1/events/{slug}/stats")),
        ("POST", format!("/api/v1/events/{slug}/messages")),
        ("GET", format!("/api/v1/events/{slug}/registrations/{id}/export")),
        ("DELETE", format!("/api/v1/events/{slug}/registrations/{id}")),
    ];
    let message = json!({"subject": "Replay", "body": "Le replay est en ligne."});
    for (method, path) in &paths {
        let call = |token: Option<&str>| {
            let mut req = app.client.request(method.parse().unwrap(), app.url(path)).json(&message);
            if let Some(t) = token {
                req = req.bearer_auth(t);
            }
            req.send()
        };
        for (token, status, code) in [
            (None, StatusCode::UNAUTHORIZED, "unauthorized"),
            (Some("tsr_wrong"), StatusCode::UNAUTHORIZED, "unauthorized"),
            (Some(manage.as_str()), StatusCode::UNAUTHORIZED, "unauthorized"),
            (Some(bob.as_str()), StatusCode::FORBIDDEN, "forbidden"),
        ] {
            let res = call(token).await.unwrap();
            let text = res.text().await.unwrap();
            assert!(
                !text.contains("ana.secret") && !text.contains("Secrète"),
                "{method} {path} leaked: {text}"
            );
            let body: Value =
                serde_json::from_str(&text).unwrap_or_else(|_| panic!("{method} {path}: {text}"));
            assert_eq!(
                (body["status"].as_u64(), body["code"].as_str()),
                (Some(status.as_u16().into()), Some(code)),
                "{method} {path}"
            );
        }
    }
    // Nothing was done on their behalf: no message queued, the person still registered.
    assert_eq!(app.store.outbox_counts().await.unwrap().pending, 1, "only the confirmation");
    let res = app.get(&format!("/api/v1/manage/{manage}")).await;
    assert_eq!(res.status(), StatusCode::OK);

    // The audit log is for admins only.
    problem(app.get_as(&alice, "/api/v1/audit").await, StatusCode::FORBIDDEN, "forbidden").await;
    problem(app.get("/api/v1/audit").await, StatusCode::UNAUTHORIZED, "unauthorized").await;
    problem(app.get_as(&manage, "/api/v1/audit").await, StatusCode::UNAUTHORIZED, "unauthorized").await;
    // The event's own organiser and the admins get the exports.
    for token in [&alice, &app.admin] {
        let csv = bytes_as(&app, token, &format!("/api/v1/events/{slug}/attendees.csv")).await;
        assert!(String::from_utf8(csv).unwrap().contains("ana.secret@example.org"));
    }
    // Errors answer in English when asked.
    let res = app
        .client
        .get(app.url(&format!("/api/v1/events/{slug}/stats")))
        .bearer_auth(&bob)
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    let body = problem(res, StatusCode::FORBIDDEN, "forbidden").await;
    assert_eq!(body["title"], "Forbidden");
}

#[tokio::test]
async fn the_attendance_sheet_lists_the_confirmed_people_by_last_name_with_an_empty_signature_box() {
    let app = spawn_app().await;
    let (slug, a, _, plenary) = jrps(&app, &app.admin.clone(), "jrps", 3).await;
    for (email, first, last) in [
        ("z@example.org", "Zoé", "Zola"),
        ("e@example.org", "Élise", "Émery"),
        ("a@example.org", "Anne", "abadie"),
        ("m@example.org", "Marc", "Martin <script>"),
    ] {
        register(&app, &slug, someone(email, first, last, &[&a])).await;
    }
    let res = app.get_as(&app.admin, &format!("/api/v1/events/{slug}/sessions/{a}/attendance-sheet")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let html = res.text().await.unwrap();
    assert_valid_html(&html);
    assert!(html.contains("<html lang=\"fr\""));
    assert!(html.contains("@media print"));
    assert!(html.contains("Événement jrps"));
    assert!(html.contains("Atelier A — L'aventure du partenariat"));
    assert!(html.contains("mardi 23 avril 2030, 10 h 45 – 12 h 30 (heure de Paris)"), "{html}");
    assert!(html.contains("Marie-Hélène Brû (patiente partenaire)") && html.contains("Dr Léon Aïssa"));
    assert!(html.contains("<th scope=\"col\">Nom</th>"));
    let at =
        |name: &str| html.find(&format!("<th scope=\"row\">{name}</th>")).unwrap_or_else(|| panic!("{name}"));
    assert!(at("abadie") < at("Émery") && at("Émery") < at("Zola"), "sorted by last name");
    assert!(!html.contains("Martin"), "a person waiting has no line");
    assert_eq!(html.matches("<td class=\"signature\"></td>").count(), 3);

    // A plenary open to all: every confirmed registrant.
    let html = app
        .get_as(&app.admin, &format!("/api/v1/events/{slug}/sessions/{plenary}/attendance-sheet"))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(html.matches("<td class=\"signature\"></td>").count(), 4);
    assert!(html.contains("Martin &lt;script&gt;") && !html.contains("<script>"));
    let other = uuid::Uuid::now_v7();
    problem(
        app.get_as(&app.admin, &format!("/api/v1/events/{slug}/sessions/{other}/attendance-sheet")).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn check_in_marks_people_present_and_undoes_it_and_fill_rates_count_it() {
    let app = spawn_app().await;
    let (slug, a, _, plenary) = jrps(&app, &app.admin.clone(), "jrps", 2).await;
    let one = register(&app, &slug, someone("one@example.org", "Un", "Premier", &[&a])).await;
    register(&app, &slug, someone("two@example.org", "Deux", "Second", &[&a])).await;
    let three = register(&app, &slug, someone("three@example.org", "Trois", "Troisième", &[&a])).await;
    let path = |session: &str, r: &Value| {
        format!("/api/v1/events/{slug}/sessions/{session}/checkins/{}", r["id"].as_str().unwrap())
    };
    let put = |p: String| app.client.put(app.url(&p)).bearer_auth(&app.admin).send();

    let res = put(path(&a, &one)).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["present"], true);
    assert!(
        body["checked_in_at"].as_str().unwrap().ends_with("+02:00")
            || body["checked_in_at"].as_str().unwrap().ends_with("+01:00")
    );
    assert_eq!(body["counts"], json!({"expected": 2, "present": 1, "absent": 1}));
    let again: Value = put(path(&a, &one)).await.unwrap().json().await.unwrap();
    assert_eq!(again["counts"]["present"], 1, "marking twice changes nothing");
    problem(put(path(&a, &three)).await.unwrap(), StatusCode::CONFLICT, "not_expected").await;
    // The plenary is open to every confirmed registrant, the person waiting for A included.
    let res = put(path(&plenary, &three)).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let fake = json!({"id": uuid::Uuid::now_v7().to_string()});
    problem(put(path(&a, &fake)).await.unwrap(), StatusCode::NOT_FOUND, "not_found").await;

    let stats: Value =
        app.get_as(&app.admin, &format!("/api/v1/events/{slug}/stats")).await.json().await.unwrap();
    let s = |id: &str| stats["sessions"].as_array().unwrap().iter().find(|s| s["id"] == id).unwrap().clone();
    let sa = s(&a);
    assert_eq!(
        (
            &sa["capacity"],
            &sa["confirmed"],
            &sa["waitlisted"],
            &sa["cancelled"],
            &sa["checked_in"],
            &sa["absent"]
        ),
        (&json!(2), &json!(2), &json!(1), &json!(0), &json!(1), &json!(1))
    );
    assert_eq!(sa["fill_rate"], 1.0);
    assert_eq!(s(&plenary)["open_to_all"], true);
    assert_eq!(s(&plenary)["checked_in"], 1);
    assert_eq!(s(&plenary)["absent"], 2);
    assert_eq!(
        stats["totals"],
        json!({"capacity": null, "confirmed": 3, "waitlisted": 0, "cancelled": 0, "checked_in": 2, "fill_rate": null})
    );

    let res = app.client.delete(app.url(&path(&a, &one))).bearer_auth(&app.admin).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    assert_eq!(
        (body["present"].clone(), body["counts"].clone()),
        (json!(false), json!({"expected": 2, "present": 0, "absent": 2}))
    );

    // A cancellation: the person waiting moves up, the counts follow.
    let res = app.client.delete(app.url(&format!("/api/v1/manage/{}", token_of(&one)))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let stats: Value =
        app.get_as(&app.admin, &format!("/api/v1/events/{slug}/stats")).await.json().await.unwrap();
    let sa = stats["sessions"].as_array().unwrap().iter().find(|s| s["id"] == a.as_str()).unwrap().clone();
    assert_eq!((&sa["confirmed"], &sa["waitlisted"], &sa["cancelled"]), (&json!(2), &json!(0), &json!(1)));
    assert_eq!((&stats["totals"]["confirmed"], &stats["totals"]["cancelled"]), (&json!(2), &json!(1)));
}

#[tokio::test]
async fn a_message_goes_through_the_outbox_once_to_each_confirmed_person() {
    let smtp = Smtp::start();
    let app = spawn_app_with_smtp(&smtp.url()).await;
    let (slug, a, _, _) = jrps(&app, &app.admin.clone(), "jrps", 2).await;
    for (email, first) in
        [("one@example.org", "Un"), ("two@example.org", "Deux"), ("three@example.org", "Trois")]
    {
        register(&app, &slug, someone(email, first, "Dupont", &[&a])).await;
    }
    assert_eq!(app.deliver().await.sent, 3);
    smtp.wait_for(3, Duration::from_secs(10)).await;

    let path = format!("/api/v1/events/{slug}/messages");
    let body = problem(
        app.post_as(&app.admin, &path, &json!({"body": ""})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let fields: Vec<&str> =
        body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["subject", "body"]);
    let nil = uuid::Uuid::nil();
    problem(
        app.post_as(&app.admin, &path, &json!({"subject": "S", "body": "B", "session": nil})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;

    let res = app
        .post_as(&app.admin, &path, &json!({"subject": "Le replay de l'atelier", "body": "Bonjour,\n\nLe replay est en ligne : https://example.org/replay", "session": a}))
        .await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    assert_eq!(res.json::<Value>().await.unwrap(), json!({"queued": 2}));
    let res =
        app.post_as(&app.admin, &path, &json!({"subject": "À tous", "body": "Merci d'être venus."})).await;
    assert_eq!(res.json::<Value>().await.unwrap(), json!({"queued": 3}), "every confirmed registration");

    assert_eq!(app.deliver().await.sent, 5);
    assert_eq!(app.deliver().await.sent, 0, "once");
    let messages = smtp.wait_for(8, Duration::from_secs(10)).await;
    let replay: Vec<_> = messages.iter().filter(|m| m.subject.contains("Le replay de l'atelier")).collect();
    let mut to: Vec<&str> = replay.iter().flat_map(|m| m.to.iter().map(String::as_str)).collect();
    to.sort_unstable();
    assert_eq!(to, ["one@example.org", "two@example.org"]);
    assert!(replay[0].text.contains("https://example.org/replay"));
    assert_eq!(messages.iter().filter(|m| m.subject.contains("À tous")).count(), 3);
}

#[tokio::test]
async fn erasure_gives_the_seat_to_the_first_person_waiting_and_leaves_no_trace_anywhere() {
    let smtp = Smtp::start();
    let app = spawn_app_with_smtp(&smtp.url()).await;
    let (slug, a, _, plenary) = jrps(&app, &app.admin.clone(), "jrps", 1).await;
    let secrets = [
        "Zéphyrine",
        "Quiétude-Xanthe",
        "zephyrine.secret@example.org",
        "Chien guide Quasar",
        "Sans gluten Ploum",
        "Association Kappa-Oméga",
    ];
    let zeph = register(
        &app,
        &slug,
        json!({"email": secrets[2], "first_name": secrets[0], "last_name": secrets[1], "profile": "patient_partner",
            "organization": secrets[5], "accessibility_needs": secrets[3], "dietary_requirements": secrets[4], "sessions": [a]}),
    )
    .await;
    let ben = register(&app, &slug, someone("ben@example.org", "Ben", "Bernard", &[&a])).await;
    register(&app, &slug, someone("carla@example.org", "Carla", "Cruz", &[&a])).await;
    assert_eq!(app.deliver().await.sent, 3);
    let before: Vec<String> =
        smtp.wait_for(3, Duration::from_secs(10)).await.into_iter().map(|m| m.raw).collect();
    let id = zeph["id"].as_str().unwrap().to_owned();
    let res = app
        .client
        .put(app.url(&format!("/api/v1/events/{slug}/sessions/{plenary}/checkins/{id}")))
        .bearer_auth(&app.admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    for secret in secrets {
        assert!(!traces(&app.database_url, secret).await.is_empty(), "the search finds {secret} before");
    }

    // Everything held about her, first.
    let res = app.get_as(&app.admin, &format!("/api/v1/events/{slug}/registrations/{id}/export")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let data: Value = res.json().await.unwrap();
    assert_eq!((&data["email"], &data["accessibility_needs"]), (&json!(secrets[2]), &json!(secrets[3])));
    assert_eq!(data["sessions"][0]["status"], "confirmed");
    assert_eq!(data["checkins"][0]["session_id"], plenary.as_str());
    assert_eq!(data["messages"][0]["status"], "sent");
    assert!(data["active_private_links"].as_u64().unwrap() >= 1);

    let res = app.delete_as(&app.admin, &format!("/api/v1/events/{slug}/registrations/{id}")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<Value>().await.unwrap()["erased"], true);

    // The seat went to the first person waiting.
    let list = app.registrations(&slug, &format!("?session={a}&status=confirmed")).await;
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["id"], ben["id"]);
    let waiting = app.registrations(&slug, &format!("?session={a}&status=waitlisted")).await;
    assert_eq!(waiting[0]["email"], "carla@example.org");
    assert_eq!(waiting[0]["sessions"][0]["waitlist_position"], 1);

    // No trace in any table...
    for secret in secrets {
        assert_eq!(traces(&app.database_url, secret).await, [], "{secret} left in the database");
    }
    // ... nor in any list, export, sheet or feed.
    let erased = app.registrations(&slug, "").await.into_iter().find(|r| r["id"] == id.as_str()).unwrap();
    assert_eq!(
        (&erased["first_name"], &erased["last_name"]),
        (&json!("Anonyme"), &json!("Personne effacée"))
    );
    assert_eq!(erased["email"], json!(null), "an erased person has no address");
    assert_eq!(
        (&erased["accessibility_needs"], &erased["profile"], &erased["organization"]),
        (&json!(null), &json!(null), &json!(null))
    );
    let mut seen = Vec::new();
    // The exports list cancelled (and so erased) registrations when asked to: all of them here.
    for path in [
        format!("/api/v1/events/{slug}/attendees.csv?status=all"),
        format!("/api/v1/events/{slug}/attendees.xlsx?status=all"),
        format!("/api/v1/events/{slug}/registrations"),
        format!("/api/v1/events/{slug}/registrations/{id}/export"),
        format!("/api/v1/events/{slug}/sessions/{plenary}/attendance-sheet"),
        format!("/api/v1/events/{slug}/calendar.ics"),
        "/api/v1/audit".to_owned(),
    ] {
        let bytes = bytes_as(&app, &app.admin, &path).await;
        let text = if path.contains(".xlsx") {
            read_xlsx(&bytes).to_string()
        } else {
            String::from_utf8(bytes).unwrap()
        };
        for secret in secrets {
            assert!(!text.contains(secret), "{path} shows {secret}");
        }
        seen.push(text);
    }
    assert!(seen[0].contains("Personne effacée"));
    // Her private link is dead; the messages that go out now are for the others only.
    problem(
        app.get(&format!("/api/v1/manage/{}", token_of(&zeph))).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_eq!(app.deliver().await.sent, 1, "Ben is told he has a seat; nothing goes to her");
    // The mailbox is a maildir, read in no particular order: the new message is the one not seen before.
    let messages = smtp.wait_for(4, Duration::from_secs(10)).await;
    let fresh: Vec<_> = messages.iter().filter(|m| !before.contains(&m.raw)).collect();
    assert_eq!(fresh.len(), 1);
    let last = fresh[0];
    assert_eq!(last.to, ["ben@example.org"]);
    for secret in secrets {
        assert!(!last.raw.contains(secret));
    }
    // Erasing again changes nothing; an erased person is not a recipient.
    assert_eq!(
        app.delete_as(&app.admin, &format!("/api/v1/events/{slug}/registrations/{id}")).await.status(),
        StatusCode::OK
    );
    let res = app
        .post_as(
            &app.admin,
            &format!("/api/v1/events/{slug}/messages"),
            &json!({"subject": "S", "body": "B"}),
        )
        .await;
    assert_eq!(res.json::<Value>().await.unwrap()["queued"], 2);
    problem(
        app.delete_as(&app.admin, &format!("/api/v1/events/{slug}/registrations/{}", uuid::Uuid::now_v7()))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn personal_data_is_erased_on_its_own_once_the_retention_period_after_the_event_is_over() {
    let app = spawn_app().await;
    app.clock.set("2030-01-10T10:00:00Z".parse().unwrap());
    let (slug, a, _, plenary) = jrps(&app, &app.admin.clone(), "jrps", 5).await;
    let later = app.published_event("later", json!({})).await;
    app.session(&later, json!({"title": "Plus tard", "kind": "plenary", "starts_at": "2031-06-01T10:00:00+02:00", "ends_at": "2031-06-01T12:00:00+02:00"})).await;
    let mut lea = someone("lea.retention@example.org", "Léa", "Rétention", &[&a]);
    lea["accessibility_needs"] = json!("Rampe d'accès Zorglub");
    let lea = register(&app, &slug, lea).await;
    register(&app, &slug, someone("max@example.org", "Max", "Durand", &[&a])).await;
    register(&app, &later, someone("kept@example.org", "Gardée", "Encore", &[])).await;
    let id = lea["id"].as_str().unwrap();
    let res = app
        .client
        .put(app.url(&format!("/api/v1/events/{slug}/sessions/{plenary}/checkins/{id}")))
        .bearer_auth(&app.admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let before: Value =
        app.get_as(&app.admin, &format!("/api/v1/events/{slug}/stats")).await.json().await.unwrap();

    // The JRPS ends on 23 April 2030 at 22:30 (Paris); a year of retention.
    let year = chrono::Duration::days(365);
    let t = |s: &str| s.parse::<chrono::DateTime<chrono::Utc>>().unwrap();
    assert_eq!(app.store.erase_expired(t("2031-04-23T20:00:00Z"), year).await.unwrap(), 0, "not yet");
    assert!(!traces(&app.database_url, "Zorglub").await.is_empty());
    assert_eq!(app.store.erase_expired(t("2031-04-23T21:00:00Z"), year).await.unwrap(), 2);
    assert_eq!(app.store.erase_expired(t("2031-04-24T21:00:00Z"), year).await.unwrap(), 0, "once");

    for secret in ["lea.retention", "Rétention", "Zorglub", "max@example.org", "Durand"] {
        assert_eq!(traces(&app.database_url, secret).await, [], "{secret}");
    }
    let list = app.registrations(&slug, "").await;
    assert!(
        list.iter().all(|r| r["last_name"] == "Personne effacée" && r["status"] == "confirmed"),
        "{list:?}"
    );
    problem(app.get(&format!("/api/v1/manage/{}", token_of(&lea))).await, StatusCode::NOT_FOUND, "not_found")
        .await;
    let after: Value =
        app.get_as(&app.admin, &format!("/api/v1/events/{slug}/stats")).await.json().await.unwrap();
    assert_eq!(before, after, "the counts of a past event stay as they were");
    assert_eq!(app.registrations(&later, "").await[0]["email"], "kept@example.org", "a later event is kept");

    let audit: Vec<Value> = app.get_as(&app.admin, "/api/v1/audit").await.json().await.unwrap();
    let line = audit.iter().find(|l| l["action"] == "retention_erasure").unwrap();
    assert_eq!(
        (&line["organizer_id"], &line["event"], &line["count"]),
        (&json!(null), &json!(slug), &json!(2))
    );
}

#[tokio::test]
async fn the_running_server_erases_expired_personal_data_by_itself() {
    // The server's own task, looking every second, with the clock the test moves.
    let app = spawn_app_configured("", |s| {
        s.privacy.retention_days = 30;
        s.privacy.check_interval_seconds = 1;
    })
    .await;
    app.clock.set("2030-01-10T10:00:00Z".parse().unwrap());
    let (slug, a, _, _) = jrps(&app, &app.admin.clone(), "jrps", 5).await;
    let mut lea = someone("lea.auto@example.org", "Léa", "Automatique", &[&a]);
    lea["dietary_requirements"] = json!("Végétarienne Bzzt");
    register(&app, &slug, lea).await;
    // Twenty-nine days after the end (23 April 2030, 22:30 in Paris): kept.
    app.clock.set("2030-05-22T21:00:00Z".parse().unwrap());
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert!(!traces(&app.database_url, "Bzzt").await.is_empty(), "kept within the retention period");
    // Thirty days after: gone, without anyone asking.
    app.clock.set("2030-05-23T21:00:00Z".parse().unwrap());
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let left =
            traces(&app.database_url, "Bzzt").await.len() + traces(&app.database_url, "lea.auto").await.len();
        if left == 0 {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "the server did not erase the data on its own");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let list = app.registrations(&slug, "").await;
    assert_eq!(list[0]["last_name"], "Personne effacée");
}

#[tokio::test]
async fn the_audit_log_says_who_did_what_and_when_without_personal_data() {
    let app = spawn_app().await;
    let alice = app.organiser("alice@example.org").await;
    let (slug, a, _, _) = jrps(&app, &alice, "alice-event", 5).await;
    let ana = register(&app, &slug, someone("ana.audit@example.org", "Ana", "Auditée", &[&a])).await;
    let id = ana["id"].as_str().unwrap();
    for path in [
        format!("/api/v1/events/{slug}/registrations"),
        format!("/api/v1/events/{slug}/attendees.csv"),
        format!("/api/v1/events/{slug}/attendees.xlsx?session={a}"),
        format!("/api/v1/events/{slug}/registrations/{id}/export"),
        format!("/api/v1/events/{slug}/sessions/{a}/attendance-sheet"),
    ] {
        assert!(!bytes_as(&app, &alice, &path).await.is_empty());
    }
    let res = app
        .client
        .put(app.url(&format!("/api/v1/events/{slug}/sessions/{a}/checkins/{id}")))
        .bearer_auth(&alice)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let res = app
        .post_as(
            &alice,
            &format!("/api/v1/events/{slug}/messages"),
            &json!({"subject": "Ana Auditée, bienvenue", "body": "B"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    assert_eq!(
        app.delete_as(&alice, &format!("/api/v1/events/{slug}/registrations/{id}")).await.status(),
        StatusCode::OK
    );

    let res = app.get_as(&app.admin, &format!("/api/v1/audit?event={slug}")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let text = res.text().await.unwrap();
    assert!(!text.contains("ana.audit") && !text.contains("Auditée"), "never personal data: {text}");
    let lines: Vec<Value> = serde_json::from_str(&text).unwrap();
    let actions: Vec<&str> = lines.iter().map(|l| l["action"].as_str().unwrap()).collect();
    assert_eq!(
        actions,
        [
            "erasure",
            "message",
            "check_in",
            "attendance_sheet",
            "person_export",
            "attendees_xlsx",
            "attendees_csv",
            "registration_list"
        ],
        "newest first"
    );
    assert!(lines.iter().all(|l| l["organizer_email"] == "alice@example.org" && l["event"] == slug.as_str()));
    assert!(lines.iter().all(|l| chrono::DateTime::parse_from_rfc3339(l["at"].as_str().unwrap()).is_ok()));
    assert_eq!(lines[0]["registration_id"], id);
    assert_eq!(lines[1]["count"], 1);
    assert_eq!(lines[5]["session_id"], a.as_str());
    let limited: Vec<Value> = app.get_as(&app.admin, "/api/v1/audit?limit=2").await.json().await.unwrap();
    assert_eq!(limited.len(), 2);
}

#[tokio::test]
async fn reading_personal_data_leaves_an_audit_line_with_its_session_registration_and_count() {
    let app = spawn_app().await;
    let alice = app.organiser("alice@example.org").await;
    let (slug, a, b, _) = jrps(&app, &alice, "alice-event", 5).await;
    let ana = register(&app, &slug, someone("ana@example.org", "Ana", "Lopez", &[&a])).await;
    register(&app, &slug, someone("leo@example.org", "Léo", "Martin", &[&b])).await;
    let id = ana["id"].as_str().unwrap();
    for path in [
        format!("/api/v1/events/{slug}/registrations?session={a}"),
        format!("/api/v1/events/{slug}/registrations"),
        format!("/api/v1/events/{slug}/attendees.csv?session={b}"),
        format!("/api/v1/events/{slug}/attendees.xlsx"),
        format!("/api/v1/events/{slug}/registrations/{id}/export"),
        format!("/api/v1/events/{slug}/sessions/{a}/attendance-sheet"),
    ] {
        assert!(!bytes_as(&app, &alice, &path).await.is_empty());
    }
    let lines: Vec<Value> =
        app.get_as(&app.admin, &format!("/api/v1/audit?event={slug}")).await.json().await.unwrap();
    let seen: Vec<(&str, &Value, &Value, &Value)> = lines
        .iter()
        .rev()
        .map(|l| (l["action"].as_str().unwrap(), &l["session_id"], &l["registration_id"], &l["count"]))
        .collect();
    let (null, one, two) = (Value::Null, json!(1), json!(2));
    let (a, b, id) = (json!(a), json!(b), json!(id));
    assert_eq!(
        seen,
        [
            ("registration_list", &a, &null, &one),
            ("registration_list", &null, &null, &two),
            ("attendees_csv", &b, &null, &null),
            ("attendees_xlsx", &null, &null, &null),
            ("person_export", &null, &id, &null),
            ("attendance_sheet", &a, &null, &one),
        ],
        "one line per read, oldest first"
    );
}

#[tokio::test]
async fn the_openapi_document_lists_the_organiser_tools() {
    let app = spawn_app().await;
    let spec: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    for path in [
        "/api/v1/events/{slug}/attendees.csv",
        "/api/v1/events/{slug}/attendees.xlsx",
        "/api/v1/events/{slug}/sessions/{id}/attendance-sheet",
        "/api/v1/events/{slug}/sessions/{id}/checkins/{registration_id}",
        "/api/v1/events/{slug}/stats",
        "/api/v1/events/{slug}/messages",
        "/api/v1/events/{slug}/registrations/{id}/export",
        "/api/v1/events/{slug}/registrations/{id}",
        "/api/v1/audit",
    ] {
        assert!(spec["paths"].get(path).is_some(), "{path} missing");
    }
    let xlsx = spec["paths"]["/api/v1/events/{slug}/attendees.xlsx"]["get"]["description"].as_str().unwrap();
    assert!(xlsx.contains("Built whole"));
}

//! The organisers' tools in the browser's pages: check-in at the door, downloads through the
//! session cookie, an event's registrations. Only the event's organisers (and admins) see
//! them; every action leaves its audit line.

use serde_json::{Value, json};
use tisser_tests::reqwest::StatusCode;
use tisser_tests::smtp::Smtp;
use tisser_tests::{TestApp, assert_valid_html, read_csv, read_xlsx};

use crate::organiser::{ask, sign_in, start};
use crate::{Browser, MORNING, has_link};

/// A browser signed in as `email`.
pub(crate) async fn signed_in(app: &TestApp, smtp: &Smtp, email: &str) -> Browser {
    let browser = Browser::new(app);
    let done = sign_in(&browser, &ask(app, smtp, &browser, email).await).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    browser
}

/// Registers someone by name; returns the registration's id.
async fn someone(app: &TestApp, slug: &str, first: &str, last: &str, sessions: &[&str]) -> String {
    let email = format!("{}.{}@example.org", first.to_lowercase(), last.to_lowercase());
    let res = app
        .register(
            slug,
            &json!({"email": email, "first_name": first, "last_name": last, "profile": "caregiver",
                    "organization": "CHU de Lyon", "sessions": sessions}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned()
}

/// An event of `orga@example.org` with one workshop and three people in it, and another
/// organiser's event. Returns the workshop and the three ids (Élodie, Hélène, Marc).
async fn programme(app: &TestApp) -> (String, [String; 3]) {
    let org = app.organiser("orga@example.org").await;
    let other = app.organiser("autre@example.org").await;
    app.event_as(&org, "jrps", json!({"title": "JRPS 2030"})).await;
    app.event_as(&other, "autre", json!({"title": "L'autre"})).await;
    let a = app.workshop("jrps", "Atelier A", Some(10), MORNING.0, MORNING.1).await;
    let elodie = someone(app, "jrps", "Élodie", "Fabre", &[&a]).await;
    let helene = someone(app, "jrps", "Hélène", "Dupré", &[&a]).await;
    let marc = someone(app, "jrps", "Marc", "Lefèvre", &[&a]).await;
    (a, [elodie, helene, marc])
}

async fn audit_actions(app: &TestApp) -> Vec<String> {
    let lines: Vec<Value> =
        app.get_as(&app.admin.clone(), "/api/v1/audit?event=jrps").await.json().await.unwrap();
    lines.iter().map(|l| l["action"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn check_in_at_the_door_marks_and_undoes_and_the_counts_follow() {
    let (smtp, app) = start().await;
    let (a, [elodie, helene, _]) = programme(&app).await;
    let here = format!("/organiser/events/jrps/sessions/{a}/check-in");

    // Not signed in: to the sign-in page.
    let away = Browser::new(&app).get(&here).await;
    assert_eq!(away.status, StatusCode::SEE_OTHER);
    assert_eq!(away.location.as_deref(), Some("/organiser/sign-in"));

    let orga = signed_in(&app, &smtp, "orga@example.org").await;
    let dashboard = orga.get("/organiser").await;
    assert!(has_link(&dashboard.read(), "Accueil et présences : Atelier A", &here), "{}", dashboard.html);

    let list = orga.get(&here).await;
    assert_eq!(list.status, StatusCode::OK);
    assert_valid_html(&list.html);
    assert_eq!(list.headers["cache-control"], "no-store");
    assert!(list.html.contains("0 présent / 3 attendus"), "{}", list.html);
    let read = list.read();
    assert!(read["labels"].as_array().unwrap().iter().any(|l| l == "Rechercher un nom"));
    assert_eq!(
        read["buttons"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|b| b.as_str().unwrap().starts_with("Marquer présent"))
            .count(),
        3
    );

    // Two or three letters, any case, with or without accents.
    for (q, found, not) in
        [("elo", "Élodie", "Hélène"), ("DUP", "Hélène", "Élodie"), ("lefe", "Marc", "Élodie")]
    {
        let page = orga.get(&format!("{here}?q={q}")).await;
        assert!(page.html.contains(found) && !page.html.contains(not), "{q}");
        assert!(page.html.contains("0 présent / 3 attendus"), "the counts are everyone's");
    }

    // Mark two people present: back to the same search, the counts change.
    let mark = format!("{here}/{elodie}");
    let done = orga.submit(&mark, &[("present", "yes"), ("q", "élo")]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.html);
    assert_eq!(done.location.unwrap(), format!("{here}?q=%C3%A9lo#p-{elodie}"));
    let after = orga.get(&format!("{here}?q=%C3%A9lo")).await;
    assert!(after.html.contains("1 présent / 3 attendus"), "{}", after.html);
    assert!(
        after.read()["buttons"].as_array().unwrap().iter().any(|b| b == "Annuler la présence : Élodie Fabre")
    );
    assert_eq!(
        orga.submit(&format!("{here}/{helene}"), &[("present", "yes")]).await.status,
        StatusCode::SEE_OTHER
    );
    assert!(orga.get(&here).await.html.contains("2 présents / 3 attendus"));

    // Undo one.
    let undone = orga.submit(&mark, &[("present", "no"), ("q", "")]).await;
    assert_eq!(undone.location.unwrap(), format!("{here}#p-{elodie}"));
    assert!(orga.get(&here).await.html.contains("1 présent / 3 attendus"));
    let actions = audit_actions(&app).await;
    assert!(actions.iter().filter(|a| *a == "check_in").count() == 2, "{actions:?}");
    assert!(actions.iter().any(|a| a == "check_in_undone"), "{actions:?}");

    // Without the form's token: nothing changes.
    assert_eq!(orga.post_raw(&mark, &[("present", "yes")], &[]).await.status, StatusCode::FORBIDDEN);
    assert!(orga.get(&here).await.html.contains("1 présent / 3 attendus"));
    // Nobody of this event: not found.
    let unknown = orga.submit(&format!("{here}/{}", uuid_like()), &[("present", "yes")]).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);

    // In English too.
    let en = orga.get(&format!("{here}?lang=en")).await;
    assert!(en.html.contains("1 checked in / 3 expected"), "{}", en.html);
}

fn uuid_like() -> &'static str {
    "00000000-0000-4000-8000-000000000000"
}

#[tokio::test]
async fn an_organiser_of_another_event_gets_403_and_nothing_changes() {
    let (smtp, app) = start().await;
    let (a, [elodie, _, _]) = programme(&app).await;
    let here = format!("/organiser/events/jrps/sessions/{a}/check-in");
    let other = signed_in(&app, &smtp, "autre@example.org").await;
    let refused = other.get(&here).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_valid_html(&refused.html);
    assert!(!refused.html.contains("Élodie"));
    let _ = other.get("/organiser").await;
    let post = other.submit(&format!("{here}/{elodie}"), &[("present", "yes")]).await;
    assert_eq!(post.status, StatusCode::FORBIDDEN);
    assert!(!audit_actions(&app).await.iter().any(|a| a.starts_with("check_in")), "nothing written");

    // An admin may.
    let admin = signed_in(&app, &smtp, "admin@example.org").await;
    let page = admin.get(&here).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.html.contains("0 présent / 3 attendus"));
}

#[tokio::test]
async fn the_downloads_of_the_pages_are_the_api_s_and_are_audited() {
    let (smtp, app) = start().await;
    let (a, _) = programme(&app).await;
    let orga = signed_in(&app, &smtp, "orga@example.org").await;
    let dashboard = orga.get("/organiser").await.read();
    assert!(has_link(
        &dashboard,
        "Liste des inscrits (CSV) : JRPS 2030",
        "/organiser/events/jrps/attendees.csv"
    ));
    assert!(has_link(
        &dashboard,
        "Liste des inscrits (tableur XLSX) : JRPS 2030",
        "/organiser/events/jrps/attendees.xlsx"
    ));
    let check_in = orga.get(&format!("/organiser/events/jrps/sessions/{a}/check-in")).await.read();
    let sheet = format!("/organiser/events/jrps/sessions/{a}/attendance-sheet");
    assert!(has_link(&check_in, "Feuille d'émargement à imprimer : Atelier A", &sheet));
    assert!(has_link(
        &check_in,
        "Liste des inscrits (CSV)",
        &format!("/organiser/events/jrps/attendees.csv?session={a}")
    ));

    let api = |path: String| {
        let app = &app;
        async move {
            let res = app.get_as(&app.admin.clone(), &path).await;
            assert_eq!(res.status(), StatusCode::OK, "{path}");
            res.bytes().await.unwrap().to_vec()
        }
    };
    for filter in [String::new(), format!("?session={a}")] {
        let (status, headers, csv) =
            orga.bytes(&format!("/organiser/events/jrps/attendees.csv{filter}")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers["cache-control"], "no-store");
        assert_eq!(headers["content-disposition"], "attachment; filename=\"inscriptions-jrps.csv\"");
        let rows = read_csv(&csv);
        assert_eq!(rows.len(), 4, "a header and three people");
        assert_eq!(rows, read_csv(&api(format!("/api/v1/events/jrps/attendees.csv{filter}")).await));
        let (status, _, xlsx) = orga.bytes(&format!("/organiser/events/jrps/attendees.xlsx{filter}")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            read_xlsx(&xlsx),
            read_xlsx(&api(format!("/api/v1/events/jrps/attendees.xlsx{filter}")).await)
        );
    }
    let (status, headers, html) = orga.bytes(&sheet).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["cache-control"], "no-store");
    let html = String::from_utf8(html).unwrap();
    assert!(html.contains("Feuille d'émargement") && html.contains("Fabre") && html.contains("Lefèvre"));
    let actions = audit_actions(&app).await;
    for action in ["attendees_csv", "attendees_xlsx", "attendance_sheet"] {
        assert!(actions.iter().any(|a| a == action), "{action}: {actions:?}");
    }

    // Another organiser: 403, and no line written for them.
    let before = audit_actions(&app).await.len();
    let other = signed_in(&app, &smtp, "autre@example.org").await;
    for path in [
        "/organiser/events/jrps/attendees.csv".to_owned(),
        "/organiser/events/jrps/attendees.xlsx".to_owned(),
        sheet.clone(),
    ] {
        let (status, _, body) = other.bytes(&path).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
        assert!(!String::from_utf8_lossy(&body).contains("Fabre"));
    }
    assert_eq!(audit_actions(&app).await.len(), before);
    // Not signed in: to the sign-in page; a session of another event: not found.
    let (status, _, _) = Browser::new(&app).bytes("/organiser/events/jrps/attendees.csv").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, _) =
        orga.bytes(&format!("/organiser/events/jrps/attendees.csv?session={}", uuid_like())).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// The names in the rows of the registrations' table (each a link to the person's page),
/// in order.
fn row_names(html: &str) -> Vec<String> {
    html.split("<th scope=\"row\"><a href=\"")
        .skip(1)
        .map(|r| {
            assert!(r.starts_with("/organiser/events/jrps/registrations/"), "{r}");
            let name = &r[r.find("\">").unwrap() + 2..];
            name[..name.find("</a>").unwrap()].to_owned()
        })
        .collect()
}

#[tokio::test]
async fn an_event_s_registrations_are_searched_filtered_sorted_and_paginated() {
    let (smtp, app) = start().await;
    let (a, _) = programme(&app).await;
    let b = app.workshop("jrps", "Atelier B", Some(1), MORNING.0, MORNING.1).await;
    someone(&app, "jrps", "Zoé", "Abadie", &[&b]).await;
    // Atelier B is full: the next one waits.
    someone(&app, "jrps", "Yves", "Bernard", &[&b]).await;
    let orga = signed_in(&app, &smtp, "orga@example.org").await;
    assert!(has_link(
        &orga.get("/organiser").await.read(),
        "Inscriptions : JRPS 2030",
        "/organiser/events/jrps/registrations"
    ));

    let base = "/organiser/events/jrps/registrations";
    let all = orga.get(base).await;
    assert_eq!(all.status, StatusCode::OK);
    assert_valid_html(&all.html);
    assert!(all.html.contains("<caption") && all.html.contains("scope=\"col\""));
    assert_eq!(
        row_names(&all.html),
        ["Abadie Zoé", "Bernard Yves", "Dupré Hélène", "Fabre Élodie", "Lefèvre Marc"]
    );
    assert!(all.html.contains("5 personnes, page 1 sur 1"), "{}", all.html);
    assert!(all.html.contains("Proche aidant") && all.html.contains("CHU de Lyon"));
    assert!(all.html.contains("Atelier A : confirmé") && all.html.contains("Atelier B : en attente"));
    let labels = crate::labels(&all.read());
    for label in ["Rechercher un nom ou une adresse e-mail", "Temps", "Statut", "Trier par"] {
        assert!(labels.iter().any(|l| l == label), "{label}: {labels:?}");
    }

    // By name, by e-mail, any case, no accents.
    assert_eq!(row_names(&orga.get(&format!("{base}?q=FABR")).await.html), ["Fabre Élodie"]);
    assert_eq!(row_names(&orga.get(&format!("{base}?q=marc.lef")).await.html), ["Lefèvre Marc"]);
    // By session and status.
    assert_eq!(
        row_names(&orga.get(&format!("{base}?session={b}&status=waitlisted")).await.html),
        ["Bernard Yves"]
    );
    assert_eq!(row_names(&orga.get(&format!("{base}?session={a}")).await.html).len(), 3);
    assert_eq!(
        row_names(&orga.get(&format!("{base}?status=waitlisted")).await.html).len(),
        0,
        "the registrations themselves are confirmed"
    );
    // By date: registration order.
    assert_eq!(
        row_names(&orga.get(&format!("{base}?sort=date")).await.html),
        ["Fabre Élodie", "Dupré Hélène", "Lefèvre Marc", "Abadie Zoé", "Bernard Yves"]
    );
    assert!(audit_actions(&app).await.iter().any(|a| a == "registration_list"));

    // Fifty to a page.
    for i in 0..50 {
        someone(&app, "jrps", "Paul", &format!("Nombre{i:02}"), &[&a]).await;
    }
    let first = orga.get(&format!("{base}?sort=name")).await;
    assert_eq!(row_names(&first.html).len(), 50);
    assert!(first.html.contains("Page 1 sur 2"));
    assert!(has_link(&first.read(), "Page suivante", &format!("{base}?page=2")));
    let second = orga.get(&format!("{base}?page=2")).await;
    assert_eq!(row_names(&second.html).len(), 5);
    assert!(has_link(&second.read(), "Page précédente", base));
    let q = orga.get(&format!("{base}?q=nombre&page=2&sort=date")).await;
    assert!(q.html.contains("50 personnes, page 1 sur 1"), "past the last page: the last one");

    // Another organiser: 403.
    let other = signed_in(&app, &smtp, "autre@example.org").await;
    let refused = other.get(base).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(!refused.html.contains("Fabre"));
}

//! The editor: an organiser creates an event as a draft, edits it, previews its public page,
//! publishes and closes it, copies it; builds its programme (add, change, move, cancel a
//! session). Every form goes through the JSON API's checks and store operations: a refused
//! form keeps what was typed and writes nothing; a change that registrants are told of asks
//! first, then sends updated invites (same UID, higher SEQUENCE); a cancellation names who
//! loses a seat; someone else's event is refused with nothing changed.

use serde_json::{Value, json};
use tisser_tests::reqwest::StatusCode;
use tisser_tests::smtp::Received;
use tisser_tests::{TestApp, assert_valid_html};

use crate::organiser::start;
use crate::organiser_tools::signed_in;
use crate::{Browser, Page, has_link, labels};

/// A complete event form, with `changes` replacing fields.
fn event_fields<'a>(changes: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("title", "JRPS 2031"),
        ("slug", "jrps-2031"),
        ("description", "Deux journées.\nPour travailler ensemble."),
        ("format", "hybrid"),
        ("venue", "Palais des Congrès, Narbonne"),
        ("timezone", "Europe/Paris"),
        ("series", ""),
        ("capacity", "130"),
        ("opens_date", "2031-01-15"),
        ("opens_time", "09:00"),
        ("closes_date", "20/04/2031"),
        ("closes_time", "18 h 00"),
    ];
    for (name, value) in changes {
        if let Some(f) = fields.iter_mut().find(|(n, _)| n == name) {
            f.1 = value;
        }
    }
    fields
}

/// A complete session form, with `changes` replacing fields.
fn session_fields<'a>(changes: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("title", "Atelier A : co-construire"),
        ("kind", "workshop"),
        ("day", "2030-04-23"),
        ("start", "10:45"),
        ("end", "12:30"),
        ("room", "Salle 1"),
        ("capacity", "2"),
        ("requires", "yes"),
        ("description", ""),
        ("facilitators", "Claire Martin (patiente partenaire)\nPaul Roux (médecin)"),
        ("documents", "Diaporama https://docs.example.org/a.pdf"),
        ("online_url", ""),
        ("replay_url", ""),
    ];
    for (name, value) in changes {
        if let Some(f) = fields.iter_mut().find(|(n, _)| n == name) {
            f.1 = value;
        } else {
            fields.push((name, value));
        }
    }
    fields
}

/// The organiser's own view of an event through the JSON API (as the admin).
async fn details(app: &TestApp, slug: &str) -> Value {
    let res = app.get_as(&app.admin.clone(), &format!("/api/v1/organizer/events/{slug}")).await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

async fn event_count(app: &TestApp) -> usize {
    let res = app.get_as(&app.admin.clone(), "/api/v1/organizer/events").await;
    res.json::<Vec<Value>>().await.unwrap().len()
}

/// The hidden fields of a confirmation page, as the browser sends them again.
fn hidden(html: &str) -> Vec<(String, String)> {
    let unescape =
        |v: &str| v.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    html.split("<input type=\"hidden\" name=\"")
        .skip(1)
        .filter_map(|rest| {
            let (name, rest) = rest.split_once('"')?;
            let value = rest.strip_prefix(" value=\"")?.split_once('"')?.0;
            Some((name.to_owned(), unescape(value)))
        })
        .filter(|(name, _)| name != "csrf_token")
        .collect()
}

fn owned(fields: &[(&str, &str)]) -> Vec<(String, String)> {
    fields.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
}

async fn submit_owned(browser: &Browser, path: &str, fields: &[(String, String)]) -> Page {
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    browser.submit(path, &pairs).await
}

fn line(ics: &str, name: &str) -> Option<String> {
    ics.replace("\r\n ", "").lines().find(|l| l.starts_with(name)).map(str::to_owned)
}

fn mails_to<'a>(all: &'a [Received], to: &str) -> Vec<&'a Received> {
    all.iter().filter(|m| m.to.iter().any(|t| t == to)).collect()
}

/// A published JRPS of `orga@example.org` with workshop A (2 seats, 10:45–12:30) and B at
/// the same time; returns (A, B).
async fn jrps(app: &TestApp) -> (String, String) {
    let org = app.organiser("orga@example.org").await;
    app.organiser("autre@example.org").await;
    app.event_as(&org, "jrps", json!({"title": "JRPS 2030"})).await;
    let a = app
        .workshop("jrps", "Atelier A", Some(2), "2030-04-23T10:45:00+02:00", "2030-04-23T12:30:00+02:00")
        .await;
    let b = app
        .workshop("jrps", "Atelier B", Some(10), "2030-04-23T10:45:00+02:00", "2030-04-23T12:30:00+02:00")
        .await;
    (a, b)
}

async fn someone(app: &TestApp, first: &str, sessions: &[&str]) {
    let res = app
        .register(
            "jrps",
            &json!({"email": format!("{}@example.org", first.to_lowercase()), "first_name": first,
                    "last_name": "Martin", "sessions": sessions}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn an_organiser_creates_a_draft_event_from_the_dashboard_then_edits_it() {
    let (smtp, app) = start().await;
    app.organiser("orga@example.org").await;
    let orga = signed_in(&app, &smtp, "orga@example.org").await;

    let dashboard = orga.get("/organiser").await;
    assert!(has_link(&dashboard.read(), "Créer un évènement", "/organiser/events/new"), "{}", dashboard.html);
    let form = orga.get("/organiser/events/new").await;
    assert_eq!(form.status, StatusCode::OK);
    assert_valid_html(&form.html);
    let read = form.read();
    for label in ["Titre", "Adresse de la page", "Fuseau horaire", "Date d'ouverture des inscriptions"] {
        assert!(labels(&read).iter().any(|l| l == label), "label {label}: {:?}", labels(&read));
    }
    assert!(read["legends"].as_array().unwrap().iter().any(|l| l == "Où se passe l'évènement ?"));

    let created = orga.submit("/organiser/events/new", &event_fields(&[])).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.html);
    assert_eq!(created.location.as_deref(), Some("/organiser/events/jrps-2031/edit?done=created"));
    let event = details(&app, "jrps-2031").await;
    assert_eq!(event["status"], "draft");
    assert_eq!(event["format"], "hybrid");
    assert_eq!(event["venue"], "Palais des Congrès, Narbonne");
    assert_eq!(event["capacity"], 130);
    assert_eq!(event["description"], "Deux journées.\nPour travailler ensemble.");
    assert_eq!(event["registration_opens_at"], "2031-01-15T09:00:00+01:00");
    assert_eq!(event["registration_closes_at"], "2031-04-20T18:00:00+02:00");
    assert_eq!(app.get("/events/jrps-2031").await.status(), StatusCode::NOT_FOUND, "a draft is not public");

    // Its page: the actions, the form filled with what is stored.
    let page = orga.get("/organiser/events/jrps-2031/edit?done=created").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_valid_html(&page.html);
    assert!(page.html.contains("Évènement créé."));
    let read = page.read();
    assert_eq!(read["values"]["venue"], "Palais des Congrès, Narbonne");
    assert_eq!(read["values"]["closes_time"], "18:00");
    assert_eq!(read["values"]["opens_date"], "15/01/2031", "a day as people write it");
    assert!(has_link(&read, "Prévisualiser la page publique", "/organiser/events/jrps-2031/preview"));
    assert!(has_link(&read, "Publier", "/organiser/events/jrps-2031/publish"));
    assert!(has_link(&read, "Copier vers de nouvelles dates", "/organiser/events/jrps-2031/copy"));

    // A change: unlimited seats, a new title.
    let saved = orga
        .submit(
            "/organiser/events/jrps-2031/edit",
            &event_fields(&[("title", "JRPS 2031 à Narbonne"), ("capacity", "")]),
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.html);
    let event = details(&app, "jrps-2031").await;
    assert_eq!(event["title"], "JRPS 2031 à Narbonne");
    assert_eq!(event["capacity"], Value::Null);
    assert_eq!(event["status"], "draft", "saving does not publish");
}

#[tokio::test]
async fn a_refused_event_form_keeps_what_was_typed_says_why_and_writes_nothing() {
    let (smtp, app) = start().await;
    app.organiser("orga@example.org").await;
    app.published_event("pris", json!({})).await;
    let orga = signed_in(&app, &smtp, "orga@example.org").await;
    orga.get("/organiser/events/new").await;
    let before = event_count(&app).await;

    let typed = event_fields(&[
        ("title", ""),
        ("slug", "Pas Bon"),
        ("capacity", "beaucoup"),
        ("opens_date", "30/02/2031"),
        ("timezone", "Lune/Base"),
    ]);
    let refused = orga.submit("/organiser/events/new", &typed).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_valid_html(&refused.html);
    let read = refused.read();
    assert!(read["title"].as_str().unwrap().starts_with("Erreur : "), "{}", read["title"]);
    let targets: Vec<&str> =
        read["summary"].as_array().unwrap().iter().map(|s| s[1].as_str().unwrap()).collect();
    assert_eq!(targets, ["#title", "#slug", "#timezone", "#capacity", "#opens_date"], "{}", read["summary"]);
    assert_eq!(read["summary_focus"][0], json!(["-1", ""]));
    assert_eq!(read["values"]["slug"], "Pas Bon", "what was typed is kept");
    assert_eq!(read["values"]["capacity"], "beaucoup");
    assert_eq!(read["values"]["venue"], "Palais des Congrès, Narbonne");
    assert_eq!(read["textareas"]["description"], "Deux journées.\nPour travailler ensemble.");
    assert!(read["checked"].as_array().unwrap().iter().any(|c| c == "format-2"), "hybrid stays chosen");
    assert!(refused.html.contains("Écrivez un nombre entier"));
    assert_eq!(event_count(&app).await, before, "nothing written");

    // A slug already taken, a window that closes before it opens.
    let typed = event_fields(&[("slug", "pris"), ("closes_date", "2031-01-01")]);
    let refused = orga.submit("/organiser/events/new", &typed).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let read = refused.read();
    let targets: Vec<&str> =
        read["summary"].as_array().unwrap().iter().map(|s| s[1].as_str().unwrap()).collect();
    assert_eq!(targets, ["#closes_date"], "the window first (the slug is the store's to refuse)");
    let refused = orga.submit("/organiser/events/new", &event_fields(&[("slug", "pris")])).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.html.contains("Cette adresse est déjà prise."), "{}", refused.html);
    assert_eq!(event_count(&app).await, before, "nothing written");
}

#[tokio::test]
async fn the_preview_shows_a_draft_to_its_organisers_only_and_publishing_opens_it() {
    let (smtp, app) = start().await;
    let org = app.organiser("orga@example.org").await;
    app.organiser("autre@example.org").await;
    app.event_as(&org, "jrps", json!({"title": "JRPS 2030", "status": "draft", "venue": "Narbonne"})).await;
    app.session_as(
        &org,
        "jrps",
        json!({"title": "Plénière d'ouverture", "kind": "plenary", "starts_at": "2030-04-23T09:30:00+02:00",
               "ends_at": "2030-04-23T10:30:00+02:00", "online_url": "https://visio.example.org/secret"}),
    )
    .await;
    let orga = signed_in(&app, &smtp, "orga@example.org").await;

    let preview = orga.get("/organiser/events/jrps/preview").await;
    assert_eq!(preview.status, StatusCode::OK);
    assert_valid_html(&preview.html);
    assert!(preview.html.contains("Aperçu") && preview.html.contains("est un brouillon"), "{}", preview.html);
    assert!(
        preview.html.contains("Plénière d&#x27;ouverture") || preview.html.contains("Plénière d'ouverture")
    );
    assert!(!preview.html.contains("visio.example.org"), "never a join link, as on the public page");
    assert_eq!(preview.read()["h1"], json!(["JRPS 2030"]));
    assert_eq!(app.get("/events/jrps").await.status(), StatusCode::NOT_FOUND);

    let other = signed_in(&app, &smtp, "autre@example.org").await;
    assert_eq!(other.get("/organiser/events/jrps/preview").await.status, StatusCode::FORBIDDEN);
    assert_eq!(Browser::new(&app).get("/organiser/events/jrps/preview").await.status, StatusCode::SEE_OTHER);

    // Publish, after its confirmation page.
    let confirm = orga.get("/organiser/events/jrps/publish").await;
    assert_eq!(confirm.status, StatusCode::OK);
    assert_valid_html(&confirm.html);
    assert_eq!(confirm.read()["buttons"], json!(["Me déconnecter", "Oui, publier"]));
    assert_eq!(details(&app, "jrps").await["status"], "draft", "asking changes nothing");
    let done = orga.submit("/organiser/events/jrps/publish", &[]).await;
    assert_eq!(done.location.as_deref(), Some("/organiser/events/jrps/edit?done=published"));
    assert_eq!(app.get("/events/jrps").await.status(), StatusCode::OK);
    let page = orga.get("/organiser/events/jrps/edit?done=published").await;
    assert!(has_link(&page.read(), "Clore les inscriptions", "/organiser/events/jrps/close"));

    // Close registration.
    orga.get("/organiser/events/jrps/close").await;
    let done = orga.submit("/organiser/events/jrps/close", &[]).await;
    assert_eq!(done.location.as_deref(), Some("/organiser/events/jrps/edit?done=closed"));
    assert_eq!(details(&app, "jrps").await["status"], "closed");
}

#[tokio::test]
async fn another_organisers_event_is_refused_and_nothing_changes() {
    let (smtp, app) = start().await;
    let (a, _) = jrps(&app).await;
    someone(&app, "Ana", &[&a]).await;
    let other = signed_in(&app, &smtp, "autre@example.org").await;
    other.get("/organiser").await;
    let before = details(&app, "jrps").await;

    for path in [
        "/organiser/events/jrps/edit".to_owned(),
        "/organiser/events/jrps/preview".to_owned(),
        "/organiser/events/jrps/programme".to_owned(),
        "/organiser/events/jrps/programme/new".to_owned(),
        format!("/organiser/events/jrps/programme/{a}"),
        format!("/organiser/events/jrps/programme/{a}/cancel"),
        "/organiser/events/jrps/close".to_owned(),
        "/organiser/events/jrps/copy".to_owned(),
    ] {
        assert_eq!(other.get(&path).await.status, StatusCode::FORBIDDEN, "{path}");
    }
    let posts: Vec<(String, Vec<(&str, &str)>)> = vec![
        ("/organiser/events/jrps/edit".into(), event_fields(&[("slug", "jrps"), ("title", "Pris")])),
        ("/organiser/events/jrps/programme/new".into(), session_fields(&[])),
        (
            format!("/organiser/events/jrps/programme/{a}"),
            session_fields(&[("start", "14:00"), ("end", "15:00"), ("confirmed", "yes")]),
        ),
        (format!("/organiser/events/jrps/programme/{a}/cancel"), Vec::new()),
        ("/organiser/events/jrps/close".into(), Vec::new()),
        (
            "/organiser/events/jrps/copy".into(),
            vec![("slug", "jrps-copie"), ("title", ""), ("first_day", "2031-04-22")],
        ),
    ];
    for (path, fields) in posts {
        let refused = other.submit(&path, &fields).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{path}");
        assert!(refused.html.contains("<h1"), "a page that says why");
    }
    assert_eq!(details(&app, "jrps").await, before, "nothing changed");
    assert_eq!(
        app.get_as(&app.admin.clone(), "/api/v1/organizer/events/jrps-copie").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn sessions_are_added_with_their_facilitators_and_a_refused_form_writes_nothing() {
    let (smtp, app) = start().await;
    jrps(&app).await;
    let orga = signed_in(&app, &smtp, "orga@example.org").await;
    let programme = orga.get("/organiser/events/jrps/programme").await;
    assert_eq!(programme.status, StatusCode::OK);
    assert_valid_html(&programme.html);
    assert!(programme.html.contains("Mardi 23 avril 2030"), "days in full");
    assert!(has_link(&programme.read(), "Ajouter un temps", "/organiser/events/jrps/programme/new"));
    let form = orga.get("/organiser/events/jrps/programme/new").await;
    assert_valid_html(&form.html);
    assert_eq!(form.read()["values"]["day"], "23/04/2030", "on the programme's first day");
    let before = details(&app, "jrps").await["sessions"].as_array().unwrap().len();

    let typed = session_fields(&[
        ("title", "Dîner"),
        ("day", "demain"),
        ("start", "19:30"),
        ("end", "25:00"),
        ("capacity", "-3"),
        ("documents", "Menu sans adresse"),
        ("online_url", "pas une adresse"),
    ]);
    let refused = orga.submit("/organiser/events/jrps/programme/new", &typed).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_valid_html(&refused.html);
    let read = refused.read();
    let targets: Vec<&str> =
        read["summary"].as_array().unwrap().iter().map(|s| s[1].as_str().unwrap()).collect();
    assert_eq!(targets, ["#day", "#end", "#capacity", "#documents", "#online_url"], "{}", read["summary"]);
    assert!(refused.html.contains("Ligne 1 : écrivez le titre du document"));
    assert_eq!(read["values"]["day"], "demain");
    assert_eq!(read["textareas"]["facilitators"], "Claire Martin (patiente partenaire)\nPaul Roux (médecin)");
    assert_eq!(details(&app, "jrps").await["sessions"].as_array().unwrap().len(), before, "nothing written");

    let typed = session_fields(&[
        ("title", "Dîner des JRPS"),
        ("kind", "social"),
        ("start", "19:30"),
        ("end", "22:30"),
        ("capacity", "26"),
        ("requires", ""),
        ("online_url", "https://visio.example.org/diner"),
    ]);
    let added = orga.submit("/organiser/events/jrps/programme/new", &typed).await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.html);
    assert_eq!(added.location.as_deref(), Some("/organiser/events/jrps/programme?done=added"));
    let sessions = details(&app, "jrps").await["sessions"].as_array().unwrap().clone();
    let dinner = sessions.iter().find(|s| s["title"] == "Dîner des JRPS").unwrap();
    assert_eq!(dinner["starts_at"], "2030-04-23T19:30:00+02:00");
    assert_eq!(dinner["capacity"], 26);
    assert_eq!(dinner["requires_registration"], true, "the API's default for a social time");
    assert_eq!(
        dinner["facilitators"],
        json!([{"name": "Claire Martin", "role": "patiente partenaire"}, {"name": "Paul Roux", "role": "médecin"}])
    );
    assert_eq!(dinner["documents"], json!([{"title": "Diaporama", "url": "https://docs.example.org/a.pdf"}]));
    assert_eq!(dinner["online_url"], "https://visio.example.org/diner");

    // Its form shows it as stored.
    let id = dinner["id"].as_str().unwrap();
    let edit = orga.get(&format!("/organiser/events/jrps/programme/{id}")).await;
    let read = edit.read();
    assert_eq!(read["values"]["start"], "19:30");
    assert_eq!(read["textareas"]["documents"], "Diaporama https://docs.example.org/a.pdf");
}

#[tokio::test]
async fn moving_a_session_with_a_registrant_asks_first_then_sends_an_updated_invite() {
    let (smtp, app) = start().await;
    let (a, _) = jrps(&app).await;
    someone(&app, "Ana", &[&a]).await;
    app.deliver().await;
    let orga = signed_in(&app, &smtp, "orga@example.org").await;
    let here = format!("/organiser/events/jrps/programme/{a}");
    let form = orga.get(&here).await;
    assert!(form.html.contains("Personnes inscrites"), "the form says who is registered");
    let typed = session_fields(&[
        ("title", "Atelier A"),
        ("start", "11:15"),
        ("end", "13:00"),
        ("facilitators", ""),
        ("documents", ""),
    ]);

    let asked = orga.submit(&here, &typed).await;
    assert_eq!(asked.status, StatusCode::OK, "{}", asked.html);
    assert_valid_html(&asked.html);
    assert!(
        asked.html.contains(
            "1 personne a une place à ce temps. Elle recevra un e-mail avec l&#x27;invitation mise à jour"
        ) || asked.html.contains(
            "1 personne a une place à ce temps. Elle recevra un e-mail avec l'invitation mise à jour"
        ),
        "{}",
        asked.html
    );
    assert!(asked.html.contains("Mardi 23 avril 2030, de 11 h 15 à 13 h"), "{}", asked.html);
    let session = |v: Value| v["sessions"].as_array().unwrap().iter().find(|s| s["id"] == a).unwrap().clone();
    assert_eq!(
        session(details(&app, "jrps").await)["starts_at"],
        "2030-04-23T10:45:00+02:00",
        "nothing saved yet"
    );
    assert_eq!(app.deliver().await.sent, 0, "nobody told yet");

    let again = hidden(&asked.html);
    assert!(again.contains(&("confirmed".to_owned(), "yes".to_owned())));
    let mut without = again.clone();
    without.retain(|(k, _)| k != "confirmed");
    let mut sent: Vec<(String, String)> = owned(&typed);
    sent.sort();
    without.sort();
    assert_eq!(without, sent, "the confirmation sends back what was typed");
    let done = submit_owned(&orga, &here, &again).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.html);
    assert_eq!(done.location.as_deref(), Some("/organiser/events/jrps/programme?done=changed"));
    assert_eq!(session(details(&app, "jrps").await)["starts_at"], "2030-04-23T11:15:00+02:00");

    app.deliver().await;
    let all = smtp.messages();
    let ana = mails_to(&all, "ana@example.org");
    let invites: Vec<&String> = ana.iter().flat_map(|m| m.calendars.iter()).collect();
    assert_eq!(invites.len(), 2, "the first invite and the updated one");
    let seq = |ics: &str| line(ics, "SEQUENCE:").unwrap();
    let (first, moved) =
        if seq(invites[0]) < seq(invites[1]) { (invites[0], invites[1]) } else { (invites[1], invites[0]) };
    assert_eq!(line(first, "UID:"), line(moved, "UID:"), "the same invite");
    assert!(seq(moved) > seq(first), "{} then {}", seq(first), seq(moved));
    assert_eq!(line(moved, "DTSTART:").unwrap(), "DTSTART:20300423T091500Z");
    assert_eq!(line(moved, "METHOD:").unwrap(), "METHOD:REQUEST");
}

#[tokio::test]
async fn moving_a_session_onto_anothers_time_names_who_would_have_two_at_once() {
    let (smtp, app) = start().await;
    let org_token = app.organiser("orga@example.org").await;
    app.event_as(&org_token, "jrps", json!({"title": "JRPS 2030"})).await;
    let a = app
        .workshop("jrps", "Atelier A", Some(5), "2030-04-23T10:45:00+02:00", "2030-04-23T12:30:00+02:00")
        .await;
    let lunch = app
        .session_as(
            &org_token,
            "jrps",
            json!({"title": "Déjeuner", "kind": "social", "capacity": 50,
            "starts_at": "2030-04-23T12:30:00+02:00", "ends_at": "2030-04-23T14:00:00+02:00"}),
        )
        .await;
    someone(&app, "Ana", &[&a, &lunch]).await;
    let orga = signed_in(&app, &smtp, "orga@example.org").await;
    let here = format!("/organiser/events/jrps/programme/{a}");
    orga.get(&here).await;
    let typed = session_fields(&[
        ("title", "Atelier A"),
        ("capacity", "5"),
        ("start", "12:00"),
        ("end", "13:00"),
        ("confirmed", "yes"),
    ]);
    let asked = orga.submit(&here, &typed).await;
    assert_eq!(asked.status, StatusCode::OK, "{}", asked.html);
    assert!(asked.html.contains("Ana Martin : Déjeuner"), "{}", asked.html);
    assert_eq!(asked.read()["buttons"], json!(["Me déconnecter", "Déplacer quand même"]));
    let again = hidden(&asked.html);
    assert!(again.contains(&("confirm_overlaps".to_owned(), "yes".to_owned())));
    let done = submit_owned(&orga, &here, &again).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.html);
}

#[tokio::test]
async fn cancelling_a_session_names_who_loses_a_seat_and_raising_seats_promotes_who_waits() {
    let (smtp, app) = start().await;
    let (a, b) = jrps(&app).await;
    someone(&app, "Ana", &[&a]).await;
    someone(&app, "Bruno", &[&a]).await;
    someone(&app, "Chloe", &[&a]).await; // waits
    someone(&app, "Denis", &[&b]).await;
    app.deliver().await;
    let orga = signed_in(&app, &smtp, "orga@example.org").await;

    // Three seats in A: Chloe moves up; nobody else is told (nothing they see changed).
    let here = format!("/organiser/events/jrps/programme/{a}");
    orga.get(&here).await;
    let typed = session_fields(&[
        ("title", "Atelier A"),
        ("capacity", "3"),
        ("room", ""),
        ("facilitators", ""),
        ("documents", ""),
    ]);
    let saved = orga.submit(&here, &typed).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "no confirmation: {}", saved.html);
    let chloe =
        app.registrations("jrps", "").await.into_iter().find(|r| r["email"] == "chloe@example.org").unwrap();
    assert_eq!(chloe["sessions"][0]["status"], "confirmed", "{chloe}");
    // Fewer seats than people seated: refused beside the field.
    let below =
        orga.submit(&here, &session_fields(&[("title", "Atelier A"), ("capacity", "1"), ("room", "")])).await;
    assert_eq!(below.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(below.html.contains("qui ont déjà une place : 3."), "{}", below.html);

    // Cancel B: Denis is named.
    let cancel = format!("/organiser/events/jrps/programme/{b}/cancel");
    let asked = orga.get(&cancel).await;
    assert_eq!(asked.status, StatusCode::OK);
    assert_valid_html(&asked.html);
    assert!(asked.html.contains("1 personne perd sa place."), "{}", asked.html);
    assert!(asked.html.contains("<li>Denis Martin</li>"), "{}", asked.html);
    assert!(!asked.html.contains("Ana Martin"));
    let a_asked = orga.get(&format!("/organiser/events/jrps/programme/{a}/cancel")).await;
    for name in ["Ana Martin", "Bruno Martin", "Chloe Martin"] {
        assert!(a_asked.html.contains(&format!("<li>{name}</li>")), "{name}: {}", a_asked.html);
    }
    assert!(a_asked.html.contains("3 personnes perdent leur place."));

    orga.get(&cancel).await;
    let done = orga.submit(&cancel, &[]).await;
    assert_eq!(done.location.as_deref(), Some("/organiser/events/jrps/programme?done=cancelled"));
    let b_now = details(&app, "jrps").await["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == b)
        .unwrap()
        .clone();
    assert_eq!(b_now["status"], "cancelled");
    app.deliver().await;
    let all = smtp.messages();
    let withdrawn = mails_to(&all, "denis@example.org")
        .into_iter()
        .flat_map(|m| m.calendars.iter())
        .any(|c| line(c, "METHOD:").as_deref() == Some("METHOD:CANCEL"));
    assert!(withdrawn, "Denis's invite is withdrawn");
    let page = orga.get("/organiser/events/jrps/programme?done=cancelled").await;
    assert!(page.html.contains("Temps annulé."));
}

#[tokio::test]
async fn an_event_is_copied_to_new_dates_as_a_draft_with_its_programme() {
    let (smtp, app) = start().await;
    jrps(&app).await;
    let orga = signed_in(&app, &smtp, "orga@example.org").await;
    let form = orga.get("/organiser/events/jrps/copy").await;
    assert_eq!(form.status, StatusCode::OK);
    assert_valid_html(&form.html);
    let refused = orga
        .submit("/organiser/events/jrps/copy", &[("slug", "jrps"), ("title", ""), ("first_day", "bientôt")])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.read()["values"]["first_day"], "bientôt");
    let done = orga
        .submit(
            "/organiser/events/jrps/copy",
            &[("slug", "jrps-2031"), ("title", "JRPS 2031"), ("first_day", "2031-04-22")],
        )
        .await;
    assert_eq!(
        done.location.as_deref(),
        Some("/organiser/events/jrps-2031/edit?done=copied"),
        "{}",
        done.html
    );
    let copy = details(&app, "jrps-2031").await;
    assert_eq!(copy["status"], "draft");
    assert_eq!(copy["sessions"][0]["starts_at"], "2031-04-22T10:45:00+02:00");
}

//! The registration form: errors shown GOV.UK-style with everything typed kept and nothing
//! written; a valid form registers once and redirects; the safety checks refuse forged
//! posts.

use serde_json::json;
use tisser_tests::reqwest::StatusCode;
use tisser_tests::{assert_valid_html, spawn_app};

use crate::{Browser, MORNING, jrps, labels, person_fields};

#[tokio::test]
async fn the_form_offers_one_choice_per_time_slot_checkboxes_for_lone_sessions_and_says_what_is_kept() {
    let app = spawn_app().await;
    let (a, _, dinner, _) = jrps(&app, "jrps", 29).await;
    let page = Browser::new(&app).get("/events/jrps/register").await;
    assert_valid_html(&page.html);
    let read = page.read();
    let labels = labels(&read);
    for label in [
        "Adresse e-mail",
        "Prénom",
        "Nom",
        "Organisation (facultatif)",
        "Besoins d'accessibilité (facultatif)",
        "Régime alimentaire (facultatif)",
        "Patiente ou patient partenaire",
        "Proche aidante ou aidant",
        "Représentante ou représentant des usagers",
        "Professionnelle ou professionnel de santé",
        "Étudiante ou étudiant",
        "Institution",
        "Autre",
        "Français",
        "English",
        "Aucun atelier",
    ] {
        assert!(labels.iter().any(|l| l.starts_with(label)), "no label {label}: {labels:?}");
    }
    assert!(labels.contains(&"Nom".to_owned()), "the label of the last name is exactly Nom");
    assert!(labels.iter().any(|l| l == "Atelier A — L'aventure 29 places restantes"), "{labels:?}");
    assert!(
        labels.iter().any(|l| l.starts_with("Dîner — Mardi 23 avril 2030, de 19 h 30 à 22 h 30")),
        "{labels:?}"
    );
    let legends = read["legends"].as_array().unwrap();
    assert!(
        legends.contains(&json!("Vous êtes (facultatif)"))
            && legends.contains(&json!("Langue de vos messages"))
    );
    assert!(legends.contains(&json!("Mardi 23 avril 2030, de 10 h 45 à 12 h 30")), "{legends:?}");
    assert_eq!(read["buttons"], json!(["M'inscrire"]));
    assert_eq!(read["forms"], json!([["/events/jrps/register", true]]), "novalidate");
    assert!(page.html.contains("type=\"email\"") && page.html.contains("spellcheck=\"false\""));
    assert!(
        page.html.contains("autocomplete=\"given-name\"")
            && page.html.contains("autocomplete=\"family-name\"")
    );
    assert!(page.html.contains("aria-required=\"true\""));
    assert!(page.html.contains(&format!("type=\"checkbox\" value=\"{dinner}\"")));
    assert!(page.html.contains(&format!("name=\"slot-0\" type=\"radio\" value=\"{a}\"")));
    assert!(
        page.html.contains("Ouverture") && page.html.contains("ouverts à toutes les personnes inscrites")
    );
    assert!(
        page.html.contains("seulement les organisateurs de cette rencontre")
            && page.html.contains("365 jours")
    );
    assert!(
        page.html.contains("aria-hidden=\"true\"")
            && page.html.contains("tabindex=\"-1\" autocomplete=\"off\"")
    );
    let cookie = page.headers["set-cookie"].to_str().unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"),
        "{cookie}"
    );

    // Without a meal, no question about diet; with one session to book, no question at all.
    app.published_event("atelier", json!({"title": "Atelier d'échanges"})).await;
    let only = app.workshop("atelier", "Savoirs", Some(2), MORNING.0, MORNING.1).await;
    let browser = Browser::new(&app);
    let page = browser.get("/events/atelier/register").await;
    assert!(!page.html.contains("Régime alimentaire"));
    assert!(
        !page.html.contains("name=\"slot-0\"") && !page.html.contains("type=\"checkbox\""),
        "no choice to make"
    );
    assert!(
        page.html.contains("Votre inscription comprend ce temps") && page.html.contains("2 places restantes")
    );
    let done = browser.submit("/events/atelier/register", &person_fields("ana@example.org", &[])).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.html);
    let regs = app.registrations("atelier", &format!("?session={only}&status=confirmed")).await;
    assert_eq!(regs.len(), 1, "the one session was chosen for her");
}

#[tokio::test]
async fn a_form_with_problems_answers_422_with_a_summary_keeps_what_was_typed_and_writes_nothing() {
    let app = spawn_app().await;
    let (a, _, _, _) = jrps(&app, "jrps", 29).await;
    let browser = Browser::new(&app);
    browser.get("/events/jrps/register").await;
    let page = browser
        .submit(
            "/events/jrps/register",
            &[
                ("email", "pas-une-adresse"),
                ("first_name", "Léa <b>"),
                ("last_name", ""),
                ("accessibility_needs", "Fauteuil"),
                ("slot-0", &a),
                ("dietary_requirements", "Végétarien"),
                ("website", ""),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_valid_html(&page.html);
    let read = page.read();
    assert!(
        read["title"].as_str().unwrap().starts_with("Erreur : S'inscrire — JRPS 2030"),
        "{}",
        read["title"]
    );
    assert!(page.html.contains("Il y a un problème"));
    assert_eq!(read["summary_focus"], json!([["-1", ""]]), "focus on the summary without script");
    let summary = read["summary"].as_array().unwrap();
    assert_eq!(summary.len(), 2, "{summary:?}");
    assert_eq!(summary[0][1], "#email");
    assert_eq!(summary[1][1], "#last_name");
    assert!(summary[0][0].as_str().unwrap().contains("n'est pas valide"));
    assert_eq!(read["invalid"], json!(["email", "last_name"]));
    assert!(page.html.contains("aria-describedby=\"email-hint email-error\""));
    assert_eq!(read["values"]["email"], "pas-une-adresse");
    assert_eq!(read["values"]["first_name"], "Léa <b>");
    assert!(page.html.contains("Léa &lt;b&gt;"), "escaped");
    assert_eq!(read["textareas"]["accessibility_needs"], "Fauteuil");
    assert_eq!(read["textareas"]["dietary_requirements"], "Végétarien");
    assert!(read["checked"].as_array().unwrap().contains(&json!("slot-0-0")), "the workshop stays chosen");
    assert!(page.html.contains("29 places restantes"), "the form again shows the seats of now");
    assert!(app.registrations("jrps", "").await.is_empty(), "nothing written");
    // The summary sits at the top of main, before the heading.
    let main = page.html.find("<main").unwrap();
    assert!(page.html[main..].find("error-summary").unwrap() < page.html[main..].find("<h1").unwrap());
}

#[tokio::test]
async fn a_valid_form_redirects_to_the_confirmation_and_the_same_form_twice_registers_once() {
    let app = spawn_app().await;
    let (a, _, dinner, _) = jrps(&app, "jrps", 1).await;
    app.registered("jrps", "first@example.org", &[&a]).await;
    let browser = Browser::new(&app);
    browser.get("/events/jrps/register").await;
    let fields = person_fields(
        "lea@example.org",
        &[("slot-0", &a), ("session", &dinner), ("dietary_requirements", "Sans gluten")],
    );
    let done = browser.submit("/events/jrps/register", &fields).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.html);
    let location = done.location.unwrap();
    assert!(location.starts_with("/manage/m_") && location.ends_with("/confirmation"), "{location}");
    let confirmation = browser.get(&location).await;
    assert_eq!(confirmation.status, StatusCode::OK);
    assert_valid_html(&confirmation.html);
    let read = confirmation.read();
    assert_eq!(read["h1"], json!(["Votre inscription est enregistrée"]));
    assert!(confirmation.html.contains("Liste d'attente : vous êtes à la place 1."), "workshop A was full");
    assert!(confirmation.html.contains("Votre place est réservée."), "the dinner");
    assert!(confirmation.html.contains("lea@example.org"));
    let manage = location.trim_end_matches("/confirmation");
    assert!(crate::has_link(&read, "Voir mon inscription", manage));
    assert!(crate::has_link(&read, "Ajouter à mon agenda", &format!("/api/v1{manage}/calendar.ics")));
    assert_eq!(confirmation.headers["cache-control"], "no-store");

    // The same form again (a double click, a reload of the POST): one registration.
    let again = browser.submit("/events/jrps/register", &fields).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.html.contains("déjà inscrite"), "{}", again.html);
    assert!(again.read()["summary"][0][1] == "#email");
    let regs = app.registrations("jrps", "").await;
    assert_eq!(regs.iter().filter(|r| r["email"] == "lea@example.org").count(), 1);
    let lea = regs.iter().find(|r| r["email"] == "lea@example.org").unwrap();
    assert_eq!(lea["dietary_requirements"], "Sans gluten");
    assert_eq!(lea["profile"], "patient_partner");

    // Everyone waiting: the heading says so.
    app.published_event("full", json!({"title": "Complet", "capacity": 0})).await;
    let waiting = Browser::new(&app);
    waiting.get("/events/full/register").await;
    let done = waiting.submit("/events/full/register", &person_fields("zoe@example.org", &[])).await;
    let page = waiting.get(&done.location.unwrap()).await;
    assert_eq!(page.read()["h1"], json!(["Vous êtes sur la liste d'attente"]));
}

#[tokio::test]
async fn overlapping_choices_are_refused_in_plain_words_with_the_sessions_titles() {
    let app = spawn_app().await;
    let (a, b, _, _) = jrps(&app, "jrps", 29).await;
    let browser = Browser::new(&app);
    browser.get("/events/jrps/register").await;
    // A forged form choosing both parallel workshops.
    let page = browser
        .submit("/events/jrps/register", &person_fields("lea@example.org", &[("slot-0", &a), ("slot-9", &b)]))
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.html.contains(
            "« Atelier A — L'aventure » et « Atelier B — Tisser des liens » ont lieu en même temps"
        ),
        "{}",
        page.html
    );
    assert!(!page.html.contains(&format!("{a} et")), "titles, not ids");
    assert!(app.registrations("jrps", "").await.is_empty());
    let closed = Browser::new(&app);
    app.patch_as(&app.admin, "/api/v1/events/jrps", &json!({"status": "closed"})).await;
    let page = closed.get("/events/jrps/register").await;
    assert!(page.html.contains("Les inscriptions sont fermées."));
}

#[tokio::test]
async fn forged_posts_are_refused_with_403_and_a_robot_registers_nobody() {
    let app = spawn_app().await;
    jrps(&app, "jrps", 29).await;
    let browser = Browser::new(&app);
    let form = browser.get("/events/jrps/register").await;
    let token =
        form.html.split("name=\"csrf_token\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let fields = person_fields("lea@example.org", &[]);

    let without_token = browser.post_raw("/events/jrps/register", &fields, &[]).await;
    assert_eq!(without_token.status, StatusCode::FORBIDDEN);
    assert_valid_html(&without_token.html);
    assert!(without_token.html.contains("Le formulaire a expiré. Rechargez la page."));

    let mut with_token = vec![("csrf_token", token.as_str())];
    with_token.extend_from_slice(&fields);
    let foreign =
        browser.post_raw("/events/jrps/register", &with_token, &[("origin", "https://evil.example")]).await;
    assert_eq!(foreign.status, StatusCode::FORBIDDEN);
    let cross =
        browser.post_raw("/events/jrps/register", &with_token, &[("sec-fetch-site", "cross-site")]).await;
    assert_eq!(cross.status, StatusCode::FORBIDDEN);
    let other_browser = Browser::new(&app);
    let stolen_token = other_browser.post_raw("/events/jrps/register", &with_token, &[]).await;
    assert_eq!(stolen_token.status, StatusCode::FORBIDDEN, "a token without its cookie");
    assert!(app.registrations("jrps", "").await.is_empty(), "nothing written");

    let robot = browser
        .submit(
            "/events/jrps/register",
            &[
                ("website", "https://spam.example"),
                ("email", "bot@example.org"),
                ("first_name", "Bot"),
                ("last_name", "Bot"),
            ],
        )
        .await;
    assert_ne!(robot.status, StatusCode::SEE_OTHER);
    assert!(app.registrations("jrps", "").await.is_empty(), "the trap caught it");

    let same_origin = browser.post_raw("/events/jrps/register", &with_token, &[("origin", &app.base)]).await;
    assert_eq!(same_origin.status, StatusCode::SEE_OTHER, "{}", same_origin.html);
}

#[tokio::test]
async fn a_right_to_left_override_in_the_form_is_named_in_the_error_summary_and_accents_are_welcome() {
    let app = spawn_app().await;
    jrps(&app, "jrps", 29).await;
    let browser = Browser::new(&app);
    browser.get("/events/jrps/register").await;
    let hostile = "Martin\u{202E}fdp.exe";
    let fields: Vec<(&str, &str)> = person_fields("ana@example.org", &[])
        .into_iter()
        .map(|(k, v)| if k == "last_name" { (k, hostile) } else { (k, v) })
        .collect();
    let page = browser.submit("/events/jrps/register", &fields).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_valid_html(&page.html);
    let read = page.read();
    let summary = read["summary"].as_array().unwrap();
    assert_eq!(summary.len(), 1, "{summary:?}");
    assert_eq!(summary[0][1], "#last_name");
    assert!(summary[0][0].as_str().unwrap().contains("caractères invisibles"), "{summary:?}");
    assert_eq!(read["invalid"], json!(["last_name"]));
    assert!(app.registrations("jrps", "").await.is_empty(), "nothing written");

    browser.get("/events/jrps/register").await;
    let fields: Vec<(&str, &str)> = person_fields("zoe@example.org", &[])
        .into_iter()
        .map(|(k, v)| match k {
            "first_name" => (k, "Zoé D'Arc-Élodie"),
            "last_name" => (k, "N’Guessan-Lefèvre"),
            _ => (k, v),
        })
        .collect();
    let done = browser.submit("/events/jrps/register", &fields).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.html);
    let people = app.registrations("jrps", "").await;
    assert_eq!(people.len(), 1);
    assert_eq!(people[0]["first_name"], "Zoé D'Arc-Élodie");
}

#[tokio::test]
async fn a_form_posted_to_a_draft_or_unknown_event_answers_the_404_page_and_writes_nothing() {
    let app = spawn_app().await;
    jrps(&app, "jrps", 29).await;
    let browser = Browser::new(&app);
    browser.get("/events/jrps/register").await;
    app.patch_as(&app.admin.clone(), "/api/v1/events/jrps", &json!({"status": "draft"})).await;
    for path in ["/events/jrps/register", "/events/nulle-part/register"] {
        let page = browser.submit(path, &person_fields("ana@example.org", &[])).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(page.read()["h1"], json!(["Page introuvable"]), "{path}");
    }
    assert!(app.registrations("jrps", "").await.is_empty(), "nothing written");
}

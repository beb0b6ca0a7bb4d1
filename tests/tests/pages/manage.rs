//! The private page: the person's programme and join links, changing workshops, correcting
//! details, cancelling through a confirmation page, registering again; and the lost link.

use serde_json::{Value, json};
use tisser_tests::reqwest::StatusCode;
use tisser_tests::{assert_valid_html, spawn_app, token_of};

use crate::{Browser, JOIN, has_link, jrps, labels, person_fields, register_by_form};

async fn api(app: &tisser_tests::TestApp, manage: &str) -> Value {
    app.get(&format!("/api/v1{manage}")).await.json().await.unwrap()
}

#[tokio::test]
async fn the_private_page_shows_the_whole_programme_and_the_join_link_only_for_a_confirmed_seat() {
    let app = spawn_app().await;
    let (a, _, _, visio) = jrps(&app, "jrps", 29).await;
    app.patch_as(&app.admin, &format!("/api/v1/events/jrps/sessions/{visio}"), &json!({"capacity": 1})).await;
    let ana = register_by_form(&app, "jrps", "ana@example.org", &[("slot-0", &a), ("session", &visio)]).await;
    let ben = register_by_form(&app, "jrps", "ben@example.org", &[("session", &visio)]).await;

    let browser = Browser::new(&app);
    let page = browser.get(&ana).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_valid_html(&page.html);
    assert_eq!(page.headers["cache-control"], "no-store");
    let read = page.read();
    assert_eq!(read["h1"], json!(["JRPS 2030"]));
    assert_eq!(read["title"], "Mon inscription — JRPS 2030 — Partenariat en Santé");
    assert!(page.html.contains("Bonjour Hélène") && page.html.contains("Votre inscription est confirmée."));
    assert!(
        page.html.contains("Ouverture") && page.html.contains("Compris dans votre inscription."),
        "plenaries"
    );
    assert!(page.html.contains("Narbonne et en ligne") && page.html.contains("Mardi 23 avril 2030"));
    assert!(
        page.html.contains(&format!("href=\"{JOIN}\" rel=\"noopener noreferrer\"")),
        "her seat's join link"
    );
    assert!(has_link(&read, "Annuler mon inscription", &format!("{ana}/cancel")));
    assert!(read["buttons"].as_array().unwrap().contains(&json!("Enregistrer mes choix")));
    assert!(read["buttons"].as_array().unwrap().contains(&json!("Enregistrer mes informations")));

    let ben_page = browser.get(&ben).await;
    assert!(!ben_page.html.contains(JOIN), "no join link while waiting");
    assert!(ben_page.html.contains("Liste d'attente : vous êtes à la place 1."));
    assert!(!ben_page.html.contains("ana@example.org"));
}

#[tokio::test]
async fn a_person_changes_workshops_corrects_details_cancels_after_confirming() {
    let app = spawn_app().await;
    let (a, b, _, _) = jrps(&app, "jrps", 1).await;
    let ana = register_by_form(&app, "jrps", "ana@example.org", &[("slot-0", &a)]).await;
    let ben = register_by_form(&app, "jrps", "ben@example.org", &[("slot-0", &a)]).await;
    let browser = Browser::new(&app);
    let page = browser.get(&ana).await;
    let legends = page.read()["legends"].clone();
    assert!(
        legends.as_array().unwrap().contains(&json!("Mardi 23 avril 2030, de 10 h 45 à 12 h 30")),
        "{legends}"
    );
    assert!(labels(&page.read()).iter().any(|l| l == "Atelier A — L'aventure votre place est réservée"));

    // She moves to B: Ben gets her seat in A.
    let done = browser.submit(&format!("{ana}/choices"), &[("slot-0", &b), ("slot-1", "")]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.html);
    assert_eq!(done.location.as_deref(), Some(format!("{ana}?saved=choices").as_str()));
    let after = browser.get(&done.location.unwrap()).await;
    assert!(after.html.contains("C'est enregistré : vos choix sont à jour."));
    let now = api(&app, &ana).await;
    let held: Vec<&Value> =
        now["sessions"].as_array().unwrap().iter().filter(|c| c["status"] != "cancelled").collect();
    assert_eq!(held.len(), 1);
    assert_eq!(held[0]["session_id"], b);
    assert_eq!(api(&app, &ben).await["sessions"][0]["status"], "confirmed", "the seat went to Ben");

    // Two sessions at once are refused with their titles, and nothing changes.
    let refused = browser.submit(&format!("{ana}/choices"), &[("slot-0", &a), ("slot-5", &b)]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_valid_html(&refused.html);
    assert!(
        refused.html.contains("ont lieu en même temps")
            && refused.html.contains("« Atelier A — L'aventure »")
    );
    assert!(refused.read()["title"].as_str().unwrap().starts_with("Erreur : "));
    assert_eq!(api(&app, &ana).await["sessions"], now["sessions"], "nothing changed");

    // She corrects her details and chooses English: the page then speaks English.
    let done = browser
        .submit(
            &format!("{ana}/details"),
            &[
                ("first_name", "Anna"),
                ("last_name", "Martin"),
                ("organization", "Savoirs Patients"),
                ("accessibility_needs", "Boucle magnétique"),
                ("dietary_requirements", "Végétarienne"),
                ("language", "en"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.html);
    let mine = api(&app, &ana).await;
    assert_eq!(
        (
            mine["first_name"].as_str(),
            mine["last_name"].as_str(),
            mine["organization"].as_str(),
            mine["language"].as_str()
        ),
        (Some("Anna"), Some("Martin"), Some("Savoirs Patients"), Some("en"))
    );
    assert_eq!(mine["accessibility_needs"], "Boucle magnétique");
    assert_eq!(mine["dietary_requirements"], "Végétarienne");
    let english = Browser::new(&app).get(&ana).await;
    assert_eq!(english.read()["lang"], "en", "the registration's language");
    assert!(
        english.html.contains("Saved: your details are up to date.") || english.html.contains("Hello Anna")
    );
    // A name left empty is refused beside its field, and kept as typed.
    let wrong = browser
        .submit(&format!("{ana}/details"), &[("first_name", ""), ("last_name", "Martin"), ("language", "fr")])
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong.read()["summary"][0][1], "#first_name");
    assert_eq!(api(&app, &ana).await["first_name"], "Anna");

    // Cancelling asks first.
    let ask = browser.get(&format!("{ana}/cancel")).await;
    assert_valid_html(&ask.html);
    let read = ask.read();
    assert_eq!(read["h1"], json!(["Cancel my registration"]), "her language: English");
    let ask = browser.get(&format!("{ana}/cancel?lang=fr")).await;
    let read = ask.read();
    assert_eq!(read["h1"], json!(["Annuler mon inscription"]));
    assert!(ask.html.contains("Voulez-vous vraiment annuler ?"));
    assert_eq!(read["buttons"], json!(["Oui, annuler mon inscription"]));
    assert!(has_link(&read, "Non, garder mon inscription", &ana));
    let done = browser.submit(&format!("{ana}/cancel"), &[]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(done.location.as_deref(), Some(ana.as_str()));
    let cancelled = browser.get(&ana).await;
    assert!(cancelled.html.contains("Votre inscription est annulée."), "{}", cancelled.html);
    assert!(has_link(&cancelled.read(), "S'inscrire à nouveau", "/events/jrps/register"));
    assert!(!cancelled.html.contains("Enregistrer mes choix"));
    assert_eq!(api(&app, &ana).await["status"], "cancelled");
    // A forged cancel of Ben's registration is refused.
    let forged = Browser::new(&app).post_raw(&format!("{ben}/cancel"), &[], &[]).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(api(&app, &ben).await["status"], "confirmed");
}

#[tokio::test]
async fn a_person_who_cancelled_registers_again_with_the_same_address() {
    let app = spawn_app().await;
    jrps(&app, "jrps", 29).await;
    let ana = register_by_form(&app, "jrps", "ana@example.org", &[]).await;
    let browser = Browser::new(&app);
    browser.get(&format!("{ana}/cancel")).await;
    assert_eq!(browser.submit(&format!("{ana}/cancel"), &[]).await.status, StatusCode::SEE_OTHER);
    browser.get("/events/jrps/register").await;
    let again = browser.submit("/events/jrps/register", &person_fields("ana@example.org", &[])).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER, "{}", again.html);
}

#[tokio::test]
async fn a_lost_link_is_sent_again_and_the_answer_is_the_same_for_an_unknown_address() {
    let app = spawn_app().await;
    jrps(&app, "jrps", 29).await;
    let known = app.registered("jrps", "ana@example.org", &[]).await;
    let _ = token_of(&known);
    let pending = app.store.outbox_counts().await.unwrap().pending;

    let ask = |email: &'static str| {
        let app = &app;
        async move {
            let browser = Browser::new(app);
            let form = browser.get("/lost-link").await;
            assert_valid_html(&form.html);
            assert!(labels(&form.read()).contains(&"Adresse e-mail".to_owned()));
            let done = browser.submit("/lost-link", &[("email", email), ("website", "")]).await;
            assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.html);
            assert_eq!(done.location.as_deref(), Some("/lost-link/sent"));
            browser.get("/lost-link/sent").await.html
        }
    };
    let unknown_page = ask("nobody@example.org").await;
    assert_eq!(app.store.outbox_counts().await.unwrap().pending, pending, "nothing for an unknown address");
    let known_page = ask("ANA@example.org").await;
    assert_eq!(known_page, unknown_page, "the same answer");
    assert!(known_page.contains("Vérifiez votre messagerie"));
    assert_eq!(app.store.outbox_counts().await.unwrap().pending, pending + 1, "her link is on its way");
    ask("ana@example.org").await;
    assert_eq!(
        app.store.outbox_counts().await.unwrap().pending,
        pending + 1,
        "at most once every ten minutes"
    );

    let browser = Browser::new(&app);
    browser.get("/lost-link").await;
    let wrong = browser.submit("/lost-link", &[("email", "pas une adresse")]).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong.read()["summary"][0][1], "#email");
    let _ = person_fields("", &[]);
}

/// Every `<a …>` tag of a page whose `href` leads to another site.
fn outside_links<'a>(html: &'a str, base: &str) -> Vec<&'a str> {
    html.match_indices("<a ")
        .filter_map(|(start, _)| html[start..].find('>').map(|end| &html[start..=start + end]))
        .filter(|tag| {
            tag.split("href=\"").nth(1).is_some_and(|href| {
                (href.starts_with("http://") || href.starts_with("https://")) && !href.starts_with(base)
            })
        })
        .collect()
}

#[tokio::test]
async fn the_private_page_forbids_scripts_sends_no_referrer_outside_and_opens_the_join_link_without_opener() {
    let app = spawn_app().await;
    let (a, _, _, visio) = jrps(&app, "jrps", 29).await;
    let ana = register_by_form(&app, "jrps", "ana@example.org", &[("slot-0", &a), ("session", &visio)]).await;
    let browser = Browser::new(&app);

    for path in
        [ana.clone(), format!("{ana}/confirmation"), "/events/jrps".to_owned(), "/nulle-part".to_owned()]
    {
        let page = browser.get(&path).await;
        let policy = page.headers["content-security-policy"].to_str().unwrap();
        for directive in [
            "default-src 'none'",
            "script-src 'none'",
            "style-src 'self'",
            "img-src 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
        ] {
            assert!(policy.split(';').any(|d| d.trim() == directive), "{path}: {directive} in {policy}");
        }
        assert!(!policy.contains("unsafe"), "{path}: {policy}");
        assert_eq!(page.headers["x-content-type-options"], "nosniff", "{path}");
        // Not `no-referrer`: with it a browser posts the forms with `Origin: null`, which the
        // CSRF check refuses (the browser journeys showed it). `same-origin` sends no referrer
        // to any other site.
        assert_eq!(page.headers["referrer-policy"], "same-origin", "{path}");
    }

    let page = browser.get(&ana).await;
    let outside = outside_links(&page.html, &app.base);
    assert!(outside.iter().any(|tag| tag.contains(JOIN)), "the join link is there: {outside:?}");
    for tag in outside {
        assert!(tag.contains("rel=\"noopener noreferrer\""), "{tag}");
    }

    // Every other answer is sent with nosniff too: JSON, a problem, a calendar, a redirect.
    for path in ["/api/v1/events", "/api/v1/events/inconnu", "/api/v1/events/jrps/calendar.ics"] {
        let res = app.get(path).await;
        assert_eq!(res.headers()["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(res.headers()["referrer-policy"], "no-referrer", "{path}");
    }
    let docs = app.get("/api/v1/docs").await;
    let policy = docs.headers()["content-security-policy"].to_str().unwrap();
    assert!(policy.contains("script-src 'none'"), "{policy}");
}

#[tokio::test]
async fn a_fresh_link_revokes_the_older_ones_and_the_page_says_when_it_was_made() {
    let smtp = tisser_tests::smtp::Smtp::start();
    let app = tisser_tests::spawn_app_with_smtp(&smtp.url()).await;
    jrps(&app, "jrps", 29).await;
    let first = token_of(&app.registered("jrps", "ana@example.org", &[]).await);
    let page = Browser::new(&app).get(&format!("/manage/{first}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.html.contains("Ce lien a été fait le"), "{}", page.html);
    app.deliver().await;
    let in_mails = |smtp: &tisser_tests::smtp::Smtp| -> Vec<String> {
        smtp.messages()
            .iter()
            .filter_map(|m| {
                let at = m.text.find("/manage/m_")?;
                Some(
                    m.text[at + "/manage/".len()..]
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || "_-".contains(*c))
                        .collect(),
                )
            })
            .collect()
    };
    let older = in_mails(&smtp);
    assert_eq!(older.len(), 1, "the confirmation's link");
    assert_eq!(Browser::new(&app).get(&format!("/manage/{}", older[0])).await.status, StatusCode::OK);

    // She asks for a fresh link: every older one stops working, the new one works.
    let browser = Browser::new(&app);
    browser.get("/lost-link").await;
    assert_eq!(
        browser.submit("/lost-link", &[("email", "ana@example.org")]).await.status,
        StatusCode::SEE_OTHER
    );
    app.deliver().await;
    let fresh: Vec<String> = in_mails(&smtp).into_iter().filter(|t| !older.contains(t)).collect();
    assert_eq!(fresh.len(), 1);
    for gone in [&first, &older[0]] {
        assert_eq!(Browser::new(&app).get(&format!("/manage/{gone}")).await.status, StatusCode::NOT_FOUND);
        assert_eq!(app.get(&format!("/api/v1/manage/{gone}")).await.status(), StatusCode::NOT_FOUND);
    }
    let now = Browser::new(&app).get(&format!("/manage/{}", fresh[0])).await;
    assert_eq!(now.status, StatusCode::OK);
    assert!(now.html.contains("Ce lien a été fait le"));
}

//! Pages anyone may read: each answers with its heading, parses as valid HTML, loads
//! nothing from another host, and never shows a join link or a participant.

use serde_json::json;
use tisser_tests::reqwest::StatusCode;
use tisser_tests::{assert_valid_html, spawn_app};

use crate::{Browser, JOIN, has_link, jrps, register_by_form};

#[tokio::test]
async fn every_public_page_answers_with_its_heading_in_valid_html_and_hides_join_links_and_people() {
    let app = spawn_app().await;
    jrps(&app, "jrps-2030", 29).await;
    app.post_as(
        &app.admin,
        "/api/v1/series",
        &json!({"slug": "dejeuners", "title": "Les Déjeuners du Partenariat en Santé"}),
    )
    .await;
    app.published_event(
        "dej-1",
        json!({"title": "Déjeuner : données probantes", "format": "online", "series": "dejeuners"}),
    )
    .await;
    app.session(
        "dej-1",
        json!({"title": "Webinaire", "kind": "webinar", "starts_at": "2030-10-10T12:30:00+02:00",
        "ends_at": "2030-10-10T13:30:00+02:00", "online_url": JOIN}),
    )
    .await;
    app.published_event("atelier", json!({"title": "Atelier d'échanges de pratiques"})).await;
    app.workshop(
        "atelier",
        "Savoirs expérientiels",
        Some(9),
        "2030-03-05T14:00:00+01:00",
        "2030-03-05T17:00:00+01:00",
    )
    .await;
    app.event_as(&app.admin.clone(), "brouillon", json!({"title": "Brouillon secret", "status": "draft"}))
        .await;
    register_by_form(&app, "jrps-2030", "anastasia@example.org", &[]).await;

    let browser = Browser::new(&app);
    let pages = [
        ("/", "Les rencontres du Partenariat en Santé"),
        ("/events/jrps-2030", "JRPS 2030"),
        ("/events/jrps-2030/register", "S'inscrire : JRPS 2030"),
        ("/events/dej-1", "Déjeuner : données probantes"),
        ("/events/atelier/register", "S'inscrire : Atelier d'échanges de pratiques"),
        ("/series/dejeuners", "Les Déjeuners du Partenariat en Santé"),
        ("/lost-link", "J'ai perdu mon lien"),
        ("/lost-link/sent", "Vérifiez votre messagerie"),
        ("/accessibility", "Accessibilité"),
    ];
    let mut titles = Vec::new();
    for (path, h1) in pages {
        let page = browser.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert_eq!(page.headers["content-type"], "text/html; charset=utf-8");
        assert_valid_html(&page.html);
        let read = page.read();
        assert_eq!(read["h1"], json!([h1]), "{path}");
        assert_eq!(read["lang"], "fr", "{path}");
        assert_eq!(read["landmarks"], json!(["header", "nav", "main", "footer"]), "{path}");
        assert_eq!(read["scripts"], 0, "{path}: no script");
        for load in read["loads"].as_array().unwrap() {
            let load = load.as_str().unwrap();
            assert!(
                load.starts_with('/') && !load.starts_with("//"),
                "{path} loads {load} from another host"
            );
        }
        assert!(has_link(&read, "Aller au contenu", "#contenu"), "{path}: skip link");
        assert!(has_link(&read, "Accessibilité", "/accessibility"), "{path}: footer link");
        assert!(has_link(&read, "English", &format!("{path}?lang=en")), "{path}: language switch");
        for secret in [JOIN, "salle-secrete", "anastasia", "Anastasia", "Brouillon secret"] {
            assert!(!page.html.contains(secret), "{path} shows {secret}");
        }
        let title = read["title"].as_str().unwrap().to_owned();
        assert!(title.ends_with(" — Partenariat en Santé"), "{title}");
        titles.push(title);
    }
    let mut unique = titles.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), titles.len(), "unique titles: {titles:?}");
    assert!(titles.contains(&"S'inscrire — JRPS 2030 — Partenariat en Santé".to_owned()), "{titles:?}");

    // The home page: grouped, soonest first, the RGAA line near the top, dates in full.
    let home = browser.get("/").await;
    let read = home.read();
    assert!(has_link(&read, "Accessibilité : partiellement conforme", "/accessibility"));
    let atelier = home.html.find("Atelier d'échanges de pratiques").unwrap();
    assert!(home.html.find("JRPS 2030").unwrap() < atelier, "conferences first, then workshops");
    assert!(home.html.contains("Mardi 23 avril 2030, de 9 h à 22 h 30"), "{}", home.html);
    assert!(home.html.contains("Inscriptions ouvertes jusqu'au mardi 23 avril 2030"));
    assert!(home.html.contains("En ligne") && home.html.contains("Narbonne et en ligne"));
    assert!(has_link(&read, "Voir toutes les dates de la série", "/series/dejeuners"));

    // The event page: the programme hour by hour, seats in words, calendars, "S'inscrire".
    let event = browser.get("/events/jrps-2030").await;
    let read = event.read();
    assert!(event.html.contains("De 10 h 45 à 12 h 30") && event.html.contains("Mardi 23 avril 2030"));
    assert!(event.html.contains("29 places restantes") && event.html.contains("Atelier"));
    assert!(event.html.contains("Sophie Albert (intervenante)"));
    assert!(has_link(&read, "S'inscrire", "/events/jrps-2030/register"));
    assert!(has_link(&read, "Ajouter à mon agenda", "/api/v1/events/jrps-2030/calendar.ics"));
    let dej = browser.get("/events/dej-1").await.read();
    assert!(
        dej["links"].as_array().unwrap().iter().any(|l| l[1].as_str().unwrap().starts_with("webcal://")),
        "a series' event offers the subscription"
    );

    // The series page: upcoming dates with "S'inscrire", the feeds in webcal:// and https://.
    let series = browser.get("/series/dejeuners").await;
    let read = series.read();
    assert!(has_link(&read, "S'inscrire", "/events/dej-1/register"));
    let webcal =
        format!("webcal://{}/api/v1/series/dejeuners/calendar.ics", app.base.trim_start_matches("http://"));
    assert!(
        read["links"].as_array().unwrap().iter().any(|l| l[1]
            .as_str()
            .unwrap()
            .ends_with("/api/v1/series/dejeuners/calendar.ics")
            && l[1].as_str().unwrap().starts_with("webcal://")),
        "{webcal}"
    );
    assert!(series.html.contains("/api/v1/series/dejeuners/calendar.ics</code>"));

    // A draft is not public; unknown pages answer the 404 page, unknown API paths a problem.
    for path in [
        "/events/brouillon",
        "/events/brouillon/register",
        "/nulle-part",
        "/series/nulle",
        "/manage/m_inconnu",
    ] {
        let page = browser.get(path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
        assert_valid_html(&page.html);
        assert_eq!(page.read()["h1"], json!(["Page introuvable"]), "{path}");
    }
    let api = app.get("/api/v1/nulle-part").await;
    assert_eq!(api.status(), StatusCode::NOT_FOUND);
    assert_eq!(api.headers()["content-type"], "application/problem+json");
    assert_eq!(app.get("/api/v1/docs").await.status(), StatusCode::OK, "the API's page moved there");
}

#[tokio::test]
async fn the_stylesheet_is_served_from_our_host_with_long_cache_headers() {
    let app = spawn_app().await;
    let home = Browser::new(&app).get("/").await.read();
    let href = home["loads"][0].as_str().unwrap().to_owned();
    assert!(href.starts_with("/assets/style-") && href.ends_with(".css"), "{href}");
    let css = app.get(&href).await;
    assert_eq!(css.status(), StatusCode::OK);
    assert_eq!(css.headers()["content-type"], "text/css; charset=utf-8");
    assert_eq!(css.headers()["cache-control"], "public, max-age=31536000, immutable");
    let text = css.text().await.unwrap();
    assert!(text.contains("system-ui") && text.contains("@media print") && !text.contains("http"));
    assert_eq!(app.get("/assets/style.css").await.status(), StatusCode::OK);
    assert_eq!(app.get("/assets/other.js").await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn english_is_chosen_by_the_switch_or_the_browser_and_the_choice_is_kept() {
    let app = spawn_app().await;
    jrps(&app, "jrps-2030", 29).await;
    let browser = Browser::new(&app);
    let first = browser.get_with("/events/jrps-2030", &[("accept-language", "en-GB,en;q=0.9")]).await;
    assert_eq!(first.read()["lang"], "en");
    assert!(first.html.contains("From 10:45 to 12:30") && first.html.contains("29 seats left"));

    let browser = Browser::new(&app);
    let switched = browser.get("/?lang=en").await;
    assert!(switched.headers["set-cookie"].to_str().unwrap().starts_with("lang=en"));
    let read = switched.read();
    assert_eq!(read["lang"], "en");
    assert!(has_link(&read, "Français", "/?lang=fr"));
    assert!(switched.html.contains("lang=\"fr\" hreflang=\"fr\">Français"), "the other language is marked");
    let later = browser.get("/accessibility").await.read();
    assert_eq!(later["lang"], "en", "the cookie keeps the choice");
    assert_eq!(later["h1"], json!(["Accessibility"]));
    let home = Browser::new(&app).get("/").await.read();
    assert!(has_link(&home, "English", "/?lang=en"));
}

#[tokio::test]
async fn the_accessibility_statement_names_the_level_the_tests_and_a_contact() {
    let app = spawn_app().await;
    let page = Browser::new(&app).get("/accessibility").await;
    assert!(page.html.contains("partiellement conforme") && page.html.contains("RGAA 4.1"));
    assert!(page.html.contains("axe-core") && page.html.contains("clavier") && page.html.contains("320"));
    assert!(page.html.contains("mailto:inscriptions@localhost"), "the contact of mail.from");
}

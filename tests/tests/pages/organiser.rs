//! The organisers' pages: signing in with a one-time link read from the e-mail the test SMTP
//! server received, the session cookie and its ends (sign-out, revocation, expiry), the forms'
//! safety, and the dashboard (an organiser's events; an admin's: all).

use chrono::{Duration, Utc};
use serde_json::json;
use tisser_tests::reqwest::StatusCode;
use tisser_tests::smtp::Smtp;
use tisser_tests::{TestApp, assert_valid_html, spawn_app_with_smtp};

use crate::{Browser, Page, has_link};

/// The paths of the sign-in links in every message to `to`, each checked in both parts.
fn sign_in_links(smtp: &Smtp, to: &str) -> Vec<String> {
    smtp.messages()
        .into_iter()
        .filter(|m| m.to.iter().any(|t| t.eq_ignore_ascii_case(to)))
        .filter_map(|mail| {
            let at = mail.text.find("/organiser/sign-in/")?;
            let path: String = mail.text[at..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || "/_-".contains(*c))
                .collect();
            assert!(mail.html.contains(&path), "the link in the HTML part too");
            Some(path)
        })
        .collect()
}

/// Whether an answer gives the browser a session cookie.
fn sets_session(page: &Page) -> bool {
    page.headers.get_all("set-cookie").iter().any(|c| c.to_str().unwrap().starts_with("tisser_session=tss_"))
}

async fn messages_to(app: &TestApp, smtp: &Smtp, to: &str) -> usize {
    app.deliver().await;
    smtp.messages().iter().filter(|m| m.to.iter().any(|t| t == to)).count()
}

/// Asks for a link in the browser; returns its path once delivered.
pub(crate) async fn ask(app: &TestApp, smtp: &Smtp, browser: &Browser, email: &str) -> String {
    let form = browser.get("/organiser/sign-in").await;
    assert_eq!(form.status, StatusCode::OK);
    let before = sign_in_links(smtp, email);
    let sent = browser.submit("/organiser/sign-in", &[("email", email)]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.html);
    assert_eq!(sent.location.as_deref(), Some("/organiser/sign-in/sent"));
    app.deliver().await;
    let mut new: Vec<String> =
        sign_in_links(smtp, email).into_iter().filter(|l| !before.contains(l)).collect();
    assert_eq!(new.len(), 1, "one new link");
    new.remove(0)
}

/// Follows a link and presses "Me connecter".
pub(crate) async fn sign_in(browser: &Browser, link: &str) -> Page {
    let confirm = browser.get(link).await;
    assert_eq!(confirm.status, StatusCode::OK, "{}", confirm.html);
    browser.submit(link, &[]).await
}

/// The app, sending e-mails to a test SMTP server.
pub(crate) async fn start() -> (Smtp, TestApp) {
    let smtp = Smtp::start();
    let app = spawn_app_with_smtp(&smtp.url()).await;
    (smtp, app)
}

#[tokio::test]
async fn an_organiser_signs_in_with_the_emailed_link_sees_the_dashboard_and_signs_out() {
    let (smtp, app) = start().await;
    let org = app.organiser("orga@example.org").await;
    app.event_as(&org, "jrps", json!({"title": "JRPS 2030"})).await;
    let browser = Browser::new(&app);

    // Without a session, the dashboard sends to the sign-in page.
    let away = browser.get("/organiser").await;
    assert_eq!(away.status, StatusCode::SEE_OTHER);
    assert_eq!(away.location.as_deref(), Some("/organiser/sign-in"));

    let form = browser.get("/organiser/sign-in").await;
    assert_valid_html(&form.html);
    assert_eq!(form.read()["h1"], json!(["Connexion des organisateurs"]));
    let link = ask(&app, &smtp, &browser, "Orga@Example.org").await;
    let mail = smtp.messages().into_iter().find(|m| m.text.contains(&link)).unwrap();
    assert_eq!(mail.subject, "Votre lien pour vous connecter");
    assert!(mail.text.contains("15 minutes"));

    // Following the link signs nobody in: a button does.
    let confirm = browser.get(&link).await;
    assert_valid_html(&confirm.html);
    assert_eq!(confirm.read()["buttons"], json!(["Me connecter"]));
    assert!(!sets_session(&confirm));
    let done = browser.submit(&link, &[]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.html);
    assert_eq!(done.location.as_deref(), Some("/organiser"));
    assert!(sets_session(&done));
    let cookie = done
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|c| c.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("tisser_session="))
        .unwrap();
    assert!(cookie.starts_with("tisser_session=tss_"), "{cookie}");
    for part in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(part), "{cookie}: {part}");
    }
    assert!(!cookie.contains("Secure"), "http: no Secure");

    let dashboard = browser.get("/organiser").await;
    assert_eq!(dashboard.status, StatusCode::OK);
    assert_valid_html(&dashboard.html);
    assert_eq!(dashboard.headers["cache-control"], "no-store");
    assert!(dashboard.html.contains("JRPS 2030"));
    assert!(dashboard.html.contains("orga@example.org"));

    // The cookie opens no API door.
    let session = cookie.split(';').next().unwrap().to_owned();
    let api = app
        .client
        .get(app.url("/api/v1/events/jrps/registrations"))
        .header("cookie", &session)
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), StatusCode::UNAUTHORIZED);

    // Signing out ends the session: the same cookie opens nothing any more.
    let out = browser.submit("/organiser/sign-out", &[]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(out.location.as_deref(), Some("/organiser/signed-out"));
    assert!(
        out.headers.get_all("set-cookie").iter().any(|c| c.to_str().unwrap().starts_with("tisser_session=;")
            && c.to_str().unwrap().contains("Max-Age=0"))
    );
    let signed_out = browser.get("/organiser/signed-out").await;
    assert_valid_html(&signed_out.html);
    let again = app.client.get(app.url("/organiser")).header("cookie", &session).send().await.unwrap();
    assert_eq!(again.status(), StatusCode::OK, "redirects are followed by this client");
    assert!(again.url().path().ends_with("/organiser/sign-in"), "{}", again.url());
}

#[tokio::test]
async fn a_link_works_once_and_for_fifteen_minutes_and_an_unknown_one_not_at_all() {
    let (smtp, app) = start().await;
    app.organiser("orga@example.org").await;
    let browser = Browser::new(&app);
    let start = Utc::now();
    app.clock.set(start);
    let link = ask(&app, &smtp, &browser, "orga@example.org").await;
    let first = sign_in(&browser, &link).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);

    // Used: refused, with the way to ask for another.
    let other = Browser::new(&app);
    let used = other.get(&link).await;
    assert_eq!(used.status, StatusCode::GONE);
    assert_valid_html(&used.html);
    assert_eq!(used.read()["h1"], json!(["Ce lien a déjà servi"]));
    assert!(has_link(&used.read(), "Recevoir un nouveau lien", "/organiser/sign-in"));
    let _ = other.get("/organiser/sign-in").await;
    let twice = other.submit(&link, &[]).await;
    assert_eq!(twice.status, StatusCode::GONE);
    assert!(!sets_session(&twice));

    // Fifteen minutes later a fresh link has expired.
    let late = ask(&app, &smtp, &other, "orga@example.org").await;
    app.clock.set(start + Duration::minutes(15) + Duration::seconds(1));
    let expired = other.get(&late).await;
    assert_eq!(expired.status, StatusCode::GONE);
    assert_eq!(expired.read()["h1"], json!(["Ce lien a expiré"]));
    let refused = other.submit(&late, &[]).await;
    assert_eq!(refused.status, StatusCode::GONE);
    // Fourteen minutes is still fine.
    let in_time = ask(&app, &smtp, &other, "orga@example.org").await;
    app.clock.set(start + Duration::minutes(29));
    assert_eq!(sign_in(&other, &in_time).await.status, StatusCode::SEE_OTHER);

    let unknown = other.get("/organiser/sign-in/tsi_nothing").await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert_valid_html(&unknown.html);
    assert!(has_link(&unknown.read(), "Recevoir un nouveau lien", "/organiser/sign-in"));
}

#[tokio::test]
async fn an_unknown_address_gets_the_same_answer_and_no_message() {
    let (smtp, app) = start().await;
    app.organiser("orga@example.org").await;
    let browser = Browser::new(&app);
    let _ = browser.get("/organiser/sign-in").await;
    let known = browser.submit("/organiser/sign-in", &[("email", "orga@example.org")]).await;
    let unknown = browser.submit("/organiser/sign-in", &[("email", "nobody@example.org")]).await;
    assert_eq!((known.status, known.location.clone()), (unknown.status, unknown.location.clone()));
    assert_eq!(known.html, unknown.html);
    assert_eq!(messages_to(&app, &smtp, "nobody@example.org").await, 0);
    assert_eq!(messages_to(&app, &smtp, "orga@example.org").await, 1);
    // A malformed address is shown again with its error.
    let wrong = browser.submit("/organiser/sign-in", &[("email", "pas une adresse")]).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_valid_html(&wrong.html);
    assert_eq!(wrong.read()["summary"][0][1], "#email");
}

#[tokio::test]
async fn forms_without_their_token_or_from_another_site_change_nothing() {
    let (smtp, app) = start().await;
    app.organiser("orga@example.org").await;
    let browser = Browser::new(&app);

    // Asking for a link without the token, or from elsewhere: refused, no message.
    let _ = browser.get("/organiser/sign-in").await;
    let bare = browser.post_raw("/organiser/sign-in", &[("email", "orga@example.org")], &[]).await;
    assert_eq!(bare.status, StatusCode::FORBIDDEN);
    let token = browser.get("/organiser/sign-in").await.html;
    let at = token.find("name=\"csrf_token\" value=\"").unwrap() + 25;
    let token = token[at..at + 64].to_owned();
    let foreign = browser
        .post_raw(
            "/organiser/sign-in",
            &[("csrf_token", &token), ("email", "orga@example.org")],
            &[("origin", "https://evil.example")],
        )
        .await;
    assert_eq!(foreign.status, StatusCode::FORBIDDEN);
    assert_eq!(messages_to(&app, &smtp, "orga@example.org").await, 0);

    // Using a link from another site: refused, and the link still works.
    let link = ask(&app, &smtp, &browser, "orga@example.org").await;
    let _ = browser.get(&link).await;
    let forged =
        browser.post_raw(&link, &[("csrf_token", &token)], &[("origin", "https://evil.example")]).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let no_token = browser.post_raw(&link, &[], &[]).await;
    assert_eq!(no_token.status, StatusCode::FORBIDDEN);
    assert!(!sets_session(&no_token));
    assert_eq!(browser.submit(&link, &[]).await.status, StatusCode::SEE_OTHER, "the link was not used up");

    // Signing out without the token: still signed in.
    let stay = browser.post_raw("/organiser/sign-out", &[], &[]).await;
    assert_eq!(stay.status, StatusCode::FORBIDDEN);
    assert_eq!(browser.get("/organiser").await.status, StatusCode::OK);
    let stay = browser
        .post_raw("/organiser/sign-out", &[("csrf_token", &token)], &[("sec-fetch-site", "cross-site")])
        .await;
    assert_eq!(stay.status, StatusCode::FORBIDDEN);
    assert_eq!(browser.get("/organiser").await.status, StatusCode::OK);
}

#[tokio::test]
async fn an_admin_ends_a_session_and_its_cookie_opens_nothing_at_once() {
    let (smtp, app) = start().await;
    app.organiser("orga@example.org").await;
    let orga = Browser::new(&app);
    sign_in(&orga, &ask(&app, &smtp, &orga, "orga@example.org").await).await;
    assert_eq!(orga.get("/organiser").await.status, StatusCode::OK);

    // An organiser who is not an admin cannot see the list.
    let refused = orga.get("/organiser/sessions").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_valid_html(&refused.html);

    let admin = Browser::new(&app);
    sign_in(&admin, &ask(&app, &smtp, &admin, "admin@example.org").await).await;
    let list = admin.get("/organiser/sessions").await;
    assert_eq!(list.status, StatusCode::OK);
    assert_valid_html(&list.html);
    assert!(list.html.contains("orga@example.org") && list.html.contains("admin@example.org"));
    assert!(!list.html.contains("tss_") && !list.html.contains("tsr_"), "no token shown");
    let forms: Vec<String> = list.read()["forms"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f[0].as_str().filter(|a| a.starts_with("/organiser/sessions/")).map(str::to_owned))
        .collect();
    assert_eq!(forms.len(), 2, "two open sessions");
    // The admin's own session is the one marked "(cette connexion-ci)": its form comes next.
    let marker = list.html.find("(cette connexion-ci)").unwrap();
    let own =
        forms.iter().min_by_key(|f| list.html.find(f.as_str()).unwrap().saturating_sub(marker)).unwrap();
    assert!(list.html.find(own.as_str()).unwrap() > marker);
    let theirs = forms.iter().find(|f| *f != own).unwrap().clone();
    // Without the form's token: nothing happens.
    assert_eq!(admin.post_raw(&theirs, &[], &[]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(orga.get("/organiser").await.status, StatusCode::OK);

    let done = admin.submit(&theirs, &[]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(done.location.as_deref(), Some("/organiser/sessions?revoked=1"));
    let gone = orga.get("/organiser").await;
    assert_eq!(gone.status, StatusCode::SEE_OTHER, "revoked at once");
    assert_eq!(gone.location.as_deref(), Some("/organiser/sign-in"));
    assert_eq!(admin.get("/organiser").await.status, StatusCode::OK, "the admin's own session stays");
    let list = admin.get("/organiser/sessions?revoked=1").await;
    assert!(list.html.contains("la connexion est fermée"));
    assert!(!list.html.contains(&theirs));
}

#[tokio::test]
async fn a_session_ends_after_two_idle_hours_and_after_twelve_hours_at_most() {
    let (smtp, app) = start().await;
    app.organiser("orga@example.org").await;
    let start = Utc::now();
    app.clock.set(start);
    let browser = Browser::new(&app);
    sign_in(&browser, &ask(&app, &smtp, &browser, "orga@example.org").await).await;
    // Active every 110 minutes: still signed in after eleven hours…
    for step in 1..=6 {
        app.clock.set(start + Duration::minutes(110 * step));
        assert_eq!(browser.get("/organiser").await.status, StatusCode::OK, "step {step}");
    }
    // …but never past twelve.
    app.clock.set(start + Duration::hours(12));
    assert_eq!(browser.get("/organiser").await.status, StatusCode::SEE_OTHER);

    let other = Browser::new(&app);
    app.clock.set(start + Duration::hours(13));
    sign_in(&other, &ask(&app, &smtp, &other, "orga@example.org").await).await;
    app.clock.set(start + Duration::hours(15) + Duration::seconds(1));
    assert_eq!(other.get("/organiser").await.status, StatusCode::SEE_OTHER, "two idle hours");
}

#[tokio::test]
async fn an_organiser_sees_only_their_events_and_an_admin_sees_all_with_fill_rates() {
    let (smtp, app) = start().await;
    let org = app.organiser("orga@example.org").await;
    let other = app.organiser("autre@example.org").await;
    app.event_as(&org, "jrps", json!({"title": "JRPS 2030", "venue": "Narbonne"})).await;
    let a = app
        .workshop("jrps", "Atelier A", Some(2), "2030-04-23T10:45:00+02:00", "2030-04-23T12:30:00+02:00")
        .await;
    app.registered("jrps", "ana@example.org", &[&a]).await;
    app.registered("jrps", "ben@example.org", &[&a]).await;
    app.registered("jrps", "cloe@example.org", &[&a]).await;
    app.event_as(&other, "autre", json!({"title": "Déjeuner de l'autre"})).await;

    let browser = Browser::new(&app);
    sign_in(&browser, &ask(&app, &smtp, &browser, "orga@example.org").await).await;
    let mine = browser.get("/organiser").await;
    assert!(mine.html.contains("JRPS 2030"));
    assert!(!mine.html.contains("Déjeuner de l'autre"), "not someone else's event");
    assert!(mine.html.contains("2 / 2 places, 1 en attente, 0 présent"), "{}", mine.html);
    assert!(mine.html.contains("<meter min=\"0\" max=\"2\""));
    assert!(mine.html.contains("3 inscriptions, 0 en attente, 0 présent"), "{}", mine.html);

    let admin = Browser::new(&app);
    sign_in(&admin, &ask(&app, &smtp, &admin, "admin@example.org").await).await;
    let all = admin.get("/organiser?lang=en").await;
    assert_valid_html(&all.html);
    assert!(all.html.contains("JRPS 2030") && all.html.contains("Déjeuner de l'autre"));
    assert!(all.html.contains("2 / 2 seats, 1 waiting, 0 checked in"), "{}", all.html);
}

#[tokio::test]
async fn an_admin_revokes_an_api_token_or_makes_a_new_one_shown_once() {
    let (smtp, app) = start().await;
    let token = app.organiser("orga@example.org").await;
    assert_eq!(app.get_as(&token, "/api/v1/organizer/events").await.status(), StatusCode::OK);
    let accounts = app.store.organiser_accounts().await.unwrap();
    let id = accounts.iter().find(|a| a.organiser.email == "orga@example.org").unwrap().organiser.id.0;

    // Not an admin: refused, nothing changes.
    let orga = Browser::new(&app);
    sign_in(&orga, &ask(&app, &smtp, &orga, "orga@example.org").await).await;
    orga.get("/organiser").await;
    let refused = orga.submit(&format!("/organiser/accounts/{id}/token/revoke"), &[]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get_as(&token, "/api/v1/organizer/events").await.status(), StatusCode::OK);

    let admin = Browser::new(&app);
    sign_in(&admin, &ask(&app, &smtp, &admin, "admin@example.org").await).await;
    admin.get("/organiser/sessions").await;
    let revoked = admin.submit(&format!("/organiser/accounts/{id}/token/revoke"), &[]).await;
    assert_eq!(revoked.location.as_deref(), Some("/organiser/sessions?revoked=token"));
    assert_eq!(app.get_as(&token, "/api/v1/organizer/events").await.status(), StatusCode::UNAUTHORIZED);
    let list = admin.get("/organiser/sessions?revoked=token").await;
    assert_valid_html(&list.html);
    assert!(list.html.contains("Jeton API révoqué") && list.html.contains("Pas de jeton API valide"));
    assert_eq!(orga.get("/organiser").await.status, StatusCode::OK, "the browser session stays");

    let made = admin.submit(&format!("/organiser/accounts/{id}/token/new"), &[]).await;
    assert_eq!(made.status, StatusCode::OK);
    assert_valid_html(&made.html);
    assert_eq!(made.headers["cache-control"], "no-store");
    let at = made.html.find("tsr_").unwrap();
    let new: String =
        made.html[at..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').collect();
    assert_eq!(app.get_as(&new, "/api/v1/organizer/events").await.status(), StatusCode::OK);
    assert!(!admin.get("/organiser/sessions").await.html.contains(&new), "shown once");
    let again = admin.submit(&format!("/organiser/accounts/{id}/token/new"), &[]).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(
        app.get_as(&new, "/api/v1/organizer/events").await.status(),
        StatusCode::UNAUTHORIZED,
        "the older one stops"
    );
}

//! E-mails through the outbox to a real SMTP server, with invites that calendar parsers read
//! at the right instant.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use serde_json::{Value, json};
use tisser_tests::reqwest::StatusCode;
use tisser_tests::smtp::{Received, SMTP_PASSWORD, SMTP_USER, Secure, Smtp};
use tisser_tests::{TestApp, person, problem, spawn_app_with_smtp, token_of};

use crate::{EVENING, MORNING, assert_valid_html};

/// The private link a message carries, as a manage token.
fn link_token(m: &Received) -> String {
    let at = m.text.find("/manage/m_").expect("the message carries the private link");
    m.text[at + "/manage/".len()..].chars().take_while(char::is_ascii_alphanumeric_or_underscore).collect()
}

trait Alnum {
    fn is_ascii_alphanumeric_or_underscore(&self) -> bool;
}

impl Alnum for char {
    fn is_ascii_alphanumeric_or_underscore(&self) -> bool {
        self.is_ascii_alphanumeric() || *self == '_'
    }
}

fn for_whom<'a>(messages: &'a [Received], email: &str) -> Vec<&'a Received> {
    messages.iter().filter(|m| m.to.iter().any(|t| t == email)).collect()
}

/// The content lines named `name`, unfolded (RFC 5545 folds lines at 75 octets).
fn line(ics: &str, name: &str) -> Vec<String> {
    unfold(ics).lines().filter(|l| l.starts_with(name)).map(str::to_owned).collect()
}

fn unfold(ics: &str) -> String {
    ics.replace("\r\n", "\n").replace("\n ", "").replace("\n\t", "")
}

async fn jrps(app: &TestApp) -> (String, String, String) {
    let slug = app.published_event("jrps", json!({"venue": "Narbonne"})).await;
    let a = app.workshop(&slug, "Atelier A — L'aventure du partenariat", Some(1), MORNING.0, MORNING.1).await;
    let dinner = app
        .session(&slug, json!({"title": "Dîner", "kind": "social", "starts_at": EVENING.0, "ends_at": EVENING.1, "capacity": 26, "room": "Restaurant"}))
        .await;
    (slug, a, dinner)
}

#[tokio::test]
async fn a_registration_sends_one_confirmation_in_the_persons_language_with_the_link_and_an_invite_per_seat()
{
    let smtp = Smtp::start();
    let app = spawn_app_with_smtp(&smtp.url()).await;
    let (slug, a, dinner) = jrps(&app).await;
    app.registered(&slug, "helene@example.org", &[&a, &dinner]).await;
    let mut john = person("john@example.org", &[&a]);
    john["language"] = json!("en");
    john["first_name"] = json!("John");
    assert_eq!(app.register(&slug, &john).await.status(), StatusCode::CREATED);

    let pass = app.deliver().await;
    assert_eq!((pass.sent, pass.failed), (2, 0));
    let messages = smtp.wait_for(2, Duration::from_secs(10)).await;
    assert_eq!(messages.len(), 2);

    let helene = for_whom(&messages, "helene@example.org");
    assert_eq!(helene.len(), 1);
    let m = helene[0];
    assert!(m.html.contains("lang=\"fr\""), "French by default");
    assert!(m.subject.contains("Atelier") || m.subject.contains("jrps") || !m.subject.is_empty());
    assert_valid_html(&m.html);
    // The link in the message opens the person's registration.
    let mine: Value = app.get(&format!("/api/v1/manage/{}", link_token(m))).await.json().await.unwrap();
    assert_eq!(mine["email"], "helene@example.org");
    // One invite per seat, each its own UID, method REQUEST, with organiser and attendee.
    assert_eq!(m.calendars.len(), 2, "{:?}", m.calendars);
    let uids: BTreeSet<String> = m.calendars.iter().flat_map(|c| line(c, "UID:")).collect();
    assert_eq!(uids.len(), 2);
    for ics in &m.calendars {
        assert_eq!(line(ics, "METHOD:"), ["METHOD:REQUEST"]);
        assert!(ics.contains("ATTENDEE") && ics.contains("mailto:helene@example.org"));
        assert!(ics.contains("ORGANIZER"));
        assert_eq!(line(ics, "SEQUENCE:"), ["SEQUENCE:1"]);
    }

    let john = for_whom(&messages, "john@example.org");
    assert_eq!(john.len(), 1);
    assert!(john[0].html.contains("lang=\"en\""), "in the registrant's language");
    assert_valid_html(&john[0].html);
    assert!(john[0].calendars.is_empty(), "no invite for a place on the waitlist");
    assert!(john[0].text.contains('1'), "the place in line is given");
}

#[tokio::test]
async fn a_cancellation_withdraws_the_same_invite_and_the_person_who_moves_up_gets_one() {
    let smtp = Smtp::start();
    let app = spawn_app_with_smtp(&smtp.url()).await;
    let (slug, a, _) = jrps(&app).await;
    let ana = app.registered(&slug, "ana@example.org", &[&a]).await;
    app.registered(&slug, "ben@example.org", &[&a]).await;
    app.deliver().await;
    let res = app.client.delete(app.url(&format!("/api/v1/manage/{}", token_of(&ana)))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(app.deliver().await.sent, 2);
    let messages = smtp.wait_for(4, Duration::from_secs(10)).await;
    assert_eq!(messages.len(), 4);

    let ana_mail = for_whom(&messages, "ana@example.org");
    let first = ana_mail.iter().find(|m| m.calendars.iter().any(|c| c.contains("METHOD:REQUEST"))).unwrap();
    let cancel = ana_mail.iter().find(|m| m.calendars.iter().any(|c| c.contains("METHOD:CANCEL"))).unwrap();
    let uid = |m: &Received| line(&m.calendars[0], "UID:")[0].clone();
    assert_eq!(uid(first), uid(cancel), "the cancellation names the same invite");
    assert_eq!(line(&cancel.calendars[0], "SEQUENCE:"), ["SEQUENCE:2"], "with a higher sequence");
    assert_eq!(line(&cancel.calendars[0], "STATUS:"), ["STATUS:CANCELLED"]);

    let ben_mail = for_whom(&messages, "ben@example.org");
    assert_eq!(ben_mail.len(), 2, "waitlisted, then moved up");
    assert!(ben_mail.iter().any(|m| m.calendars.iter().any(|c| c.contains("METHOD:REQUEST"))));
}

/// Against a server that demands TLS and a login, with a certificate from the operator's own
/// authority: delivered with the right login; refused (and kept for a retry) with a wrong
/// password or without trusting that authority.
async fn secure_delivery(mode: Secure) {
    let smtp = Smtp::start_secure(mode);
    let app = spawn_app_with_smtp(&smtp.secure_url(SMTP_USER, SMTP_PASSWORD)).await;
    let (slug, a, _) = jrps(&app).await;
    app.registered(&slug, "lea@example.org", &[&a]).await;
    assert_eq!(app.deliver().await.sent, 1);
    let messages = smtp.wait_for(1, Duration::from_secs(10)).await;
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].to, ["lea@example.org"]);

    let wrong = spawn_app_with_smtp(&smtp.secure_url(SMTP_USER, "not the password")).await;
    let (slug, a, _) = jrps(&wrong).await;
    wrong.registered(&slug, "max@example.org", &[&a]).await;
    let pass = wrong.deliver().await;
    assert_eq!((pass.sent, pass.failed), (0, 1), "a wrong password is refused");

    let url = smtp.secure_url(SMTP_USER, SMTP_PASSWORD);
    let untrusted = spawn_app_with_smtp(&url[..url.find("ca=").unwrap() - 1]).await;
    let (slug, a, _) = jrps(&untrusted).await;
    untrusted.registered(&slug, "zoe@example.org", &[&a]).await;
    let pass = untrusted.deliver().await;
    assert_eq!((pass.sent, pass.failed), (0, 1), "a certificate nobody vouches for is refused");
    assert_eq!(smtp.messages().len(), 1, "nothing else arrived");
}

#[tokio::test]
async fn mail_goes_through_starttls_with_a_login() {
    secure_delivery(Secure::StartTls).await;
}

#[tokio::test]
async fn mail_goes_through_implicit_tls_with_a_login() {
    secure_delivery(Secure::Implicit).await;
}

#[tokio::test]
async fn registering_again_sends_the_private_link_again_but_not_in_a_flood() {
    let smtp = Smtp::start();
    let app = spawn_app_with_smtp(&smtp.url()).await;
    let (slug, _, _) = jrps(&app).await;
    app.registered(&slug, "ana@example.org", &[]).await;
    for _ in 0..3 {
        problem(
            app.register(&slug, &person("Ana@Example.org", &[])).await,
            StatusCode::CONFLICT,
            "already_registered",
        )
        .await;
    }
    assert_eq!(app.deliver().await.sent, 2, "the confirmation and one message with the link again");
    let messages = smtp.wait_for(2, Duration::from_secs(10)).await;
    assert_eq!(messages.len(), 2);
    // The fresh link works; the confirmation's older one was revoked by it.
    let (fresh, older): (Vec<_>, Vec<_>) = messages.iter().partition(|m| m.subject.starts_with("Votre lien"));
    assert_eq!(
        (fresh.len(), older.len()),
        (1, 1),
        "{:?}",
        messages.iter().map(|m| &m.subject).collect::<Vec<_>>()
    );
    let mine: Value =
        app.get(&format!("/api/v1/manage/{}", link_token(fresh[0]))).await.json().await.unwrap();
    assert_eq!(mine["email"], "ana@example.org");
    let gone = app.get(&format!("/api/v1/manage/{}", link_token(older[0]))).await;
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn with_the_smtp_server_down_nothing_is_lost_and_each_message_goes_once_when_it_is_back() {
    let mut smtp = Smtp::stopped();
    let app = spawn_app_with_smtp(&smtp.url()).await;
    let (slug, a, _) = jrps(&app).await;
    for i in 0..5 {
        app.registered(&slug, &format!("p{i}@example.org"), &[&a]).await;
    }
    let pass = app.deliver().await;
    assert_eq!((pass.sent, pass.failed), (0, 5));
    assert_eq!(app.store.outbox_counts().await.unwrap().pending, 5, "kept for a retry");

    smtp.resume();
    assert_eq!(app.deliver().await.sent, 5);
    assert_eq!(app.deliver().await.sent, 0, "nothing twice");
    let messages = smtp.wait_for(5, Duration::from_secs(10)).await;
    assert_eq!(messages.len(), 5);
    let ids: BTreeSet<&str> = messages.iter().map(|m| m.message_id.as_str()).collect();
    let people: BTreeSet<&str> = messages.iter().flat_map(|m| m.to.iter().map(String::as_str)).collect();
    assert_eq!((ids.len(), people.len()), (5, 5));
    let counts = app.store.outbox_counts().await.unwrap();
    assert_eq!((counts.pending, counts.sent), (0, 5));
}

/// Writes calendars to `dir` with their expected instants, for the cross-check.
fn write_ics(dir: &Path, name: &str, ics: &str, expected: &[(&str, &str, &str)]) -> PathBuf {
    let path = dir.join(format!("{name}.ics"));
    std::fs::write(&path, ics).unwrap();
    if !expected.is_empty() {
        let lines: Vec<String> = expected.iter().map(|(u, s, e)| format!("{u} {s} {e}")).collect();
        std::fs::write(dir.join(format!("{name}.expected")), lines.join("\n") + "\n").unwrap();
    }
    path
}

#[tokio::test]
async fn every_calendar_we_emit_reads_the_same_in_icaljs_and_python_even_on_clock_change_days() {
    let smtp = Smtp::start();
    let app = spawn_app_with_smtp(&smtp.url()).await;
    let slug = app.published_event("heure", json!({"venue": "Toulouse"})).await;
    // Last Sunday of March 2027 and of October 2027, 10:00 in Paris.
    let spring = app
        .session(
            &slug,
            json!({"title": "Printemps", "kind": "workshop", "capacity": 5,
            "starts_at": "2027-03-28T10:00:00+02:00", "ends_at": "2027-03-28T11:00:00+02:00"}),
        )
        .await;
    let autumn = app
        .session(
            &slug,
            json!({"title": "Automne", "kind": "workshop", "capacity": 5,
            "starts_at": "2027-10-31T10:00:00+01:00", "ends_at": "2027-10-31T11:00:00+01:00"}),
        )
        .await;
    let ana = app.registered(&slug, "ana@example.org", &[&spring, &autumn]).await;
    app.client.delete(app.url(&format!("/api/v1/manage/{}", token_of(&ana)))).send().await.unwrap();
    app.deliver().await;
    let messages = smtp.wait_for(2, Duration::from_secs(10)).await;

    let dir = std::env::temp_dir().join(format!("tisser-ics-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let reg = ana["id"].as_str().unwrap();
    let at = |session: &str, start: &str, end: &str| {
        (format!("{reg}-{session}@tisser"), start.to_owned(), end.to_owned())
    };
    let spring_at = at(&spring, "2027-03-28T08:00:00Z", "2027-03-28T09:00:00Z");
    let autumn_at = at(&autumn, "2027-10-31T09:00:00Z", "2027-10-31T10:00:00Z");
    let mut files = Vec::new();
    for (i, m) in messages.iter().enumerate() {
        for (j, ics) in m.calendars.iter().enumerate() {
            let want = if unfold(ics).contains(&spring_at.0) { &spring_at } else { &autumn_at };
            files.push(write_ics(&dir, &format!("mail{i}-{j}"), ics, &[(&want.0, &want.1, &want.2)]));
        }
    }
    assert_eq!(files.len(), 4, "two invites, then two cancellations");
    let feed = app.get(&format!("/api/v1/events/{slug}/calendar.ics")).await.text().await.unwrap();
    files.push(write_ics(
        &dir,
        "feed",
        &feed,
        &[
            (&format!("{spring}@tisser"), "2027-03-28T08:00:00Z", "2027-03-28T09:00:00Z"),
            (&format!("{autumn}@tisser"), "2027-10-31T09:00:00Z", "2027-10-31T10:00:00Z"),
        ],
    ));
    let own = app
        .get(&format!("/api/v1/manage/{}/calendar.ics", link_token(&messages[0])))
        .await
        .text()
        .await
        .unwrap();
    files.push(write_ics(&dir, "own", &own, &[]));
    app.post_as(&app.admin, "/api/v1/series", &json!({"slug": "heures", "title": "Heures"})).await;
    app.patch_as(&app.admin, &format!("/api/v1/events/{slug}"), &json!({"series": "heures"})).await;
    let series = app.get("/api/v1/series/heures/calendar.ics").await.text().await.unwrap();
    files.push(write_ics(
        &dir,
        "series",
        &series,
        &[
            (&format!("{spring}@tisser"), "2027-03-28T08:00:00Z", "2027-03-28T09:00:00Z"),
            (&format!("{autumn}@tisser"), "2027-10-31T09:00:00Z", "2027-10-31T10:00:00Z"),
        ],
    ));
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("ical-check/compare.sh");
    let out = Command::new("bash").arg(script).args(&files).output().unwrap();
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn feeds_have_a_name_an_etag_and_no_join_link_in_public() {
    let app = spawn_app_with_smtp("").await;
    app.post_as(&app.admin, "/api/v1/series", &json!({"slug": "dejeuners", "title": "Les Déjeuners"})).await;
    let slug = app.published_event("dej-1", json!({"series": "dejeuners", "format": "online"})).await;
    let w = app
        .session(
            &slug,
            json!({"title": "Déjeuner", "kind": "webinar", "starts_at": "2030-10-10T12:30:00+02:00",
            "ends_at": "2030-10-10T13:30:00+02:00", "online_url": "https://visio.example.org/secret-room"}),
        )
        .await;
    let ana = app.registered(&slug, "ana@example.org", &[&w]).await;

    for path in
        [format!("/api/v1/events/{slug}/calendar.ics"), "/api/v1/series/dejeuners/calendar.ics".to_owned()]
    {
        let res = app.get(&path).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()["content-type"], "text/calendar; charset=utf-8");
        let etag = res.headers()["etag"].to_str().unwrap().to_owned();
        let body = res.text().await.unwrap();
        assert!(body.contains("X-WR-CALNAME:") && body.contains("METHOD:PUBLISH"));
        assert!(!body.contains("secret-room") && !body.contains("ana@example.org"), "{path}");
        let again = app.client.get(app.url(&path)).header("if-none-match", &etag).send().await.unwrap();
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    }
    let own = app.get(&format!("/api/v1/manage/{}/calendar.ics", token_of(&ana))).await.text().await.unwrap();
    assert!(own.contains("secret-room"), "the confirmed person's own feed has the link");
    problem(app.get("/api/v1/series/absent/calendar.ics").await, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn a_moved_session_updates_the_invite_and_a_cancelled_one_withdraws_it() {
    let smtp = Smtp::start();
    let app = spawn_app_with_smtp(&smtp.url()).await;
    let (slug, a, _) = jrps(&app).await;
    app.registered(&slug, "ana@example.org", &[&a]).await;
    app.registered(&slug, "ben@example.org", &[&a]).await; // waitlisted: told, no invite
    app.deliver().await;

    let res = app
        .patch_as(&app.admin, &format!("/api/v1/events/{slug}/sessions/{a}"),
            &json!({"starts_at": "2030-04-23T14:00:00+02:00", "ends_at": "2030-04-23T16:00:00+02:00", "room": "Salle B"}))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    // A change nobody sees in their calendar sends nothing.
    app.patch_as(
        &app.admin,
        &format!("/api/v1/events/{slug}/sessions/{a}"),
        &json!({"description": "Précisions"}),
    )
    .await;
    assert_eq!(app.deliver().await.sent, 2);
    let res = app.delete_as(&app.admin, &format!("/api/v1/events/{slug}/sessions/{a}")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(app.deliver().await.sent, 2);

    let messages = smtp.wait_for(6, Duration::from_secs(10)).await;
    assert_eq!(messages.len(), 6);
    let ana = for_whom(&messages, "ana@example.org");
    let invites: Vec<(String, String, String)> = ana
        .iter()
        .flat_map(|m| m.calendars.iter())
        .map(|c| (line(c, "METHOD:")[0].clone(), line(c, "SEQUENCE:")[0].clone(), line(c, "UID:")[0].clone()))
        .collect();
    let mut sorted = invites.clone();
    sorted.sort_by(|x, y| x.1.cmp(&y.1));
    let methods: Vec<(&str, &str)> = sorted.iter().map(|(m, s, _)| (m.as_str(), s.as_str())).collect();
    assert_eq!(
        methods,
        [("METHOD:REQUEST", "SEQUENCE:1"), ("METHOD:REQUEST", "SEQUENCE:2"), ("METHOD:CANCEL", "SEQUENCE:3")]
    );
    assert!(invites.iter().all(|i| i.2 == invites[0].2), "one invite, updated then withdrawn");
    let moved = ana
        .iter()
        .flat_map(|m| m.calendars.iter())
        .find(|c| line(c, "SEQUENCE:")[0] == "SEQUENCE:2")
        .unwrap();
    assert_eq!(line(moved, "DTSTART:"), ["DTSTART:20300423T120000Z"]);
    assert!(unfold(moved).contains("Salle B"));

    let ben = for_whom(&messages, "ben@example.org");
    assert_eq!(ben.len(), 3);
    assert!(ben.iter().all(|m| m.calendars.is_empty()), "no invite for a place in line");
    for m in &messages {
        assert_valid_html(&m.html);
    }
}

#[tokio::test]
async fn a_claim_whose_lease_ran_out_and_was_taken_by_another_worker_is_no_longer_held() {
    let app = tisser_tests::spawn_app().await;
    let slug = app.published_event("jrps", json!({})).await;
    app.registered(&slug, "ana@example.org", &[]).await;
    let t0 = app.store.now();
    let lease = chrono::Duration::minutes(1);
    let first = app.store.claim_outbox(t0, lease, 10).await.unwrap();
    assert_eq!(first.len(), 1);
    let ids = [first[0].id];
    // Within its lease the claim is held, and renewed.
    assert_eq!(app.store.hold_outbox(&ids, &first[0].claim, t0 + lease).await.unwrap(), ids);
    assert!(app.store.claim_outbox(t0 + chrono::Duration::seconds(30), lease, 10).await.unwrap().is_empty());
    // Its lease runs out: another worker takes the message; the first may no longer send it.
    let later = t0 + chrono::Duration::minutes(3);
    let second = app.store.claim_outbox(later, lease, 10).await.unwrap();
    assert_eq!(second.iter().map(|m| m.id).collect::<Vec<_>>(), ids);
    assert!(app.store.hold_outbox(&ids, &first[0].claim, later + lease).await.unwrap().is_empty());
    assert_eq!(app.store.hold_outbox(&ids, &second[0].claim, later + lease).await.unwrap(), ids);
    // Once sent, nobody holds it.
    app.store.outbox_sent(&[&second[0]], later).await.unwrap();
    assert!(app.store.hold_outbox(&ids, &second[0].claim, later + lease).await.unwrap().is_empty());
    assert_eq!(app.store.outbox_counts().await.unwrap().sent, 1);
}

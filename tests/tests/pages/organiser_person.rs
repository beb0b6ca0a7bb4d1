//! One person, for the organisers: their page, and what an organiser does on their behalf
//! (move them, cancel, send their link again, export, erase), registering someone on their
//! behalf (without an address, after public registration closed), and writing to the
//! registrants. Each goes through the store's rules, tells whom it should, and leaves its
//! audit line; someone else's event is refused with nothing changed.

use serde_json::{Value, json};
use tisser_tests::reqwest::StatusCode;
use tisser_tests::smtp::Smtp;
use tisser_tests::{TestApp, assert_valid_html};

use crate::organiser::start;
use crate::organiser_tools::signed_in;
use crate::{Browser, MORNING, has_link};

fn address(first: &str) -> String {
    format!("{}@example.org", first.to_lowercase())
}

/// Registers someone for `sessions`; returns the registration's id.
async fn someone(app: &TestApp, first: &str, sessions: &[&str]) -> String {
    let res = app
        .register(
            "jrps",
            &json!({"email": address(first), "first_name": first, "last_name": "Martin",
                    "sessions": sessions}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned()
}

/// JRPS of `orga@example.org`: workshops A (2 seats) and B (10 seats) at the same time; Ana
/// and Bruno in A, Chloe waiting for A. Returns (A, B, [Ana, Bruno, Chloe]).
async fn jrps(app: &TestApp) -> (String, String, [String; 3]) {
    let org = app.organiser("orga@example.org").await;
    app.organiser("autre@example.org").await;
    app.event_as(&org, "jrps", json!({"title": "JRPS 2030"})).await;
    let a = app.workshop("jrps", "Atelier A", Some(2), MORNING.0, MORNING.1).await;
    let b = app.workshop("jrps", "Atelier B", Some(10), MORNING.0, MORNING.1).await;
    let ana = someone(app, "Ana", &[&a]).await;
    let bruno = someone(app, "Bruno", &[&a]).await;
    let chloe = someone(app, "Chloe", &[&a]).await;
    (a, b, [ana, bruno, chloe])
}

async fn audit_actions(app: &TestApp) -> Vec<String> {
    let lines: Vec<Value> =
        app.get_as(&app.admin.clone(), "/api/v1/audit?event=jrps").await.json().await.unwrap();
    lines.iter().map(|l| l["action"].as_str().unwrap().to_owned()).collect()
}

/// The status of `id`'s choice of `session`, as the API lists it.
async fn choice(app: &TestApp, id: &str, session: &str) -> String {
    let all = app.registrations("jrps", "").await;
    let r = all.iter().find(|r| r["id"] == id).unwrap();
    let c = r["sessions"].as_array().unwrap().iter().find(|c| c["session_id"] == session);
    c.map_or("none".to_owned(), |c| c["status"].as_str().unwrap().to_owned())
}

/// The subjects of the messages `first` received.
async fn subjects(app: &TestApp, smtp: &Smtp, first: &str) -> Vec<String> {
    app.deliver().await;
    let to = address(first);
    smtp.messages().into_iter().filter(|m| m.to.contains(&to)).map(|m| m.subject).collect()
}

#[tokio::test]
async fn moving_someone_to_another_workshop_gives_their_seat_to_the_first_waiting_who_is_told() {
    let (smtp, app) = start().await;
    let (a, b, [ana, _, chloe]) = jrps(&app).await;
    let orga = signed_in(&app, &smtp, "orga@example.org").await;

    // From the list to the page.
    let list = orga.get("/organiser/events/jrps/registrations?q=ana").await;
    let here = format!("/organiser/events/jrps/registrations/{ana}");
    assert!(has_link(&list.read(), "Martin Ana", &here), "{}", list.html);
    let page = orga.get(&here).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_valid_html(&page.html);
    assert_eq!(page.headers["cache-control"], "no-store");
    assert!(page.html.contains("ana@example.org") && page.html.contains("Atelier A"));
    assert!(
        page.html.contains("Confirmation d&#x27;inscription")
            || page.html.contains("Confirmation d'inscription")
    );
    let before_mails = subjects(&app, &smtp, "Chloe").await.len();

    // Move Ana from A to B.
    let moved = orga.submit(&format!("{here}/choices"), &[("slot-0", &b)]).await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.html);
    assert_eq!(moved.location.as_deref(), Some(format!("{here}?done=moved").as_str()));
    let after = orga.get(&format!("{here}?done=moved")).await;
    assert!(after.html.contains("Ateliers enregistrés"), "{}", after.html);
    assert_eq!(choice(&app, &ana, &b).await, "confirmed");
    assert_eq!(choice(&app, &ana, &a).await, "cancelled");
    assert_eq!(choice(&app, &chloe, &a).await, "confirmed", "the first waiting moved up");
    let told = subjects(&app, &smtp, "Chloe").await;
    assert_eq!(told.len(), before_mails + 1, "{told:?}");

    // Back into the full A: a place in line, never an extra seat.
    let full = orga.submit(&format!("{here}/choices"), &[("slot-0", &a)]).await;
    assert_eq!(full.status, StatusCode::SEE_OTHER);
    assert_eq!(choice(&app, &ana, &a).await, "waitlisted");
    let fill: Value = app.get_as(&app.admin.clone(), "/api/v1/events/jrps/stats").await.json().await.unwrap();
    let a_fill = fill["sessions"].as_array().unwrap().iter().find(|s| s["id"] == a).unwrap().clone();
    assert_eq!(a_fill["confirmed"], 2, "{fill}");

    // An unreadable choice: the page again, nothing changed.
    let bad = orga.submit(&format!("{here}/choices"), &[("slot-0", "pas-un-id")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_valid_html(&bad.html);
    assert_eq!(choice(&app, &ana, &a).await, "waitlisted");

    let actions = audit_actions(&app).await;
    assert_eq!(actions.iter().filter(|a| *a == "choices_on_behalf").count(), 2, "{actions:?}");
    assert!(actions.iter().any(|a| a == "person_view"), "{actions:?}");
}

#[tokio::test]
async fn cancelling_on_someone_s_behalf_asks_first_then_tells_them_and_frees_the_seat() {
    let (smtp, app) = start().await;
    let (a, _, [_, bruno, chloe]) = jrps(&app).await;
    let orga = signed_in(&app, &smtp, "orga@example.org").await;
    let here = format!("/organiser/events/jrps/registrations/{bruno}");

    let ask_page = orga.get(&format!("{here}/cancel")).await;
    assert_eq!(ask_page.status, StatusCode::OK);
    assert_valid_html(&ask_page.html);
    assert!(
        ask_page.read()["buttons"].as_array().unwrap().iter().any(|b| b == "Oui, annuler son inscription")
    );
    assert_eq!(choice(&app, &bruno, &a).await, "confirmed", "asking changes nothing");

    let done = orga.submit(&format!("{here}/cancel"), &[]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.html);
    assert_eq!(choice(&app, &bruno, &a).await, "cancelled");
    assert_eq!(choice(&app, &chloe, &a).await, "confirmed");
    let page = orga.get(&format!("{here}?done=cancelled")).await;
    assert!(page.html.contains("Inscription annulée"), "{}", page.html);
    assert!(!page.html.contains(&format!("{here}/cancel\"")), "nothing left to cancel");
    assert!(subjects(&app, &smtp, "Bruno").await.iter().any(|s| s.to_lowercase().contains("annul")));
    assert!(audit_actions(&app).await.iter().any(|a| a == "cancellation_on_behalf"));
}

#[tokio::test]
async fn someone_without_an_address_is_registered_after_public_registration_closed() {
    let (smtp, app) = start().await;
    let (a, b, _) = jrps(&app).await;
    // Public registration closes.
    let closed = app
        .patch_as(
            &app.admin.clone(),
            "/api/v1/events/jrps",
            &json!({"registration_closes_at": "2026-01-01T00:00:00Z"}),
        )
        .await;
    assert_eq!(closed.status(), StatusCode::OK);
    let public = app
        .register(
            "jrps",
            &json!({"email": "x@example.org", "first_name": "X", "last_name": "Y", "sessions": [b]}),
        )
        .await;
    assert_eq!(public.status(), StatusCode::CONFLICT);

    let orga = signed_in(&app, &smtp, "orga@example.org").await;
    let form = orga.get("/organiser/events/jrps/register").await;
    assert_eq!(form.status, StatusCode::OK);
    assert_valid_html(&form.html);
    let labels = form.read()["labels"].clone();
    assert!(labels.as_array().unwrap().iter().any(|l| l == "Adresse e-mail"), "{labels}");
    let messages_before = smtp.messages().len();

    let done = orga
        .submit(
            "/organiser/events/jrps/register",
            &[("email", ""), ("first_name", "Denise"), ("last_name", "Roux"), ("slot-0", &a)],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.html);
    let location = done.location.unwrap();
    assert!(location.ends_with("?done=registered"), "{location}");
    let page = orga.get(&location).await;
    assert!(
        page.html.contains("Pas d&#x27;adresse e-mail") || page.html.contains("Pas d'adresse e-mail"),
        "{}",
        page.html
    );
    assert!(
        page.html.contains("liste d&#x27;attente") || page.html.contains("liste d'attente"),
        "A is full: {}",
        page.html
    );
    assert!(!page.html.contains("Renvoyer son lien"), "no address, no link to send");

    // Counted like everyone, written to nobody, audited.
    let all = app.registrations("jrps", "").await;
    let denise = all.iter().find(|r| r["first_name"] == "Denise").unwrap();
    assert_eq!(denise["email"], Value::Null);
    app.deliver().await;
    assert_eq!(smtp.messages().len(), messages_before, "nothing sent");
    assert!(audit_actions(&app).await.iter().any(|a| a == "registration_on_behalf"));

    // A second one without an address is another person; a wrong address is refused.
    let second = orga
        .submit(
            "/organiser/events/jrps/register",
            &[("first_name", "Émile"), ("last_name", "Roux"), ("slot-0", &b)],
        )
        .await;
    assert_eq!(second.status, StatusCode::SEE_OTHER, "{}", second.html);
    let wrong = orga
        .submit(
            "/organiser/events/jrps/register",
            &[("email", "pas une adresse"), ("first_name", "F"), ("last_name", "G"), ("slot-0", &b)],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_valid_html(&wrong.html);
    assert_eq!(app.registrations("jrps", "").await.len(), 5);
}

#[tokio::test]
async fn a_link_sent_again_the_data_exported_and_a_person_erased_after_confirmation() {
    let (smtp, app) = start().await;
    let (a, _, [ana, _, chloe]) = jrps(&app).await;
    let orga = signed_in(&app, &smtp, "orga@example.org").await;
    let here = format!("/organiser/events/jrps/registrations/{ana}");
    orga.get(&here).await;

    let before = subjects(&app, &smtp, "Ana").await.len();
    let sent = orga.submit(&format!("{here}/resend-link"), &[]).await;
    assert_eq!(sent.location.as_deref(), Some(format!("{here}?done=resent").as_str()));
    let mails = subjects(&app, &smtp, "Ana").await;
    assert_eq!(mails.len(), before + 1);
    let again = orga.submit(&format!("{here}/resend-link"), &[]).await;
    assert_eq!(
        again.location.as_deref(),
        Some(format!("{here}?done=not-resent").as_str()),
        "ten minutes apart"
    );

    let (status, headers, bytes) = orga.bytes(&format!("{here}/data.json")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers["content-disposition"].to_str().unwrap().starts_with("attachment"));
    let data: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(data["email"], "ana@example.org", "{data}");

    let confirm = orga.get(&format!("{here}/erase")).await;
    assert_eq!(confirm.status, StatusCode::OK);
    assert_valid_html(&confirm.html);
    let erased = orga.submit(&format!("{here}/erase"), &[]).await;
    assert_eq!(erased.status, StatusCode::SEE_OTHER);
    let page = orga.get(&format!("{here}?done=erased")).await;
    assert!(page.html.contains("Données effacées le"), "{}", page.html);
    assert!(!page.html.contains("ana@example.org"));
    assert_eq!(choice(&app, &chloe, &a).await, "confirmed", "the seat went to the first waiting");
    let actions = audit_actions(&app).await;
    for wanted in ["link_resent", "person_export", "erasure"] {
        assert!(actions.iter().any(|a| a == wanted), "{wanted}: {actions:?}");
    }
}

#[tokio::test]
async fn a_message_is_previewed_with_its_reach_then_sent_to_the_people_with_a_seat() {
    let (smtp, app) = start().await;
    let (a, _, _) = jrps(&app).await;
    let orga = signed_in(&app, &smtp, "orga@example.org").await;
    let form = orga.get("/organiser/events/jrps/messages").await;
    assert_eq!(form.status, StatusCode::OK);
    assert_valid_html(&form.html);

    let empty = orga
        .submit("/organiser/events/jrps/messages", &[("subject", ""), ("body", ""), ("step", "preview")])
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_valid_html(&empty.html);

    let fields =
        [("session", a.as_str()), ("subject", "Salle changée"), ("body", "L'atelier A a lieu salle 2.")];
    let mut preview_fields = fields.to_vec();
    preview_fields.push(("step", "preview"));
    let preview = orga.submit("/organiser/events/jrps/messages", &preview_fields).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.html);
    assert_valid_html(&preview.html);
    assert!(preview.html.contains("2 personnes recevront ce message."), "{}", preview.html);
    let about =
        |smtp: &Smtp| smtp.messages().into_iter().filter(|m| m.subject.contains("Salle changée")).count();
    app.deliver().await;
    assert_eq!(about(&smtp), 0);
    assert!(!audit_actions(&app).await.iter().any(|a| a == "message"), "a preview sends nothing");

    let mut send_fields = fields.to_vec();
    send_fields.push(("step", "send"));
    let sent = orga.submit("/organiser/events/jrps/messages", &send_fields).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.html);
    assert_eq!(sent.location.as_deref(), Some("/organiser/events/jrps/messages?sent=2"));
    assert!(
        orga.get("/organiser/events/jrps/messages?sent=2").await.html.contains("2 messages sont partis.")
    );
    app.deliver().await;
    let new: Vec<_> = smtp.messages().into_iter().filter(|m| m.subject.contains("Salle changée")).collect();
    assert_eq!(new.len(), 2);
    assert!(!new.iter().any(|m| m.to.iter().any(|t| t == "chloe@example.org")), "Chloe waits");
    assert!(audit_actions(&app).await.iter().any(|a| a == "message"));
}

#[tokio::test]
async fn another_organiser_s_event_and_a_participant_s_link_open_none_of_these_pages() {
    let (smtp, app) = start().await;
    let (a, b, [ana, _, _]) = jrps(&app).await;
    let other = signed_in(&app, &smtp, "autre@example.org").await;
    let here = format!("/organiser/events/jrps/registrations/{ana}");
    for path in [
        here.clone(),
        format!("{here}/cancel"),
        format!("{here}/erase"),
        format!("{here}/data.json"),
        "/organiser/events/jrps/register".to_owned(),
        "/organiser/events/jrps/messages".to_owned(),
    ] {
        assert_eq!(other.get(&path).await.status, StatusCode::FORBIDDEN, "{path}");
    }
    other.get("/organiser").await;
    for (path, fields) in [
        (format!("{here}/choices"), vec![("slot-0", b.as_str())]),
        (format!("{here}/cancel"), vec![]),
        (format!("{here}/erase"), vec![]),
        (format!("{here}/resend-link"), vec![]),
        ("/organiser/events/jrps/register".to_owned(), vec![("first_name", "Z"), ("last_name", "Z")]),
        (
            "/organiser/events/jrps/messages".to_owned(),
            vec![("subject", "S"), ("body", "B"), ("step", "send")],
        ),
    ] {
        assert_eq!(other.submit(&path, &fields).await.status, StatusCode::FORBIDDEN, "{path}");
    }
    assert_eq!(choice(&app, &ana, &a).await, "confirmed", "nothing changed");
    assert_eq!(app.registrations("jrps", "").await.len(), 3);
    let actions = audit_actions(&app).await;
    assert!(actions.iter().all(|a| a == "registration_list"), "only the test's own API reads: {actions:?}");

    // Someone of another event's page under this event: not found.
    let orga = signed_in(&app, &smtp, "orga@example.org").await;
    let unknown = orga.get("/organiser/events/jrps/registrations/00000000-0000-4000-8000-000000000000").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);

    // A participant's private link opens their own page, never an organiser's.
    let participant = Browser::new(&app);
    let token = app.registered("jrps", "zoe@example.org", &[&b]).await["manage_url"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned();
    assert_eq!(participant.get(&format!("/manage/{token}")).await.status, StatusCode::OK);
    let refused = participant.get(&here).await;
    assert_eq!(refused.status, StatusCode::SEE_OTHER);
    assert_eq!(refused.location.as_deref(), Some("/organiser/sign-in"));
    let with_token = participant.get_with(&here, &[("authorization", &format!("Bearer {token}"))]).await;
    assert_eq!(with_token.location.as_deref(), Some("/organiser/sign-in"));
}

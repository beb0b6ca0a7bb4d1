//! Many people at once, on two servers sharing one database: never a seat that does not
//! exist, a waitlist in arrival order, one registration per e-mail.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use futures::future::join_all;
use serde_json::{Value, json};
use tisser_tests::reqwest::StatusCode;
use tisser_tests::{person, spawn_app, token_of};

use crate::MORNING;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_people_racing_for_a_29_seat_workshop_get_29_seats_and_a_waitlist_in_arrival_order() {
    let app = spawn_app().await;
    let peer = app.peer().await;
    let slug = app.published_event("jrps", json!({})).await;
    let a = app.workshop(&slug, "Atelier A", Some(29), MORNING.0, MORNING.1).await;

    let requests = (0..200).map(|i| {
        let server = if i % 2 == 0 { &app } else { &peer };
        let email = format!("personne{i}@example.org");
        let body = person(&email, &[&a]);
        async move {
            let res = server.register("jrps", &body).await;
            assert_eq!(res.status(), StatusCode::CREATED);
            (email, res.json::<Value>().await.unwrap())
        }
    });
    let answers: HashMap<String, Value> = join_all(requests).await.into_iter().collect();
    assert_eq!(answers.len(), 200);

    let confirmed: Vec<&Value> =
        answers.values().filter(|b| b["sessions"][0]["status"] == "confirmed").collect();
    assert_eq!(confirmed.len(), 29);
    let mut places: Vec<u64> = answers
        .values()
        .filter(|b| b["sessions"][0]["status"] == "waitlisted")
        .map(|b| b["sessions"][0]["waitlist_position"].as_u64().unwrap())
        .collect();
    places.sort_unstable();
    assert_eq!(places, (1..=171).collect::<Vec<u64>>(), "each place given once, in the order of acceptance");

    // What is stored agrees with what each person was told.
    let stored = app.registrations(&slug, "").await;
    assert_eq!(stored.len(), 200);
    let emails: BTreeSet<&str> = stored.iter().map(|r| r["email"].as_str().unwrap()).collect();
    assert_eq!(emails.len(), 200, "nobody twice");
    for r in &stored {
        let told = &answers[r["email"].as_str().unwrap()];
        assert_eq!(r["sessions"][0]["status"], told["sessions"][0]["status"]);
        assert_eq!(r["sessions"][0]["waitlist_position"], told["sessions"][0]["waitlist_position"]);
    }

    // Ten confirmed people cancel at once: the first ten waiting get their seats.
    let leaving: Vec<String> = confirmed.iter().take(10).map(|b| token_of(b)).collect();
    let cancels = leaving.iter().enumerate().map(|(i, token)| {
        let server = if i % 2 == 0 { &app } else { &peer };
        async move {
            let res =
                server.client.delete(server.url(&format!("/api/v1/manage/{token}"))).send().await.unwrap();
            let status = res.status();
            assert_eq!(status, StatusCode::OK, "{}", res.text().await.unwrap());
        }
    });
    join_all(cancels).await;

    let stored = app.registrations(&slug, "").await;
    for r in stored.iter().filter(|r| r["status"] != "cancelled") {
        let told = &answers[r["email"].as_str().unwrap()];
        let now = &r["sessions"][0];
        match told["sessions"][0]["waitlist_position"].as_u64() {
            None => assert_eq!(now["status"], "confirmed"),
            Some(p) if p <= 10 => assert_eq!(now["status"], "confirmed", "place {p} moved up to a seat"),
            Some(p) => {
                assert_eq!(now["status"], "waitlisted");
                assert_eq!(now["waitlist_position"].as_u64(), Some(p - 10), "place {p} moved up by ten");
            }
        }
    }
    let event: Value = app.get(&format!("/api/v1/events/{slug}")).await.json().await.unwrap();
    assert_eq!(event["sessions"][0]["seats_left"], 0);
    assert_eq!(event["sessions"][0]["waitlist_length"], 161);
    assert_eq!(app.registrations(&slug, &format!("?session={a}&status=confirmed")).await.len(), 29);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_same_email_registering_concurrently_in_any_letter_case_gives_one_registration() {
    let app = spawn_app().await;
    let peer = app.peer().await;
    let slug = app.published_event("dup", json!({})).await;
    let variants = ["ana@example.org", "ANA@example.org", "Ana@Example.org", " ana@EXAMPLE.ORG "];
    let requests = (0..12).map(|i| {
        let server = if i % 2 == 0 { &app } else { &peer };
        let body = person(variants[i % variants.len()], &[]);
        async move { server.register("dup", &body).await.status() }
    });
    let statuses = join_all(requests).await;
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::CREATED).count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::CONFLICT).count(), 11, "{statuses:?}");
    assert_eq!(app.registrations(&slug, "").await.len(), 1);
}

/// A registration for `sessions`, as the store takes it.
fn new_registration(email: &str, sessions: &[&str]) -> tisser_persistence::NewRegistration {
    tisser_persistence::NewRegistration {
        email: tisser_domain::Email::parse(email).unwrap(),
        sessions: sessions.iter().map(|s| tisser_domain::SessionId(s.parse().unwrap())).collect(),
        language: tisser_domain::Language::Fr,
        first_name: "Léa".into(),
        last_name: "Martin".into(),
        dietary_requirements: None,
        profile: None,
        accessibility_needs: None,
        organization: None,
    }
}

#[tokio::test]
async fn a_batch_in_which_some_registrations_are_refused_still_commits_the_others() {
    let app = spawn_app().await;
    let slug = app.published_event("jrps", json!({})).await;
    let a = app.workshop(&slug, "Atelier A", Some(2), MORNING.0, MORNING.1).await;
    let b = app.workshop(&slug, "Atelier B", Some(2), MORNING.0, MORNING.1).await;
    app.registered(&slug, "deja@example.org", &[&a]).await;
    let event = app.store.event_by_slug(&slug).await.unwrap().event.id;
    let outcomes = app
        .store
        .register_batch(
            vec![
                (event, new_registration("ana@example.org", &[&a])),
                (event, new_registration("deja@example.org", &[&b])), // already registered
                (event, new_registration("ben@example.org", &[&a, &b])), // two workshops at once
                (event, new_registration("chloe@example.org", &[&a])), // A is full: waits
            ],
            app.store.now(),
        )
        .await;
    assert!(outcomes[0].is_ok(), "{:?}", outcomes[0]);
    assert!(
        matches!(outcomes[1], Err(tisser_persistence::StoreError::AlreadyRegistered)),
        "{:?}",
        outcomes[1]
    );
    assert!(matches!(outcomes[2], Err(tisser_persistence::StoreError::Choice(_))), "{:?}", outcomes[2]);
    let chloe = outcomes[3].as_ref().unwrap();
    assert_eq!(chloe.registration.choices[0].status, tisser_domain::ChoiceStatus::Waitlisted);
    assert_eq!(chloe.registration.choices[0].waitlist_position, Some(1));

    let all = app.registrations(&slug, "").await;
    let emails: BTreeSet<&str> = all.iter().map(|r| r["email"].as_str().unwrap()).collect();
    assert_eq!(emails, BTreeSet::from(["deja@example.org", "ana@example.org", "chloe@example.org"]));
    let deja = all.iter().find(|r| r["email"] == "deja@example.org").unwrap();
    assert_eq!(deja["sessions"].as_array().unwrap().len(), 1, "the refused one changed nothing");
    // The seats counted are the seats held.
    let event: Value = app.get(&format!("/api/v1/events/{slug}")).await.json().await.unwrap();
    let a_seats =
        event["sessions"].as_array().unwrap().iter().find(|s| s["id"] == a.as_str()).unwrap()["seats_left"]
            .clone();
    assert_eq!(a_seats, 0);
}

/// What each person of an event ended with, and what their messages said, by e-mail:
/// (status, [(session title, status, place)]) and [(kind, [(session title, status, place,
/// invite sequence)])].
type Outcome = (
    String,
    Vec<(String, String, Option<u64>)>,
    Vec<(String, Vec<(String, String, Option<u32>, Option<u32>)>)>,
);

async fn outcomes(
    app: &tisser_tests::TestApp,
    slug: &str,
    messages: &[tisser_persistence::OutboxMessage],
) -> BTreeMap<String, Outcome> {
    let mut all = BTreeMap::new();
    for r in app.registrations(slug, "").await {
        let choices = r["sessions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["title"].to_string(), c["status"].to_string(), c["waitlist_position"].as_u64()))
            .collect();
        all.insert(r["email"].as_str().unwrap().to_owned(), (r["status"].to_string(), choices, Vec::new()));
    }
    for m in messages {
        let tisser_domain::notice::Outgoing::Registration(n) = &m.message else { continue };
        if n.event.slug != slug {
            continue;
        }
        let sessions = n
            .sessions
            .iter()
            .map(|s| {
                (
                    s.title.clone(),
                    s.status.as_str().to_owned(),
                    s.waitlist_position,
                    s.invite.map(|i| i.sequence),
                )
            })
            .collect();
        all.get_mut(&n.to_email).unwrap().2.push((n.kind.as_str().to_owned(), sessions));
    }
    // Written at the same instant of the test's clock: their order is the database's.
    all.values_mut().for_each(|o| o.2.sort());
    all
}

/// The same programme on a new event: a 2-seat workshop A, an unlimited B at the same time,
/// a 1-seat C after them, the event itself holding 4 people.
async fn twin(app: &tisser_tests::TestApp, slug: &str) -> (String, [String; 3]) {
    let slug = app.published_event(slug, json!({ "capacity": 4 })).await;
    let a = app.workshop(&slug, "Atelier A", Some(2), MORNING.0, MORNING.1).await;
    let b = app.workshop(&slug, "Atelier B", None, MORNING.0, MORNING.1).await;
    let c = app
        .workshop(&slug, "Atelier C", Some(1), "2030-04-23T14:00:00+02:00", "2030-04-23T15:00:00+02:00")
        .await;
    (slug, [a, b, c])
}

#[tokio::test]
async fn a_batch_decided_in_memory_ends_as_the_same_people_one_at_a_time() {
    let app = spawn_app().await;
    let people = |[a, b, c]: &[String; 3]| {
        vec![
            new_registration("ana@example.org", &[a, c]),
            new_registration("ben@example.org", &[a]),
            new_registration("chloe@example.org", &[a, c]), // A and C full: waits for both
            new_registration("dan@example.org", &[b]),
            new_registration("ana@example.org", &[b]), // already registered
            new_registration("eve@example.org", &[a, b]), // two at the same time
            new_registration("fay@example.org", &[b, c]), // the event is full: waits for it
            new_registration("gil@example.org", &[a]),
            new_registration("gil@example.org", &[a]), // twice in one batch
            new_registration("back@example.org", &[b]), // came back after cancelling
        ]
    };
    let (one_slug, one) = twin(&app, "one-by-one").await;
    let (batch_slug, batch) = twin(&app, "batch").await;
    // Someone registered and cancelled on both, before.
    for slug in [&one_slug, &batch_slug] {
        let res = app.registered(slug, "back@example.org", &[]).await;
        let token = token_of(&res);
        let res = app.client.delete(app.url(&format!("/api/v1/manage/{token}"))).send().await.unwrap();
        assert!(res.status().is_success());
    }
    let one_event = app.store.event_by_slug(&one_slug).await.unwrap().event.id;
    let batch_event = app.store.event_by_slug(&batch_slug).await.unwrap().event.id;
    let now = app.store.now();
    let mut alone = Vec::new();
    for new in people(&one) {
        alone.extend(app.store.register_batch(vec![(one_event, new)], now).await);
    }
    let together =
        app.store.register_batch(people(&batch).into_iter().map(|n| (batch_event, n)).collect(), now).await;
    let shape = |r: &Result<tisser_persistence::Registered, tisser_persistence::StoreError>| match r {
        Ok(r) => format!(
            "{:?} {:?}",
            r.registration.status,
            r.registration
                .choices
                .iter()
                .map(|c| (&c.title, c.status, c.waitlist_position))
                .collect::<Vec<_>>()
        ),
        // The kind of refusal (a conflict names the sessions, which differ between the twins).
        Err(e) => format!("{e:?}").split('(').take(2).collect::<Vec<_>>().join("("),
    };
    assert_eq!(alone.iter().map(shape).collect::<Vec<_>>(), together.iter().map(shape).collect::<Vec<_>>());
    assert!(
        together.iter().filter(|r| r.is_ok()).count() >= 6,
        "{:?}",
        together.iter().map(shape).collect::<Vec<_>>()
    );
    // Every message of both events (the delivery worker of the tests waits to be asked).
    let messages = app.store.claim_outbox(app.store.now(), chrono::Duration::minutes(5), 1000).await.unwrap();
    assert_eq!(outcomes(&app, &one_slug, &messages).await, outcomes(&app, &batch_slug, &messages).await);
    for (i, title) in ["Atelier A", "Atelier B", "Atelier C"].iter().enumerate() {
        assert_eq!(
            seats_left(&app, &one_slug, &one[i]).await,
            seats_left(&app, &batch_slug, &batch[i]).await,
            "{title}"
        );
    }
    let mut left = Vec::new();
    for slug in [&one_slug, &batch_slug] {
        let e: Value = app.get(&format!("/api/v1/events/{slug}")).await.json().await.unwrap();
        left.push(e["seats_left"].clone());
    }
    assert_eq!(left[0], left[1]);
    assert_eq!(left[0], 0, "4 people hold the event's 4 seats");
}

async fn seats_left(app: &tisser_tests::TestApp, slug: &str, session: &str) -> Value {
    let event: Value = app.get(&format!("/api/v1/events/{slug}")).await.json().await.unwrap();
    event["sessions"].as_array().unwrap().iter().find(|s| s["id"] == session).unwrap()["seats_left"].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn public_reads_kept_in_memory_follow_every_change_here_at_once_and_elsewhere_soon() {
    let app = spawn_app().await;
    let slug = app.published_event("jrps", json!({})).await;
    let a = app.workshop(&slug, "Atelier A", Some(5), MORNING.0, MORNING.1).await;
    assert_eq!(seats_left(&app, &slug, &a).await, 5);
    assert_eq!(seats_left(&app, &slug, &a).await, 5, "read again, from memory");
    // A change on this server: the next read sees it.
    app.registered(&slug, "ana@example.org", &[&a]).await;
    assert_eq!(seats_left(&app, &slug, &a).await, 4);
    let page = app.get(&format!("/events/{slug}")).await.text().await.unwrap();
    assert!(page.contains("4 places"), "{page}");

    // A change on another server on the same database: seen within a moment.
    let peer = app.peer().await;
    peer.registered(&slug, "ben@example.org", &[&a]).await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while seats_left(&app, &slug, &a).await != 3 {
        assert!(
            std::time::Instant::now() < deadline,
            "the other server's registration is not seen after 5 s"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let page = app.get(&format!("/events/{slug}")).await.text().await.unwrap();
    assert!(page.contains("3 places"), "{page}");
}

/// The place in a workshop's line that `email` was told at registration.
async fn place_told(server: &tisser_tests::TestApp, slug: &str, email: &str, session: &str) -> Value {
    let res = server.register(slug, &person(email, &[session])).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let body: Value = res.json().await.unwrap();
    body["sessions"][0]["waitlist_position"].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_writer_counts_a_line_again_once_someone_else_changed_it() {
    // The writer task remembers how long each line is between its batches; a cancellation
    // (here or on another server) or a registration on another server changes the line
    // without it: the next newcomer's place must still be counted right.
    let app = spawn_app().await;
    let peer = app.peer().await;
    let slug = app.published_event("lines", json!({})).await;
    let a = app.workshop(&slug, "Atelier A", Some(1), MORNING.0, MORNING.1).await;
    assert_eq!(place_told(&app, &slug, "ana@example.org", &a).await, Value::Null, "the seat");
    assert_eq!(place_told(&app, &slug, "ben@example.org", &a).await, 1);
    let chloe = app.register(&slug, &person("chloe@example.org", &[&a])).await;
    let chloe: Value = chloe.json().await.unwrap();
    assert_eq!(chloe["sessions"][0]["waitlist_position"], 2);

    // Chloé leaves the line through her private link: the line holds one person again.
    let token = token_of(&chloe);
    let res = app.client.delete(app.url(&format!("/api/v1/manage/{token}"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(place_told(&app, &slug, "dan@example.org", &a).await, 2, "after Ben, not after Chloé");

    // Someone joins the line through the other server: this server's writer did not see it.
    assert_eq!(place_told(&peer, &slug, "eve@example.org", &a).await, 3);
    assert_eq!(place_told(&app, &slug, "fay@example.org", &a).await, 4);
    assert_eq!(place_told(&app, &slug, "gus@example.org", &a).await, 5, "remembered, and right");

    let places: BTreeMap<String, Value> = app
        .registrations(&slug, "")
        .await
        .iter()
        .filter(|r| r["status"] != "cancelled")
        .map(|r| (r["email"].as_str().unwrap().to_owned(), r["sessions"][0]["waitlist_position"].clone()))
        .collect();
    let expected: BTreeMap<String, Value> = [
        ("ana", Value::Null),
        ("ben", json!(1)),
        ("dan", json!(2)),
        ("eve", json!(3)),
        ("fay", json!(4)),
        ("gus", json!(5)),
    ]
    .into_iter()
    .map(|(name, place)| (format!("{name}@example.org"), place))
    .collect();
    assert_eq!(places, expected);
}

#[tokio::test]
async fn a_batch_over_several_events_writes_every_events_and_sessions_counters_together() {
    // One statement writes the counters of all the events of a batch, one those of all their
    // sessions, each row guarded by its values as read: a second batch builds on the first.
    let app = spawn_app().await;
    let mut events = Vec::new();
    for slug in ["un", "deux", "trois"] {
        let slug = app.published_event(slug, json!({"capacity": 10})).await;
        let a = app.workshop(&slug, "Atelier A", Some(1), MORNING.0, MORNING.1).await;
        let id = app.store.event_by_slug(&slug).await.unwrap().event.id;
        events.push((slug, a, id));
    }
    for round in 0..2 {
        let batch = (0..6)
            .map(|i| {
                let (_, a, id) = &events[i % 3];
                (*id, new_registration(&format!("p{round}-{i}@example.org"), &[a]))
            })
            .collect();
        let outcomes = app.store.register_batch(batch, app.store.now()).await;
        assert!(outcomes.iter().all(Result::is_ok), "{outcomes:?}");
    }
    for (slug, a, _) in &events {
        let event: Value = app.get(&format!("/api/v1/events/{slug}")).await.json().await.unwrap();
        assert_eq!(event["seats_left"], 6, "{slug}: four of ten taken");
        let session = event["sessions"].as_array().unwrap().iter().find(|s| s["id"] == a.as_str()).unwrap();
        assert_eq!(session["seats_left"], 0, "{slug}");
        assert_eq!(session["waitlist_length"], 3, "{slug}");
        let places: Vec<Value> = app
            .registrations(slug, "")
            .await
            .iter()
            .map(|r| r["sessions"][0]["waitlist_position"].clone())
            .collect();
        assert_eq!(places, [Value::Null, json!(1), json!(2), json!(3)], "{slug}: in arrival order");
    }
}

#[tokio::test]
async fn a_batch_writes_every_field_back_as_given_whatever_its_characters() {
    // On PostgreSQL a batch's rows reach the database as JSON, all its writes in one statement:
    // quotes, backslashes, braces, line breaks, accents, absent fields and the instant must be
    // read back exactly as given, for a person seated and one in line alike.
    let app = spawn_app().await;
    let slug = app.published_event("jrps", json!({})).await;
    let a = app.workshop(&slug, "Atelier A", Some(1), MORNING.0, MORNING.1).await;
    let event = app.store.event_by_slug(&slug).await.unwrap().event.id;
    let mut zoe = new_registration("zoe@example.org", &[&a]);
    zoe.first_name = r#"Zoé "la" D'Arc \ {"x": null}"#.into();
    zoe.last_name = "N’Guessan-Lefèvre".into();
    zoe.profile = Some(tisser_domain::Profile::PatientPartner);
    zoe.organization = Some("Association « Entre \\\\ nous »".into());
    zoe.accessibility_needs = Some("Boucle magnétique\n\tet sous-titres ; null".into());
    zoe.dietary_requirements = Some("Sans gluten, \"végétarien\" 🌱".into());
    let yan = new_registration("yan@example.org", &[&a]); // the seat is taken: waits
    // An instant to the microsecond, as PostgreSQL keeps it.
    let now = chrono::DurationRound::duration_trunc(app.store.now(), chrono::TimeDelta::seconds(1)).unwrap()
        + chrono::TimeDelta::microseconds(123_456);
    let outcomes = app.store.register_batch(vec![(event, zoe.clone()), (event, yan.clone())], now).await;
    for (given, outcome, place) in [(&zoe, &outcomes[0], None), (&yan, &outcomes[1], Some(1))] {
        let token = &outcome.as_ref().unwrap().manage_token;
        let read = app.store.registration_by_token(token).await.unwrap();
        assert_eq!(read.email.as_deref(), Some(given.email.as_str()));
        assert_eq!(
            (&read.first_name, &read.last_name, read.profile, &read.organization),
            (&given.first_name, &given.last_name, given.profile, &given.organization)
        );
        assert_eq!(
            (&read.accessibility_needs, &read.dietary_requirements, read.language),
            (&given.accessibility_needs, &given.dietary_requirements, given.language)
        );
        assert_eq!((read.created_at, read.updated_at), (now, now), "to the microsecond");
        assert_eq!(read.status, tisser_domain::RegistrationStatus::Confirmed);
        assert_eq!(read.choices.len(), 1);
        assert_eq!(read.choices[0].waitlist_position, place);
    }
    let later = now + chrono::TimeDelta::minutes(1);
    let messages = app.store.claim_outbox(later, chrono::Duration::minutes(5), 10).await.unwrap();
    assert_eq!(messages.len(), 2);
    for m in &messages {
        let tisser_domain::notice::Outgoing::Registration(n) = &m.message else { panic!("{m:?}") };
        if n.to_email == "zoe@example.org" {
            assert_eq!(n.first_name, zoe.first_name, "the message's own JSON, stored as text");
        }
    }
}

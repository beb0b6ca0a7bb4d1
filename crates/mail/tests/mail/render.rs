//! Templates: every kind renders in both languages, HTML is sound, data is escaped, broken
//! overrides fail at load.

use std::path::Path;

use tisser_mail::{Language, MailError, MessageData, MessageKind, Templates};

use crate::common::{MANAGE_URL, html_problems, sample_data, session};

fn templates() -> Templates {
    Templates::load(None).expect("the embedded templates load")
}

#[test]
fn every_kind_renders_in_both_languages() {
    let templates = templates();
    let data = sample_data();
    for &kind in MessageKind::ALL {
        for &lang in Language::ALL {
            let what = format!("{kind}/{}", lang.as_str());
            let r = templates.render(kind, lang, &data).unwrap_or_else(|e| panic!("{what}: {e}"));

            assert!(!r.subject.is_empty(), "{what}: empty subject");
            assert!(!r.subject.contains(['\r', '\n']), "{what}: subject on several lines");
            assert!(r.text.contains(MANAGE_URL), "{what}: text without the private link");
            assert!(r.html.contains(MANAGE_URL), "{what}: html without the private link");
            assert!(
                r.html.contains(&format!("<a href=\"{MANAGE_URL}\"")),
                "{what}: the private link is not a link"
            );
            // A participant's link is explained; an organiser's sign-in link says how long it
            // works.
            let explains = match (lang, kind == MessageKind::OrganiserSignIn) {
                (Language::Fr, false) => {
                    "Ce lien est personnel : il permet de voir, modifier ou annuler votre inscription. Ne le transmettez pas."
                }
                (Language::En, false) => {
                    "This link is personal: it lets you see, change or cancel your registration. Do not share it."
                }
                (Language::Fr, true) => "Ce lien marche pendant 15 minutes.",
                (Language::En, true) => "This link works for 15 minutes.",
            };
            assert!(
                r.text.contains(explains) && r.html.contains(explains),
                "{what}: the link is not explained"
            );

            assert!(r.html.starts_with("<!doctype html>"), "{what}: no doctype");
            assert!(r.html.contains(&format!("<html lang=\"{}\">", lang.as_str())), "{what}: no html lang");
            assert!(r.html.contains("<meta charset=\"utf-8\">"), "{what}: no charset");
            assert!(r.html.contains("<title>") && !r.html.contains("<title></title>"), "{what}: no title");
            assert_eq!(r.html.matches("<h1").count(), 1, "{what}: one h1 expected");
            assert!(r.html.contains("<h2"), "{what}: no h2");
            let problems = html_problems(&r.html);
            assert!(problems.is_empty(), "{what}: {problems:?}\n{}", r.html);

            // No template variable leaked as text, no stray "none".
            for output in [&r.subject, &r.text, &r.html] {
                assert!(
                    !output.contains("{{") && !output.contains("{%"),
                    "{what}: template syntax in output"
                );
                assert!(!output.contains("none") && !output.contains("None"), "{what}: a None printed");
            }
            assert!(r.text.contains("Hélène") && r.html.contains("Hélène"), "{what}: no first name");
            if kind != MessageKind::OrganiserSignIn {
                assert!(r.text.contains(&data.event_title), "{what}: no event title");
            }
        }
    }
}

#[test]
fn french_and_english_differ() {
    let templates = templates();
    let data = sample_data();
    for &kind in MessageKind::ALL {
        let fr = templates.render(kind, Language::Fr, &data).unwrap();
        let en = templates.render(kind, Language::En, &data).unwrap();
        assert_ne!(fr.text, en.text, "{kind}");
        assert!(fr.text.starts_with("Bonjour Hélène,"), "{kind}: {}", fr.text);
        assert!(en.text.starts_with("Hello Hélène,"), "{kind}: {}", en.text);
    }
}

#[test]
fn the_waitlist_message_gives_the_place_in_line_of_each_session() {
    let mut data = sample_data();
    data.sessions =
        vec![session("Atelier B", "waitlisted", Some(3)), session("Atelier D", "waitlisted", Some(1))];
    let r = templates().render(MessageKind::Waitlisted, Language::Fr, &data).unwrap();
    assert!(r.text.contains("Votre place dans la file : 3."), "{}", r.text);
    assert!(r.text.contains("Votre place dans la file : 1."), "{}", r.text);
    assert!(r.html.contains("Votre place dans la file : <strong>3</strong>"), "{}", r.html);
    let r = templates().render(MessageKind::Waitlisted, Language::En, &data).unwrap();
    assert!(r.text.contains("Your place in line: 3."), "{}", r.text);
}

#[test]
fn the_reminder_carries_the_join_link_and_the_replay_message_the_replay_link() {
    let templates = templates();
    let data = sample_data();
    let r = templates.render(MessageKind::Reminder, Language::Fr, &data).unwrap();
    assert!(r.text.contains("https://visio.example.org/j/42"));
    assert!(r.html.contains("<a href=\"https://visio.example.org/j/42\">Rejoindre la visio"));
    let r = templates.render(MessageKind::ReplayAvailable, Language::En, &data).unwrap();
    assert!(r.html.contains("<a href=\"https://replay.example.org/v/42\">Watch the recording"));
    // The confirmation shows the link too: the caller gives one only for a confirmed seat.
    let r = templates.render(MessageKind::RegistrationConfirmed, Language::Fr, &data).unwrap();
    assert!(r.text.contains("https://visio.example.org/j/42"));
}

#[test]
fn the_organiser_message_shows_the_organiser_text() {
    let mut data = sample_data();
    data.custom_subject = Some("Parking\r\nBcc: x@example.org & <accès>".to_owned());
    let r = templates().render(MessageKind::OrganiserMessage, Language::Fr, &data).unwrap();
    assert_eq!(r.subject, "Parking Bcc: x@example.org & <accès>");
    assert!(r.text.contains("Le parking est fermé.\nVenez en tram.\n\nMerci !"), "{}", r.text);
    assert!(r.html.contains("<p>Le parking est fermé.<br>Venez en tram.</p>\n<p>Merci !</p>"), "{}", r.html);
    assert!(r.html.contains("&lt;accès&gt;"));

    data.custom_subject = None;
    let r = templates().render(MessageKind::OrganiserMessage, Language::En, &data).unwrap();
    assert_eq!(r.subject, format!("Message from the organising team: {}", data.event_title));
}

#[test]
fn data_is_escaped_in_html_and_left_alone_in_text() {
    let mut data = sample_data();
    data.first_name = "<script>alert(1)</script>".to_owned();
    data.event_title = "Soins & \"partenariat\"".to_owned();
    data.sessions[0].title = "<b>Atelier</b>".to_owned();
    data.custom_body = Some("<img src=x onerror=alert(1)>".to_owned());
    for &kind in MessageKind::ALL {
        let r = templates().render(kind, Language::Fr, &data).unwrap();
        assert!(!r.html.contains("<script>"), "{kind}");
        assert!(r.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{kind}");
        assert!(!r.html.contains("<b>Atelier"), "{kind}");
        assert!(!r.html.contains("<img"), "{kind}");
        if kind != MessageKind::OrganiserSignIn {
            // (A sign-in link to an organiser names no event.)
            assert!(r.html.contains("Soins &amp; &quot;partenariat&quot;"), "{kind}");
        }
        assert!(r.text.contains("<script>alert(1)</script>"), "{kind}: text is not HTML");
        assert!(html_problems(&r.html).is_empty(), "{kind}");
    }
}

#[test]
fn minimal_data_renders_cleanly() {
    let data = MessageData {
        first_name: String::new(),
        event_title: "Atelier d'échanges".to_owned(),
        manage_url: MANAGE_URL.to_owned(),
        sessions: Vec::new(),
        custom_subject: None,
        custom_body: None,
    };
    let templates = templates();
    for &kind in MessageKind::ALL {
        for &lang in Language::ALL {
            let r = templates.render(kind, lang, &data).unwrap();
            assert!(r.text.starts_with("Bonjour,") || r.text.starts_with("Hello,"), "{}", r.text);
            assert!(!r.html.contains("<ul>\n</ul>"), "{kind}: empty list");
            assert!(!r.text.contains("\n\n\n"), "{kind}/{}: triple blank line\n{}", lang.as_str(), r.text);
            assert!(html_problems(&r.html).is_empty(), "{kind}");
        }
    }
}

#[test]
fn text_bodies_have_no_runs_of_blank_lines() {
    let templates = templates();
    for &kind in MessageKind::ALL {
        for &lang in Language::ALL {
            let r = templates.render(kind, lang, &sample_data()).unwrap();
            assert!(!r.text.contains("\n\n\n"), "{kind}/{}:\n{}", lang.as_str(), r.text);
            assert!(!r.text.lines().any(|l| l.ends_with(' ')), "{kind}: trailing space");
        }
    }
}

fn write(dir: &Path, name: &str, content: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, content).unwrap();
}

fn temp_dir(label: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("tisser-mail-{label}-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_broken_override_fails_load_and_names_the_file() {
    let dir = temp_dir("broken");
    write(&dir, "waitlisted/fr/body.html", "<p>{% if first_name %}never closed</p>");
    let err = Templates::load(Some(&dir)).unwrap_err();
    match &err {
        MailError::TemplateLoad { file, .. } => assert_eq!(file, "waitlisted/fr/body.html"),
        other => panic!("unexpected error {other:?}"),
    }
    assert!(err.to_string().contains("waitlisted/fr/body.html"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_override_with_a_typo_or_an_unknown_filter_fails_load() {
    for (source, label) in [
        ("{{ frist_name }} {{ manage_url }}", "undefined variable"),
        ("{{ manage_url | no_such_filter }}", "unknown filter"),
        ("{% extends \"_layout/fr/missing.txt\" %}", "missing layout"),
    ] {
        let dir = temp_dir("typo");
        write(&dir, "reminder/en/body.txt", source);
        let err = Templates::load(Some(&dir)).expect_err(label);
        assert!(
            err.to_string().contains("reminder/en/body.txt") || err.to_string().contains("missing.txt"),
            "{label}: {err}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

#[test]
fn an_override_that_drops_the_private_link_fails_load() {
    let dir = temp_dir("nolink");
    write(&dir, "promoted/en/body.txt", "Hello {{ first_name }}, you have a seat.");
    let err = Templates::load(Some(&dir)).unwrap_err();
    assert!(err.to_string().contains("promoted/en/body.txt"), "{err}");
    assert!(err.to_string().contains("manage_url"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_valid_override_replaces_the_embedded_template() {
    let dir = temp_dir("valid");
    write(&dir, "reminder/fr/subject.txt", "N'oubliez pas : {{ event_title }}\n");
    write(&dir, "_partials/fr/extra.txt", "Lien : {{ manage_url }}");
    write(&dir, "reminder/fr/body.txt", "Salut {{ first_name }}\n{% include \"_partials/fr/extra.txt\" %}\n");
    write(&dir, "README.md", "ignored");
    let templates = Templates::load(Some(&dir)).unwrap();
    assert_eq!(
        templates.overridden(),
        ["_partials/fr/extra.txt", "reminder/fr/body.txt", "reminder/fr/subject.txt"]
    );
    let r = templates.render(MessageKind::Reminder, Language::Fr, &sample_data()).unwrap();
    assert_eq!(r.subject, "N'oubliez pas : Journées Régionales du Partenariat en Santé");
    assert_eq!(r.text, format!("Salut Hélène\nLien : {MANAGE_URL}\n"));
    // Not overridden: still the embedded one.
    let r = templates.render(MessageKind::Reminder, Language::En, &sample_data()).unwrap();
    assert!(r.subject.starts_with("Reminder: "));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_repository_templates_load_as_an_override() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../mail-templates");
    let templates = Templates::load(Some(&dir)).unwrap();
    assert_eq!(templates.overridden().len(), 8 + MessageKind::ALL.len() * 6);
}

#[test]
fn a_missing_override_directory_is_an_error() {
    let err = Templates::load(Some(Path::new("/nonexistent/tisser-templates"))).unwrap_err();
    assert!(matches!(err, MailError::TemplateDir { .. }), "{err:?}");
}

#[test]
fn message_kinds_have_stable_names() {
    for &kind in MessageKind::ALL {
        assert_eq!(MessageKind::parse(kind.as_str()), Some(kind));
    }
    assert_eq!(MessageKind::LinkResent.as_str(), "link_resent");
    assert_eq!(MessageKind::parse("nope"), None);
}

#[test]
fn debug_output_does_not_print_personal_data() {
    let data = sample_data();
    let debug = format!("{data:?}");
    assert!(!debug.contains("Hélène") && !debug.contains(MANAGE_URL), "{debug}");
    let r = templates().render(MessageKind::Promoted, Language::Fr, &data).unwrap();
    let debug = format!("{r:?}");
    assert!(!debug.contains("Hélène") && !debug.contains(MANAGE_URL), "{debug}");
}

//! Prints one rendered message, for whoever edits the templates:
//!
//! ```text
//! cargo run -p tisser-mail --example preview -- waitlisted fr [TEMPLATE_DIR]
//! ```

use std::path::Path;
use std::process::ExitCode;

use tisser_mail::{Language, MessageData, MessageKind, SessionLine, Templates};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(kind), Some(lang)) =
        (args.first().and_then(|k| MessageKind::parse(k)), args.get(1).and_then(|l| Language::parse(l)))
    else {
        eprintln!("usage: preview KIND fr|en [TEMPLATE_DIR]");
        return ExitCode::FAILURE;
    };
    let templates = match Templates::load(args.get(2).map(Path::new)) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let data = MessageData {
        first_name: "Camille".to_owned(),
        event_title: "Journées Régionales du Partenariat en Santé 2024".to_owned(),
        manage_url: "https://tisser.example.org/manage/Xq3v9T2mLk".to_owned(),
        sessions: vec![
            SessionLine {
                title: "Atelier A : le partenariat en pratique".to_owned(),
                when: "mardi 23 avril 2024, 10 h 45 – 12 h 30 (heure de Paris)".to_owned(),
                room: Some("Salle Cap'Nobel".to_owned()),
                status: tisser_domain::ChoiceStatus::Confirmed,
                waitlist_position: None,
                join_url: None,
                replay_url: None,
            },
            SessionLine {
                title: "Déjeuner du Partenariat".to_owned(),
                when: "mardi 2 juillet 2024, 12 h 30 – 13 h 30 (heure de Paris)".to_owned(),
                room: None,
                status: tisser_domain::ChoiceStatus::Waitlisted,
                waitlist_position: Some(3),
                join_url: Some("https://visio.example.org/j/123".to_owned()),
                replay_url: Some("https://replay.example.org/v/123".to_owned()),
            },
        ],
        custom_subject: Some("Informations pratiques".to_owned()),
        custom_body: Some("Le parking est fermé.\nVenez en tram.\n\nMerci !".to_owned()),
    };
    match templates.render(kind, lang, &data) {
        Ok(r) => {
            println!("Subject: {}\n\n{}\n----- HTML -----\n{}", r.subject, r.text, r.html);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

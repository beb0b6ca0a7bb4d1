//! Plain view data of the import pages: the form, and the preview of a programme file (its
//! sessions day by day, its problems by line and column), every word already written in the
//! reader's language.

use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use tisser_domain::programme_file::{self, Planned, Problem};
use tisser_domain::wording;

use super::views::Bar;
use crate::error::Lang;
use crate::pages::texts::tx;
use crate::pages::views::{self, Field, FormErrors, SummaryError, capitalised, language};

/// The import page of an event.
pub fn import_href(slug: &str) -> String {
    format!("/organiser/events/{slug}/import")
}

/// A date as the form shows it: `17/10/2024`.
#[must_use]
pub fn typed_day(day: NaiveDate) -> String {
    day.format("%d/%m/%Y").to_string()
}

/// A calendar day in full words: « jeudi 17 octobre 2024 ».
fn day_in_words(day: NaiveDate, tz: Tz, lang: Lang) -> String {
    let noon = day.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or(NaiveTime::MIN));
    let at =
        tz.from_local_datetime(&noon).earliest().map_or_else(|| noon.and_utc(), |t| t.with_timezone(&Utc));
    wording::day(at, tz, language(lang))
}

/// The form: the file and the date of day 1.
#[derive(Serialize, Debug)]
pub struct UploadForm {
    pub action: String,
    pub csrf: String,
    pub file_error: Option<String>,
    pub first_day: Field,
}

impl UploadForm {
    /// `first_day` as typed (or prefilled); `known`: the first day of the current programme.
    #[must_use]
    pub fn new(
        slug: &str,
        csrf: String,
        (first_day, known): (&str, Option<NaiveDate>),
        errors: &FormErrors,
        tz: Tz,
        lang: Lang,
    ) -> Self {
        let note = match known {
            Some(day) => format!(
                "{} {} {}.",
                tx(lang, "org_imp_day_hint"),
                tx(lang, "org_imp_day_known"),
                day_in_words(day, tz, lang)
            ),
            None => format!("{} {}", tx(lang, "org_imp_day_hint"), tx(lang, "org_imp_day_none")),
        };
        Self {
            action: import_href(slug),
            csrf,
            file_error: errors.message("file"),
            first_day: Field::text("first_day", tx(lang, "org_imp_day_label"), first_day)
                .required()
                .hint(&note)
                .with_error(errors),
        }
    }

    /// The error summary of the form: each error a link to its field.
    #[must_use]
    pub fn summary(&self, errors: &FormErrors, lang: Lang) -> Vec<SummaryError> {
        errors.summary(&|field| match field {
            "first_day" => ("first_day".to_owned(), Some(self.first_day.label.clone())),
            _ => ("file".to_owned(), Some(tx(lang, "org_imp_file_label").to_owned())),
        })
    }
}

/// The import page: what to do, the files to start from, the form.
#[derive(Serialize, Debug)]
pub struct ImportPage {
    pub bar: Bar,
    pub h1: String,
    pub errors: Vec<SummaryError>,
    pub template_href: String,
    pub export_href: String,
    pub form: UploadForm,
}

impl ImportPage {
    #[must_use]
    pub fn new(
        bar: Bar,
        (slug, title): (&str, &str),
        form: UploadForm,
        errors: &FormErrors,
        lang: Lang,
    ) -> Self {
        Self {
            bar,
            h1: format!("{} : {title}", tx(lang, "org_imp_h1")),
            errors: form.summary(errors, lang),
            template_href: template_href(slug),
            export_href: export_href(slug),
            form,
        }
    }
}

/// The template's address.
#[must_use]
pub fn template_href(slug: &str) -> String {
    format!("/organiser/events/{slug}/modele-programme.csv")
}

/// The current programme's address.
#[must_use]
pub fn export_href(slug: &str) -> String {
    format!("/organiser/events/{slug}/programme.csv")
}

/// One problem of the file, in the table of problems.
#[derive(Serialize, Debug)]
pub struct ProblemLine {
    pub id: String,
    pub line: usize,
    /// The column's French name (as the template's header), or "the whole line".
    pub column: String,
    /// In the reader's language, then in the other one.
    pub message: String,
    pub other: String,
    pub other_lang: &'static str,
}

fn column_words(p: &Problem, lang: Lang) -> String {
    match (p.column, lang) {
        (Some(c), Lang::Fr) => programme_file::column_in_french(c).to_owned(),
        (Some(c), Lang::En) => {
            let french = programme_file::column_in_french(c);
            if french == c { c.to_owned() } else { format!("{french} ({})", c.replace('_', " ")) }
        }
        (None, _) => tx(lang, "org_imp_whole_line").to_owned(),
    }
}

fn problem_line(i: usize, p: &Problem, lang: Lang) -> ProblemLine {
    let (message, other, other_lang) = match lang {
        Lang::Fr => (p.fr.clone(), p.en.clone(), "en"),
        Lang::En => (p.en.clone(), p.fr.clone(), "fr"),
    };
    ProblemLine {
        id: format!("probleme-{}", i + 1),
        line: p.line,
        column: column_words(p, lang),
        message,
        other,
        other_lang,
    }
}

/// A session the import would create.
#[derive(Serialize, Debug)]
pub struct PlannedSession {
    pub hours: String,
    pub title: String,
    /// Kind, room, seats, registration, in one line.
    pub meta: String,
    pub facilitators: Option<String>,
    pub line: usize,
}

fn planned_session(p: &Planned, tz: Tz, lang: Lang) -> PlannedSession {
    let row = &p.row;
    let mut meta = vec![views::kind(row.kind, lang).to_owned()];
    if let Some(room) = &row.room {
        meta.push(format!("{} {room}", tx(lang, "session_room")));
    }
    meta.push(match row.capacity {
        None => tx(lang, "org_imp_seats_unlimited").to_owned(),
        Some(n @ (0 | 1)) => format!("{n} {}", tx(lang, "org_imp_seat")),
        Some(n) => format!("{n} {}", tx(lang, "org_imp_seats")),
    });
    meta.push(
        tx(
            lang,
            if row.requires_registration { "org_imp_registration_yes" } else { "org_imp_registration_no" },
        )
        .to_owned(),
    );
    let people = row.people();
    PlannedSession {
        hours: capitalised(&wording::hours(p.slot.start(), p.slot.end(), tz, language(lang))),
        title: row.title.clone(),
        meta: meta.join(" · "),
        facilitators: (!people.is_empty()).then(|| people.join(", ")),
        line: row.line,
    }
}

/// The sessions of one day of the file.
#[derive(Serialize, Debug)]
pub struct PlannedDay {
    pub heading: String,
    pub sessions: Vec<PlannedSession>,
}

/// Day by day (the file's day numbers), in time order within a day.
fn planned_days(sessions: &[Planned], tz: Tz, lang: Lang) -> Vec<PlannedDay> {
    let mut sorted: Vec<&Planned> = sessions.iter().collect();
    sorted.sort_by_key(|p| (p.row.day, p.slot.start(), p.slot.end(), p.row.line));
    let mut days: Vec<(u32, PlannedDay)> = Vec::new();
    for p in sorted {
        let item = planned_session(p, tz, lang);
        match days.last_mut() {
            Some((day, d)) if *day == p.row.day => d.sessions.push(item),
            _ => {
                let words = wording::day(p.slot.start(), tz, language(lang));
                let heading = match lang {
                    Lang::Fr => format!("Jour {} : {words}", p.row.day + 1),
                    Lang::En => format!("Day {}: {words}", p.row.day + 1),
                };
                days.push((p.row.day, PlannedDay { heading, sessions: vec![item] }));
            }
        }
    }
    days.into_iter().map(|(_, d)| d).collect()
}

/// What "Confirmer l'import" posts back: the rows as a programme file (CSV), the lines they
/// came from, the first day. The store reads and checks them all again.
#[derive(Serialize, Debug)]
pub struct ConfirmForm {
    pub action: String,
    pub csrf: String,
    pub rows: String,
    pub lines: String,
    pub first_day: String,
}

/// The preview: with problems, their summary, their table, what was understood and the form
/// again; without, every session day by day and the confirmation.
#[derive(Serialize, Debug)]
pub struct PreviewPage {
    pub bar: Bar,
    pub h1: String,
    pub errors: Vec<SummaryError>,
    /// How many sessions, or how many problems; and what happens now.
    pub lead: Vec<String>,
    pub problems: Vec<ProblemLine>,
    pub days: Vec<PlannedDay>,
    pub confirm: Option<ConfirmForm>,
    /// The form again, when the file has problems.
    pub form: Option<UploadForm>,
    pub import_href: String,
}

/// What a preview is made of.
pub struct PreviewInput<'a> {
    pub bar: Bar,
    pub slug: &'a str,
    pub title: &'a str,
    pub tz: Tz,
    pub sessions: &'a [Planned],
    pub problems: &'a [Problem],
    /// The store refused at confirmation: the programme changed meanwhile.
    pub changed: bool,
    /// Sessions without problems: the confirmation; problems: the form again.
    pub next: Result<ConfirmForm, UploadForm>,
}

impl PreviewPage {
    #[must_use]
    pub fn new(input: PreviewInput<'_>, lang: Lang) -> Self {
        let problems: Vec<ProblemLine> =
            input.problems.iter().enumerate().map(|(i, p)| problem_line(i, p, lang)).collect();
        let errors = problems
            .iter()
            .map(|p| SummaryError {
                target: p.id.clone(),
                message: match lang {
                    Lang::Fr => format!("Ligne {}, colonne « {} » — {}", p.line, p.column, p.message),
                    Lang::En => format!("Line {}, column “{}” — {}", p.line, p.column, p.message),
                },
            })
            .collect();
        let n = input.sessions.len();
        let lead = if problems.is_empty() {
            vec![
                match n {
                    1 => tx(lang, "org_imp_will_add_one").to_owned(),
                    n => format!("{n} {}", tx(lang, "org_imp_will_add_many")),
                },
                format!("{} {}", tx(lang, "org_imp_nothing_saved"), tx(lang, "org_imp_check")),
            ]
        } else {
            let mut lead = Vec::new();
            if input.changed {
                lead.push(tx(lang, "org_imp_changed").to_owned());
            }
            lead.push(match problems.len() {
                1 => tx(lang, "org_imp_problems_one").to_owned(),
                n => format!("{n} {}", tx(lang, "org_imp_problems_many")),
            });
            lead.push(tx(lang, "org_imp_nothing_written").to_owned());
            lead
        };
        let (confirm, form) = match input.next {
            Ok(confirm) => (Some(confirm), None),
            Err(form) => (None, Some(form)),
        };
        Self {
            bar: input.bar,
            h1: format!("{} : {}", tx(lang, "org_imp_preview_h1"), input.title),
            errors,
            lead,
            problems,
            days: planned_days(input.sessions, input.tz, lang),
            confirm,
            form,
            import_href: import_href(input.slug),
        }
    }
}

/// The import pages with sample data, for the start-up check of the templates.
pub fn samples(
    pages: &crate::pages::Pages,
    (shell, with_errors): (&crate::pages::Shell, &crate::pages::Shell),
    tz: Tz,
    lang: Lang,
) -> Vec<(&'static str, Result<String, minijinja::Error>)> {
    use tisser_domain::Role;

    let bar = || Bar::new("Anne", "a@example.org", Role::Organiser, "0".repeat(64), lang);
    let day = NaiveDate::from_ymd_opt(2030, 4, 23).unwrap_or_default();
    let mut errors = FormErrors::default();
    errors.push("file", tx(lang, "org_imp_err_no_file"));
    errors.push("first_day", tx(lang, "org_imp_err_day"));
    let form =
        |errors: &FormErrors, known| UploadForm::new("x", "0".repeat(64), ("", known), errors, tz, lang);
    let text = "jour,début,fin,titre,type,places,animateurs\n1,9:00,10:00,Ouverture,plénière,,Ana Roy (co-animatrice)\n\
                1,10:45,12:00,Atelier A,atelier,29,\n1,9:00,8:00,Atelier B,atelier,1,\n1,9:00,8:00,Atelier C,autre chose,x,\n";
    let reading = programme_file::read_file(text.as_bytes());
    let rows = reading.rows.clone();
    let plan = programme_file::plan(&rows, tz, day, &[]);
    let preview = |problems: &[Problem], changed, next| {
        PreviewPage::new(
            PreviewInput {
                bar: bar(),
                slug: "x",
                title: "E",
                tz,
                sessions: &plan.sessions,
                problems,
                changed,
                next,
            },
            lang,
        )
    };
    let confirm = || ConfirmForm {
        action: "/organiser/events/x/import/confirm".into(),
        csrf: "0".repeat(64),
        rows: programme_file::write(&rows),
        lines: "2,3".into(),
        first_day: "2030-04-23".into(),
    };
    let mut problems = reading.problems.clone();
    problems.extend(plan.problems.clone());
    vec![
        (
            "organiser/import.html",
            pages.render(
                "organiser/import.html",
                shell,
                &ImportPage::new(
                    bar(),
                    ("x", "E"),
                    form(&FormErrors::default(), Some(day)),
                    &FormErrors::default(),
                    lang,
                ),
            ),
        ),
        (
            "organiser/import.html",
            pages.render(
                "organiser/import.html",
                with_errors,
                &ImportPage::new(bar(), ("x", "E"), form(&errors, None), &errors, lang),
            ),
        ),
        (
            "organiser/import_preview.html",
            pages.render("organiser/import_preview.html", shell, &preview(&[], false, Ok(confirm()))),
        ),
        (
            "organiser/import_preview.html",
            pages.render(
                "organiser/import_preview.html",
                with_errors,
                &preview(&problems, true, Err(form(&FormErrors::default(), Some(day)))),
            ),
        ),
    ]
}

//! Sample data to test-render every page at start-up, in both languages: a template that
//! names a missing field or text fails `tisser serve` before it listens.

use chrono::{DateTime, Duration, TimeZone, Utc};
use tisser_domain::{
    Capacity, ChoiceStatus, Event, EventFormat, EventId, EventStatus, Facilitator, Language, RegistrationId,
    RegistrationStatus, RegistrationWindow, SessionId, SessionKind, SessionStatus, Slug, TimeSlot,
};
use tisser_persistence::{ChoiceRecord, Document, EventRecord, RegistrationRecord, SessionRecord};

use super::error::PageError;
use super::views::{
    self, AccessibilityPage, CancelPage, ClosedPage, ConfirmationLine, ConfirmationPage, EmailFormPage,
    EventCard, EventPage, FormErrors, HomeGroup, HomePage, Link, ManagePage, MessagePage, PublicSession,
    RegState, RegisterInput, RegisterPage, RegisterValues, SeriesPage,
};
use super::{Pages, Shell, TemplateError};
use crate::error::Lang;

fn at(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2030, 4, 23, h, m, 0).single().unwrap_or(DateTime::<Utc>::MIN_UTC)
}

fn session(
    title: &str,
    kind: SessionKind,
    start: (u32, u32),
    end: (u32, u32),
    capacity: Option<u32>,
) -> SessionRecord {
    let slot = TimeSlot::new(at(start.0, start.1), at(end.0, end.1)).unwrap_or_else(|_| whole_time());
    SessionRecord {
        id: SessionId::new(),
        event_id: EventId::new(),
        title: title.to_owned(),
        kind,
        description: Some("Une description.\nSur deux lignes.".into()),
        slot,
        room: Some("Salle 1".into()),
        capacity: Capacity::from_option(capacity),
        taken: capacity.map_or(0, |c| c.min(3)),
        waitlist_length: 0,
        requires_registration: capacity.is_some(),
        status: SessionStatus::Scheduled,
        facilitators: vec![Facilitator { name: "Anne <Exemple>".into(), role: Some("co-animatrice".into()) }],
        documents: vec![Document { title: "Présentation".into(), url: "/docs/presentation.pdf".into() }],
        online_url: Some("https://visio.example.org/sample".into()),
        replay_url: Some("https://replay.example.org/sample".into()),
        updated_at: at(0, 0),
    }
}

/// A slot that always exists (the samples' times are fixed and ordered: never used).
fn whole_time() -> TimeSlot {
    let start = DateTime::<Utc>::MIN_UTC;
    TimeSlot::new(start, DateTime::<Utc>::MAX_UTC).unwrap_or_else(|_| whole_time())
}

fn bad(detail: impl std::fmt::Display) -> TemplateError {
    TemplateError { name: "samples".into(), detail: detail.to_string() }
}

/// Renders every page in both languages with sample data.
pub fn check(pages: &Pages) -> Result<(), TemplateError> {
    let event = EventRecord {
        event: Event {
            id: EventId::new(),
            slug: Slug::parse("exemple").map_err(bad)?,
            title: "Journées d'exemple".into(),
            description: Some("Deux journées.\nPour se rencontrer.".into()),
            timezone: chrono_tz::Europe::Paris,
            format: EventFormat::Hybrid,
            venue: Some("Narbonne".into()),
            capacity: Capacity::Limited(130),
            window: RegistrationWindow::default(),
            status: EventStatus::Published,
            series_id: None,
            created_by: None,
        },
        series_slug: None,
        starts_at: Some(at(7, 0)),
        ends_at: Some(at(20, 0)),
        taken: 3,
        waitlist_length: 0,
    };
    let programme = vec![
        session("Ouverture", SessionKind::Plenary, (7, 0), (7, 30), None),
        session("Atelier A", SessionKind::Workshop, (8, 45), (10, 30), Some(29)),
        session("Atelier B", SessionKind::Workshop, (8, 45), (10, 30), Some(3)),
        session("Dîner", SessionKind::Social, (17, 30), (20, 0), Some(26)),
    ];
    let registration = RegistrationRecord {
        id: RegistrationId::new(),
        event_id: event.event.id,
        event_slug: "exemple".into(),
        email: Some("personne@example.org".into()),
        first_name: "Hélène".into(),
        last_name: "Dupré".into(),
        profile: None,
        organization: None,
        language: Language::Fr,
        accessibility_needs: None,
        dietary_requirements: None,
        status: RegistrationStatus::Confirmed,
        waitlist_position: None,
        created_at: at(0, 0),
        updated_at: at(0, 0),
        choices: vec![
            ChoiceRecord {
                session_id: programme[1].id,
                title: "Atelier A".into(),
                slot: programme[1].slot,
                status: ChoiceStatus::Confirmed,
                waitlist_position: None,
            },
            ChoiceRecord {
                session_id: programme[3].id,
                title: "Dîner".into(),
                slot: programme[3].slot,
                status: ChoiceStatus::Waitlisted,
                waitlist_position: Some(2),
            },
        ],
    };
    let now = at(0, 0) - Duration::days(30);
    let tz = event.event.timezone;
    for lang in [Lang::Fr, Lang::En] {
        let shell = |errors: bool| Shell::new(lang, &["Exemple"], "/exemple").errors(errors);
        let mut errors = FormErrors::default();
        errors.push("email", "Ce champ est obligatoire.");
        errors.push("slot-0", "Choix impossible.");
        errors.push("first_name", "Ce champ est obligatoire.");
        let card = || {
            let mut c = EventCard::new(&event, now, lang);
            c.replays = vec![Link { title: "Replay".into(), url: "https://replay.example.org/x".into() }];
            c
        };
        let values = RegisterValues { email: "x@example.org".into(), ..RegisterValues::default() };
        let register = |values: &RegisterValues, errors: &FormErrors, programme: &[SessionRecord]| {
            RegisterPage::new(
                RegisterInput {
                    event: &event,
                    programme,
                    values,
                    errors,
                    csrf: "0".repeat(64),
                    retention_days: 365,
                    contact: "contact@example.org",
                },
                lang,
            )
        };
        let manage = |r: &RegistrationRecord, errors: &FormErrors| {
            let mut page = ManagePage {
                link_made: "Lien fait le".into(),
                event_title: event.event.title.clone(),
                greeting: "Bonjour".into(),
                state: "confirmed",
                status_text: views::registration_status(r, lang).1,
                reregister_href: Some("/events/exemple/register".into()),
                saved: Some("Enregistré".into()),
                errors: Vec::new(),
                dates: views::event_dates(&event, lang),
                place: views::place(&event, lang),
                event_href: "/events/exemple".into(),
                zone_note: views::zone_note(tz, lang),
                days: views::own_programme(r, &programme, tz, lang),
                csrf: "0".repeat(64),
                choices: views::change_groups(r, &programme, None, errors, tz, lang, views::Voice::Own),
                choices_action: "/manage/x/choices".into(),
                details: Some(views::details_form(&views::values_of(r), true, errors, lang)),
                details_action: "/manage/x/details".into(),
                email_line: "personne@example.org".into(),
                ics_href: Some("/api/v1/manage/x/calendar.ics".into()),
                cancel_href: Some("/manage/x/cancel".into()),
            };
            page.errors = errors.summary(&|f| views::manage_target(f, &page));
            page
        };
        let series = |description: Vec<String>, upcoming: Vec<EventCard>, past: Vec<EventCard>| SeriesPage {
            title: "Série".into(),
            description,
            upcoming,
            past,
            webcal_url: "webcal://example.org/x.ics".into(),
            https_url: "https://example.org/x.ics".into(),
        };
        let lone = vec![programme[0].clone(), programme[3].clone()];
        let single = vec![programme[1].clone()];
        let renders: Vec<(&str, Result<String, minijinja::Error>)> = vec![
            (
                "home.html",
                pages.render(
                    "home.html",
                    &shell(false),
                    &HomePage {
                        groups: vec![HomeGroup {
                            heading: "Groupe".into(),
                            intro: Some("Intro".into()),
                            series_href: Some("/series/x".into()),
                            events: vec![card()],
                        }],
                    },
                ),
            ),
            ("home.html", pages.render("home.html", &shell(false), &HomePage { groups: Vec::new() })),
            (
                "event.html",
                pages.render(
                    "event.html",
                    &shell(false),
                    &EventPage {
                        title: event.event.title.clone(),
                        series_title: Some("Série".into()),
                        series_href: Some("/series/x".into()),
                        dates: views::event_dates(&event, lang),
                        place: views::place(&event, lang),
                        state: RegState::Open.as_str(),
                        state_text: RegState::Open.sentence(&event, lang),
                        register_href: Some("/events/exemple/register".into()),
                        description: views::paragraphs(event.event.description.as_deref()),
                        zone_note: views::zone_note(tz, lang),
                        days: views::by_day(&programme, tz, lang, |s| PublicSession::new(s, tz, lang)),
                        ics_href: "/api/v1/events/exemple/calendar.ics".into(),
                        series_webcal: Some("webcal://example.org/x.ics".into()),
                    },
                ),
            ),
            (
                "register.html",
                pages.render("register.html", &shell(true), &register(&values, &errors, &programme)),
            ),
            (
                "register.html",
                pages.render(
                    "register.html",
                    &shell(false),
                    &register(&values, &FormErrors::default(), &lone),
                ),
            ),
            (
                "register.html",
                pages.render(
                    "register.html",
                    &shell(false),
                    &register(&values, &FormErrors::default(), &single),
                ),
            ),
            (
                "closed.html",
                pages.render(
                    "closed.html",
                    &shell(false),
                    &ClosedPage {
                        h1: "S'inscrire".into(),
                        state: "closed",
                        state_text: RegState::Over.sentence(&event, lang),
                        event_href: "/events/exemple".into(),
                    },
                ),
            ),
            (
                "confirmation.html",
                pages.render(
                    "confirmation.html",
                    &shell(false),
                    &ConfirmationPage {
                        h1: "Ok".into(),
                        summary: "Ok".into(),
                        mail_note: "Mail".into(),
                        event_title: event.event.title.clone(),
                        dates: views::event_dates(&event, lang),
                        place: views::place(&event, lang),
                        lines: vec![ConfirmationLine {
                            title: "A".into(),
                            when: "B".into(),
                            state: "confirmed",
                            status: "C".into(),
                        }],
                        manage_href: "/manage/x".into(),
                        ics_href: "/api/v1/manage/x/calendar.ics".into(),
                    },
                ),
            ),
            (
                "series.html",
                pages.render(
                    "series.html",
                    &shell(false),
                    &series(
                        vec!["Description".into()],
                        vec![card()],
                        vec![card(), EventCard::new(&event, now, lang)],
                    ),
                ),
            ),
            (
                "series.html",
                pages.render("series.html", &shell(false), &series(Vec::new(), Vec::new(), Vec::new())),
            ),
            (
                "lost_link.html",
                pages.render(
                    "lost_link.html",
                    &shell(true),
                    &EmailFormPage {
                        csrf: "0".repeat(64),
                        errors: errors.summary(&|_| ("email".into(), None)),
                        email: views::Field::text("email", "E-mail", "x")
                            .email()
                            .required()
                            .with_error(&errors),
                    },
                ),
            ),
            ("lost_link_sent.html", pages.render("lost_link_sent.html", &shell(false), &())),
            (
                "accessibility.html",
                pages.render(
                    "accessibility.html",
                    &shell(false),
                    &AccessibilityPage { contact: "contact@example.org".into() },
                ),
            ),
            ("manage.html", pages.render("manage.html", &shell(true), &manage(&registration, &errors))),
            (
                "manage.html",
                pages.render("manage.html", &shell(false), &{
                    let mut cancelled = registration.clone();
                    cancelled.status = RegistrationStatus::Cancelled;
                    let mut page = manage(&cancelled, &FormErrors::default());
                    page.details = None;
                    page.choices = Vec::new();
                    page.ics_href = None;
                    page.cancel_href = None;
                    page.saved = None;
                    page
                }),
            ),
            (
                "cancel.html",
                pages.render(
                    "cancel.html",
                    &shell(false),
                    &CancelPage {
                        event_title: "E".into(),
                        dates: "D".into(),
                        action: "/manage/x/cancel".into(),
                        back_href: "/manage/x".into(),
                        csrf: "0".repeat(64),
                    },
                ),
            ),
            (
                "error.html",
                pages.render("error.html", &shell(false), &{
                    let (h1, paragraphs) = PageError::NotFound.words(lang);
                    MessagePage { h1, paragraphs }
                }),
            ),
        ];
        let mut renders = renders;
        renders.extend(organiser_pages(
            pages,
            &shell(false),
            &shell(true),
            (&event, &registration),
            &errors,
            lang,
        ));
        renders.extend(editor_pages(pages, (&shell(false), &shell(true)), (&event, &programme), lang));
        renders.extend(person_pages(
            pages,
            (&shell(false), &shell(true)),
            (&event, &programme, &registration),
            (register(&values, &errors, &programme), &errors),
            lang,
        ));
        renders.extend(super::organiser::import_views::samples(
            pages,
            (&shell(false), &shell(true)),
            event.event.timezone,
            lang,
        ));
        for (name, rendered) in renders {
            let html =
                rendered.map_err(|e| TemplateError { name: name.to_owned(), detail: format!("{e:#}") })?;
            if !html.contains("<h1") || !html.contains("</html>") {
                return Err(TemplateError {
                    name: name.to_owned(),
                    detail: "renders no h1 or no whole page".into(),
                });
            }
        }
    }
    Ok(())
}

/// The organisers' pages, with sample data.
fn organiser_pages(
    pages: &Pages,
    shell: &Shell,
    with_errors: &Shell,
    (event, registration): (&EventRecord, &RegistrationRecord),
    errors: &FormErrors,
    lang: Lang,
) -> Vec<(&'static str, Result<String, minijinja::Error>)> {
    use tisser_domain::{Organiser, OrganiserId, Role};
    use tisser_persistence::{EventFill, FillRates, SessionFill};

    use super::organiser::views::{
        AccountLine, Bar, CheckinPage, ConfirmPage, DashboardPage, EventSummary, LinkGonePage, NewToken,
        OpenSession, RegistrationsPage, SessionsPage, Shown,
    };

    let admin = Organiser {
        id: OrganiserId::new(),
        email: "a@example.org".into(),
        name: "Anne".into(),
        role: Role::Admin,
    };
    let bar = || Bar::new(&admin.name, &admin.email, admin.role, "0".repeat(64), lang);
    let fill = |title: &str, capacity: Capacity, open_to_all: bool, status: SessionStatus| SessionFill {
        id: SessionId::new(),
        title: title.into(),
        kind: SessionKind::Workshop,
        status,
        slot: TimeSlot::new(at(8, 45), at(10, 30)).unwrap_or_else(|_| whole_time()),
        open_to_all,
        capacity,
        confirmed: 18,
        waitlisted: 3,
        cancelled: 1,
        checked_in: 1,
        absent: 0,
    };
    let rates = FillRates {
        sessions: vec![
            fill("Ouverture", Capacity::Unlimited, true, SessionStatus::Scheduled),
            fill("Atelier A", Capacity::Limited(29), false, SessionStatus::Scheduled),
            fill("Atelier B", Capacity::Limited(15), false, SessionStatus::Cancelled),
            fill("Webinaire", Capacity::Unlimited, false, SessionStatus::Scheduled),
        ],
        totals: EventFill {
            capacity: Capacity::Limited(130),
            confirmed: 1,
            waitlisted: 3,
            cancelled: 0,
            checked_in: 0,
        },
    };
    let mut draft = event.clone();
    draft.event.status = EventStatus::Draft;
    let empty = FillRates { sessions: Vec::new(), totals: rates.totals.clone() };
    let gone = |h1: &str| LinkGonePage { h1: h1.into(), reason: "Raison".into() };
    let workshop = session("Atelier B", SessionKind::Workshop, (8, 45), (10, 30), Some(15));
    let person = |first: &str, last: &str, here: bool| tisser_persistence::Attendee {
        registration_id: tisser_domain::RegistrationId::new(),
        first_name: first.into(),
        last_name: last.into(),
        organization: Some("CHU <Lyon>".into()),
        checked_in_at: here.then(|| at(8, 40)),
    };
    let people = [person("Hélène", "Dupré", true), person("Ana", "Martin", false)];
    let check_in = |q: &str, people: &[tisser_persistence::Attendee]| {
        pages.render(
            "organiser/check_in.html",
            shell,
            &CheckinPage::new(bar(), event, &workshop, people, q, lang),
        )
    };
    let registrations = |records: Vec<RegistrationRecord>, shown: &Shown| {
        let programme = [workshop.clone()];
        let page = RegistrationsPage::new(bar(), event, &programme, records, shown, lang);
        pages.render("organiser/registrations.html", shell, &page)
    };
    let many = vec![registration.clone(); 120];
    vec![
        ("organiser/registrations.html", registrations(many.clone(), &Shown { page: 2, ..Shown::default() })),
        (
            "organiser/registrations.html",
            registrations(many, &Shown { q: "zz".into(), by_date: true, ..Shown::default() }),
        ),
        ("organiser/check_in.html", check_in("", &people)),
        ("organiser/check_in.html", check_in("dup", &people)),
        ("organiser/check_in.html", check_in("zz", &people)),
        ("organiser/check_in.html", check_in("", &[])),
        (
            "organiser/sign_in.html",
            pages.render(
                "organiser/sign_in.html",
                with_errors,
                &EmailFormPage {
                    csrf: "0".repeat(64),
                    errors: errors.summary(&|_| ("email".into(), None)),
                    email: views::Field::text("email", "E-mail", "x").email().required().with_error(errors),
                },
            ),
        ),
        ("organiser/sign_in_sent.html", pages.render("organiser/sign_in_sent.html", shell, &())),
        (
            "organiser/confirm.html",
            pages.render(
                "organiser/confirm.html",
                shell,
                &ConfirmPage { csrf: "0".repeat(64), action: "/organiser/sign-in/x".into() },
            ),
        ),
        ("organiser/link_gone.html", pages.render("organiser/link_gone.html", shell, &gone("Parti"))),
        ("organiser/signed_out.html", pages.render("organiser/signed_out.html", shell, &())),
        (
            "organiser/dashboard.html",
            pages.render(
                "organiser/dashboard.html",
                shell,
                &DashboardPage {
                    bar: bar(),
                    done: Some("2 temps".into()),
                    events: vec![
                        EventSummary::new(event, &rates, lang),
                        EventSummary::new(&draft, &empty, lang),
                    ],
                },
            ),
        ),
        (
            "organiser/dashboard.html",
            pages.render(
                "organiser/dashboard.html",
                shell,
                &DashboardPage { bar: bar(), done: None, events: Vec::new() },
            ),
        ),
        (
            "organiser/sessions.html",
            pages.render(
                "organiser/sessions.html",
                shell,
                &SessionsPage {
                    bar: bar(),
                    done: Some("Fait".into()),
                    new_token: Some(NewToken { who: "Anne".into(), token: "tsr_x".into() }),
                    accounts: vec![AccountLine {
                        who: "Anne (a@example.org)".into(),
                        name: "Anne".into(),
                        email: "a@example.org".into(),
                        role: "admin".into(),
                        token: "Jeton".into(),
                        revoke_action: Some("/organiser/accounts/x/token/revoke".into()),
                        new_action: "/organiser/accounts/x/token/new".into(),
                    }],
                    sessions: vec![OpenSession {
                        who: "Anne".into(),
                        lines: vec!["Depuis".into()],
                        mine: true,
                        action: "/organiser/sessions/x/revoke".into(),
                    }],
                },
            ),
        ),
        (
            "organiser/sessions.html",
            pages.render(
                "organiser/sessions.html",
                shell,
                &SessionsPage {
                    bar: bar(),
                    done: None,
                    new_token: None,
                    accounts: Vec::new(),
                    sessions: Vec::new(),
                },
            ),
        ),
    ]
}

/// The organisers' pages about one person, the form on someone's behalf, the messages.
fn person_pages(
    pages: &Pages,
    (shell, with_errors): (&Shell, &Shell),
    (event, programme, registration): (&EventRecord, &[SessionRecord], &RegistrationRecord),
    (form, errors): (RegisterPage, &FormErrors),
    lang: Lang,
) -> Vec<(&'static str, Result<String, minijinja::Error>)> {
    use tisser_domain::Role;
    use tisser_persistence::{MessageRecord, PersonData};

    use super::organiser::person_views::{
        ConfirmActionPage, Hidden, MessagesPage, OnBehalfPage, PersonInput, PersonPage, Preview,
    };
    use super::organiser::views::{Bar, SelectOption};

    let bar = || Bar::new("Anne", "a@example.org", Role::Organiser, "0".repeat(64), lang);
    let message = |status: &str, sent: bool| MessageRecord {
        kind: "registration_confirmed".into(),
        status: status.into(),
        created_at: at(8, 0),
        sent_at: sent.then(|| at(8, 1)),
    };
    let data = PersonData {
        registration: registration.clone(),
        erased_at: None,
        checkins: Vec::new(),
        messages: vec![message("sent", true), message("pending", false), message("failed", false)],
        active_links: 1,
    };
    let mut erased = data.clone();
    erased.erased_at = Some(at(9, 0));
    erased.registration.email = None;
    erased.messages = Vec::new();
    erased.registration.choices = Vec::new();
    let no_errors = FormErrors::default();
    let person = |data: &PersonData, done: Option<&str>, errors: &FormErrors| {
        PersonPage::new(PersonInput { bar: bar(), event, programme, data, done, posted: None, errors }, lang)
    };
    let messages = |errors: &FormErrors, preview: Option<Preview>, sent: Option<String>| MessagesPage {
        bar: bar(),
        event: "E".into(),
        action: "/organiser/events/x/messages".into(),
        csrf: "0".repeat(64),
        errors: errors.summary(&|_| ("subject".into(), None)),
        sessions: vec![SelectOption { value: String::new(), text: "Tous".into(), selected: true }],
        subject: views::Field::text("subject", "Objet", "Bonjour").required().with_error(errors),
        body: views::Field::text("body", "Message", "Texte\nsur deux lignes").multiline().with_error(errors),
        preview,
        sent,
    };
    let preview = |nobody: bool| Preview {
        reach: "2 personnes".into(),
        subject: "Objet".into(),
        paragraphs: vec!["Texte".into()],
        nobody,
    };
    vec![
        (
            "organiser/person.html",
            pages.render("organiser/person.html", shell, &person(&data, Some("moved"), &no_errors)),
        ),
        (
            "organiser/person.html",
            pages.render("organiser/person.html", with_errors, &person(&data, None, errors)),
        ),
        (
            "organiser/person.html",
            pages.render("organiser/person.html", shell, &person(&erased, Some("erased"), &no_errors)),
        ),
        (
            "organiser/confirm_action.html",
            pages.render(
                "organiser/confirm_action.html",
                shell,
                &ConfirmActionPage {
                    bar: bar(),
                    h1: "Effacer ?".into(),
                    lines: vec!["Ligne".into()],
                    people: vec!["Ana Martin".into()],
                    hidden: vec![Hidden { name: "title".into(), value: "Atelier <A>".into() }],
                    action: "/organiser/events/x/registrations/y/erase".into(),
                    button: "Oui".into(),
                    danger: true,
                    back_href: "/organiser/events/x/registrations/y".into(),
                    back: "Non".into(),
                },
            ),
        ),
        (
            "organiser/register.html",
            pages.render(
                "organiser/register.html",
                with_errors,
                &OnBehalfPage::new(bar(), form, event, lang),
            ),
        ),
        (
            "organiser/messages.html",
            pages.render("organiser/messages.html", shell, &messages(&no_errors, None, None)),
        ),
        (
            "organiser/messages.html",
            pages.render("organiser/messages.html", with_errors, &messages(errors, None, None)),
        ),
        (
            "organiser/messages.html",
            pages.render("organiser/messages.html", shell, &messages(&no_errors, Some(preview(false)), None)),
        ),
        (
            "organiser/messages.html",
            pages.render(
                "organiser/messages.html",
                shell,
                &messages(&no_errors, Some(preview(true)), Some("1".into())),
            ),
        ),
    ]
}

/// The editor's pages: an event's form (new, with its actions, with errors), its preview,
/// copying it, the programme, a session's form (new, with registrants, with errors).
fn editor_pages(
    pages: &Pages,
    (shell, with_errors): (&Shell, &Shell),
    (event, programme): (&EventRecord, &[SessionRecord]),
    lang: Lang,
) -> Vec<(&'static str, Result<String, minijinja::Error>)> {
    use tisser_domain::Role;

    use super::organiser::editor_form::{EventValues, SessionValues};
    use super::organiser::editor_views::{
        CopyPage, CopyValues, EventFormPage, PreviewPage, ProgrammePage, SessionFormPage,
    };
    use super::organiser::views::Bar;

    let bar = || Bar::new("Anne", "a@example.org", Role::Organiser, "0".repeat(64), lang);
    let tz = event.event.timezone;
    let none = FormErrors::default();
    let mut errors = FormErrors::default();
    for field in ["title", "format", "capacity", "opens_date", "kind", "requires", "day", "documents", "slug"]
    {
        errors.push(field, "Erreur <exemple>.");
    }
    let values = EventValues::of(event);
    let mut draft = event.clone();
    draft.event.status = EventStatus::Draft;
    let session_values = SessionValues::of(&programme[1], tz);
    let preview = PreviewPage {
        event: EventPage {
            title: event.event.title.clone(),
            series_title: None,
            series_href: None,
            dates: views::event_dates(event, lang),
            place: views::place(event, lang),
            state: RegState::Open.as_str(),
            state_text: RegState::Open.sentence(event, lang),
            register_href: None,
            description: views::paragraphs(event.event.description.as_deref()),
            zone_note: views::zone_note(tz, lang),
            days: views::by_day(programme, tz, lang, |s| PublicSession::new(s, tz, lang)),
            ics_href: "/api/v1/events/exemple/calendar.ics".into(),
            series_webcal: None,
        },
        preview_note: "Aperçu".into(),
        back_href: "/organiser/events/exemple/edit".into(),
        back: "Retour".into(),
    };
    let event_form = |values: &EventValues, errors: &FormErrors, e: Option<(&EventRecord, usize)>| {
        EventFormPage::new(bar(), (values, errors), e, Some("saved"), lang)
    };
    let session_form = |errors: &FormErrors, s: Option<&SessionRecord>| {
        SessionFormPage::new(bar(), event, (&session_values, errors), s, lang)
    };
    let copy = |errors: &FormErrors| CopyPage::new(bar(), event, (&CopyValues::default(), errors), lang);
    vec![
        (
            "organiser/event_form.html",
            pages.render("organiser/event_form.html", shell, &event_form(&EventValues::blank(), &none, None)),
        ),
        (
            "organiser/event_form.html",
            pages.render("organiser/event_form.html", shell, &event_form(&values, &none, Some((&draft, 0)))),
        ),
        (
            "organiser/event_form.html",
            pages.render(
                "organiser/event_form.html",
                with_errors,
                &event_form(&values, &errors, Some((event, 4))),
            ),
        ),
        ("organiser/preview.html", pages.render("organiser/preview.html", shell, &preview)),
        ("organiser/copy.html", pages.render("organiser/copy.html", shell, &copy(&none))),
        ("organiser/copy.html", pages.render("organiser/copy.html", with_errors, &copy(&errors))),
        (
            "organiser/programme.html",
            pages.render(
                "organiser/programme.html",
                shell,
                &ProgrammePage::new(bar(), event, programme, Some("changed"), lang),
            ),
        ),
        (
            "organiser/programme.html",
            pages.render(
                "organiser/programme.html",
                shell,
                &ProgrammePage::new(bar(), event, &[], None, lang),
            ),
        ),
        (
            "organiser/session_form.html",
            pages.render("organiser/session_form.html", shell, &session_form(&none, None)),
        ),
        (
            "organiser/session_form.html",
            pages.render(
                "organiser/session_form.html",
                with_errors,
                &session_form(&errors, Some(&programme[1])),
            ),
        ),
    ]
}

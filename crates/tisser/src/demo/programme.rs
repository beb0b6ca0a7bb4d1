//! The demo programme, transcribed from the seed documents in `shared/seeds/`.
//! Times are local wall-clock times in the event's zone (Europe/Paris), given as a day of
//! the event plus hour and minute.
//!
//! Sources: `002_b3155c6d7c0bcc8f.txt` (proceedings of the JRPS 2024, Narbonne,
//! 23–24 April 2024) and `000_3961294ce78ce68b.txt` (practice-sharing workshop of
//! 5 March 2024). The proceedings give no times: the timetable is invented but realistic.
//! Document URLs are illustrative.
//!
//! The JRPS programme is a spreadsheet saved as CSV, `jrps-2024.csv`, in the format of every
//! programme import (`tisser_domain::programme_file` says its columns), read by the same code
//! and imported by the same store function as any organiser's file.

use tisser_domain::SessionKind;
use tisser_domain::programme_file::{self, Row};

/// One event of the demo.
pub struct DemoEvent {
    pub slug: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    /// "in_person", "online" or "hybrid".
    pub format: &'static str,
    pub venue: Option<&'static str>,
    /// Overall seats of the event, if limited.
    pub capacity: Option<u32>,
    /// Slug of the series the event belongs to, if any.
    pub series: Option<&'static str>,
    /// The programme as a file gives it: days from 0, local times.
    pub sessions: Vec<Row>,
}

/// The JRPS 2024 programme, one row per session.
const JRPS_2024: &str = include_str!("jrps-2024.csv");

/// Why a programme file of the demo cannot be read: its first problem.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct ProgrammeError {
    pub line: usize,
    pub reason: String,
}

/// The sessions of a programme file.
///
/// # Errors
/// [`ProgrammeError`] naming the first problem's line.
pub fn sessions(text: &str) -> Result<Vec<Row>, ProgrammeError> {
    programme_file::read(text).map_err(|problems| {
        let first = problems.into_iter().next();
        ProgrammeError {
            line: first.as_ref().map_or(1, |p| p.line),
            reason: first.map(|p| p.en).unwrap_or_default(),
        }
    })
}

/// The JRPS 2024 programme file, as shipped.
#[must_use]
pub fn jrps_file() -> &'static str {
    JRPS_2024
}

/// The JRPS: two days, as in the 2024 proceedings.
///
/// # Errors
/// [`ProgrammeError`] when `jrps-2024.csv` cannot be read.
pub fn jrps() -> Result<DemoEvent, ProgrammeError> {
    Ok(DemoEvent {
        slug: "jrps-2024",
        title: "Journées Régionales du Partenariat en Santé 2024",
        description: "Les savoirs de chacun, le bien-être de tous. Deux jours à Narbonne, les 23 \
                      et 24 avril 2024, coorganisés par l'équipe opérationnelle du dispositif \
                      COPS (porté par l'association Savoirs Patients et financé par l'Agence \
                      Régionale de Santé Occitanie), son Comité de Pilotage et un comité \
                      d'organisation composé de membres du Comité des Partenaires. Patients, \
                      proches aidants, personnes accompagnées, représentants des usagers, \
                      professionnels de la santé, établissements, associations et institutions \
                      se rencontrent pour partager des expériences de terrain, réfléchir ensemble \
                      et mettre en lumière les avancées autour du Partenariat en Santé, avec un \
                      focus la 2ème journée sur le champ de l'enseignement et de la formation.",
        format: "in_person",
        venue: Some("Narbonne"),
        capacity: Some(130),
        series: None,
        sessions: sessions(JRPS_2024)?,
    })
}

/// The two "Déjeuners du Partenariat en Santé" webinars (12:30–13:30, online, no capacity), series slug "dejeuners".
/// Returns two events, each with one webinar session (day 0).
pub fn dejeuners() -> Vec<DemoEvent> {
    fn webinar(title: &str, description: &str, facilitators: &[(&str, &str)]) -> Row {
        Row {
            line: 2,
            day: 0,
            start: (12, 30),
            end: (13, 30),
            title: title.to_owned(),
            description: Some(description.to_owned()),
            kind: SessionKind::Webinar,
            room: None,
            capacity: None,
            requires_registration: true,
            facilitators: facilitators
                .iter()
                .map(|(n, r)| ((*n).to_owned(), Some((*r).to_owned())))
                .collect(),
            documents: vec![],
            online_url: None,
        }
    }

    vec![
        DemoEvent {
            slug: "dejeuner-2024-07-02",
            title: "Déjeuner du Partenariat en Santé — Le Partenariat en Santé dans la formation des professionnels",
            description: "Mardi 2 juillet 2024 à 12h30, en visio. Pour une synthèse des \
                          Journées Régionales du Partenariat en Santé 2024 et prolonger les \
                          échanges, l'équipe opérationnelle du COPS anime un déjeuner sur le \
                          Partenariat en Santé dans la formation des professionnels du système \
                          de santé. Inscription gratuite et ouverte à tous. Le webinaire sera \
                          enregistré et accessible en replay.",
            format: "online",
            venue: None,
            capacity: None,
            series: Some("dejeuners"),
            sessions: vec![webinar(
                "Le Partenariat en Santé dans la formation des professionnels : synthèse",
                "Synthèse des échanges des JRPS 2024 sur le Partenariat en Santé dans la \
                 formation des professionnels, par l'équipe opérationnelle du COPS, suivie d'un \
                 temps d'échange.",
                &[("Équipe opérationnelle du COPS", "animatrice")],
            )],
        },
        DemoEvent {
            slug: "dejeuner-2024-10-10",
            title: "Déjeuner du Partenariat en Santé — Données parlantes, données probantes",
            description: "Jeudi 10 octobre 2024 à 12h30, en visio. Coup de cœur de nombreux \
                          participants des JRPS 2024, Christian Saout et Didier Ménard \
                          renouvellent leur conférence « Le Partenariat en Santé : données \
                          parlantes, données probantes », suivie d'un temps d'échange. \
                          Inscription gratuite et ouverte à tous. Le webinaire sera enregistré et \
                          accessible en replay.",
            format: "online",
            venue: None,
            capacity: None,
            series: Some("dejeuners"),
            sessions: vec![webinar(
                "Le Partenariat en Santé : données parlantes, données probantes",
                "Conférence de Christian Saout (président du Conseil pour l'Engagement des \
                 Usagers de la Haute Autorité de Santé) et Didier Ménard (médecin santé \
                 communautaire et facilitateur Fécop), suivie d'un temps d'échange.",
                &[("Christian Saout", "intervenant"), ("Didier Ménard", "intervenant")],
            )],
        },
    ]
}

/// The one-session practice-sharing workshop of 5 March 2024 (capacity 11: 7 partners + 2 professionals + 2 facilitators; use capacity 9 for participants and the two co-facilitators as facilitators).
pub fn atelier_echanges() -> DemoEvent {
    DemoEvent {
        slug: "atelier-echanges-etp",
        title: "Atelier d'échanges de pratiques : Partenariat en Santé en Éducation Thérapeutique du Patient",
        description: "Atelier d'échanges de pratiques du 5 mars 2024 entre patients et \
                      proches-aidants partenaires et professionnels du système de santé, \
                      coanimé par deux chargées de projet du COPS. À partir des pratiques des \
                      participants, le groupe a choisi le questionnement : « Comment mieux faire \
                      connaître et reconnaître les savoirs expérientiels des Patients Partenaires \
                      Ressources en ETP ? »",
        format: "in_person",
        venue: None,
        capacity: Some(9),
        series: None,
        sessions: vec![Row {
            line: 2,
            day: 0,
            start: (14, 0),
            end: (17, 0),
            title: "Comment mieux faire connaître et reconnaître les savoirs expérientiels des Patients Partenaires Ressources en ETP ?".into(),
            description: "Questionnement choisi par le groupe parmi ceux proposés à partir des \
                          pratiques des participants (autres pistes : lever les freins au \
                          partage des informations médicales avec les Patients Partenaires \
                          Ressources en ETP ; gérer plusieurs casquettes en tant qu'intervenant \
                          ETP ; construire un atelier ETP à partir du sens). Synthèse \
                          coconstruite des pistes : en tant que Patient partenaire ressource, \
                          adopter une démarche proactive (taper aux portes, se servir du réseau \
                          personnel, faire les interventions à plusieurs) ; en tant que \
                          Partenaire en Santé, diffuser la culture du Partenariat en Santé auprès \
                          des Professionnels de Santé. Coanimé par Catherine Corbeau (médecin de \
                          santé publique) et Fabienne Ragain-Gire (patiente partenaire)."
                .to_owned()
                .into(),
            kind: SessionKind::Workshop,
            room: None,
            capacity: Some(9),
            requires_registration: true,
            facilitators: vec![
                ("Catherine Corbeau".into(), Some("co-animatrice".into())),
                ("Fabienne Ragain-Gire".into(), Some("co-animatrice".into())),
            ],
            documents: [
                (
                    "Mettre en œuvre le Partenariat en Santé dans les soins cliniques et éducatifs",
                    "https://partenariat-en-sante.org/soins-cliniques-et-educatifs/",
                ),
                (
                    "Répertoire des acteurs et projets du Partenariat en Santé en Occitanie",
                    "https://partenariat-en-sante.org/cartographie/",
                ),
                (
                    "Se former au Partenariat en Santé",
                    "https://partenariat-en-sante.org/annuaire-des-formations/",
                ),
                (
                    "HAS — Renforcer la reconnaissance sociale des usagers pour leur engagement et leur participation",
                    "https://www.has-sante.fr/jcms/p_3452388/fr/renforcer-la-reconnaissance-sociale-des-usagers-pour-leur-engagement-et-leur-participation-dans-les-secteurs-social-medico-social-et-sanitaire",
                ),
                (
                    "HAS — Respect de la vie privée et secret professionnel (PDF)",
                    "https://www.has-sante.fr/upload/docs/application/pdf/2023-07/fiche_ressource_n-6.pdf",
                ),
            ]
            .map(|(title, url)| (title.to_owned(), url.to_owned()))
            .into(),
            online_url: None,
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minutes(t: (u32, u32)) -> u32 {
        t.0 * 60 + t.1
    }

    fn workshops_of_day(event: &DemoEvent, day: u32) -> Vec<&Row> {
        event.sessions.iter().filter(|s| s.day == day && s.kind == SessionKind::Workshop).collect()
    }

    #[test]
    fn day0_workshops_are_four_parallel_with_capacities() {
        let e = jrps().unwrap();
        let w = workshops_of_day(&e, 0);
        assert_eq!(w.len(), 4);
        let caps: Vec<Option<u32>> = w.iter().map(|s| s.capacity).collect();
        assert_eq!(caps, vec![Some(29), Some(15), Some(16), Some(11)]);
        assert!(w.iter().all(|s| s.start == w[0].start && s.end == w[0].end));
        assert!(w.iter().all(|s| s.requires_registration));
    }

    #[test]
    fn day1_workshops_are_four_parallel() {
        let e = jrps().unwrap();
        let w = workshops_of_day(&e, 1);
        assert_eq!(w.len(), 4);
        assert!(w.iter().all(|s| s.start == w[0].start && s.end == w[0].end));
        assert!(w.iter().all(|s| s.requires_registration));
    }

    #[test]
    fn registration_sessions_do_not_overlap_except_parallel_workshops() {
        let e = jrps().unwrap();
        let reg: Vec<&Row> = e.sessions.iter().filter(|s| s.requires_registration).collect();
        for (i, a) in reg.iter().enumerate() {
            for b in &reg[i + 1..] {
                if a.day != b.day {
                    continue;
                }
                let overlap = minutes(a.start) < minutes(b.end) && minutes(b.start) < minutes(a.end);
                if overlap {
                    assert!(
                        a.kind == SessionKind::Workshop
                            && b.kind == SessionKind::Workshop
                            && a.start == b.start
                            && a.end == b.end,
                        "overlap between {:?} and {:?}",
                        a.title,
                        b.title
                    );
                }
            }
        }
    }

    #[test]
    fn every_session_ends_after_it_starts() {
        let mut all = vec![jrps().unwrap(), atelier_echanges()];
        all.extend(dejeuners());
        for e in &all {
            for s in &e.sessions {
                assert!(minutes(s.end) > minutes(s.start), "{}: {}", e.slug, s.title);
            }
        }
    }

    #[test]
    fn session_counts_per_day() {
        let e = jrps().unwrap();
        assert!(e.sessions.iter().filter(|s| s.day == 0).count() >= 14);
        assert!(e.sessions.iter().filter(|s| s.day == 1).count() >= 8);
        assert!(e.sessions.iter().all(|s| s.day <= 1));
    }

    #[test]
    fn open_slots_have_no_capacity_and_no_registration() {
        let e = jrps().unwrap();
        for s in &e.sessions {
            if matches!(
                s.kind,
                SessionKind::Plenary | SessionKind::Talk | SessionKind::Forum | SessionKind::RoundTable
            ) {
                assert!(!s.requires_registration, "{}", s.title);
                assert_eq!(s.capacity, None, "{}", s.title);
            }
        }
        let dinner: Vec<&Row> = e.sessions.iter().filter(|s| s.kind == SessionKind::Social).collect();
        assert_eq!(dinner.len(), 1);
        assert!(dinner[0].requires_registration);
        assert_eq!(dinner[0].capacity, Some(30));
    }

    #[test]
    fn dejeuners_and_atelier_shape() {
        let d = dejeuners();
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].slug, "dejeuner-2024-07-02");
        assert_eq!(d[1].slug, "dejeuner-2024-10-10");
        for e in &d {
            assert_eq!(e.format, "online");
            assert_eq!(e.series, Some("dejeuners"));
            assert_eq!(e.sessions.len(), 1);
            let s = &e.sessions[0];
            assert_eq!((s.day, s.start, s.end), (0, (12, 30), (13, 30)));
            assert_eq!(s.kind, SessionKind::Webinar);
            assert!(s.requires_registration);
            assert_eq!(s.capacity, None);
        }
        let a = atelier_echanges();
        assert_eq!(a.sessions.len(), 1);
        assert_eq!(a.sessions[0].capacity, Some(9));
        assert_eq!(a.sessions[0].facilitators.len(), 2);
    }

    #[test]
    fn the_jrps_file_reads_whole() {
        let e = jrps().unwrap();
        assert_eq!(e.sessions.len(), 26);
        let first = &e.sessions[0];
        assert_eq!((first.day, first.start, first.end), (0, (9, 0), (9, 30)));
        assert_eq!(first.room.as_deref(), Some("Grande salle"));
        assert_eq!(first.facilitators[1], ("Patrick Lartiguet".to_owned(), Some("intervenant".to_owned())));
        assert_eq!(first.documents.len(), 1);
    }
}

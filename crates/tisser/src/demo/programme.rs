//! The demo programme, transcribed from the seed documents in `shared/seeds/`.
//! Pure data: times are local wall-clock times in the event's zone (Europe/Paris),
//! given as a day offset from the event's first day plus hour and minute.
//!
//! Sources: `002_b3155c6d7c0bcc8f.txt` (proceedings of the JRPS 2024, Narbonne,
//! 23–24 April 2024) and `000_3961294ce78ce68b.txt` (practice-sharing workshop of
//! 5 March 2024). The proceedings give no times: the timetable below is invented
//! but realistic. Document URLs are illustrative.

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
    pub sessions: Vec<DemoSession>,
}

/// One slot of a programme.
pub struct DemoSession {
    /// 0 for the first day, 1 for the second.
    pub day: u32,
    pub start: (u32, u32),
    pub end: (u32, u32),
    pub title: &'static str,
    pub description: &'static str,
    /// one of "plenary", "workshop", "talk", "round_table", "forum", "social", "webinar", "other"
    pub kind: &'static str,
    pub room: Option<&'static str>,
    /// None = unlimited.
    pub capacity: Option<u32>,
    /// Whether a participant must choose it when registering (workshops, the dinner, webinars).
    pub requires_registration: bool,
    /// (name, role) — role like "co-animatrice", "co-animateur", "intervenant", "modérateur", "animatrice".
    pub facilitators: Vec<(&'static str, &'static str)>,
    /// (title, url) of downloadable documents.
    pub documents: Vec<(&'static str, &'static str)>,
}

const GRANDE_SALLE: Option<&str> = Some("Grande salle");

/// A plenary-like slot open to every registrant: no capacity, no choice at registration.
#[allow(clippy::too_many_arguments)]
fn open_slot(
    day: u32,
    start: (u32, u32),
    end: (u32, u32),
    kind: &'static str,
    title: &'static str,
    description: &'static str,
    room: Option<&'static str>,
    facilitators: Vec<(&'static str, &'static str)>,
    documents: Vec<(&'static str, &'static str)>,
) -> DemoSession {
    DemoSession {
        day,
        start,
        end,
        title,
        description,
        kind,
        room,
        capacity: None,
        requires_registration: false,
        facilitators,
        documents,
    }
}

/// A parallel workshop: limited seats, chosen at registration.
#[allow(clippy::too_many_arguments)]
fn workshop(
    day: u32,
    start: (u32, u32),
    end: (u32, u32),
    title: &'static str,
    description: &'static str,
    room: &'static str,
    capacity: u32,
    facilitators: Vec<(&'static str, &'static str)>,
    documents: Vec<(&'static str, &'static str)>,
) -> DemoSession {
    DemoSession {
        day,
        start,
        end,
        title,
        description,
        kind: "workshop",
        room: Some(room),
        capacity: Some(capacity),
        requires_registration: true,
        facilitators,
        documents,
    }
}

/// The JRPS: two days, as in the 2024 proceedings.
pub fn jrps() -> DemoEvent {
    // Parallel workshop slots.
    const J1_ATELIERS: ((u32, u32), (u32, u32)) = ((10, 45), (12, 30));
    const J2_ATELIERS: ((u32, u32), (u32, u32)) = ((10, 45), (12, 30));

    let sessions = vec![
        // ───────────────────────── J1 — mardi 23 avril 2024 ─────────────────────────
        open_slot(
            0,
            (9, 0),
            (9, 30),
            "plenary",
            "Ouverture des Journées Régionales du Partenariat en Santé",
            "Ouverture des deux journées : points-clés et perspectives autour de la dynamique \
             régionale de Partenariat en Santé en Occitanie, par l'Agence Régionale de Santé \
             Occitanie et Savoirs Patients, association porteuse du dispositif COPS (Centre \
             Opérationnel du Partenariat en Santé).",
            GRANDE_SALLE,
            vec![("Sophie Albert", "intervenant"), ("Patrick Lartiguet", "intervenant")],
            vec![("Présentation (PDF)", "https://partenariat-en-sante.org/jrps-2024/ouverture.pdf")],
        ),
        open_slot(
            0,
            (9, 30),
            (9, 50),
            "plenary",
            "L'année du COPS",
            "Amanda Olivon et Isabelle Eglin, chargées de projet dans l'équipe opérationnelle du \
             COPS, présentent un carnet du voyage 2023 dans la dynamique de Partenariat en Santé \
             en Occitanie.",
            GRANDE_SALLE,
            vec![("Amanda Olivon", "intervenant"), ("Isabelle Eglin", "intervenant")],
            vec![
                ("Présentation (PDF)", "https://partenariat-en-sante.org/jrps-2024/annee-du-cops.pdf"),
                (
                    "Rapport d'activité COPS 2023 (PDF)",
                    "https://partenariat-en-sante.org/jrps-2024/rapport-activite-cops-2023.pdf",
                ),
            ],
        ),
        open_slot(
            0,
            (9, 50),
            (10, 10),
            "plenary",
            "Focus : Groupe d'Analyse de Pratiques Partenaires",
            "Focus sur l'action « Groupe d'Analyse de Pratiques Partenaires » (GAP) : retours \
             d'expérience de patientes partenaires ayant participé au GAP 2023.",
            GRANDE_SALLE,
            vec![
                ("Amandine Tur", "intervenant"),
                ("Nathalie Bonnet", "intervenant"),
                ("Sarah Kachouri", "intervenant"),
                ("Sonia Goncalves", "intervenant"),
                ("Thérèse Pepe-Borin", "intervenant"),
                ("Véronique Pomares Rognon", "intervenant"),
            ],
            vec![("Présentation (PDF)", "https://partenariat-en-sante.org/jrps-2024/gap-2023.pdf")],
        ),
        open_slot(
            0,
            (10, 10),
            (10, 30),
            "plenary",
            "2 regards pour 1 soin",
            "Point d'étape sur un projet initié en atelier à la JRPS 2023, « Deux regards pour un \
             soin », poursuivi depuis par plusieurs acteurs membres du Comité des Partenaires ou \
             du Comité de Pilotage du dispositif COPS : dernières actualités du projet, avec \
             France Assos Santé Occitanie et ATD Quart-Monde. En complément de cette \
             rétrospective et perspective, les « pitcheurs » de 2023 partagent leur « Que \
             sont-ils devenus ? » dans le livret des participants.",
            GRANDE_SALLE,
            vec![
                ("Jean-Michel Bruel", "intervenant"),
                ("André Guinvarch", "intervenant"),
                ("Guy Ménager", "intervenant"),
                ("Henri Dubois", "intervenant"),
                ("Sophie Albert", "intervenant"),
            ],
            vec![(
                "Présentation (PDF)",
                "https://partenariat-en-sante.org/jrps-2024/2-regards-pour-1-soin.pdf",
            )],
        ),
        open_slot(
            0,
            (10, 30),
            (10, 45),
            "other",
            "Pause",
            "Pause et installation dans les salles des ateliers.",
            Some("Hall d'accueil"),
            vec![],
            vec![],
        ),
        workshop(
            0,
            J1_ATELIERS.0,
            J1_ATELIERS.1,
            "Atelier A — L'aventure du partenariat en santé",
            "Venez préparer votre périple : destination, compagnons de route et matériel. \
             Découvrir la démarche de Partenariat en Santé et repartir « équipé ». Le travail du \
             groupe est restitué l'après-midi.",
            "Salle A",
            29,
            vec![("Sandra Guerrero", "co-animatrice"), ("Catherine Corbeau", "co-animatrice")],
            vec![("Présentation (PDF)", "https://partenariat-en-sante.org/jrps-2024/atelier-a.pdf")],
        ),
        workshop(
            0,
            J1_ATELIERS.0,
            J1_ATELIERS.1,
            "Atelier B — Tisser des liens pour avancer ensemble",
            "Réfléchir à l'apport de la pair-aidance dans la relation de soin ou \
             d'accompagnement : questionner les éléments propices à une relation partenariale de \
             qualité et identifier les bénéfices du pair-aidant. Le travail du groupe est \
             restitué l'après-midi.",
            "Salle B",
            15,
            vec![
                ("Jean-Michel Bruel", "co-animateur"),
                ("Nathalie Bonnet", "co-animatrice"),
                ("Annie Pagnon", "co-animatrice"),
            ],
            vec![("Présentation (PDF)", "https://partenariat-en-sante.org/jrps-2024/atelier-b.pdf")],
        ),
        workshop(
            0,
            J1_ATELIERS.0,
            J1_ATELIERS.1,
            "Atelier C — Balade du dimanche ou Grande Randonnée",
            "Coconstruire des modalités pour valoriser l'engagement dans le Partenariat en Santé, \
             d'un point de vue individuel (pour les personnes) et collectif (pour les \
             organisations). Le travail du groupe est restitué l'après-midi.",
            "Salle C",
            16,
            vec![
                ("Brice Garcia", "co-animateur"),
                ("Julien Aron", "co-animateur"),
                ("Isabelle Eglin", "co-animatrice"),
                ("Fabienne Ragain-Gire", "co-animatrice"),
            ],
            vec![("Présentation (PDF)", "https://partenariat-en-sante.org/jrps-2024/atelier-c.pdf")],
        ),
        workshop(
            0,
            J1_ATELIERS.0,
            J1_ATELIERS.1,
            "Atelier D — Un sentier de proximité",
            "Identifier les étapes d'un projet mené dans une démarche de Partenariat en Santé \
             dans les soins primaires : cheminer à partir d'un projet concret pour identifier les \
             étapes clés de sa mise en œuvre et le confronter à la réalité. Le travail du groupe \
             est restitué l'après-midi.",
            "Salle D",
            11,
            vec![("Elodie Daubert", "co-animatrice"), ("Amanda Olivon", "co-animatrice")],
            vec![("Présentation (PDF)", "https://partenariat-en-sante.org/jrps-2024/atelier-d.pdf")],
        ),
        open_slot(
            0,
            (12, 30),
            (14, 0),
            "other",
            "Déjeuner",
            "Pause déjeuner.",
            Some("Espace restauration"),
            vec![],
            vec![],
        ),
        open_slot(
            0,
            (14, 0),
            (14, 45),
            "plenary",
            "Restitution des ateliers",
            "Les groupes des ateliers du matin présentent leur travail en plénière : atelier A \
             (4 restitutions), ateliers B, C et D (2 participants chacun).",
            GRANDE_SALLE,
            vec![],
            vec![
                (
                    "Restitution atelier A (PDF)",
                    "https://partenariat-en-sante.org/jrps-2024/restitution-atelier-a.pdf",
                ),
                (
                    "Restitution atelier B (PDF)",
                    "https://partenariat-en-sante.org/jrps-2024/restitution-atelier-b.pdf",
                ),
                (
                    "Restitution atelier C (PDF)",
                    "https://partenariat-en-sante.org/jrps-2024/restitution-atelier-c.pdf",
                ),
                (
                    "Restitution atelier D (PDF)",
                    "https://partenariat-en-sante.org/jrps-2024/restitution-atelier-d.pdf",
                ),
            ],
        ),
        open_slot(
            0,
            (14, 45),
            (15, 45),
            "talk",
            "Le Partenariat en Santé : données parlantes, données probantes",
            "La conférence, par Christian Saout, président du Conseil pour l'Engagement des \
             Usagers de la Haute Autorité de Santé, et Didier Ménard, médecin santé \
             communautaire et facilitateur Fécop.",
            GRANDE_SALLE,
            vec![("Christian Saout", "intervenant"), ("Didier Ménard", "intervenant")],
            vec![(
                "Présentation (PDF)",
                "https://partenariat-en-sante.org/jrps-2024/conference-donnees-parlantes-donnees-probantes.pdf",
            )],
        ),
        open_slot(
            0,
            (15, 45),
            (16, 45),
            "forum",
            "Le forum",
            "Des stands pour découvrir et échanger de façon personnalisée autour d'outils et \
             retours d'expérience concrets dans le Partenariat en Santé. \
             Outils coconstruits pour développer le partenariat : FECOP, FAS Occitanie, COPS - \
             Savoir(s) Patient(s) (E Daubert ; M Labiscarre, J Benoit, JM Bruel) ; CHU Toulouse - \
             Association SED1+ (Dorothée Miericke, Thérèse Pepe-Borin). \
             Le Partenariat en Santé dans le secteur du handicap : CREAI ORS - APF France \
             Handicap, EPoP (Claire Garcia) ; CoActis Santé - ESAT L'Envol - Unapei 34, « Santé \
             BD, un trait d'union - UNIK en son genre », bureau FALC (Marie-Aude Le Baron, Anne \
             Le Bolu) ; OncoDéfi, livrets coconstruits pour faciliter le parcours en \
             cancérologie des personnes en situation de déficience intellectuelle (Elodie \
             Neumann). \
             Le Partenariat en Santé avec les proches-aidants : Filieris - La Maison des aidants \
             Portes des Cévennes (Christel Riquelme).",
            Some("Hall d'exposition"),
            vec![
                ("Elodie Daubert", "intervenant"),
                ("Jean-Michel Bruel", "intervenant"),
                ("Dorothée Miericke", "intervenant"),
                ("Thérèse Pepe-Borin", "intervenant"),
                ("Claire Garcia", "intervenant"),
                ("Marie-Aude Le Baron", "intervenant"),
                ("Anne Le Bolu", "intervenant"),
                ("Elodie Neumann", "intervenant"),
                ("Christel Riquelme", "intervenant"),
            ],
            vec![("Présentation des stands (PDF)", "https://partenariat-en-sante.org/jrps-2024/forum.pdf")],
        ),
        open_slot(
            0,
            (16, 45),
            (17, 30),
            "plenary",
            "Regards croisés sur J1",
            "Regards complémentaires sur cette 1ère journée : Anne Gruand, patiente à la \
             découverte du Partenariat en Santé ; Dorothée Miericke, coordinatrice des activités \
             associatives au CHU de Toulouse, membre du Comité d'organisation des JRPS 2024 et du \
             Comité de Pilotage du COPS ; Véronique Ghadi, directrice adjointe Qualité démocratie \
             en santé à l'ARS Occitanie.",
            GRANDE_SALLE,
            vec![
                ("Anne Gruand", "intervenant"),
                ("Dorothée Miericke", "intervenant"),
                ("Véronique Ghadi", "intervenant"),
            ],
            vec![("Présentation (PDF)", "https://partenariat-en-sante.org/jrps-2024/regards-croises-j1.pdf")],
        ),
        DemoSession {
            day: 0,
            start: (19, 30),
            end: (22, 30),
            title: "Soirée informelle",
            description: "Dîner convivial pour prolonger la journée, puis l'occasion de mieux se \
                          connaître en utilisant en avant-première un jeu créé par le Comité \
                          d'Organisation des JRPS.",
            kind: "social",
            room: Some("Restaurant"),
            capacity: Some(30),
            requires_registration: true,
            facilitators: vec![],
            documents: vec![],
        },
        // ───────────────────────── J2 — mercredi 24 avril 2024 ─────────────────────────
        open_slot(
            1,
            (9, 0),
            (9, 15),
            "plenary",
            "Allocution d'ouverture",
            "Ouverture de cette 1ère rencontre thématique des acteurs du Partenariat en Santé en \
             Occitanie par Patrick Lartiguet, président de Savoirs Patients. Pour 2024, c'est le \
             thème du Partenariat en Santé dans la formation des professionnels du système de \
             santé qui a été choisi.",
            GRANDE_SALLE,
            vec![("Patrick Lartiguet", "intervenant")],
            vec![(
                "Présentation (PDF)",
                "https://partenariat-en-sante.org/jrps-2024/allocution-ouverture-j2.pdf",
            )],
        ),
        open_slot(
            1,
            (9, 15),
            (10, 30),
            "plenary",
            "Retours d'expérience",
            "Montrer la faisabilité du Partenariat en Santé dans la formation. Réfléchir sur les \
             freins et leviers à travers 5 retours d'expériences concrets en région Occitanie, \
             suivis d'échanges en plénière : \
             1. Maison de Retraite Protestante (Elsa Ballanéda, Gérard Flix, Monique Tissot) — \
             Résidant - acteur : habitants de la Maison de Retraite Protestante et contributeurs \
             à la formation des professionnels ; \
             2. CREAI ORS (Claire Garcia, Laurence Latorre) — La démarche de Partenariat en Santé \
             dans START, un dispositif de formation croisée dans le champ des Troubles du \
             Neuro-Développement (TND) ; \
             3. Maladies Rares Occitanie (Emma Del Rey, Gaëlle Zibel, Marie-Pierre Lafforgue) — \
             Formation Itinéraire Maladie Rare pour les dispositifs d'appui à la coordination \
             (DAC) d'Occitanie et leurs partenaires ; \
             4. IFMK 34 (Sara Aparicio-Ignacio) — Faire vivre la dynamique de Partenariat en \
             Santé sur le long terme dans un IFMK ; \
             5. IFMS Tarbes-Lourdes (Sandrine Etcheberry, Sandrine Laran) — En quoi un dispositif \
             pédagogique mobilisant des patients partenaires peut-il contribuer à une \
             transformation identitaire professionnelle des étudiants en soins infirmiers (ESI) ?",
            GRANDE_SALLE,
            vec![
                ("Elsa Ballanéda", "intervenant"),
                ("Gérard Flix", "intervenant"),
                ("Monique Tissot", "intervenant"),
                ("Claire Garcia", "intervenant"),
                ("Laurence Latorre", "intervenant"),
                ("Emma Del Rey", "intervenant"),
                ("Gaëlle Zibel", "intervenant"),
                ("Marie-Pierre Lafforgue", "intervenant"),
                ("Sara Aparicio-Ignacio", "intervenant"),
                ("Sandrine Etcheberry", "intervenant"),
                ("Sandrine Laran", "intervenant"),
            ],
            vec![
                (
                    "Maison de Retraite Protestante (PDF)",
                    "https://partenariat-en-sante.org/jrps-2024/rex-maison-de-retraite-protestante.pdf",
                ),
                ("CREAI ORS (PDF)", "https://partenariat-en-sante.org/jrps-2024/rex-creai-ors.pdf"),
                (
                    "Maladies Rares Occitanie (PDF)",
                    "https://partenariat-en-sante.org/jrps-2024/rex-maladies-rares-occitanie.pdf",
                ),
                ("IFMK 34 (PDF)", "https://partenariat-en-sante.org/jrps-2024/rex-ifmk-34.pdf"),
                (
                    "IFMS Tarbes-Lourdes (PDF)",
                    "https://partenariat-en-sante.org/jrps-2024/rex-ifms-tarbes-lourdes.pdf",
                ),
            ],
        ),
        open_slot(
            1,
            (10, 30),
            (10, 45),
            "other",
            "Pause",
            "Pause et installation dans les salles des ateliers.",
            Some("Hall d'accueil"),
            vec![],
            vec![],
        ),
        workshop(
            1,
            J2_ATELIERS.0,
            J2_ATELIERS.1,
            "Atelier 1 — Coconstruire un module de formation dans une démarche de Partenariat en Santé",
            "Focus sur l'opérationnalité, les étapes, la relation et la complémentarité des \
             apports patients et professionnels formateurs dans la coconstruction d'un module de \
             formation.",
            "Salle A",
            20,
            vec![("Célia Cardoso", "co-animatrice"), ("Isabelle Eglin", "co-animatrice")],
            vec![("Présentation (PDF)", "https://partenariat-en-sante.org/jrps-2024/atelier-1.pdf")],
        ),
        workshop(
            1,
            J2_ATELIERS.0,
            J2_ATELIERS.1,
            "Atelier 2 — Le Partenariat en Santé en mode projet dans un institut de formation",
            "Focus sur l'accompagnement au changement : interrogation des pratiques \
             professionnelles d'une équipe et/ou d'un institut.",
            "Salle B",
            20,
            vec![("Danièle Scaglia", "co-animatrice"), ("Amanda Olivon", "co-animatrice")],
            vec![("Présentation (PDF)", "https://partenariat-en-sante.org/jrps-2024/atelier-2.pdf")],
        ),
        workshop(
            1,
            J2_ATELIERS.0,
            J2_ATELIERS.1,
            "Atelier 3 — Intégration de l'expérience patient via la démarche de Partenariat en Santé dans les organismes de formation",
            "Saisir la fiche de cadrage DPC 15 « prise en compte de l'expérience patient dans les \
             pratiques » dans une démarche de Partenariat en Santé, pour la coconstruction des \
             formations DPC.",
            "Salle C",
            20,
            vec![("Marie-Eve Huteau", "co-animatrice"), ("Annie Pagnon", "co-animatrice")],
            vec![("Présentation (PDF)", "https://partenariat-en-sante.org/jrps-2024/atelier-3.pdf")],
        ),
        workshop(
            1,
            J2_ATELIERS.0,
            J2_ATELIERS.1,
            "Atelier 4 — Professionnels, patients partenaires : se former ensemble, une chance, un défi ?",
            "Tirer les enseignements d'expériences de coformation : points difficiles, \
             bénéfices, impacts.",
            "Salle D",
            20,
            vec![("Catherine Corbeau", "co-animatrice"), ("Fabienne Ragain-Gire", "co-animatrice")],
            vec![("Présentation (PDF)", "https://partenariat-en-sante.org/jrps-2024/atelier-4.pdf")],
        ),
        open_slot(
            1,
            (12, 30),
            (14, 0),
            "other",
            "Déjeuner",
            "Pause déjeuner.",
            Some("Espace restauration"),
            vec![],
            vec![],
        ),
        open_slot(
            1,
            (14, 0),
            (14, 45),
            "talk",
            "Participation des patients à la formation initiale des médecins",
            "La présentation, par Philippe Morlat, conseiller médical à la DGOS, Ministère de la \
             santé et de la prévention.",
            GRANDE_SALLE,
            vec![("Philippe Morlat", "intervenant")],
            vec![(
                "Présentation (PDF)",
                "https://partenariat-en-sante.org/jrps-2024/presentation-philippe-morlat.pdf",
            )],
        ),
        open_slot(
            1,
            (14, 45),
            (16, 0),
            "round_table",
            "Opérationnaliser le Partenariat en Santé dans la formation des Professionnels",
            "La table ronde, avec Isabelle Laffont (doyenne de la Faculté de médecine de \
             Montpellier), Eléna Pouget (étudiante en pharmacie à Toulouse, membre du CoPil \
             COPS), Delphine Vissac (patiente partenaire formatrice), Marie-Pierre \
             Bocquet-Amanieu (orthophoniste formatrice), Danièle Scaglia (cadre formatrice IFMS \
             Albi) et Emilie André (patiente partenaire formatrice). Modérateur : Patrick \
             Lartiguet (président de Savoirs Patients).",
            GRANDE_SALLE,
            vec![
                ("Isabelle Laffont", "intervenant"),
                ("Eléna Pouget", "intervenant"),
                ("Delphine Vissac", "intervenant"),
                ("Marie-Pierre Bocquet-Amanieu", "intervenant"),
                ("Danièle Scaglia", "intervenant"),
                ("Emilie André", "intervenant"),
                ("Patrick Lartiguet", "modérateur"),
            ],
            vec![("Présentation (PDF)", "https://partenariat-en-sante.org/jrps-2024/table-ronde.pdf")],
        ),
        open_slot(
            1,
            (16, 0),
            (16, 30),
            "plenary",
            "Clôture des Journées",
            "Synthèse et clôture des deux journées, remerciements aux participants, aux \
             contributeurs et au comité d'organisation. Pour prolonger les échanges, l'équipe \
             opérationnelle animera un « Déjeuner du Partenariat en Santé » en visio sur le \
             thème de la formation.",
            GRANDE_SALLE,
            vec![],
            vec![],
        ),
    ];

    DemoEvent {
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
        sessions,
    }
}

/// The two "Déjeuners du Partenariat en Santé" webinars (12:30–13:30, online, no capacity), series slug "dejeuners".
/// Returns two events, each with one webinar session (day 0).
pub fn dejeuners() -> Vec<DemoEvent> {
    fn webinar(
        title: &'static str,
        description: &'static str,
        facilitators: Vec<(&'static str, &'static str)>,
    ) -> DemoSession {
        DemoSession {
            day: 0,
            start: (12, 30),
            end: (13, 30),
            title,
            description,
            kind: "webinar",
            room: None,
            capacity: None,
            requires_registration: true,
            facilitators,
            documents: vec![],
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
                vec![("Équipe opérationnelle du COPS", "animatrice")],
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
                vec![("Christian Saout", "intervenant"), ("Didier Ménard", "intervenant")],
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
        sessions: vec![DemoSession {
            day: 0,
            start: (14, 0),
            end: (17, 0),
            title: "Comment mieux faire connaître et reconnaître les savoirs expérientiels des Patients Partenaires Ressources en ETP ?",
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
                          santé publique) et Fabienne Ragain-Gire (patiente partenaire).",
            kind: "workshop",
            room: None,
            capacity: Some(9),
            requires_registration: true,
            facilitators: vec![
                ("Catherine Corbeau", "co-animatrice"),
                ("Fabienne Ragain-Gire", "co-animatrice"),
            ],
            documents: vec![
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
            ],
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minutes(t: (u32, u32)) -> u32 {
        t.0 * 60 + t.1
    }

    fn workshops_of_day(event: &DemoEvent, day: u32) -> Vec<&DemoSession> {
        event.sessions.iter().filter(|s| s.day == day && s.kind == "workshop").collect()
    }

    #[test]
    fn day0_workshops_are_four_parallel_with_capacities() {
        let e = jrps();
        let w = workshops_of_day(&e, 0);
        assert_eq!(w.len(), 4);
        let caps: Vec<Option<u32>> = w.iter().map(|s| s.capacity).collect();
        assert_eq!(caps, vec![Some(29), Some(15), Some(16), Some(11)]);
        assert!(w.iter().all(|s| s.start == w[0].start && s.end == w[0].end));
        assert!(w.iter().all(|s| s.requires_registration));
    }

    #[test]
    fn day1_workshops_are_four_parallel() {
        let e = jrps();
        let w = workshops_of_day(&e, 1);
        assert_eq!(w.len(), 4);
        assert!(w.iter().all(|s| s.start == w[0].start && s.end == w[0].end));
        assert!(w.iter().all(|s| s.requires_registration));
    }

    #[test]
    fn registration_sessions_do_not_overlap_except_parallel_workshops() {
        let e = jrps();
        let reg: Vec<&DemoSession> = e.sessions.iter().filter(|s| s.requires_registration).collect();
        for (i, a) in reg.iter().enumerate() {
            for b in &reg[i + 1..] {
                if a.day != b.day {
                    continue;
                }
                let overlap = minutes(a.start) < minutes(b.end) && minutes(b.start) < minutes(a.end);
                if overlap {
                    assert!(
                        a.kind == "workshop" && b.kind == "workshop" && a.start == b.start && a.end == b.end,
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
        let mut all = vec![jrps(), atelier_echanges()];
        all.extend(dejeuners());
        for e in &all {
            for s in &e.sessions {
                assert!(minutes(s.end) > minutes(s.start), "{}: {}", e.slug, s.title);
            }
        }
    }

    #[test]
    fn session_counts_per_day() {
        let e = jrps();
        assert!(e.sessions.iter().filter(|s| s.day == 0).count() >= 14);
        assert!(e.sessions.iter().filter(|s| s.day == 1).count() >= 8);
        assert!(e.sessions.iter().all(|s| s.day <= 1));
    }

    #[test]
    fn open_slots_have_no_capacity_and_no_registration() {
        let e = jrps();
        for s in &e.sessions {
            if matches!(s.kind, "plenary" | "talk" | "forum" | "round_table") {
                assert!(!s.requires_registration, "{}", s.title);
                assert_eq!(s.capacity, None, "{}", s.title);
            }
        }
        let dinner: Vec<&DemoSession> = e.sessions.iter().filter(|s| s.kind == "social").collect();
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
            assert_eq!(s.kind, "webinar");
            assert!(s.requires_registration);
            assert_eq!(s.capacity, None);
        }
        let a = atelier_echanges();
        assert_eq!(a.sessions.len(), 1);
        assert_eq!(a.sessions[0].capacity, Some(9));
        assert_eq!(a.sessions[0].facilitators.len(), 2);
    }
}

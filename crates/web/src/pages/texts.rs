//! Every fixed text of the pages, French first, then English: one table for the templates
//! (as `t.key`) and for the views built in Rust. Plain words, one idea per sentence (FALC).
//! A key missing from this table fails the start-up check of the templates.

use crate::error::Lang;

/// (key, French, English).
pub const TEXTS: &[(&str, &str, &str)] = &[
    // Layout.
    ("site_name", "Partenariat en Santé", "Partenariat en Santé"),
    ("skip", "Aller au contenu", "Skip to content"),
    ("nav_label", "Menu principal", "Main menu"),
    ("nav_events", "Les rencontres", "Events"),
    ("nav_lost", "J'ai perdu mon lien", "I lost my link"),
    ("switch", "English", "Français"),
    ("footer_accessibility", "Accessibilité", "Accessibility"),
    ("footer_api", "Pour les développeurs : l'API", "For developers: the API"),
    (
        "footer_about",
        "Les inscriptions aux rencontres du Partenariat en Santé en Occitanie.",
        "Registration for the gatherings of the Partenariat en Santé network in Occitanie.",
    ),
    ("title_suffix", "Partenariat en Santé", "Partenariat en Santé"),
    ("error_prefix", "Erreur : ", "Error: "),
    ("error_summary", "Il y a un problème", "There is a problem"),
    ("error_word", "Erreur :", "Error:"),
    ("honeypot", "Ne remplissez pas ce champ", "Do not fill in this field"),
    // Home.
    ("home_title", "Accueil", "Home"),
    ("home_h1", "Les rencontres du Partenariat en Santé", "Partenariat en Santé gatherings"),
    (
        "home_intro",
        "Voici les prochaines rencontres. Choisissez une rencontre pour voir le programme et vous inscrire.",
        "Here are the next gatherings. Choose one to see its programme and register.",
    ),
    ("rgaa_line", "Accessibilité : partiellement conforme", "Accessibility: partially compliant"),
    ("home_none", "Aucune rencontre n'est prévue pour le moment.", "No gathering is planned at the moment."),
    ("home_series_link", "Voir toutes les dates de la série", "See every date of the series"),
    ("group_conferences", "Journées et colloques", "Conferences"),
    ("group_workshops", "Ateliers d'échanges de pratiques", "Practice-sharing workshops"),
    ("group_other", "Autres rencontres", "Other gatherings"),
    // Events.
    ("event_when", "Quand", "When"),
    ("event_where", "Où", "Where"),
    ("event_registration", "Inscription", "Registration"),
    ("event_register", "S'inscrire", "Register"),
    ("event_programme", "Le programme", "Programme"),
    ("online", "En ligne", "Online"),
    ("and_online", "et en ligne", "and online"),
    ("place_unknown", "Lieu à préciser", "Place to be announced"),
    ("dates_unknown", "Dates à préciser", "Dates to be announced"),
    ("state_open", "Inscriptions ouvertes", "Registration open"),
    ("state_open_until", "Inscriptions ouvertes jusqu'au", "Registration open until"),
    (
        "state_full",
        "Complet : liste d'attente. Vous pouvez vous inscrire sur la liste d'attente.",
        "Full: waiting list. You can join the waiting list.",
    ),
    ("state_not_yet", "Les inscriptions ouvrent le", "Registration opens on"),
    ("state_closed", "Les inscriptions sont fermées.", "Registration is closed."),
    ("state_over", "Cette rencontre est terminée.", "This gathering is over."),
    ("session_room", "Salle :", "Room:"),
    ("session_cancelled", "Ce temps est annulé.", "This session is cancelled."),
    ("session_facilitators", "Animé par :", "Led by:"),
    ("session_document", "Télécharger :", "Download:"),
    ("session_replay", "Voir le replay", "Watch the replay"),
    ("session_on_registration", "sur inscription", "on registration"),
    ("session_for_all", "ouvert à toutes les personnes inscrites", "open to everyone registered"),
    ("seats_full", "Complet : liste d'attente", "Full: waiting list"),
    ("seat_left", "1 place restante", "1 seat left"),
    ("seats_left", "places restantes", "seats left"),
    ("calendar_h2", "Ajouter à mon agenda", "Add to my calendar"),
    ("calendar_add", "Ajouter à mon agenda (fichier .ics)", "Add to my calendar (.ics file)"),
    ("calendar_event_ics", "Ajouter à mon agenda (fichier .ics)", "Add to my calendar (.ics file)"),
    (
        "calendar_series_webcal",
        "S'abonner à toute la série dans mon agenda",
        "Subscribe to the whole series in my calendar",
    ),
    (
        "calendar_hint",
        "Le fichier .ics s'ouvre avec votre agenda : Outlook, Google Agenda, Apple Calendrier ou Thunderbird.",
        "The .ics file opens in your calendar: Outlook, Google Calendar, Apple Calendar or Thunderbird.",
    ),
    (
        "calendar_own_hint",
        "Ce fichier contient seulement vos temps. Il contient aussi le lien de la visio quand vous avez une place.",
        "This file holds only your sessions. It also holds the video link when you have a seat.",
    ),
    // Kinds of sessions.
    ("kind_plenary", "Plénière", "Plenary"),
    ("kind_workshop", "Atelier", "Workshop"),
    ("kind_talk", "Conférence", "Talk"),
    ("kind_round_table", "Table ronde", "Round table"),
    ("kind_forum", "Forum", "Forum"),
    ("kind_social", "Moment convivial", "Social time"),
    ("kind_webinar", "Webinaire en visio", "Online webinar"),
    ("kind_other", "Autre temps", "Other"),
    // Registration form.
    ("register_title", "S'inscrire", "Register"),
    ("register_h1", "S'inscrire :", "Register:"),
    ("register_back", "Revenir au programme", "Back to the programme"),
    (
        "register_intro",
        "Remplissez ce formulaire. Ensuite, vous recevez un e-mail avec votre lien personnel.",
        "Fill in this form. You will then get an e-mail with your private link.",
    ),
    ("register_you", "Vous", "About you"),
    ("label_email", "Adresse e-mail", "E-mail address"),
    (
        "hint_email",
        "Nous envoyons la confirmation à cette adresse. Exemple : prenom.nom@exemple.fr",
        "We send the confirmation to this address. Example: first.last@example.org",
    ),
    ("label_first_name", "Prénom", "First name"),
    ("label_last_name", "Nom", "Last name"),
    ("label_organization", "Organisation (facultatif)", "Organisation (optional)"),
    (
        "hint_organization",
        "Par exemple : une association, un hôpital, un institut de formation.",
        "For example: an association, a hospital, a training institute.",
    ),
    ("label_profile", "Vous êtes (facultatif)", "You are (optional)"),
    (
        "hint_profile",
        "Cette information aide les organisateurs. Elle reste entre eux.",
        "This helps the organisers. It stays with them.",
    ),
    ("profile_patient_partner", "Patiente ou patient partenaire", "Patient partner"),
    ("profile_caregiver", "Proche aidante ou aidant", "Caregiver"),
    ("profile_user_representative", "Représentante ou représentant des usagers", "Users' representative"),
    ("profile_health_professional", "Professionnelle ou professionnel de santé", "Health professional"),
    ("profile_student", "Étudiante ou étudiant", "Student"),
    ("profile_institution", "Institution", "Institution"),
    ("profile_other", "Autre", "Other"),
    ("label_language", "Langue de vos messages", "Language of your messages"),
    ("language_fr", "Français", "Français"),
    ("language_en", "English", "English"),
    ("label_needs", "Besoins d'accessibilité (facultatif)", "Accessibility needs (optional)"),
    (
        "hint_needs",
        "Par exemple : fauteuil roulant, boucle magnétique, documents en grands caractères.",
        "For example: wheelchair, hearing loop, large-print documents.",
    ),
    ("label_dietary", "Régime alimentaire (facultatif)", "Dietary requirements (optional)"),
    (
        "hint_dietary",
        "Par exemple : végétarien, sans gluten, allergie.",
        "For example: vegetarian, gluten-free, allergy.",
    ),
    ("register_sessions", "Vos choix dans le programme", "Your choices in the programme"),
    (
        "register_slots_intro",
        "Certains ateliers ont lieu en même temps. Choisissez un atelier par créneau, ou « Aucun atelier ».",
        "Some workshops take place at the same time. Choose one workshop per time slot, or \"No workshop\".",
    ),
    ("register_none", "Aucun atelier", "No workshop"),
    ("register_singles", "Autres temps sur inscription", "Other sessions that need registration"),
    (
        "register_singles_hint",
        "Cochez les temps qui vous intéressent. Le nombre de places est limité.",
        "Tick the sessions you want. Seats are limited.",
    ),
    (
        "register_automatic",
        "Votre inscription comprend ce temps :",
        "Your registration includes this session:",
    ),
    (
        "register_included",
        "Ces temps sont ouverts à toutes les personnes inscrites",
        "These sessions are open to everyone registered",
    ),
    ("privacy_h2", "Vos données", "Your data"),
    ("register_submit", "M'inscrire", "Register me"),
    ("closed_title", "Inscriptions fermées", "Registration closed"),
    // Form errors in plain words.
    (
        "err_already",
        "Cette adresse e-mail est déjà inscrite à cette rencontre. Nous vous renvoyons votre lien personnel par e-mail.",
        "This e-mail address is already registered for this gathering. We are e-mailing you your private link again.",
    ),
    (
        "err_closed",
        "Les inscriptions sont fermées pour cette rencontre.",
        "Registration is closed for this gathering.",
    ),
    (
        "err_cancelled",
        "Cette inscription est annulée. Vous ne pouvez plus la changer.",
        "This registration is cancelled. It can no longer be changed.",
    ),
    ("err_not_in_event", "ne fait pas partie de cette rencontre.", "is not part of this gathering."),
    (
        "err_not_selectable",
        "est ouvert à toutes les personnes inscrites : inutile de le choisir.",
        "is open to everyone registered: there is no need to choose it.",
    ),
    ("err_session_cancelled", "est annulé.", "is cancelled."),
    ("err_conflict_and", "et", "and"),
    (
        "err_conflict",
        "ont lieu en même temps. Choisissez-en un seul.",
        "take place at the same time. Please choose only one.",
    ),
    (
        "err_unreadable",
        "Le formulaire n'a pas pu être lu. Rien n'a changé. Réessayez.",
        "The form could not be read. Nothing changed. Please try again.",
    ),
    (
        "err_honeypot",
        "Le formulaire n'a pas pu être envoyé. Réessayez.",
        "The form could not be sent. Please try again.",
    ),
    ("err_summary_field", " : ", ": "),
    // Confirmation.
    ("confirmation_title", "Inscription enregistrée", "Registration saved"),
    ("confirmation_h1", "Votre inscription est enregistrée", "Your registration is saved"),
    ("confirmation_h1_waiting", "Vous êtes sur la liste d'attente", "You are on the waiting list"),
    (
        "confirmation_sessions_waiting",
        "Pour le moment, c'est complet. Votre place dans la file est écrite plus bas. Si une place se libère, elle sera pour vous.",
        "For now, it is full. Your place in line is written below. If a seat frees up, it will be yours.",
    ),
    ("confirmation_sessions", "Vos temps", "Your sessions"),
    ("confirmation_next", "Et maintenant ?", "What next?"),
    ("confirmation_manage", "Voir mon inscription", "See my registration"),
    ("confirmation_mail", "Un e-mail de confirmation part vers", "A confirmation e-mail is on its way to"),
    (
        "confirmation_mail_2",
        "Il contient votre lien personnel. Gardez cet e-mail.",
        "It holds your private link. Keep this e-mail.",
    ),
    ("status_confirmed", "Votre place est réservée.", "Your seat is booked."),
    ("status_waitlisted", "Liste d'attente : vous êtes à la place", "Waiting list: you are number"),
    ("status_waitlisted_plain", "Vous êtes sur la liste d'attente.", "You are on the waiting list."),
    ("status_cancelled", "Annulé.", "Cancelled."),
    ("status_included", "Compris dans votre inscription.", "Included in your registration."),
    (
        "status_included_waiting",
        "Compris dans votre inscription si une place se libère.",
        "Included in your registration if a seat frees up.",
    ),
    ("registration_confirmed", "Votre inscription est confirmée.", "Your registration is confirmed."),
    (
        "registration_waitlisted",
        "La rencontre est complète. Vous êtes sur la liste d'attente, à la place",
        "The gathering is full. You are on the waiting list, number",
    ),
    ("registration_cancelled", "Votre inscription est annulée.", "Your registration is cancelled."),
    (
        "registration_next_in_line",
        "Si une place se libère, elle est pour vous. Nous vous prévenons par e-mail.",
        "If a seat frees up, it is yours. We will tell you by e-mail.",
    ),
    // Private page.
    ("manage_title", "Mon inscription", "My registration"),
    ("manage_hello", "Bonjour", "Hello"),
    ("manage_public_page", "Voir la page publique de la rencontre", "See the public page of the gathering"),
    ("manage_programme", "Mon programme", "My programme"),
    ("manage_join", "Rejoindre la visio", "Join the video call"),
    ("manage_choices_h2", "Changer mes choix", "Change my choices"),
    (
        "manage_choices_intro",
        "Un choix par créneau. Si vous quittez un atelier, votre place va à la personne suivante.",
        "One choice per time slot. If you leave a workshop, your seat goes to the next person.",
    ),
    ("manage_choices_submit", "Enregistrer mes choix", "Save my choices"),
    ("manage_none", "Aucun", "None"),
    ("manage_mine_confirmed", "votre place est réservée", "your seat is booked"),
    ("manage_mine_waiting", "vous êtes sur la liste d'attente", "you are on the waiting list"),
    ("manage_details_h2", "Mes informations", "My details"),
    ("manage_details_submit", "Enregistrer mes informations", "Save my details"),
    ("manage_email_is", "Votre adresse e-mail :", "Your e-mail address:"),
    (
        "manage_saved_choices",
        "C'est enregistré : vos choix sont à jour. Un e-mail de confirmation va suivre.",
        "Saved: your choices are up to date. A confirmation e-mail will follow.",
    ),
    (
        "manage_saved_details",
        "C'est enregistré : vos informations sont à jour.",
        "Saved: your details are up to date.",
    ),
    ("manage_cancel_h2", "Vous ne pouvez plus venir ?", "Can't come any more?"),
    (
        "manage_cancel_intro",
        "Vous pouvez annuler. Votre place ira à une autre personne.",
        "You can cancel. Your seat will go to someone else.",
    ),
    ("manage_cancel_link", "Annuler mon inscription", "Cancel my registration"),
    ("manage_register_again", "S'inscrire à nouveau", "Register again"),
    (
        "manage_private_link",
        "Ce lien est personnel. Ne le donnez à personne.",
        "This link is personal. Do not share it.",
    ),
    // Cancelling.
    ("cancel_h1", "Annuler mon inscription", "Cancel my registration"),
    ("cancel_question", "Voulez-vous vraiment annuler ?", "Do you really want to cancel?"),
    (
        "cancel_consequence",
        "Toutes vos places iront à d'autres personnes. Vous recevrez un e-mail.",
        "All your seats will go to other people. You will get an e-mail.",
    ),
    ("cancel_yes", "Oui, annuler mon inscription", "Yes, cancel my registration"),
    ("cancel_no", "Non, garder mon inscription", "No, keep my registration"),
    // Series.
    ("series_upcoming", "Les prochaines dates", "Next dates"),
    ("series_none_upcoming", "Aucune date n'est prévue pour le moment.", "No date is planned at the moment."),
    ("series_past", "Les dates passées et leurs replays", "Past dates and their replays"),
    ("series_no_replay", "Le replay n'est pas encore disponible.", "The replay is not available yet."),
    ("series_subscribe", "S'abonner dans mon agenda", "Subscribe in my calendar"),
    (
        "series_subscribe_help",
        "Abonnez-vous une fois : chaque nouvelle date apparaît toute seule dans votre agenda.",
        "Subscribe once: every new date then appears in your calendar by itself.",
    ),
    (
        "series_webcal",
        "S'abonner avec mon application d'agenda (webcal)",
        "Subscribe with my calendar application (webcal)",
    ),
    (
        "series_https",
        "Ou copiez cette adresse dans votre agenda en ligne :",
        "Or copy this address into your online calendar:",
    ),
    // Lost link.
    ("lost_h1", "J'ai perdu mon lien", "I lost my link"),
    (
        "lost_intro",
        "Donnez l'adresse e-mail de votre inscription. Nous vous renvoyons votre lien personnel.",
        "Give the e-mail address you registered with. We will send your private link again.",
    ),
    ("lost_submit", "Recevoir mon lien", "Send me my link"),
    ("lost_sent_title", "Vérifiez votre messagerie", "Check your e-mail"),
    ("lost_sent_h1", "Vérifiez votre messagerie", "Check your e-mail"),
    (
        "lost_sent_1",
        "Si cette adresse est inscrite à une rencontre, vous allez recevoir un e-mail avec votre lien personnel.",
        "If this address is registered for a gathering, you will get an e-mail with your private link.",
    ),
    (
        "lost_sent_2",
        "L'e-mail peut mettre quelques minutes. Regardez aussi dans les courriers indésirables.",
        "The e-mail may take a few minutes. Look in your spam folder too.",
    ),
    (
        "lost_sent_3",
        "Nous envoyons le lien une fois toutes les 10 minutes au plus.",
        "We send the link at most once every 10 minutes.",
    ),
    // Accessibility.
    ("a11y_h1", "Accessibilité", "Accessibility"),
    (
        "a11y_intro",
        "Nous voulons que tout le monde puisse s'inscrire, avec ou sans handicap. Cette page dit où nous en sommes. Elle suit le référentiel général d'amélioration de l'accessibilité (RGAA 4.1).",
        "We want everyone to be able to register, with or without a disability. This page says where we stand. It follows the French accessibility standard (RGAA 4.1).",
    ),
    ("a11y_status_h2", "État de conformité", "Compliance status"),
    (
        "a11y_status",
        "Ce site est partiellement conforme au RGAA 4.1.",
        "This site is partially compliant with RGAA 4.1.",
    ),
    (
        "a11y_status_why",
        "Nous n'avons pas encore fait d'audit complet par une personne extérieure. Nous avons testé les pages nous-mêmes.",
        "No full audit by an outside person has been done yet. We tested the pages ourselves.",
    ),
    ("a11y_tested_h2", "Ce que nous avons testé", "What we tested"),
    (
        "a11y_tested_1",
        "Chaque page avec l'outil automatique axe-core (règles WCAG 2.2 niveau AA).",
        "Every page with the automatic tool axe-core (WCAG 2.2 level AA rules).",
    ),
    (
        "a11y_tested_2",
        "Chaque page au clavier seul, sans souris : l'ordre du focus et le focus visible.",
        "Every page with the keyboard only, without a mouse: focus order and visible focus.",
    ),
    (
        "a11y_tested_3",
        "Chaque page sur un écran de 320 pixels de large et avec le texte agrandi à 200 % : rien ne dépasse.",
        "Every page on a screen 320 pixels wide and with text zoomed to 200%: nothing overflows.",
    ),
    (
        "a11y_tested_4",
        "Les pages marchent sans JavaScript, avec le navigateur Chromium.",
        "The pages work without JavaScript, in the Chromium browser.",
    ),
    ("a11y_known_h2", "Ce qui n'est pas encore accessible", "What is not accessible yet"),
    (
        "a11y_known_1",
        "Les documents à télécharger (présentations) ne sont pas tous accessibles.",
        "Not every document to download (presentations) is accessible.",
    ),
    (
        "a11y_known_2",
        "Les replays des webinaires n'ont pas toujours de sous-titres.",
        "Webinar replays do not always have subtitles.",
    ),
    (
        "a11y_known_3",
        "Nous n'avons pas encore testé les pages avec chaque lecteur d'écran.",
        "We have not yet tested the pages with every screen reader.",
    ),
    ("a11y_contact_h2", "Nous contacter", "Contact us"),
    (
        "a11y_contact",
        "Vous n'arrivez pas à utiliser une page ? Écrivez-nous. Nous vous aidons à vous inscrire autrement.",
        "You cannot use a page? Write to us. We will help you register another way.",
    ),
    ("a11y_remedy_h2", "Si nous ne vous répondons pas", "If we do not answer"),
    (
        "a11y_remedy",
        "Vous pouvez vous adresser au Défenseur des droits :",
        "You can contact the Défenseur des droits (the French rights ombudsman):",
    ),
    (
        "a11y_remedy_1",
        "par le formulaire en ligne sur le site defenseurdesdroits.fr ;",
        "through the online form on the site defenseurdesdroits.fr;",
    ),
    (
        "a11y_remedy_2",
        "par courrier gratuit : Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.",
        "by free post: Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07, France.",
    ),
    ("a11y_date", "Déclaration établie le 1er juin 2025.", "Statement written on 1 June 2025."),
    // Errors.
    ("not_found_h1", "Page introuvable", "Page not found"),
    (
        "not_found_1",
        "Cette page n'existe pas. Vérifiez l'adresse. Si vous avez suivi un lien d'un e-mail, il est peut-être trop ancien.",
        "This page does not exist. Check the address. If you followed a link from an e-mail, it may be too old.",
    ),
    ("forbidden_h1", "Le formulaire a expiré", "The form has expired"),
    ("forbidden_1", "Le formulaire a expiré. Rechargez la page.", "The form has expired. Reload the page."),
    ("forbidden_2", "Rien n'a été enregistré.", "Nothing was saved."),
    ("conflict_h1", "Ce n'est pas possible", "This is not possible"),
    ("unavailable_h1", "Service momentanément indisponible", "Service temporarily unavailable"),
    (
        "unavailable_1",
        "Nous avons un problème technique. Rien n'a été enregistré. Réessayez dans quelques minutes.",
        "We have a technical problem. Nothing was saved. Please try again in a few minutes.",
    ),
    (
        "privacy_kept",
        "Ce que nous gardons : votre nom, votre adresse e-mail, vos réponses à ce formulaire et vos choix.",
        "What we keep: your name, your e-mail address, your answers to this form and your choices.",
    ),
    (
        "privacy_who",
        "Qui le voit : seulement les organisateurs de cette rencontre.",
        "Who sees it: only the organisers of this gathering.",
    ),
    (
        "privacy_how_long",
        "Combien de temps : jusqu'à {days} jours après la fin de la rencontre. Ensuite, nous effaçons tout.",
        "For how long: up to {days} days after the gathering ends. Then we erase everything.",
    ),
    (
        "privacy_erase",
        "Vous pouvez demander à tout effacer plus tôt. Écrivez à {contact}.",
        "You can ask us to erase everything sooner. Write to {contact}.",
    ),
    // Organisers' pages.
    ("org_sign_in_h1", "Connexion des organisateurs", "Organisers' sign-in"),
    (
        "org_sign_in_1",
        "Cet espace est pour les personnes qui organisent les rencontres.",
        "These pages are for the people who organise the gatherings.",
    ),
    (
        "org_sign_in_2",
        "Écrivez votre adresse e-mail. Nous vous envoyons un lien pour vous connecter.",
        "Write your e-mail address. We send you a link to sign in.",
    ),
    ("org_sign_in_submit", "Recevoir mon lien de connexion", "Send me my sign-in link"),
    ("org_sent_h1", "Vérifiez votre messagerie", "Check your e-mail"),
    (
        "org_sent_1",
        "Si cette adresse est celle d'un compte d'organisateur, nous venons de lui envoyer un lien.",
        "If this address belongs to an organiser's account, we have just sent it a link.",
    ),
    (
        "org_sent_2",
        "Le lien marche pendant 15 minutes. Il marche une seule fois.",
        "The link works for 15 minutes. It works only once.",
    ),
    (
        "org_sent_3",
        "Vous ne trouvez pas le message ? Regardez dans les courriers indésirables.",
        "You cannot find the message? Look in your spam folder.",
    ),
    ("org_ask_again", "Demander un autre lien", "Ask for another link"),
    ("org_confirm_h1", "Me connecter", "Sign me in"),
    (
        "org_confirm_1",
        "Choisissez « Me connecter » pour ouvrir l'espace des organisateurs sur cet appareil.",
        "Choose “Sign me in” to open the organisers' pages on this device.",
    ),
    ("org_confirm_button", "Me connecter", "Sign me in"),
    ("org_used_h1", "Ce lien a déjà servi", "This link was already used"),
    (
        "org_used_1",
        "Un lien de connexion marche une seule fois. Celui-ci a déjà servi.",
        "A sign-in link works only once. This one was already used.",
    ),
    ("org_expired_h1", "Ce lien a expiré", "This link has expired"),
    (
        "org_expired_1",
        "Un lien de connexion marche pendant 15 minutes. Celui-ci est trop ancien.",
        "A sign-in link works for 15 minutes. This one is too old.",
    ),
    ("org_unknown_h1", "Ce lien ne marche pas", "This link does not work"),
    (
        "org_unknown_1",
        "Ce lien de connexion n'existe pas. Il est peut-être incomplet.",
        "This sign-in link does not exist. It may be incomplete.",
    ),
    ("org_gone_2", "Vous pouvez demander un nouveau lien.", "You can ask for a new link."),
    ("org_ask_new", "Recevoir un nouveau lien", "Get a new link"),
    ("org_sign_out", "Me déconnecter", "Sign me out"),
    ("org_signed_out_h1", "Vous êtes déconnecté", "You are signed out"),
    (
        "org_signed_out_1",
        "L'espace des organisateurs est fermé sur cet appareil.",
        "The organisers' pages are closed on this device.",
    ),
    ("org_sign_in_again", "Me connecter à nouveau", "Sign in again"),
    ("org_nav_label", "Espace des organisateurs", "Organisers' pages"),
    ("org_signed_in_as", "Connecté :", "Signed in:"),
    ("org_dash_h1", "Mes rencontres", "My gatherings"),
    (
        "org_dash_intro",
        "Voici vos rencontres, avec les inscriptions et le remplissage de chaque temps du programme.",
        "Here are your gatherings, with the registrations and how full each session is.",
    ),
    ("org_dash_none", "Vous n'avez pas encore de rencontre.", "You have no gathering yet."),
    ("org_dates", "Dates :", "Dates:"),
    ("org_status", "État :", "Status:"),
    ("org_registrations_label", "Inscriptions :", "Registrations:"),
    ("org_public_page", "Voir la page publique", "See the public page"),
    ("org_fill_h3", "Remplissage du programme", "How full the programme is"),
    ("org_no_sessions", "Le programme n'a pas encore de temps.", "The programme has no session yet."),
    ("org_status_draft", "Brouillon : le public ne la voit pas", "Draft: the public cannot see it"),
    ("org_status_published", "Publiée", "Published"),
    ("org_status_closed", "Inscriptions fermées", "Registration closed"),
    ("org_registration", "inscription", "registration"),
    ("org_registrations", "inscriptions", "registrations"),
    ("org_waiting", "en attente", "waiting"),
    ("org_present", "présent", "checked in"),
    ("org_presents", "présents", "checked in"),
    ("org_seat", "place", "seat"),
    ("org_seats", "places", "seats"),
    ("org_open_to_all", "Ouvert à toutes les personnes inscrites", "Open to everyone registered"),
    ("org_session_cancelled", "Annulé.", "Cancelled."),
    ("org_at", "à", "at"),
    ("org_sessions_h1", "Comptes et connexions", "Accounts and sign-ins"),
    ("org_accounts_h2", "Les comptes d'organisateurs", "Organiser accounts"),
    (
        "org_accounts_1",
        "Chaque compte a un jeton d'API, fait avec le compte. Le jeton n'est jamais affiché ici.",
        "Each account has an API token, made with the account. The token is never shown here.",
    ),
    ("org_token_made", "Jeton d'API créé le", "API token made on"),
    ("org_role_admin", "administrateur", "admin"),
    ("org_role_organiser", "organisateur", "organiser"),
    ("org_open_h2", "Les connexions ouvertes", "Open sign-ins"),
    (
        "org_open_1",
        "Fermer une connexion la coupe tout de suite. La personne devra demander un nouveau lien.",
        "Ending a sign-in cuts it off at once. The person will need to ask for a new link.",
    ),
    ("org_open_none", "Aucune connexion n'est ouverte.", "No sign-in is open."),
    ("org_this_session", "(cette connexion-ci)", "(this one)"),
    ("org_session_since", "Connecté le", "Signed in on"),
    ("org_session_seen", "Dernière activité le", "Last active on"),
    ("org_session_ends", "Se termine au plus tard le", "Ends at the latest on"),
    ("org_revoke", "Fermer cette connexion", "End this sign-in"),
    ("org_revoked", "C'est fait : la connexion est fermée.", "Done: the sign-in is ended."),
    ("admin_only_h1", "Page réservée", "Restricted page"),
    ("admin_only_1", "Cette page est réservée aux administrateurs.", "This page is for admins only."),
];

/// The text of `key` in `lang`; empty when missing (a unit test checks that every key the
/// Rust code asks for exists; the start-up check of the templates catches the others).
#[must_use]
pub fn tx(lang: Lang, key: &str) -> &'static str {
    TEXTS.iter().find(|(k, _, _)| *k == key).map_or("", |(_, fr, en)| match lang {
        Lang::Fr => fr,
        Lang::En => en,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `tx(…, "key")` of the page code names a text of the table.
    #[test]
    fn every_key_asked_for_exists_in_both_languages() {
        let sources = [
            include_str!("views.rs"),
            include_str!("public.rs"),
            include_str!("manage.rs"),
            include_str!("error.rs"),
            include_str!("mod.rs"),
            include_str!("organiser/views.rs"),
            include_str!("organiser/sign_in.rs"),
            include_str!("organiser/dashboard.rs"),
            include_str!("organiser/sessions.rs"),
        ];
        let mut seen = 0;
        for source in sources {
            for piece in source.split("tx(").skip(1) {
                let Some(start) = piece.find('"') else { continue };
                let rest = &piece[start + 1..];
                let Some(end) = rest.find('"') else { continue };
                let key = &rest[..end];
                if key.contains(' ') || key.is_empty() || piece[..start].contains(')') {
                    continue;
                }
                seen += 1;
                assert!(TEXTS.iter().any(|(k, _, _)| *k == key), "missing text {key}");
            }
        }
        assert!(seen > 20, "the scan found the keys");
        let mut keys: Vec<&str> = TEXTS.iter().map(|(k, _, _)| *k).collect();
        keys.sort_unstable();
        let before = keys.len();
        keys.dedup();
        assert_eq!(before, keys.len(), "a key is listed twice");
    }
}

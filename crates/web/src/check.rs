//! Turning request fields into domain values, collecting every problem at once so that a
//! person fixes their form in one go.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use tisser_domain::email::EmailError;
use tisser_domain::text::{self, TextError};
use tisser_domain::{Email, Language, Profile, SessionId, Slug};
use tisser_persistence::NewRegistration;
use validator::{ValidationErrors, ValidationErrorsKind};

use crate::dto::Allowed;
use crate::error::{ApiError, FieldError};

pub mod programme;

pub use programme::{event_copy, event_patch, new_event, new_session, session_patch};
// The limits of every text field, shared with the programme files read in the domain.
pub use tisser_domain::text::{DESCRIPTION_MAX, ITEMS_MAX, LINE_MAX, NAME_MAX, TEXT_MAX, TITLE_MAX, URL_MAX};

/// Collects field problems.
#[derive(Default)]
pub struct Check {
    errors: Vec<FieldError>,
}

fn text_error(field: &str, e: TextError) -> FieldError {
    match e {
        TextError::Required => FieldError::new(field, "Ce champ est obligatoire.", "This field is required."),
        TextError::TooLong(max) => FieldError::new(
            field,
            format!("Ce champ est trop long ({max} caractères au plus)."),
            format!("This field is too long (at most {max} characters)."),
        ),
        TextError::ControlCharacters => FieldError::new(
            field,
            "Ce champ contient des caractères non permis (retours à la ligne, caractères de contrôle).",
            "This field contains characters that are not allowed (line breaks, control characters).",
        ),
        TextError::InvisibleCharacters => FieldError::new(
            field,
            "Ce champ contient des caractères invisibles non permis (sens d'écriture, espaces sans largeur). Retapez-le sans copier-coller.",
            "This field contains invisible characters that are not allowed (writing direction, zero-width spaces). Type it again without copying and pasting.",
        ),
    }
}

impl Check {
    pub fn push(&mut self, error: FieldError) {
        self.errors.push(error);
    }

    /// A required one-line text.
    pub fn line(&mut self, field: &str, value: Option<&str>, max: usize) -> String {
        match text::single_line(value.unwrap_or_default(), max) {
            Ok(v) => v,
            Err(e) => {
                self.errors.push(text_error(field, e));
                String::new()
            }
        }
    }

    /// An optional one-line text.
    pub fn optional_line(&mut self, field: &str, value: Option<&str>, max: usize) -> Option<String> {
        text::optional_single_line(value, max).unwrap_or_else(|e| {
            self.errors.push(text_error(field, e));
            None
        })
    }

    /// An optional text that may span lines.
    pub fn optional_text(&mut self, field: &str, value: Option<&str>, max: usize) -> Option<String> {
        text::optional_multi_line(value, max).unwrap_or_else(|e| {
            self.errors.push(text_error(field, e));
            None
        })
    }

    /// A text checked elsewhere for its form (a web address): no control nor invisible
    /// formatting character, at most `max` characters.
    pub fn plain(&mut self, field: &str, value: &str, max: usize) {
        if value.chars().count() > max {
            self.errors.push(text_error(field, TextError::TooLong(max)));
        } else if let Err(e) = text::plain_characters(value) {
            self.errors.push(text_error(field, e));
        }
    }

    /// At most `max` items in a list.
    pub fn at_most<T>(&mut self, field: &str, list: &[T], max: usize) {
        if list.len() > max {
            self.errors.push(FieldError::new(
                field,
                format!("Trop d'éléments ({max} au plus)."),
                format!("Too many items (at most {max})."),
            ));
        }
    }

    pub fn email(&mut self, field: &str, value: Option<&str>) -> Option<Email> {
        match Email::parse(value.unwrap_or_default()) {
            Ok(e) => Some(e),
            Err(EmailError::Empty) => {
                self.errors.push(FieldError::new(
                    field,
                    "L'adresse e-mail est obligatoire.",
                    "The e-mail address is required.",
                ));
                None
            }
            Err(EmailError::TooLong) => {
                self.errors.push(FieldError::new(
                    field,
                    "L'adresse e-mail est trop longue.",
                    "The e-mail address is too long.",
                ));
                None
            }
            Err(EmailError::Malformed) => {
                self.errors.push(FieldError::new(
                    field,
                    "L'adresse e-mail n'est pas valide (exemple : prenom.nom@exemple.fr).",
                    "The e-mail address is not valid (example: first.last@example.org).",
                ));
                None
            }
        }
    }

    pub fn slug(&mut self, field: &str, value: Option<&str>) -> Option<Slug> {
        match Slug::parse(value.unwrap_or_default()) {
            Ok(s) => Some(s),
            Err(_) => {
                self.errors.push(FieldError::new(
                    field,
                    "L'identifiant doit contenir de 1 à 80 caractères : lettres minuscules sans accent, chiffres et tirets simples.",
                    "The slug must have 1 to 80 characters: lower-case letters without accents, digits and single hyphens.",
                ));
                None
            }
        }
    }

    /// A required instant, RFC 3339 with an offset.
    pub fn time(&mut self, field: &str, value: Option<&str>) -> Option<DateTime<Utc>> {
        let Some(raw) = value else {
            self.errors.push(FieldError::new(field, "Ce champ est obligatoire.", "This field is required."));
            return None;
        };
        self.parse_time(field, raw)
    }

    pub fn parse_time(&mut self, field: &str, raw: &str) -> Option<DateTime<Utc>> {
        match DateTime::parse_from_rfc3339(raw.trim()) {
            Ok(t) => Some(t.with_timezone(&Utc)),
            Err(_) => {
                self.errors.push(FieldError::new(
                    field,
                    "Date et heure attendues au format RFC 3339 avec décalage (exemple : 2024-04-23T09:00:00+02:00).",
                    "Expected a date and time in RFC 3339 with an offset (example: 2024-04-23T09:00:00+02:00).",
                ));
                None
            }
        }
    }

    pub fn timezone(&mut self, field: &str, value: &str) -> Option<Tz> {
        match tisser_domain::event::parse_timezone(value) {
            Ok(tz) => Some(tz),
            Err(_) => {
                self.errors.push(FieldError::new(
                    field,
                    "Fuseau horaire inconnu (exemple : Europe/Paris).",
                    "Unknown time zone (example: Europe/Paris).",
                ));
                None
            }
        }
    }

    /// One of a fixed set of names.
    pub fn choice<T>(
        &mut self,
        field: &str,
        value: &str,
        parse: impl Fn(&str) -> Option<T>,
        allowed: &[&str],
    ) -> Option<T> {
        let parsed = parse(value);
        if parsed.is_none() {
            let list = allowed.join(", ");
            self.errors.push(FieldError::new(
                field,
                format!("Valeur inconnue. Valeurs possibles : {list}."),
                format!("Unknown value. Possible values: {list}."),
            ));
        }
        parsed
    }

    /// Adds the problems found by `validator` derives.
    pub fn validated(&mut self, result: Result<(), ValidationErrors>) {
        if let Err(errors) = result {
            collect(&mut self.errors, "", &errors);
        }
    }

    /// Whether everything was fine.
    ///
    /// # Errors
    /// 422 `validation_failed` listing every problem.
    pub fn finish(self) -> Result<(), ApiError> {
        self.into_result().map_err(ApiError::validation)
    }

    /// Whether everything was fine, or every problem found.
    ///
    /// # Errors
    /// Every field's problem, in the order found.
    pub fn into_result(self) -> Result<(), Vec<FieldError>> {
        if self.errors.is_empty() { Ok(()) } else { Err(self.errors) }
    }
}

/// A registration as a person sent it, from the JSON API or the HTML form: raw texts.
#[derive(Default)]
pub struct RegistrationInput<'a> {
    pub email: Option<&'a str>,
    pub first_name: Option<&'a str>,
    pub last_name: Option<&'a str>,
    pub profile: Option<&'a str>,
    pub language: Option<&'a str>,
    pub organization: Option<&'a str>,
    pub accessibility_needs: Option<&'a str>,
    pub dietary_requirements: Option<&'a str>,
    pub sessions: Vec<SessionId>,
    /// An organiser registers the person: an empty address means "no address"
    /// ([`Email::none`]).
    pub email_optional: bool,
}

/// The one check of a registration, shared by the JSON API and the form: every field's
/// problem at once, or the validated registration.
///
/// # Errors
/// One [`FieldError`] per problem, named as in the JSON API (`email`, `first_name`, …).
pub fn registration(input: RegistrationInput<'_>) -> Result<NewRegistration, Vec<FieldError>> {
    let mut check = Check::default();
    let no_address = input.email_optional && input.email.is_none_or(|e| e.trim().is_empty());
    let email =
        if no_address { Some(Email::none(uuid::Uuid::now_v7())) } else { check.email("email", input.email) };
    let first_name = check.line("first_name", input.first_name, NAME_MAX);
    let last_name = check.line("last_name", input.last_name, NAME_MAX);
    let profile = input
        .profile
        .filter(|p| !p.trim().is_empty())
        .and_then(|p| check.choice("profile", p.trim(), Profile::parse, &Allowed::profiles()));
    let language = input
        .language
        .filter(|l| !l.trim().is_empty())
        .and_then(|l| {
            check.choice("language", &l.trim().to_ascii_lowercase(), Language::parse, &Allowed::languages())
        })
        .unwrap_or_default();
    let organization = check.optional_line("organization", input.organization, LINE_MAX);
    let accessibility_needs = check.optional_text("accessibility_needs", input.accessibility_needs, TEXT_MAX);
    let dietary_requirements =
        check.optional_text("dietary_requirements", input.dietary_requirements, TEXT_MAX);
    if input.sessions.len() > 100 {
        check.push(FieldError::new("sessions", "Trop de temps choisis.", "Too many sessions chosen."));
    }
    check.into_result()?;
    let Some(email) = email else {
        return Err(vec![FieldError::new("email", "Ce champ est obligatoire.", "This field is required.")]);
    };
    Ok(NewRegistration {
        email,
        first_name,
        last_name,
        profile,
        organization,
        language,
        accessibility_needs,
        dietary_requirements,
        sessions: input.sessions,
    })
}

/// An organiser's message to the registrants: a subject line and a text, both required.
///
/// # Errors
/// One [`FieldError`] per problem (`subject`, `body`).
pub fn message(subject: Option<&str>, body: Option<&str>) -> Result<(String, String), Vec<FieldError>> {
    let mut check = Check::default();
    let subject = check.line("subject", subject, TITLE_MAX);
    let text = check.optional_text("body", body, DESCRIPTION_MAX);
    if body.is_none_or(|b| b.trim().is_empty()) {
        check.push(FieldError::new("body", "Ce champ est obligatoire.", "This field is required."));
    }
    check.into_result()?;
    Ok((subject, text.unwrap_or_default()))
}

fn collect(out: &mut Vec<FieldError>, prefix: &str, errors: &ValidationErrors) {
    for (field, kind) in errors.errors() {
        let name = if prefix.is_empty() { field.to_string() } else { format!("{prefix}.{field}") };
        match kind {
            ValidationErrorsKind::Field(list) => {
                for e in list {
                    out.push(match e.code.as_ref() {
                        "url" => FieldError::new(
                            &name,
                            "Adresse web invalide (elle doit commencer par https:// ou http://).",
                            "Invalid web address (it must start with https:// or http://).",
                        ),
                        "range" => FieldError::new(
                            &name,
                            "Nombre hors des limites permises (de 0 à 100 000).",
                            "Number out of the allowed range (0 to 100,000).",
                        ),
                        "length" => FieldError::new(&name, "Longueur incorrecte.", "Wrong length."),
                        other => FieldError::new(
                            &name,
                            format!("Valeur refusée ({other})."),
                            format!("Value refused ({other})."),
                        ),
                    });
                }
            }
            ValidationErrorsKind::Struct(inner) => collect(out, &name, inner),
            ValidationErrorsKind::List(items) => {
                for (i, inner) in items {
                    collect(out, &format!("{name}[{i}]"), inner);
                }
            }
        }
    }
}

/// Serde helper for PATCH bodies: an absent field is `None`, an explicit `null` is
/// `Some(None)`.
pub fn double_option<'de, T, D>(de: D) -> Result<Option<Option<T>>, D::Error>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    serde::Deserialize::deserialize(de).map(Some)
}

//! Registrations (*inscriptions*) and the status of each chosen session.

use crate::event::text_enum;

/// Who a participant is, as they describe themselves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Profile {
    PatientPartner,
    Caregiver,
    UserRepresentative,
    HealthProfessional,
    Student,
    Institution,
    Other,
}

text_enum!(Profile {
    PatientPartner => "patient_partner",
    Caregiver => "caregiver",
    UserRepresentative => "user_representative",
    HealthProfessional => "health_professional",
    Student => "student",
    Institution => "institution",
    Other => "other",
});

/// The language a participant reads their e-mails in. French by default.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Language {
    #[default]
    Fr,
    En,
}

text_enum!(Language { Fr => "fr", En => "en" });

/// Where a registration stands with respect to the event's overall capacity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RegistrationStatus {
    Confirmed,
    Waitlisted,
    Cancelled,
}

text_enum!(RegistrationStatus { Confirmed => "confirmed", Waitlisted => "waitlisted", Cancelled => "cancelled" });

/// Where one chosen session stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChoiceStatus {
    Confirmed,
    Waitlisted,
    Cancelled,
}

text_enum!(ChoiceStatus { Confirmed => "confirmed", Waitlisted => "waitlisted", Cancelled => "cancelled" });

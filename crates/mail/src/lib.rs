//! E-mail for Tisser: the outbox worker, the templates in `mail-templates/`, SMTP delivery.
//!
//! Placed by the foundation; filled by the e-mail issue. Architecture invariant: this crate
//! never reads HTTP requests and never touches sea-orm entities; it receives plain domain data.

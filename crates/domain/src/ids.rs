//! Typed identifiers, so that a session id can never be passed where an event id is expected.

use std::fmt;
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A new, time-ordered identifier (UUID v7).
            #[must_use]
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl From<Uuid> for $name {
            fn from(id: Uuid) -> Self {
                Self(id)
            }
        }
    };
}

id_type!(
    /// Identifies a series of events (the Déjeuners).
    SeriesId
);
id_type!(
    /// Identifies an event.
    EventId
);
id_type!(
    /// Identifies one slot of a programme.
    SessionId
);
id_type!(
    /// Identifies a person's registration to an event.
    RegistrationId
);
id_type!(
    /// Identifies an organiser account.
    OrganiserId
);

//! sea-orm entities, one module per table. Private to this crate: architecture invariant,
//! no entity or active model ever leaves `tisser-persistence`.

macro_rules! no_relations {
    () => {
        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    };
}

pub mod organisers {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "organizers")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub email: String,
        pub name: String,
        pub role: String,
        pub token_hash: String,
        pub created_at: DateTimeUtc,
    }

    no_relations!();
}

pub mod series {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "series")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub title: String,
        pub slug: String,
        pub description: Option<String>,
        pub created_by: Option<Uuid>,
        pub created_at: DateTimeUtc,
    }

    no_relations!();
}

pub mod events {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "events")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub slug: String,
        pub title: String,
        pub description: Option<String>,
        pub timezone: String,
        pub format: String,
        pub venue: Option<String>,
        pub capacity: Option<i32>,
        pub taken: i32,
        pub waitlist_seq: i64,
        pub registration_opens_at: Option<DateTimeUtc>,
        pub registration_closes_at: Option<DateTimeUtc>,
        pub status: String,
        pub series_id: Option<Uuid>,
        pub created_by: Option<Uuid>,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
        /// Raised by every change of seats: the write that locks the row.
        pub lock_version: i64,
    }

    no_relations!();
}

pub mod sessions {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "sessions")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub event_id: Uuid,
        pub status: String,
        pub kind: String,
        pub title: String,
        pub room: Option<String>,
        pub starts_at: DateTimeUtc,
        pub ends_at: DateTimeUtc,
        pub description: Option<String>,
        pub requires_registration: bool,
        pub waitlist_seq: i64,
        pub taken: i32,
        pub capacity: Option<i32>,
        pub online_url: Option<String>,
        pub replay_url: Option<String>,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
        pub replay_announced: bool,
    }

    no_relations!();
}

pub mod facilitators {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "facilitators")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub session_id: Uuid,
        pub position: i32,
        pub name: String,
        pub role: Option<String>,
    }

    no_relations!();
}

pub mod session_documents {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "session_documents")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub session_id: Uuid,
        pub position: i32,
        pub title: String,
        pub url: String,
    }

    no_relations!();
}

pub mod registrations {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "registrations")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub email: String,
        pub event_id: Uuid,
        pub status: String,
        pub language: String,
        pub first_name: String,
        pub last_name: String,
        pub profile: Option<String>,
        pub organization: Option<String>,
        pub accessibility_needs: Option<String>,
        pub dietary_requirements: Option<String>,
        pub waitlist_seq: Option<i64>,
        pub updated_at: DateTimeUtc,
        pub created_at: DateTimeUtc,
    }

    no_relations!();
}

pub mod manage_tokens {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "manage_tokens")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub token_hash: String,
        pub registration_id: Uuid,
        pub created_at: DateTimeUtc,
    }

    no_relations!();
}

pub mod choices {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "choices")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub registration_id: Uuid,
        pub session_id: Uuid,
        pub status: String,
        pub waitlist_seq: Option<i64>,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
        pub invite_sequence: i32,
    }

    no_relations!();
}

pub mod idempotency_keys {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "idempotency_keys")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub event_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub idempotency_key: String,
        pub request_hash: String,
        pub registration_id: Uuid,
        pub response_status: i32,
        #[sea_orm(column_type = "Text")]
        pub response_body: String,
        pub created_at: DateTimeUtc,
    }

    no_relations!();
}

pub mod reminders_sent {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "reminders_sent")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub session_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub registration_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub delay_minutes: i32,
        #[sea_orm(primary_key, auto_increment = false)]
        pub starts_at_ms: i64,
        pub created_at: DateTimeUtc,
    }

    no_relations!();
}

pub mod outbox {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "outbox")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        /// `None` for a message to an organiser.
        pub event_id: Option<Uuid>,
        pub registration_id: Option<Uuid>,
        pub organiser_id: Option<Uuid>,
        pub kind: String,
        pub payload: String,
        pub status: String,
        pub attempts: i32,
        /// Milliseconds since the epoch.
        pub next_attempt_at: i64,
        /// Milliseconds since the epoch.
        pub lease_until: Option<i64>,
        pub claim_token: Option<String>,
        pub last_error: Option<String>,
        pub created_at: DateTimeUtc,
        pub sent_at: Option<DateTimeUtc>,
    }

    no_relations!();
}

pub mod checkins {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "checkins")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub session_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub registration_id: Uuid,
        pub checked_at: DateTimeUtc,
        pub checked_by: Option<Uuid>,
    }

    no_relations!();
}

pub mod erasures {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "erasures")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub registration_id: Uuid,
        pub erased_at: DateTimeUtc,
        pub reason: String,
    }

    no_relations!();
}

pub mod audit_log {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "audit_log")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub at: DateTimeUtc,
        #[sea_orm(column_name = "organizer_id")]
        pub organiser_id: Option<Uuid>,
        pub action: String,
        pub event_id: Option<Uuid>,
        pub registration_id: Option<Uuid>,
        pub session_id: Option<Uuid>,
        pub count: Option<i32>,
    }

    no_relations!();
}

pub mod organiser_sign_in_links {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "organiser_sign_in_links")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub token_hash: String,
        pub organiser_id: Uuid,
        pub created_at: DateTimeUtc,
        /// Milliseconds since the epoch.
        pub expires_at: i64,
        pub used_at: Option<DateTimeUtc>,
    }

    no_relations!();
}

pub mod organiser_sessions {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "organiser_sessions")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub token_hash: String,
        pub organiser_id: Uuid,
        pub created_at: DateTimeUtc,
        pub last_seen_at: DateTimeUtc,
        /// Milliseconds since the epoch.
        pub idle_until: i64,
        /// Milliseconds since the epoch.
        pub expires_at: i64,
    }

    no_relations!();
}

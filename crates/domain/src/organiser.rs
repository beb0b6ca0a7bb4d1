//! Organiser accounts and what they may touch.

use crate::OrganiserId;
use crate::event::text_enum;

/// What an organiser account may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Sees and manages every event.
    Admin,
    /// Sees and manages only the events they created.
    Organiser,
}

text_enum!(Role { Admin => "admin", Organiser => "organizer" });

/// An organiser, as authenticated by their token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Organiser {
    pub id: OrganiserId,
    pub email: String,
    pub name: String,
    pub role: Role,
}

impl Organiser {
    /// Whether this organiser may manage an event created by `created_by`.
    #[must_use]
    pub fn may_manage(&self, created_by: Option<OrganiserId>) -> bool {
        self.role == Role::Admin || created_by == Some(self.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn organiser(role: Role) -> Organiser {
        Organiser { id: OrganiserId::new(), email: "o@example.org".into(), name: "O".into(), role }
    }

    #[test]
    fn organisers_manage_their_own_events_and_admins_every_event() {
        let mine = organiser(Role::Organiser);
        assert!(mine.may_manage(Some(mine.id)));
        assert!(!mine.may_manage(Some(OrganiserId::new())));
        assert!(!mine.may_manage(None));
        let admin = organiser(Role::Admin);
        assert!(admin.may_manage(Some(OrganiserId::new())));
        assert!(admin.may_manage(None));
    }
}

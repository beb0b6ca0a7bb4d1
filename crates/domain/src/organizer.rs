//! Organiser accounts and what they may touch.

use crate::OrganizerId;
use crate::event::text_enum;

/// What an organiser account may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Sees and manages every event.
    Admin,
    /// Sees and manages only the events they created.
    Organizer,
}

text_enum!(Role { Admin => "admin", Organizer => "organizer" });

/// An organiser, as authenticated by their token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Organizer {
    pub id: OrganizerId,
    pub email: String,
    pub name: String,
    pub role: Role,
}

impl Organizer {
    /// Whether this organiser may manage an event created by `created_by`.
    #[must_use]
    pub fn may_manage(&self, created_by: Option<OrganizerId>) -> bool {
        self.role == Role::Admin || created_by == Some(self.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn organizer(role: Role) -> Organizer {
        Organizer { id: OrganizerId::new(), email: "o@example.org".into(), name: "O".into(), role }
    }

    #[test]
    fn organizers_manage_their_own_events_and_admins_every_event() {
        let mine = organizer(Role::Organizer);
        assert!(mine.may_manage(Some(mine.id)));
        assert!(!mine.may_manage(Some(OrganizerId::new())));
        assert!(!mine.may_manage(None));
        let admin = organizer(Role::Admin);
        assert!(admin.may_manage(Some(OrganizerId::new())));
        assert!(admin.may_manage(None));
    }
}

//! Organiser accounts and their bearer tokens.

use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use tisser_domain::{Email, Organiser, OrganiserId, Role};

use crate::entities::organisers;
use crate::{Store, StoreError, is_unique_violation, tokens};

impl Store {
    /// Creates an organiser account and returns it with its API token, which is stored only
    /// as a hash and cannot be shown again.
    ///
    /// # Errors
    /// [`StoreError::OrganiserExists`] when the e-mail already has an account.
    pub async fn add_organiser(
        &self,
        email: &Email,
        name: &str,
        role: Role,
    ) -> Result<(Organiser, String), StoreError> {
        let token = tokens::generate("tsr_")?;
        let id = OrganiserId::new();
        let model = organisers::ActiveModel {
            id: Set(id.0),
            email: Set(email.as_str().to_owned()),
            name: Set(name.to_owned()),
            role: Set(role.as_str().to_owned()),
            token_hash: Set(tokens::hash(&token)),
            created_at: Set(self.now()),
        };
        model
            .insert(&self.write)
            .await
            .map_err(|e| if is_unique_violation(&e) { StoreError::OrganiserExists } else { e.into() })?;
        let organiser = Organiser { id, email: email.as_str().to_owned(), name: name.to_owned(), role };
        Ok((organiser, token))
    }

    /// The organiser holding `token`, if any.
    ///
    /// # Errors
    /// [`StoreError::Db`] when the database fails.
    pub async fn organiser_by_token(&self, token: &str) -> Result<Option<Organiser>, StoreError> {
        let found = organisers::Entity::find()
            .filter(organisers::Column::TokenHash.eq(tokens::hash(token)))
            .one(&self.read)
            .await?;
        found.map(organiser_of).transpose()
    }
}

/// The organiser of a stored account.
pub(crate) fn organiser_of(m: organisers::Model) -> Result<Organiser, StoreError> {
    let role = Role::parse(&m.role).ok_or_else(|| crate::convert::corrupt("role", &m.role))?;
    Ok(Organiser { id: OrganiserId(m.id), email: m.email, name: m.name, role })
}

//! The `organization_invitations` table: e-mailed invitations to join an organization.

use crate::enums::{InvitationStatus, MemberRole};
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// One invitation of an e-mail address to an organization.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "organization_invitations")]
pub struct Model {
    /// Surrogate primary key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The organization invited to; deleting it deletes the invitation.
    #[sea_orm(indexed)]
    pub organization_id: i32,
    /// The invitee's e-mail address.
    #[sea_orm(indexed)]
    pub email: String,
    /// The role the invitee gets on accepting.
    pub role: MemberRole,
    /// SHA-256 (hex) of the secret token in the invitation link; the token itself is never stored.
    #[sea_orm(unique_key = "token_hash")]
    pub token_hash: String,
    /// Where the invitation stands.
    #[sea_orm(indexed)]
    pub status: InvitationStatus,
    /// Identity-provider subject of the user who sent the invitation.
    pub invited_by: String,
    /// After this instant the invitation can no longer be accepted.
    #[sea_orm(indexed)]
    pub expires_at: DateTimeWithTimeZone,
    /// When the row was inserted (the invitation was sent).
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last updated (e.g. accepted or revoked).
    pub updated_at: DateTimeWithTimeZone,
}

/// The rows an invitation points to.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The organization the invitation is for.
    #[sea_orm(
        belongs_to = "super::organization::Entity",
        from = "Column::OrganizationId",
        to = "super::organization::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk-organization_invitations-organization_id"
    )]
    Organization,
}

impl Related<super::organization::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organization.def()
    }
}

crate::timestamps::timestamped_behavior!();

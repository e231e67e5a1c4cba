//! The `organization_members` table: which user belongs to which organization, with what role.

use crate::enums::MemberRole;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// One user's membership of one organization.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "organization_members")]
pub struct Model {
    /// Surrogate primary key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The organization; deleting it deletes the membership.
    #[sea_orm(unique_key = "organization_id_user_id")]
    pub organization_id: i32,
    /// Identity-provider subject of the member; unique within the organization.
    #[sea_orm(unique_key = "organization_id_user_id", indexed)]
    pub user_id: String,
    /// The member's role.
    pub role: MemberRole,
    /// Identity-provider subject of whoever added the member, if known.
    #[sea_orm(nullable)]
    pub invited_by: Option<String>,
    /// When the row was inserted (the member joined).
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last updated.
    pub updated_at: DateTimeWithTimeZone,
}

/// The rows a membership points to.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The organization the member belongs to.
    #[sea_orm(
        belongs_to = "super::organization::Entity",
        from = "Column::OrganizationId",
        to = "super::organization::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk-organization_members-organization_id"
    )]
    Organization,
}

impl Related<super::organization::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organization.def()
    }
}

crate::timestamps::timestamped_behavior!();

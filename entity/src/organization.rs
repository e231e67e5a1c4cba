//! The `organizations` table: tenants that own members, invitations, API keys and audit entries.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// One organization (tenant) of ops-center.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "organizations")]
pub struct Model {
    /// Surrogate primary key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Display name.
    #[sea_orm(indexed)]
    pub name: String,
    /// Unique URL-safe handle, e.g. `acme-corp`.
    #[sea_orm(unique_key = "slug")]
    pub slug: String,
    /// Free-form description shown to members.
    #[sea_orm(column_type = "Text", nullable)]
    pub description: Option<String>,
    /// Identity-provider subject of the user who owns the organization.
    #[sea_orm(indexed)]
    pub owner_user_id: String,
    /// Subscription plan code, e.g. `free`, `pro`, `enterprise`.
    pub plan: String,
    /// Where billing notices go, when not to the owner.
    #[sea_orm(nullable)]
    pub billing_email: Option<String>,
    /// Seat limit: how many members the organization may have.
    pub max_members: i32,
    /// False while the organization is suspended; its data is kept.
    pub is_active: bool,
    /// Organization-wide settings (feature flags, defaults, branding).
    #[sea_orm(column_type = "JsonBinary")]
    pub settings: Json,
    /// When the row was inserted.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last updated.
    pub updated_at: DateTimeWithTimeZone,
}

/// The rows that belong to an organization.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The organization's members.
    #[sea_orm(has_many = "super::organization_member::Entity")]
    Members,
    /// The invitations sent on the organization's behalf.
    #[sea_orm(has_many = "super::organization_invitation::Entity")]
    Invitations,
    /// The organization's API keys.
    #[sea_orm(has_many = "super::api_key::Entity")]
    ApiKeys,
    /// The audit entries about the organization.
    #[sea_orm(has_many = "super::audit_log::Entity")]
    AuditLogs,
}

impl Related<super::organization_member::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Members.def()
    }
}

impl Related<super::organization_invitation::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Invitations.def()
    }
}

impl Related<super::api_key::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ApiKeys.def()
    }
}

impl Related<super::audit_log::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AuditLogs.def()
    }
}

crate::timestamps::timestamped_behavior!();

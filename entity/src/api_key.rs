//! The `api_keys` table: organization API keys, stored as a public prefix and a secret hash.

use crate::enums::ApiKeyStatus;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// One API key of an organization.
///
/// A key is looked up by its public `key_prefix` and verified against
/// `key_hash`; the full key is shown once at creation and never stored.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "api_keys")]
pub struct Model {
    /// Surrogate primary key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The owning organization; deleting it deletes the key.
    #[sea_orm(indexed)]
    pub organization_id: i32,
    /// Human label, e.g. `ci-deploy`.
    pub name: String,
    /// The key's first characters (e.g. `ock_3f9a2b1c`): unique, safe to display and log.
    #[sea_orm(unique_key = "key_prefix")]
    pub key_prefix: String,
    /// Hash of the full key, compared on every request.
    #[sea_orm(unique_key = "key_hash")]
    pub key_hash: String,
    /// Permissions granted to the key, as a JSON array of scope strings.
    #[sea_orm(column_type = "JsonBinary")]
    pub scopes: Json,
    /// Whether the key may still authenticate.
    #[sea_orm(indexed)]
    pub status: ApiKeyStatus,
    /// Identity-provider subject of the user who created the key.
    #[sea_orm(indexed)]
    pub created_by: String,
    /// When the key last authenticated a request.
    #[sea_orm(nullable)]
    pub last_used_at: Option<DateTimeWithTimeZone>,
    /// When the key stops working; `None` means never.
    #[sea_orm(nullable, indexed)]
    pub expires_at: Option<DateTimeWithTimeZone>,
    /// When the key was revoked, if it was.
    #[sea_orm(nullable)]
    pub revoked_at: Option<DateTimeWithTimeZone>,
    /// When the row was inserted.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last updated.
    pub updated_at: DateTimeWithTimeZone,
}

/// The rows an API key points to.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The organization that owns the key.
    #[sea_orm(
        belongs_to = "super::organization::Entity",
        from = "Column::OrganizationId",
        to = "super::organization::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk-api_keys-organization_id"
    )]
    Organization,
}

impl Related<super::organization::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organization.def()
    }
}

crate::timestamps::timestamped_behavior!();

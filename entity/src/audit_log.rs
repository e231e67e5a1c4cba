//! The `audit_logs` table: who did what to which resource, and when.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// One audit entry.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "audit_logs")]
pub struct Model {
    /// Surrogate primary key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The organization the action concerned; `None` for system-wide actions.
    /// Deleting the organization deletes its entries.
    #[sea_orm(nullable, indexed)]
    pub organization_id: Option<i32>,
    /// Who acted: an identity-provider subject, `api_key:<prefix>`, or `None` for the system.
    #[sea_orm(nullable, indexed)]
    pub actor_id: Option<String>,
    /// What was done, as a dotted verb, e.g. `member.invite` or `dns_record.delete`.
    #[sea_orm(indexed)]
    pub action: String,
    /// The kind of resource acted on, e.g. `organization` or `cloudflare_zone`.
    pub resource_type: String,
    /// The identifier of the resource acted on, when there is one.
    #[sea_orm(nullable, indexed)]
    pub resource_id: Option<String>,
    /// Whether the action succeeded.
    pub success: bool,
    /// Action-specific context: changed fields, request parameters, error text.
    #[sea_orm(column_type = "JsonBinary")]
    pub details: Json,
    /// Client IP address (IPv4 or IPv6 text), when the action came over the network.
    #[sea_orm(nullable)]
    pub ip_address: Option<String>,
    /// Client `User-Agent` header, when the action came over HTTP.
    #[sea_orm(column_type = "Text", nullable)]
    pub user_agent: Option<String>,
    /// When the action happened.
    #[sea_orm(indexed)]
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last updated (audit entries are normally never updated).
    pub updated_at: DateTimeWithTimeZone,
}

/// The rows an audit entry points to.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The organization the action concerned.
    #[sea_orm(
        belongs_to = "super::organization::Entity",
        from = "Column::OrganizationId",
        to = "super::organization::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk-audit_logs-organization_id"
    )]
    Organization,
}

impl Related<super::organization::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organization.def()
    }
}

crate::timestamps::timestamped_behavior!();

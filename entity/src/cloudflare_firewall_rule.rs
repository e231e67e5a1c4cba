//! The `cloudflare_firewall_rules` table: the firewall rules of each Cloudflare zone.

use crate::enums::FirewallAction;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// One firewall rule of a Cloudflare zone.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "cloudflare_firewall_rules")]
pub struct Model {
    /// Surrogate primary key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The zone the rule belongs to; deleting the zone deletes the rule.
    #[sea_orm(indexed)]
    pub zone_id: i32,
    /// Cloudflare's own rule identifier.
    #[sea_orm(unique_key = "cloudflare_id")]
    pub cloudflare_id: String,
    /// Human description of what the rule is for.
    #[sea_orm(nullable)]
    pub description: Option<String>,
    /// The filter expression in Cloudflare's rules language, e.g. `ip.src eq 192.0.2.1`.
    #[sea_orm(column_type = "Text")]
    pub expression: String,
    /// What happens to matching requests.
    #[sea_orm(indexed)]
    pub action: FirewallAction,
    /// Evaluation order; lower runs first, `None` means Cloudflare's default order.
    #[sea_orm(nullable)]
    pub priority: Option<i32>,
    /// Whether the rule is switched off.
    pub paused: bool,
    /// Other rule fields from the Cloudflare API (products to bypass, filter id, ref ...).
    #[sea_orm(column_type = "JsonBinary")]
    pub metadata: Json,
    /// When the row was inserted.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last updated.
    pub updated_at: DateTimeWithTimeZone,
}

/// The rows a firewall rule points to.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The zone the rule belongs to.
    #[sea_orm(
        belongs_to = "super::cloudflare_zone::Entity",
        from = "Column::ZoneId",
        to = "super::cloudflare_zone::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk-cloudflare_firewall_rules-zone_id"
    )]
    Zone,
}

impl Related<super::cloudflare_zone::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Zone.def()
    }
}

crate::timestamps::timestamped_behavior!();

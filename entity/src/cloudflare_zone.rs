//! The `cloudflare_zones` table: the Cloudflare zones ops-center manages, mirrored from the API.

use crate::enums::ZoneStatus;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// One Cloudflare zone (a domain served by Cloudflare).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "cloudflare_zones")]
pub struct Model {
    /// Surrogate primary key (what DNS records and firewall rules reference).
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Cloudflare's own zone identifier (32 hex characters).
    #[sea_orm(unique_key = "cloudflare_id")]
    pub cloudflare_id: String,
    /// The zone's domain name, e.g. `example.com`.
    #[sea_orm(indexed)]
    pub name: String,
    /// The Cloudflare account that holds the zone.
    pub account_id: String,
    /// The zone's status as Cloudflare reports it.
    #[sea_orm(indexed)]
    pub status: ZoneStatus,
    /// Whether Cloudflare's proxy and security features are paused for the zone.
    pub paused: bool,
    /// The Cloudflare name servers assigned to the zone, as a JSON array of host names.
    #[sea_orm(column_type = "JsonBinary")]
    pub name_servers: Json,
    /// Other zone fields from the Cloudflare API (plan, settings, owner ...).
    #[sea_orm(column_type = "JsonBinary")]
    pub metadata: Json,
    /// When the row was last refreshed from the Cloudflare API.
    #[sea_orm(nullable)]
    pub last_synced_at: Option<DateTimeWithTimeZone>,
    /// When the row was inserted.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last updated.
    pub updated_at: DateTimeWithTimeZone,
}

/// The rows that belong to a zone.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The zone's DNS records.
    #[sea_orm(has_many = "super::cloudflare_dns_record::Entity")]
    DnsRecords,
    /// The zone's firewall rules.
    #[sea_orm(has_many = "super::cloudflare_firewall_rule::Entity")]
    FirewallRules,
}

impl Related<super::cloudflare_dns_record::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::DnsRecords.def()
    }
}

impl Related<super::cloudflare_firewall_rule::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::FirewallRules.def()
    }
}

crate::timestamps::timestamped_behavior!();

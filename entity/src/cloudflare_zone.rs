//! The `cloudflare_zones` table: the Cloudflare zones ops-center manages, mirrored from the API.
//!
//! A zone's DNS records and firewall rules hang off it ([`Relation`]). To show
//! zones with both, load the zones once and each child table with one more
//! query per table ([`LoaderTrait`]), rather than one
//! join per zone:
//!
//! ```
//! use entity::enums::{DnsRecordType, FirewallAction, ZoneStatus};
//! use entity::prelude::*;
//! use entity::{cloudflare_dns_record, cloudflare_firewall_rule, cloudflare_zone};
//! use sea_orm::{ActiveModelTrait, EntityTrait, LoaderTrait, QueryOrder, Set};
//! use serde_json::json;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), sea_orm::DbErr> {
//! # use sea_orm::{ConnectionTrait, Database, DbBackend, Schema};
//! # let db = Database::connect("sqlite::memory:").await?;
//! # let schema = Schema::new(DbBackend::Sqlite);
//! # db.execute(&schema.create_table_from_entity(CloudflareZone)).await?;
//! # db.execute(&schema.create_table_from_entity(CloudflareDnsRecord)).await?;
//! # db.execute(&schema.create_table_from_entity(CloudflareFirewallRule)).await?;
//! for name in ["example.com", "example.org"] {
//!     let zone = cloudflare_zone::ActiveModel {
//!         cloudflare_id: Set(format!("cf-zone-{name}")),
//!         name: Set(name.to_owned()),
//!         account_id: Set("cf-account-1".to_owned()),
//!         status: Set(ZoneStatus::Active),
//!         paused: Set(false),
//!         name_servers: Set(json!(["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"])),
//!         metadata: Set(json!({})),
//!         ..Default::default()
//!     }
//!     .insert(&db)
//!     .await?;
//!     cloudflare_dns_record::ActiveModel {
//!         zone_id: Set(zone.id),
//!         cloudflare_id: Set(format!("cf-record-www.{name}")),
//!         record_type: Set(DnsRecordType::A),
//!         name: Set(format!("www.{name}")),
//!         content: Set("192.0.2.10".to_owned()),
//!         ttl: Set(1),
//!         proxied: Set(true),
//!         ..Default::default()
//!     }
//!     .insert(&db)
//!     .await?;
//!     // Only example.com has a firewall rule.
//!     if name == "example.com" {
//!         cloudflare_firewall_rule::ActiveModel {
//!             zone_id: Set(zone.id),
//!             cloudflare_id: Set("cf-rule-1".to_owned()),
//!             expression: Set("ip.src eq 198.51.100.7".to_owned()),
//!             action: Set(FirewallAction::Block),
//!             paused: Set(false),
//!             metadata: Set(json!({})),
//!             ..Default::default()
//!         }
//!         .insert(&db)
//!         .await?;
//!     }
//! }
//!
//! let zones = CloudflareZone::find()
//!     .order_by_asc(cloudflare_zone::Column::Name)
//!     .all(&db)
//!     .await?;
//! let records = zones.load_many(CloudflareDnsRecord, &db).await?;
//! let rules = zones.load_many(CloudflareFirewallRule, &db).await?;
//!
//! // One entry per zone, in the zones' order.
//! let summary: Vec<_> = zones
//!     .iter()
//!     .zip(&records)
//!     .zip(&rules)
//!     .map(|((zone, records), rules)| {
//!         let names: Vec<_> = records.iter().map(|r| r.name.as_str()).collect();
//!         let actions: Vec<_> = rules.iter().map(|r| r.action).collect();
//!         (zone.name.as_str(), names, actions)
//!     })
//!     .collect();
//! assert_eq!(
//!     summary,
//!     [
//!         ("example.com", vec!["www.example.com"], vec![FirewallAction::Block]),
//!         ("example.org", vec!["www.example.org"], vec![]),
//!     ]
//! );
//! # Ok(())
//! # }
//! ```

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

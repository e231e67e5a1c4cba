//! The `cloudflare_dns_records` table: the DNS records of each Cloudflare zone.

use crate::enums::DnsRecordType;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// One DNS record of a Cloudflare zone.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "cloudflare_dns_records")]
pub struct Model {
    /// Surrogate primary key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The zone the record belongs to; deleting the zone deletes the record.
    #[sea_orm(indexed)]
    pub zone_id: i32,
    /// Cloudflare's own record identifier.
    #[sea_orm(unique_key = "cloudflare_id")]
    pub cloudflare_id: String,
    /// The record type (`A`, `CNAME`, `MX` ...).
    #[sea_orm(indexed)]
    pub record_type: DnsRecordType,
    /// The fully qualified record name, e.g. `www.example.com`.
    #[sea_orm(indexed)]
    pub name: String,
    /// The record data: an address, a target host name, or TXT text.
    #[sea_orm(column_type = "Text")]
    pub content: String,
    /// Time to live in seconds; `1` means "automatic" to Cloudflare.
    pub ttl: i32,
    /// Whether traffic goes through Cloudflare's proxy (orange cloud).
    pub proxied: bool,
    /// Preference for MX and SRV records; `None` for the other types.
    #[sea_orm(nullable)]
    pub priority: Option<i32>,
    /// When the row was inserted.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last updated.
    pub updated_at: DateTimeWithTimeZone,
}

/// The rows a DNS record points to.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The zone the record belongs to.
    #[sea_orm(
        belongs_to = "super::cloudflare_zone::Entity",
        from = "Column::ZoneId",
        to = "super::cloudflare_zone::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk-cloudflare_dns_records-zone_id"
    )]
    Zone,
}

impl Related<super::cloudflare_zone::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Zone.def()
    }
}

crate::timestamps::timestamped_behavior!();

//! The `cloudflare_domains` table: domains on their way into Cloudflare, the target side of a migration.

use crate::enums::CloudflareDomainStatus;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// One domain being (or having been) migrated into Cloudflare.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "cloudflare_domains")]
pub struct Model {
    /// Surrogate primary key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The domain name, e.g. `example.com`.
    #[sea_orm(unique_key = "domain_name")]
    pub domain_name: String,
    /// How far the migration into Cloudflare got.
    #[sea_orm(indexed)]
    pub status: CloudflareDomainStatus,
    /// Cloudflare's zone identifier once the zone exists.
    #[sea_orm(nullable, indexed)]
    pub cloudflare_zone_id: Option<String>,
    /// The Cloudflare account the zone is created in.
    #[sea_orm(nullable)]
    pub account_id: Option<String>,
    /// The Cloudflare name servers assigned to the zone, as a JSON array.
    #[sea_orm(column_type = "JsonBinary")]
    pub nameservers: Json,
    /// The name servers before the migration, kept for rolling back, as a JSON array.
    #[sea_orm(column_type = "JsonBinary")]
    pub original_nameservers: Json,
    /// How many DNS records were imported into the zone.
    pub dns_records_imported: i32,
    /// Why the last step failed, when it did.
    #[sea_orm(column_type = "Text", nullable)]
    pub error_message: Option<String>,
    /// When Cloudflare reported the zone active.
    #[sea_orm(nullable)]
    pub activated_at: Option<DateTimeWithTimeZone>,
    /// When the row was inserted.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last updated.
    pub updated_at: DateTimeWithTimeZone,
}

/// Cloudflare domains reference no other table.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

crate::timestamps::timestamped_behavior!();

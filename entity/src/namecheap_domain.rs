//! The `namecheap_domains` table: domains registered at Namecheap, the source side of a migration.

use crate::enums::NamecheapDomainStatus;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// One domain registered at Namecheap.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "namecheap_domains")]
pub struct Model {
    /// Surrogate primary key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The domain name, e.g. `example.com`.
    #[sea_orm(unique_key = "domain_name")]
    pub domain_name: String,
    /// Registrar state and migration progress.
    #[sea_orm(indexed)]
    pub status: NamecheapDomainStatus,
    /// When the registration expires.
    #[sea_orm(nullable, indexed)]
    pub expires_at: Option<DateTimeWithTimeZone>,
    /// Whether Namecheap renews the registration automatically.
    pub auto_renew: bool,
    /// Whether the registrar transfer lock is on.
    pub is_locked: bool,
    /// Whether WhoisGuard privacy protection is on.
    pub whois_guard: bool,
    /// The name servers the domain currently delegates to, as a JSON array.
    #[sea_orm(column_type = "JsonBinary")]
    pub nameservers: Json,
    /// When the row was last refreshed from the Namecheap API.
    #[sea_orm(nullable)]
    pub last_synced_at: Option<DateTimeWithTimeZone>,
    /// When the row was inserted.
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last updated.
    pub updated_at: DateTimeWithTimeZone,
}

/// Namecheap domains reference no other table.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

crate::timestamps::timestamped_behavior!();

//! The `migration_jobs` table: batch jobs that move domains from Namecheap to Cloudflare.

use crate::enums::MigrationJobStatus;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// One domain migration job and its progress.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "migration_jobs")]
pub struct Model {
    /// Surrogate primary key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Where the job stands.
    #[sea_orm(indexed)]
    pub status: MigrationJobStatus,
    /// The domain names the job migrates, as a JSON array.
    #[sea_orm(column_type = "JsonBinary")]
    pub domains: Json,
    /// How to migrate: dry run, record import, proxying defaults, name server update ...
    #[sea_orm(column_type = "JsonBinary")]
    pub options: Json,
    /// Per-domain outcome once the job has run.
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub result: Option<Json>,
    /// Why the job failed, when it did.
    #[sea_orm(column_type = "Text", nullable)]
    pub error_message: Option<String>,
    /// How many domains the job covers.
    pub total_domains: i32,
    /// How many domains finished successfully so far.
    pub completed_domains: i32,
    /// How many domains failed so far.
    pub failed_domains: i32,
    /// When the job started running.
    #[sea_orm(nullable, indexed)]
    pub started_at: Option<DateTimeWithTimeZone>,
    /// When the job finished, whatever the outcome.
    #[sea_orm(nullable)]
    pub completed_at: Option<DateTimeWithTimeZone>,
    /// When the row was inserted (the job was queued).
    #[sea_orm(indexed)]
    pub created_at: DateTimeWithTimeZone,
    /// When the row was last updated.
    pub updated_at: DateTimeWithTimeZone,
}

/// Migration jobs reference no other table.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

crate::timestamps::timestamped_behavior!();

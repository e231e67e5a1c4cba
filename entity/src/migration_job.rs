//! The `migration_jobs` table: batch jobs that move domains from Namecheap to Cloudflare.
//!
//! A job's `status` is a [`MigrationJobStatus`]
//! and its `domains`, `options` and `result` are JSON documents: they are set,
//! filtered on and read back as Rust values. Queueing a job, recording its
//! outcome, then finding the completed jobs:
//!
//! ```
//! use entity::enums::MigrationJobStatus;
//! use entity::migration_job;
//! use entity::prelude::*;
//! use sea_orm::{
//!     ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QuerySelect, Set,
//! };
//! use serde_json::json;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), sea_orm::DbErr> {
//! # use sea_orm::{ConnectionTrait, Database, DbBackend, Schema};
//! # let db = Database::connect("sqlite::memory:").await?;
//! # let schema = Schema::new(DbBackend::Sqlite);
//! # db.execute(&schema.create_table_from_entity(MigrationJob)).await?;
//! let job = migration_job::ActiveModel {
//!     status: Set(MigrationJobStatus::Pending),
//!     domains: Set(json!(["example.com", "example.net"])),
//!     options: Set(json!({ "dry_run": false, "import_dns": true })),
//!     total_domains: Set(2),
//!     completed_domains: Set(0),
//!     failed_domains: Set(0),
//!     ..Default::default()
//! }
//! .insert(&db)
//! .await?;
//! assert_eq!(job.options["import_dns"], json!(true));
//! assert_eq!(job.result, None);
//!
//! // The job ran: one domain moved, one did not.
//! let mut job = job.into_active_model();
//! job.status = Set(MigrationJobStatus::Completed);
//! job.completed_domains = Set(1);
//! job.failed_domains = Set(1);
//! job.result = Set(Some(json!({
//!     "example.com": { "status": "active" },
//!     "example.net": { "error": "registrar lock" },
//! })));
//! job.update(&db).await?;
//!
//! let completed = MigrationJob::find()
//!     .filter(migration_job::Column::Status.eq(MigrationJobStatus::Completed))
//!     .all(&db)
//!     .await?;
//! assert_eq!(completed.len(), 1);
//! assert_eq!(completed[0].domains, json!(["example.com", "example.net"]));
//! let result = completed[0].result.as_ref().expect("a completed job has a result");
//! assert_eq!(result["example.net"]["error"], "registrar lock");
//!
//! // In the table, the status is the enum's string value.
//! let stored: Vec<String> = MigrationJob::find()
//!     .select_only()
//!     .column(migration_job::Column::Status)
//!     .into_tuple()
//!     .all(&db)
//!     .await?;
//! assert_eq!(stored, ["completed"]);
//! # Ok(())
//! # }
//! ```

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

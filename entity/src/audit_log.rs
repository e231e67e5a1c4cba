//! The `audit_logs` table: who did what to which resource, and when.
//!
//! The audit log grows without bound, so it is read a page at a time: with
//! page numbers ([`PaginatorTrait::paginate`]) for a table with page links,
//! or with a cursor ([`Select::cursor_by`]) for a list that loads more from
//! the last entry it shows:
//!
//! ```
//! use entity::audit_log;
//! use entity::prelude::*;
//! use entity::timestamps::now;
//! use sea_orm::{ActiveModelTrait, EntityTrait, PaginatorTrait, QueryOrder, Set};
//! use serde_json::json;
//! use std::time::Duration;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), sea_orm::DbErr> {
//! # use sea_orm::{ConnectionTrait, Database, DbBackend, Schema};
//! # let db = Database::connect("sqlite::memory:").await?;
//! # let schema = Schema::new(DbBackend::Sqlite);
//! # db.execute(&schema.create_table_from_entity(Organization)).await?;
//! # db.execute(&schema.create_table_from_entity(AuditLog)).await?;
//! // 25 changes to DNS records `1` to `25`, one a minute.
//! let start = now() - Duration::from_secs(3600);
//! for record in 1..=25_u64 {
//!     audit_log::ActiveModel {
//!         actor_id: Set(Some("auth0|alice".to_owned())),
//!         action: Set("dns_record.update".to_owned()),
//!         resource_type: Set("cloudflare_dns_record".to_owned()),
//!         resource_id: Set(Some(record.to_string())),
//!         success: Set(true),
//!         details: Set(json!({ "ttl": { "from": 3600, "to": 300 } })),
//!         created_at: Set(start + Duration::from_secs(60 * record)),
//!         ..Default::default()
//!     }
//!     .insert(&db)
//!     .await?;
//! }
//! // The records an audit page is about.
//! fn records(page: Vec<audit_log::Model>) -> Vec<u64> {
//!     page.into_iter()
//!         .filter_map(|entry| entry.resource_id?.parse().ok())
//!         .collect()
//! }
//!
//! // Newest first, 10 entries a page; pages count from 0.
//! let pages = AuditLog::find()
//!     .order_by_desc(audit_log::Column::CreatedAt)
//!     .paginate(&db, 10);
//! assert_eq!(pages.num_items().await?, 25);
//! assert_eq!(pages.num_pages().await?, 3);
//! assert_eq!(records(pages.fetch_page(0).await?), (16..=25).rev().collect::<Vec<_>>());
//! assert_eq!(records(pages.fetch_page(2).await?), [5, 4, 3, 2, 1]);
//! assert!(pages.fetch_page(3).await?.is_empty());
//!
//! // The same with a cursor on the id: the next page is the entries after
//! // the last one shown, in the cursor's (descending) order.
//! let newest = AuditLog::find()
//!     .cursor_by(audit_log::Column::Id)
//!     .desc()
//!     .first(10)
//!     .all(&db)
//!     .await?;
//! let last_shown = newest.last().map_or(0, |entry| entry.id);
//! assert_eq!(records(newest), (16..=25).rev().collect::<Vec<_>>());
//! let more = AuditLog::find()
//!     .cursor_by(audit_log::Column::Id)
//!     .desc()
//!     .after(last_shown)
//!     .first(10)
//!     .all(&db)
//!     .await?;
//! assert_eq!(records(more), (6..=15).rev().collect::<Vec<_>>());
//! # Ok(())
//! # }
//! ```

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

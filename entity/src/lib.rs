//! SeaORM entities for the ops-center database.
//!
//! This crate owns the Rust description of the schema: one module per table
//! (organizations, authentication, audit, Cloudflare DNS/firewall and domain
//! migration), the status enums in [`enums`], the shared `created_at` /
//! `updated_at` behaviour in [`timestamps`], and [`prelude`] with every
//! entity under a friendly name. The tables themselves are created by the
//! `migration` crate; the two must agree column for column, as
//! [`COLUMN_COUNTS`] fixes.
//!
//! # Using the entities
//!
//! Ops-center code depends on this crate and queries through SeaORM. The
//! examples in these docs run against an in-memory SQLite database
//! (`cargo test -p entity --doc`), its tables created straight from the
//! entities with [`Schema::create_table_from_entity`], which is also how a
//! test of code using this crate can set up a database. This one loads an
//! organization with its members, and a member with its organization:
//!
//! ```
//! use entity::enums::MemberRole;
//! use entity::prelude::*;
//! use entity::{organization, organization_member};
//! use sea_orm::{
//!     ActiveModelTrait, ColumnTrait, ConnectionTrait, Database, DbBackend, EntityTrait,
//!     QueryFilter, QueryOrder, Schema, Set,
//! };
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), sea_orm::DbErr> {
//! let db = Database::connect("sqlite::memory:").await?;
//! let schema = Schema::new(DbBackend::Sqlite);
//! db.execute(&schema.create_table_from_entity(Organization)).await?;
//! db.execute(&schema.create_table_from_entity(OrganizationMember)).await?;
//!
//! let acme = organization::ActiveModel {
//!     name: Set("Acme Corp".to_owned()),
//!     slug: Set("acme-corp".to_owned()),
//!     owner_user_id: Set("auth0|alice".to_owned()),
//!     plan: Set("pro".to_owned()),
//!     max_members: Set(10),
//!     is_active: Set(true),
//!     settings: Set(serde_json::json!({})),
//!     ..Default::default()
//! }
//! .insert(&db)
//! .await?;
//! for (user, role) in [("auth0|bob", MemberRole::Member), ("auth0|alice", MemberRole::Owner)] {
//!     organization_member::ActiveModel {
//!         organization_id: Set(acme.id),
//!         user_id: Set(user.to_owned()),
//!         role: Set(role),
//!         ..Default::default()
//!     }
//!     .insert(&db)
//!     .await?;
//! }
//!
//! // Every organization with its members, in one query.
//! let orgs = Organization::find()
//!     .find_with_related(OrganizationMember)
//!     .order_by_asc(organization_member::Column::UserId)
//!     .all(&db)
//!     .await?;
//! assert_eq!(orgs.len(), 1);
//! let (org, members) = &orgs[0];
//! assert_eq!(org.slug, "acme-corp");
//! let roles: Vec<_> = members.iter().map(|m| (m.user_id.as_str(), m.role)).collect();
//! assert_eq!(roles, [("auth0|alice", MemberRole::Owner), ("auth0|bob", MemberRole::Member)]);
//!
//! // The other way round: a member with the organization it belongs to.
//! let (bob, bobs_org) = OrganizationMember::find()
//!     .filter(organization_member::Column::UserId.eq("auth0|bob"))
//!     .find_also_related(Organization)
//!     .one(&db)
//!     .await?
//!     .expect("bob is a member");
//! assert_eq!(bob.role, MemberRole::Member);
//! assert_eq!(bobs_org.map(|o| o.name), Some("Acme Corp".to_owned()));
//! # Ok(())
//! # }
//! ```
//!
//! The other examples hide that set-up and show one thing each:
//!
//! - [`cloudflare_zone`]: zones with their DNS records and firewall rules;
//! - [`migration_job`]: inserting and updating rows with enum and JSON columns;
//! - [`timestamps`]: how saving keeps `created_at` and moves `updated_at`;
//! - [`audit_log`]: reading the audit log page by page.
//!
//! [`Schema::create_table_from_entity`]: sea_orm::Schema::create_table_from_entity

pub mod enums;
pub mod prelude;
pub mod timestamps;

pub mod api_key;
pub mod audit_log;
pub mod cloudflare_dns_record;
pub mod cloudflare_domain;
pub mod cloudflare_firewall_rule;
pub mod cloudflare_zone;
pub mod migration_job;
pub mod namecheap_domain;
pub mod organization;
pub mod organization_invitation;
pub mod organization_member;

/// The schema contract: each ops-center table with its number of columns, in
/// table-name order. This crate's unit tests hold the entities to it, the
/// integration suite the tables the baseline migration creates.
pub const COLUMN_COUNTS: [(&str, usize); 11] = [
    ("api_keys", 13),
    ("audit_logs", 12),
    ("cloudflare_dns_records", 11),
    ("cloudflare_domains", 12),
    ("cloudflare_firewall_rules", 11),
    ("cloudflare_zones", 11),
    ("migration_jobs", 13),
    ("namecheap_domains", 11),
    ("organization_invitations", 10),
    ("organization_members", 7),
    ("organizations", 12),
];

#[cfg(test)]
mod tests {
    use sea_orm::{EntityTrait, Iterable};

    use super::COLUMN_COUNTS;

    fn shape<E: EntityTrait>(entity: E) -> (&'static str, usize) {
        (entity.table_name(), E::Column::iter().count())
    }

    #[test]
    fn every_table_has_the_contracted_column_count() {
        use crate::prelude::*;
        let got = [
            shape(ApiKey),
            shape(AuditLog),
            shape(CloudflareDnsRecord),
            shape(CloudflareDomain),
            shape(CloudflareFirewallRule),
            shape(CloudflareZone),
            shape(MigrationJob),
            shape(NamecheapDomain),
            shape(OrganizationInvitation),
            shape(OrganizationMember),
            shape(Organization),
        ];
        assert_eq!(got, COLUMN_COUNTS);
    }
}

//! SeaORM entities for the ops-center database.
//!
//! This crate owns the Rust description of the schema: one module per table
//! (organizations, authentication, audit, Cloudflare DNS/firewall and domain
//! migration), the status enums in [`enums`], the shared `created_at` /
//! `updated_at` behaviour in [`timestamps`], and [`prelude`] with every
//! entity under a friendly name. The tables themselves are created by the
//! `migration` crate; the two must agree column for column, as
//! [`COLUMN_COUNTS`] fixes.

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

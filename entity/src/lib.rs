//! SeaORM entities for the ops-center database.
//!
//! This crate owns the Rust description of the schema: one module per table
//! (organizations, authentication, audit, Cloudflare DNS/firewall and domain
//! migration), the status enums in [`enums`], the shared `created_at` /
//! `updated_at` behaviour in [`timestamps`], and [`prelude`] with every
//! entity under a friendly name. The tables themselves are created by the
//! `migration` crate; the two must agree column for column.

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

#[cfg(test)]
mod tests {
    use sea_orm::{EntityTrait, Iterable};

    fn shape<E: EntityTrait>(entity: E) -> (&'static str, usize) {
        (entity.table_name(), E::Column::iter().count())
    }

    /// The column counts are the schema contract; the baseline migration has the same.
    #[test]
    fn every_table_has_the_contracted_column_count() {
        use crate::prelude::*;
        let got = [
            shape(Organization),
            shape(OrganizationMember),
            shape(OrganizationInvitation),
            shape(ApiKey),
            shape(AuditLog),
            shape(CloudflareZone),
            shape(CloudflareDnsRecord),
            shape(CloudflareFirewallRule),
            shape(MigrationJob),
            shape(NamecheapDomain),
            shape(CloudflareDomain),
        ];
        let want = [
            ("organizations", 12),
            ("organization_members", 7),
            ("organization_invitations", 10),
            ("api_keys", 13),
            ("audit_logs", 12),
            ("cloudflare_zones", 11),
            ("cloudflare_dns_records", 11),
            ("cloudflare_firewall_rules", 11),
            ("migration_jobs", 13),
            ("namecheap_domains", 11),
            ("cloudflare_domains", 12),
        ];
        assert_eq!(got, want);
    }
}

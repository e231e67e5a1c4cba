//! The ops-center schema migrations, in order. This file only lists them;
//! each migration lives in its own `mYYYYMMDD_HHMMSS_description.rs` module.

pub use sea_orm_migration::prelude::*;

// `SOURCE_CHECKSUMS` and `LINT_ALLOWANCES`: each migration's source checksum
// and the lint rules it silences (`allow_lint!`), read by build.rs.
include!(concat!(env!("OUT_DIR"), "/source_checksums.rs"));

pub mod m20251023_000007_initial_schema_baseline;

/// The ops-center migrator: every migration of the schema, oldest first.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![Box::new(
            m20251023_000007_initial_schema_baseline::Migration,
        )]
    }
}

/// The ops-center entities, which `generate --autogenerate` and `check`
/// compare the migrations with.
pub fn entities() -> migrate_kit::entities::Entities {
    use entity::*;
    migrate_kit::entities::Entities::new()
        .register(organization::Entity)
        .register(organization_member::Entity)
        .register(organization_invitation::Entity)
        .register(api_key::Entity)
        .register(audit_log::Entity)
        .register(cloudflare_zone::Entity)
        .register(cloudflare_dns_record::Entity)
        .register(cloudflare_firewall_rule::Entity)
        .register(migration_job::Entity)
        .register(namecheap_domain::Entity)
        .register(cloudflare_domain::Entity)
}

//! The ops-center schema migrations, in order. This file only lists them;
//! each migration lives in its own `mYYYYMMDD_HHMMSS_description.rs` module.

pub use sea_orm_migration::prelude::*;

// `SOURCE_CHECKSUMS`: each migration's source checksum, computed by build.rs.
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

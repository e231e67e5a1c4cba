//! Shared test fixtures: a fresh database per test, a runner for the real
//! binary, and golden files.

pub mod binary;
pub mod database;
// The fixture binary's migrators; the tests name a few of them directly.
#[allow(
    dead_code,
    reason = "the fixture binary runs every migrator; the tests use only some by name"
)]
#[path = "../fixture/migrators.rs"]
pub mod fixture;
pub mod golden;
pub mod inspect;
pub mod terminal;
pub mod tools;

pub use binary::{
    Run, entity_first_migration, generated_migration, migration, old_script, ops_center_migration,
    run_command_with_url, run_with_url, seaorm_migration, sleeping_migration, stock_migration,
};
pub use database::{Backend, TestDb};

/// The repository's root (the suite is a target of `migration/`).
pub fn root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Declares a module named after `scenario` (an `async fn(Backend)` in scope)
/// with one test per backend: `scenario::postgres`, `scenario::mysql`,
/// `scenario::sqlite`.
macro_rules! on_every_backend {
    ($scenario:ident) => {
        mod $scenario {
            use crate::support::Backend;

            #[tokio::test]
            async fn postgres() {
                super::$scenario(Backend::Postgres).await;
            }

            #[tokio::test]
            async fn mysql() {
                super::$scenario(Backend::Mysql).await;
            }

            #[tokio::test]
            async fn sqlite() {
                super::$scenario(Backend::Sqlite).await;
            }
        }
    };
}

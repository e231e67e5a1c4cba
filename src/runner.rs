//! Running one migration's own code: which way it runs, whether it runs
//! in a transaction, and `up()`/`down()` called with a panic turned into an
//! error. The engine, the renderer and the checksum all run migrations
//! through this module and nothing else.

use std::panic::AssertUnwindSafe;

use futures_util::FutureExt;
use sea_orm::{DbBackend, DbErr};
use sea_orm_migration::{MigrationTrait, SchemaManager};

/// Which way a migration runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// `up()`: apply.
    Up,
    /// `down()`: roll back.
    Down,
}

/// Why a migration's code did not finish.
#[derive(Debug)]
pub enum MigrationFailure {
    /// The database refused a statement.
    Db(DbErr),
    /// The migration panicked, with this message.
    Panic(String),
}

impl From<DbErr> for MigrationFailure {
    fn from(error: DbErr) -> Self {
        Self::Db(error)
    }
}

impl std::fmt::Display for MigrationFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Db(error) => f.write_str(&database::driver_error::database_message(error)),
            Self::Panic(message) => write!(f, "the migration panicked: {message}"),
        }
    }
}

/// Whether `backend` can roll DDL back, so schema changes run in
/// transactions by default (PostgreSQL; MySQL commits DDL implicitly).
pub fn runs_ddl_in_transactions(backend: DbBackend) -> bool {
    backend == DbBackend::Postgres
}

/// Whether `migration` runs inside a transaction on `backend`: its
/// `use_transaction()`, else [`runs_ddl_in_transactions`] (as sea-orm-migration does).
pub fn runs_in_transaction(migration: &dyn MigrationTrait, backend: DbBackend) -> bool {
    migration
        .use_transaction()
        .unwrap_or(runs_ddl_in_transactions(backend))
}

/// Runs `up()` or `down()`, turning a panic in migration code into an error.
pub async fn run_migration(
    migration: &dyn MigrationTrait,
    manager: &SchemaManager<'_>,
    direction: Direction,
) -> Result<(), MigrationFailure> {
    let future = match direction {
        Direction::Up => migration.up(manager),
        Direction::Down => migration.down(manager),
    };
    match AssertUnwindSafe(future).catch_unwind().await {
        Ok(result) => Ok(result?),
        Err(payload) => Err(MigrationFailure::Panic(panic_message(payload.as_ref()))),
    }
}

/// The text of a panic payload.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned())
}

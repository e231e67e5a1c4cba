//! Migration code as SQL without a database: the statements a migration's
//! `up()` or `down()` emits on a backend, captured by running it against
//! sea-orm's recording mock connection. The engine's program prints them in
//! place of the migration's body (`--dry-run`, `sql`); checksums digest them.

use sea_orm::{DbBackend, MockDatabase, MockExecResult, Statement, TransactionTrait};
use sea_orm_migration::{MigrationTrait, SchemaManager};

use crate::runner::{Direction, run_migration};

/// Why a plan cannot be shown as SQL.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RenderError {
    /// The migration reads data or inspects the schema, which needs a live database.
    #[error(
        "migration `{version}` cannot be rendered without a database ({reason}): it reads data or inspects the schema"
    )]
    NeedsDatabase {
        /// The migration.
        version: String,
        /// What it asked the database for.
        reason: String,
    },
    /// The plan drops every table, which depends on what the database holds.
    #[error("`fresh` drops whatever tables the database holds; it cannot be shown as SQL")]
    DropAll,
}

/// The statements `migration` runs in `direction` on `backend`, in order;
/// in a transaction when `transactional`, as the engine runs it (so a
/// migration that checks `is_transaction()` sees what it will see for real).
pub async fn capture(
    migration: &dyn MigrationTrait,
    backend: DbBackend,
    direction: Direction,
    transactional: bool,
) -> Result<Vec<Statement>, RenderError> {
    let db = MockDatabase::new(backend)
        // Every execution succeeds; queries fail, their answers would need a real database.
        .append_exec_results(std::iter::repeat_n(MockExecResult::default(), 10_000))
        .into_connection();
    let needs_database = |reason: String| RenderError::NeedsDatabase {
        version: migration.name().to_owned(),
        reason,
    };
    let ran = match transactional {
        true => {
            let txn = db
                .begin()
                .await
                .map_err(|e| needs_database(e.to_string()))?;
            let ran = run_migration(migration, &SchemaManager::new(&txn), direction).await;
            let _ = txn.commit().await;
            ran
        }
        false => run_migration(migration, &SchemaManager::new(&db), direction).await,
    };
    ran.map_err(|failure| needs_database(failure.to_string()))?;
    Ok(db
        .into_transaction_log()
        .iter()
        .flat_map(|t| t.statements().to_vec())
        // The mock logs the transaction's own markers; the program prints its own.
        .filter(|s| !(transactional && matches!(s.sql.as_str(), "BEGIN" | "COMMIT")))
        .collect())
}

/// One statement as a line of a script: its SQL with values inlined, then `;`.
pub fn line(statement: &Statement) -> String {
    format!("{};\n", text(statement))
}

/// One statement's SQL with values inlined, as [`line()`] prints it (no `;`).
pub fn text(statement: &Statement) -> String {
    statement.to_string().trim().to_owned()
}

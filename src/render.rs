//! Migrations as SQL, without running them: the statements a migration's
//! `up()` or `down()` emits on a backend, captured by running it against
//! sea-orm's recording mock connection. `--dry-run` and offline `sql` are
//! views of this, over the same plan the engine would carry out.

use sea_orm::{DbBackend, MockDatabase, MockExecResult};
use sea_orm_migration::{MigrationTrait, SchemaManager};

use crate::engine::{Direction, run_migration, runs_in_transaction, step_text};
use crate::plan::Step;
use crate::tracking::TrackingTable;
use database::driver_error::database_message;

/// Why a plan cannot be shown as SQL.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RenderError {
    /// The migration reads data or inspects the schema, which needs a live database.
    #[error(
        "migration `{version}` cannot be rendered without a database ({reason}): it reads data or inspects the schema; review its code instead"
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

/// The SQL script for `steps`: per migration a comment, the statements in
/// order, and the `BEGIN`/`COMMIT` the engine would wrap them in.
pub async fn script(
    steps: &[Step],
    migrations: &[Box<dyn MigrationTrait>],
    backend: DbBackend,
    tracking: &TrackingTable,
) -> Result<String, RenderError> {
    let mut out = String::new();
    if steps.iter().any(|s| matches!(s, Step::Apply(_))) {
        let db = recorder(backend);
        // Recording only: the mock answers every statement.
        let _ = tracking.install(&db).await;
        out.push_str("-- the tracking table, if it does not exist yet\n");
        for statement in captured(db) {
            out.push_str(&statement);
        }
        out.push('\n');
    }
    for step in steps {
        let (version, direction) = match step {
            Step::Apply(v) => (v, Direction::Up),
            Step::Revert(v) => (v, Direction::Down),
            Step::DropAll => return Err(RenderError::DropAll),
            Step::DropTrackingTable => {
                let db = recorder(backend);
                let _ = tracking.uninstall(&db).await;
                out.push_str("-- dropping the tracking table\n");
                captured(db).iter().for_each(|s| out.push_str(s));
                continue;
            }
        };
        let Some(migration) = migrations.iter().find(|m| m.name() == version) else {
            continue;
        };
        let statements = statements(migration.as_ref(), backend, direction, tracking).await?;
        let transactional = runs_in_transaction(migration.as_ref(), backend);
        out.push_str(&format!("-- {}\n", step_text(step)));
        if transactional {
            out.push_str("BEGIN;\n");
        }
        statements.iter().for_each(|s| out.push_str(s));
        if transactional {
            out.push_str("COMMIT;\n");
        }
        out.push('\n');
    }
    Ok(out)
}

/// The statements of one migration in `direction` on `backend`, ending with
/// the tracking-table update, each terminated by `;` and a newline.
pub async fn statements(
    migration: &dyn MigrationTrait,
    backend: DbBackend,
    direction: Direction,
    tracking: &TrackingTable,
) -> Result<Vec<String>, RenderError> {
    let db = recorder(backend);
    run_migration(migration, &SchemaManager::new(&db), direction)
        .await
        .map_err(|failure| RenderError::NeedsDatabase {
            version: migration.name().to_owned(),
            reason: failure.to_string(),
        })?;
    let recorded = match direction {
        Direction::Up => tracking.record(&db, migration.name()).await,
        Direction::Down => tracking.forget(&db, migration.name()).await,
    };
    recorded.map_err(|error| RenderError::NeedsDatabase {
        version: migration.name().to_owned(),
        reason: database_message(&error),
    })?;
    Ok(captured(db))
}

/// A connection that records every statement and answers every execution
/// (queries fail: their answers would need a real database).
fn recorder(backend: DbBackend) -> sea_orm::DatabaseConnection {
    MockDatabase::new(backend)
        .append_exec_results(std::iter::repeat_n(MockExecResult::default(), 10_000))
        .into_connection()
}

fn captured(db: sea_orm::DatabaseConnection) -> Vec<String> {
    db.into_transaction_log()
        .iter()
        .flat_map(|t| {
            t.statements()
                .iter()
                .map(|s| format!("{};\n", s.to_string().trim()))
        })
        .collect()
}

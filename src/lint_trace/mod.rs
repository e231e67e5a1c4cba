//! Trace mode (PostgreSQL): migrations applied on a scratch database,
//! statement by statement inside their own transaction exactly as the
//! engine runs them, reading after each statement the locks the session
//! holds and which tables and indexes got new storage; then the `TR1xx`
//! rules over what was seen, with the live database's row estimates read
//! read-only. The scratch database is always dropped.

mod catalog;
pub mod diagnostic;
pub mod model;
mod rules;
mod step;

use std::collections::BTreeMap;

use sea_orm::DatabaseConnection;
use sea_orm_migration::MigratorTrait;

pub use diagnostic::{Severity, TraceDiagnostic};
pub use model::{
    HeldLock, LockMode, RelationKind, Rewrite, StatementTrace, StepTrace, StrongestLock,
};

use crate::config::Settings;
use crate::connect::{Access, connect};
use crate::engine::{Engine, Migrations, RenderedBody};
use crate::events::Unobserved;
use crate::plan::{Command, Plan, PlanError, Step, UpTarget};
use crate::render::RenderError;
use crate::run::scratch::with_scratch;
use crate::{Backend, Error};
use database::driver_error::database_message;
use step::StepRun;

/// Traces the migrations of `M` named in `versions` on a scratch database
/// beside the one `settings` name (which is read, read-only, for its row
/// estimates), after applying the migrations before the first of them; one
/// trace per version, in the migrator's order. Migrations between two
/// traced ones run the same way and are left out of the result.
pub async fn trace<M: MigratorTrait>(
    settings: &Settings,
    versions: &[String],
) -> Result<Vec<StepTrace>, Error> {
    trace_beside::<M>(settings, settings, versions).await
}

/// [`trace`], with the scratch database beside the one `scratch` names
/// (`--dev-url`) while the row estimates are still `live`'s.
pub async fn trace_beside<M: MigratorTrait>(
    live: &Settings,
    scratch: &Settings,
    versions: &[String],
) -> Result<Vec<StepTrace>, Error> {
    for backend in [live.url.backend(), scratch.url.backend()] {
        if backend != Backend::Postgres {
            return Err(Error::TraceNeedsPostgres { backend });
        }
    }
    let local = Migrations::of::<M>().versions();
    let mut positions = Vec::with_capacity(versions.len());
    for version in versions {
        let position = local
            .iter()
            .position(|v| v == version)
            .ok_or_else(|| PlanError::UnknownVersion(version.clone()))?;
        positions.push(position);
    }
    let (Some(&first), Some(&last)) = (positions.iter().min(), positions.iter().max()) else {
        return Ok(Vec::new());
    };
    let rows = live_row_estimates(live).await?;
    with_scratch(
        scratch,
        |_| {},
        async |db| {
            let engine =
                Engine::with_migrations(db, Migrations::of::<M>()).with_timeouts(scratch.timeouts);
            let traced = trace_on(&engine, &local, first, last, versions, &rows).await;
            let _ = engine.into_connection().close().await;
            traced
        },
    )
    .await
}

/// On the scratch `engine`: the migrations before `first` applied by the
/// engine, then those from `first` to `last` run step by step, those in
/// `versions` kept.
async fn trace_on(
    engine: &Engine,
    local: &[String],
    first: usize,
    last: usize,
    versions: &[String],
    rows: &BTreeMap<String, Option<u64>>,
) -> Result<Vec<StepTrace>, Error> {
    let apply = |range: &[String]| Plan {
        command: Command::Up(UpTarget::All),
        steps: range.iter().cloned().map(Step::Apply).collect(),
    };
    engine
        .execute(&apply(&local[..first]), &mut Unobserved, None)
        .await?;
    let program = engine.program(&apply(&local[first..=last]))?;
    let db: &DatabaseConnection = engine.connection();
    for statement in &program.setup {
        sea_orm::ConnectionTrait::execute_raw(db, statement.clone())
            .await
            .map_err(|e| Error::Scratch(database_message(&e)))?;
    }
    let mut traces = Vec::with_capacity(versions.len());
    for (version, program) in local[first..=last].iter().zip(&program.steps) {
        // As `--dry-run` renders it; a migration that needs a database is refused.
        let body = match program.rendered_body(&BTreeMap::new()).await? {
            RenderedBody::Captured(body) | RenderedBody::Exact(body) => body,
            RenderedBody::NeedsDatabase { version, reason } => {
                return Err(RenderError::NeedsDatabase { version, reason }.into());
            }
        };
        let run = step::run(db, version, program, &body).await?;
        if versions.contains(version) {
            traces.push(diagnosed(run, rows));
        }
    }
    Ok(traces)
}

/// The trace of `run` with its diagnostics: the tables that existed before
/// it are those the scratch database held, but for those the live database
/// (`rows`) says are empty.
fn diagnosed(run: StepRun, rows: &BTreeMap<String, Option<u64>>) -> StepTrace {
    let existing: BTreeMap<String, Option<u64>> = run
        .before
        .values()
        .filter(|relation| relation.kind == RelationKind::Table)
        .filter_map(|table| match rows.get(&table.name) {
            Some(Some(0)) => None,
            Some(estimate) => Some((table.name.clone(), *estimate)),
            None => Some((table.name.clone(), None)),
        })
        .collect();
    let diagnostics = rules::diagnose(&rules::Facts {
        version: &run.trace.version,
        statements: &run.trace.statements,
        existing: &existing,
        added: &run.added,
    });
    StepTrace {
        diagnostics,
        ..run.trace
    }
}

/// The row estimate of each table of the live database, read-only.
async fn live_row_estimates(settings: &Settings) -> Result<BTreeMap<String, Option<u64>>, Error> {
    let db = connect(settings, Access::ReadOnly).await?;
    let estimates = catalog::row_estimates(&db)
        .await
        .map_err(|e| Error::State(database_message(&e)));
    let _ = db.close().await;
    estimates
}

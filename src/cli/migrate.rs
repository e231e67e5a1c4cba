//! `status` and the schema-changing commands (`up`, `down`, `fresh`,
//! `refresh`, `reset`): plan, confirm, back up, execute.

use std::time::Instant;

use backup::Reason;

use super::context::Context;
use super::status_view::StatusReport;
use sea_orm::DbBackend;
use sea_orm_migration::MigratorTrait;

use super::run_view::RunView;
use super::{CliError, Exit, SqlBackend, SqlDirection, checks, confirm, output};
use crate::engine::{Command, Engine, EngineError};
use crate::plan::{self, MigrationState, PlanError};
use crate::render;
use crate::tracking::TrackingTable;

/// `status [--json]`: every migration's state and every problem `validate`
/// knows; exits as `up` would refuse (1 for missing migrations, 5 for
/// changed or half-done ones).
pub async fn status(engine: &Engine, context: &Context, json: bool) -> Result<Exit, CliError> {
    let (entries, findings) = engine.status().await?;
    let table = engine.tracking_table();
    let report = StatusReport::new(
        engine.backend(),
        &context.database,
        &table,
        &entries,
        &findings,
    );
    if json {
        match serde_json::to_string_pretty(&report) {
            Ok(text) => println!("{text}"),
            Err(error) => return Err(EngineError::State(error.to_string()).into()),
        }
    } else {
        print!("{}{}", report.to_text(), checks::findings_text(&findings));
    }
    let missing: Vec<String> = entries
        .iter()
        .filter(|e| e.state == MigrationState::Missing)
        .map(|e| e.version.clone())
        .collect();
    if !missing.is_empty() {
        return Err(EngineError::Plan(PlanError::MissingMigrations(missing)).into());
    }
    checks::outcome(findings)
}

/// Plans a schema-changing command, confirms it when it is destructive
/// (`confirm_with` holds `--yes`), takes a verified backup, then runs it,
/// shown as human lines or (`json`) one JSON document.
pub async fn change(
    engine: &Engine,
    context: &Context,
    command: Command,
    confirm_with: Option<bool>,
    json: bool,
) -> Result<Exit, CliError> {
    let mut view = RunView::new(json, command.name(), &context.database);
    let started = Instant::now();
    let success = match command {
        Command::Down(_) | Command::Reset => "rolled_back",
        _ => "applied",
    };
    let result = run(engine, context, command, confirm_with, &mut view).await;
    view.finish(
        started.elapsed(),
        result.as_ref().err().map(ToString::to_string),
        success,
    );
    result
}

async fn run(
    engine: &Engine,
    context: &Context,
    command: Command,
    confirm_with: Option<bool>,
    view: &mut RunView,
) -> Result<Exit, CliError> {
    let database = &context.database;
    let plan = engine.plan(command).await?;
    if plan.steps.is_empty() {
        let message = match plan.command {
            Command::Up(_) => "nothing to apply: the database is up to date",
            _ => "nothing to roll back",
        };
        view.nothing_to_do(&format!("{message}, so no backup was taken ({database})"));
        return Ok(Exit::Success);
    }
    let headline = output::capitalise(&output::describe_plan(&plan, database));
    if let Some(yes) = confirm_with {
        confirm::confirm(plan.command.name(), &format!("{headline}?"), yes)?;
    }
    let backup = if context.skip_backup() {
        output::warning(&format!(
            "--no-backup: `{}` runs without a backup; a failure cannot be undone by `restore`",
            plan.command.name()
        ));
        view.starting(&headline, None);
        None
    } else {
        let reason = Reason::new(&format!("pre-{}", plan.command.name()));
        let command = format!("migration {}", plan.command.name());
        let created = async {
            context
                .backups()?
                .create(engine.connection(), &reason, &command)
                .await
        }
        .await
        .map_err(|source| CliError::BackupBeforeChange {
            command: plan.command.name(),
            source,
        })?;
        let path = created.path.display().to_string();
        view.starting(&headline, Some((&created.metadata.id, &path)));
        Some(created.metadata.id)
    };
    if let Err(error) = engine.execute(&plan, view, backup.as_deref()).await {
        let error = CliError::from(error);
        return Err(match backup {
            Some(backup) => CliError::Restorable {
                source: Box::new(error),
                backup,
            },
            None => error,
        });
    }
    Ok(Exit::Success)
}

/// `up --dry-run` / `down --dry-run`: the plan against the live state, as
/// SQL; no lock, no backup, nothing changed.
pub async fn dry_run(engine: &Engine, command: Command) -> Result<Exit, CliError> {
    let plan = engine.plan(command).await?;
    if plan.steps.is_empty() {
        println!("-- nothing to do");
        return Ok(Exit::Success);
    }
    let backend = engine.connection().get_database_backend();
    print!(
        "{}",
        render::script(&plan.steps, engine.migrations(), backend, engine.tracking()).await?
    );
    Ok(Exit::Success)
}

/// `sql up|down --backend B [--from V] [--to V]`: migrations as SQL for a
/// backend, with no database at all.
pub async fn offline<M: MigratorTrait>(
    direction: SqlDirection,
    from: Option<&str>,
    to: Option<&str>,
    backend: SqlBackend,
) -> Result<Exit, CliError> {
    let migrations = M::migrations();
    let local: Vec<String> = migrations.iter().map(|m| m.name().to_owned()).collect();
    let steps = plan::plan_offline(&local, direction == SqlDirection::Up, from, to)
        .map_err(EngineError::Plan)?;
    let backend = match backend {
        SqlBackend::Postgres => DbBackend::Postgres,
        SqlBackend::Mysql => DbBackend::MySql,
        SqlBackend::Sqlite => DbBackend::Sqlite,
    };
    let tracking = TrackingTable::new(M::migration_table_name());
    print!(
        "{}",
        render::script(&steps, &migrations, backend, &tracking).await?
    );
    Ok(Exit::Success)
}

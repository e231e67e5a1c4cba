//! A whole run of a command that changes the database, owned by the
//! library so that every caller (the CLI, a Rust program, a future
//! command) gets the same safety, in this order on one connection: take
//! the migration lock, read and validate the state, plan, confirm, back up,
//! carry the plan out through the engine (which records the history), and
//! release the lock. Under the lock, before planning, the engine also
//! records once what the history lacks (see `Engine::reconcile`). What it does is reported as [`Event`]s to an observer.

mod adopt;
mod drops;
mod exact;
mod questions;
mod restore;
pub mod scratch;

pub use exact::exact_bodies;
pub use restore::{Restored, restore};

use sea_orm_migration::MigratorTrait;

use crate::Error;
use crate::config::Settings;
use crate::confirm::Confirm;
use crate::connect::Access;
use crate::engine::{Command, Engine, Plan, Reconciled};
use crate::events::{Event, Observer};
use crate::lock::MigrationLock;
use backup::Reason;

/// What a finished run did.
#[derive(Debug)]
pub struct Outcome {
    /// The plan carried out (no steps: there was nothing to do).
    pub plan: Plan,
    /// The id of the backup taken before the change, if one was.
    pub backup: Option<String>,
}

/// Runs `command` for migrator `M` on the database `settings` name: lock,
/// state, validation, plan, `confirm`ation when the command needs it,
/// backup, execution and history, release, each reported to `observer`.
pub async fn run<M: MigratorTrait>(
    settings: &Settings,
    command: Command,
    confirm: &mut dyn Confirm,
    observer: &mut dyn Observer,
) -> Result<Outcome, Error> {
    settings.ensure_lasting(command.name())?;
    let engine = Engine::open::<M>(settings, Access::ReadWrite).await?;
    locked(settings, &engine, observer, async |observer| {
        carry_out::<M>(settings, &engine, command, confirm, observer).await
    })
    .await
}

/// Runs `work` holding the migration lock on `engine`'s connection, taken
/// before it reads any state (waiting at most the settings' lock wait) and
/// released on every path.
pub(crate) async fn locked<T>(
    settings: &Settings,
    engine: &Engine,
    observer: &mut dyn Observer,
    work: impl AsyncFnOnce(&mut dyn Observer) -> Result<T, Error>,
) -> Result<T, Error> {
    let lock = take_lock(settings, engine).await?;
    observer.on_event(&Event::LockAcquired {
        waited: lock.waited(),
    });
    let result = work(observer).await;
    let released = lock.release(engine.connection()).await;
    observer.on_event(&Event::Released);
    let value = result?;
    released?;
    Ok(value)
}

/// Takes the migration lock of `settings`' database on `engine`'s connection.
pub(crate) async fn take_lock(
    settings: &Settings,
    engine: &Engine,
) -> Result<MigrationLock, Error> {
    let database = settings.url.database_name();
    let sqlite_file = (settings.url.backend() == crate::Backend::Sqlite)
        .then(|| std::path::PathBuf::from(&database));
    Ok(MigrationLock::acquire(
        engine.connection(),
        &database,
        &engine.tracking_table(),
        sqlite_file.as_deref(),
        settings.lock_wait,
    )
    .await?)
}

/// Everything between taking the lock and releasing it.
async fn carry_out<M: MigratorTrait>(
    settings: &Settings,
    engine: &Engine,
    command: Command,
    confirm: &mut dyn Confirm,
    observer: &mut dyn Observer,
) -> Result<Outcome, Error> {
    let mut state = engine.state().await?;
    let reconciled = engine.reconcile(&state).await?;
    if reconciled != Reconciled::default() {
        observer.on_event(&Event::Reconciled {
            rebased: &reconciled.rebased,
            applied_elsewhere: &reconciled.applied_elsewhere,
            rolled_back_elsewhere: &reconciled.rolled_back_elsewhere,
        });
        // The history grew: plan from what it says now.
        state = engine.state().await?;
    }
    let adopting = matches!(command, Command::AdoptAlembic { .. });
    if adopting {
        adopt::check_revision(engine).await?;
    }
    let plan = engine.plan_in(command, &state)?;
    if plan.steps.is_empty() {
        observer.on_event(&Event::NothingToDo);
        return Ok(Outcome { plan, backup: None });
    }
    let baseline_tables = match adopting {
        true => Some(adopt::check_schema::<M>(settings, engine).await?),
        false => None,
    };
    if plan.command.needs_confirmation() {
        let mut question = questions::ask(&plan, engine, &state, settings, baseline_tables);
        if let Command::Down(_) = plan.command {
            question
                .details
                .extend(drops::details(engine, &state, settings, &plan).await);
        }
        confirm.confirm(&question)?;
    }
    let backup = match plan.command.runs_migrations() {
        true => back_up(settings, engine, &plan, observer).await?,
        false => None,
    };
    observer.on_event(&Event::Started(&plan));
    match engine.execute(&plan, observer, backup.as_deref()).await {
        Ok(()) => Ok(Outcome { plan, backup }),
        Err(error) => Err(match backup {
            Some(backup) => Error::Restorable {
                source: Box::new(error),
                backup,
            },
            None => error,
        }),
    }
}

/// Takes the verified backup before `plan` runs, unless backups are off.
async fn back_up(
    settings: &Settings,
    engine: &Engine,
    plan: &Plan,
    observer: &mut dyn Observer,
) -> Result<Option<String>, Error> {
    if !settings.backup.enabled {
        observer.on_event(&Event::BackupSkipped);
        return Ok(None);
    }
    observer.on_event(&Event::BackupStarted);
    let name = plan.command.name();
    let created = async {
        settings
            .backups(&engine.tracking_table())?
            .create(
                engine.connection(),
                &Reason::new(&format!("pre-{name}")),
                &format!("migration {name}"),
            )
            .await
    }
    .await
    .map_err(|source| Error::BackupBeforeChange {
        command: name,
        source,
    })?;
    observer.on_event(&Event::BackupTaken {
        id: &created.metadata.id,
        path: &created.path,
    });
    Ok(Some(created.metadata.id))
}

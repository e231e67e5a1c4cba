//! The one migration engine: it plans a command against the recorded state
//! and carries the plan out step by step, reporting every step as an event.
//! Human output, JSON and confirmation prompts are views of these events and
//! plans; no other code runs migrations.

use std::panic::AssertUnwindSafe;
use std::time::{Duration, Instant};

use futures_util::FutureExt;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, DbErr, TransactionTrait};
use sea_orm_migration::{MigrationTrait, MigratorTrait, SchemaManager};

mod checks;
mod restore;
mod stamp;
mod timeouts;

pub use restore::Restore;
pub use stamp::Stamped;

use crate::Backend;
use crate::checksum;
use crate::history::{Action, History, HistoryEvent};
use crate::plan::{self, AppliedRecord, DownTarget, PlanError, StatusEntry, Step, UpTarget};
use crate::schema_reset;
use crate::tracking::TrackingTable;
use crate::validate::{Findings, Problem};
use database::catalog::{self, Presence};
use database::driver_error::database_message;

/// A command that changes the schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Apply pending migrations.
    Up(UpTarget),
    /// Roll back applied migrations.
    Down(DownTarget),
    /// Drop everything, then apply every migration.
    Fresh,
    /// Roll back everything, then apply every migration.
    Refresh,
    /// Roll back everything and drop the tracking table.
    Reset,
}

impl Command {
    /// The command's name as typed on the command line.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Up(_) => "up",
            Self::Down(_) => "down",
            Self::Fresh => "fresh",
            Self::Refresh => "refresh",
            Self::Reset => "reset",
        }
    }
}

/// What a command will do, decided before anything changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The command planned.
    pub command: Command,
    /// The steps, in execution order; empty when there is nothing to do.
    pub steps: Vec<Step>,
}

/// Something the engine did, for whoever reports progress.
#[derive(Debug)]
pub enum Event<'a> {
    /// A step is about to run.
    StepStarted(&'a Step),
    /// A step finished successfully.
    StepFinished {
        /// The step.
        step: &'a Step,
        /// How long it took.
        elapsed: Duration,
    },
    /// A migration could not get a lock within the lock timeout; its
    /// transaction was rolled back and will be retried after `pause`.
    LockWait {
        /// The migration.
        version: &'a str,
        /// The attempt that timed out (from 1).
        attempt: u32,
        /// Attempts allowed in all.
        attempts: u32,
        /// How long until the next attempt.
        pause: Duration,
        /// The transactions open on the database (the likely blockers).
        blockers: &'a str,
    },
}

/// How long a migration may wait for locks and run, and how often it is
/// retried when it cannot get a lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// PostgreSQL `lock_timeout` / MySQL `lock_wait_timeout` per statement.
    pub lock_timeout: Duration,
    /// PostgreSQL `statement_timeout`, if any.
    pub statement_timeout: Option<Duration>,
    /// Retries of a transactional migration that timed out on a lock.
    pub retries: u32,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            lock_timeout: Duration::from_secs(5),
            statement_timeout: None,
            retries: 3,
        }
    }
}

/// Receives the engine's events.
pub trait Observer {
    /// Called for every event, in order.
    fn on_event(&mut self, event: &Event<'_>);
}

/// Why a command failed; carries the progress made before the failure.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EngineError {
    /// The command cannot be planned.
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// The recorded state could not be read or the tracking table created.
    #[error("cannot read the migration state from the database: {0}")]
    State(String),
    /// A step failed.
    #[error("{step_text} failed: {reason}; {aftermath}{progress}")]
    Step {
        /// What was running, e.g. "applying migration `m...`".
        step_text: String,
        /// The database's (or migration's) message.
        reason: String,
        /// What became of the failed step's changes.
        aftermath: String,
        /// The steps that completed before it, as text (empty when none).
        progress: String,
        /// The steps that completed before it.
        completed: Vec<Step>,
    },
    /// The role may not read one of the toolkit's tables, so the state is unknown.
    #[error(
        "this database role may not read `{table}`, so what is applied cannot be known; grant it SELECT on the migration tables, or connect as their owner"
    )]
    Unreadable {
        /// The table.
        table: String,
    },
    /// The recorded state cannot be trusted (changed checksum, dirty or missing migration).
    #[error("{}{}", .0.first().map(ToString::to_string).unwrap_or_default(), more_problems(.0))]
    Invalid(Vec<Problem>),
}

fn more_problems(problems: &[Problem]) -> String {
    match problems.len() {
        0 | 1 => String::new(),
        n => format!(" (and {} more: run `migration validate`)", n - 1),
    }
}

/// The migration engine of one migrator on one connection.
pub struct Engine {
    db: DatabaseConnection,
    tracking: TrackingTable,
    history: History,
    migrations: Vec<Box<dyn MigrationTrait>>,
    timeouts: Timeouts,
}

impl Engine {
    /// An engine running `M`'s migrations on `db`.
    pub fn new<M: MigratorTrait>(db: DatabaseConnection) -> Self {
        let tracking = TrackingTable::new(M::migration_table_name());
        Self {
            db,
            history: History::new(&tracking.name()),
            tracking,
            migrations: M::migrations(),
            timeouts: Timeouts::default(),
        }
    }

    /// The same engine with these lock and statement timeouts.
    pub fn with_timeouts(mut self, timeouts: Timeouts) -> Self {
        self.timeouts = timeouts;
        self
    }

    /// The connection every step runs on.
    pub fn connection(&self) -> &DatabaseConnection {
        &self.db
    }

    /// Gives the connection back, ending the engine (restore closes it).
    pub fn into_connection(self) -> DatabaseConnection {
        self.db
    }

    /// The backend of the connection.
    pub fn backend(&self) -> Backend {
        self.db.get_database_backend().into()
    }

    /// The tracking table's name.
    pub fn tracking_table(&self) -> String {
        self.tracking.name()
    }

    /// The migrator's migrations, oldest first.
    pub fn migrations(&self) -> &[Box<dyn MigrationTrait>] {
        &self.migrations
    }

    /// The tracking table.
    pub fn tracking(&self) -> &TrackingTable {
        &self.tracking
    }

    /// The migrator's versions, oldest first.
    pub fn versions(&self) -> Vec<String> {
        self.migrations
            .iter()
            .map(|m| m.name().to_owned())
            .collect()
    }

    /// The recorded versions, without creating the tracking table.
    pub async fn applied(&self) -> Result<Vec<AppliedRecord>, EngineError> {
        if !self.readable(&self.tracking.name()).await? {
            return Ok(Vec::new());
        }
        self.tracking.applied(&self.db).await.map_err(state_error)
    }

    /// Whether the toolkit's `table` exists; an error when it may exist but
    /// the role cannot read it, since its state would then be a guess.
    async fn readable(&self, table: &str) -> Result<bool, EngineError> {
        match catalog::presence(&self.db, table)
            .await
            .map_err(state_error)?
        {
            Presence::Absent => Ok(false),
            Presence::Readable => Ok(true),
            Presence::Unreadable => Err(EngineError::Unreadable {
                table: table.to_owned(),
            }),
        }
    }

    /// Every migration's state, and what checking the recorded state finds
    /// (see [`Engine::findings`]), from one read of the tracking table.
    pub async fn status(&self) -> Result<(Vec<StatusEntry>, Findings), EngineError> {
        let applied = self.applied().await?;
        let findings = self.findings_of(&applied, None).await?;
        Ok((plan::status(&self.versions(), &applied), findings))
    }

    /// Decides what `command` will do against the current state.
    pub async fn plan(&self, command: Command) -> Result<Plan, EngineError> {
        let local = self.versions();
        let applied = match command {
            Command::Fresh => Vec::new(),
            _ => self.applied().await?,
        };
        let steps = match &command {
            Command::Up(target) => plan::plan_up(&local, &applied, target)?,
            Command::Down(target) => plan::plan_down(&local, &applied, target)?,
            Command::Fresh => plan::plan_fresh(&local),
            Command::Refresh => plan::plan_refresh(&local, &applied)?,
            Command::Reset => plan::plan_reset(&local, &applied)?,
        };
        // `up` trusts nothing it cannot verify. Rolling back refuses a
        // half-done state, and a migration edited since it was applied,
        // whose new `down()` would undo what never ran. `fresh` drops it all.
        let blocking: Vec<Problem> = match command {
            Command::Fresh => Vec::new(),
            Command::Up(_) => self.findings_of(&applied, None).await?.problems,
            _ => {
                let reverted: Vec<String> = steps
                    .iter()
                    .filter_map(|step| match step {
                        Step::Revert(version) => Some(version.clone()),
                        _ => None,
                    })
                    .collect();
                self.findings_of(&applied, Some(&reverted))
                    .await?
                    .problems
                    .into_iter()
                    .filter(|p| {
                        matches!(p, Problem::Dirty { .. })
                            || reverted.iter().any(|v| v == p.version())
                    })
                    .collect()
            }
        };
        if !blocking.is_empty() {
            return Err(EngineError::Invalid(blocking));
        }
        Ok(Plan { command, steps })
    }

    /// Carries out `plan`, reporting each step to `observer` and recording
    /// each migration in the history (with `backup_id`, the backup taken before).
    pub async fn execute(
        &self,
        plan: &Plan,
        observer: &mut dyn Observer,
        backup_id: Option<&str>,
    ) -> Result<(), EngineError> {
        if !plan.steps.is_empty() {
            self.history.install(&self.db).await.map_err(state_error)?;
        }
        let mut installed = false;
        for (index, step) in plan.steps.iter().enumerate() {
            if matches!(step, Step::Apply(_)) && !installed {
                self.tracking.install(&self.db).await.map_err(state_error)?;
                installed = true;
            }
            if matches!(step, Step::DropAll | Step::DropTrackingTable) {
                installed = false;
            }
            observer.on_event(&Event::StepStarted(step));
            let started = Instant::now();
            if let Err(failure) = self.run_step(step, backup_id, observer).await {
                return Err(self.step_error(step, failure, &plan.steps[..index]));
            }
            observer.on_event(&Event::StepFinished {
                step,
                elapsed: started.elapsed(),
            });
        }
        Ok(())
    }

    async fn run_step(
        &self,
        step: &Step,
        backup_id: Option<&str>,
        observer: &mut dyn Observer,
    ) -> Result<(), StepFailure> {
        match step {
            Step::Apply(version) => {
                self.migrate(version, Direction::Up, backup_id, observer)
                    .await
            }
            Step::Revert(version) => {
                self.migrate(version, Direction::Down, backup_id, observer)
                    .await
            }
            Step::DropAll => {
                let db = &self.db;
                if db.get_database_backend() == DbBackend::Postgres {
                    let txn = db.begin().await?;
                    schema_reset::drop_all(&txn, &self.history.name()).await?;
                    txn.commit().await?;
                } else {
                    schema_reset::drop_all(db, &self.history.name()).await?;
                }
                Ok(())
            }
            Step::DropTrackingTable => Ok(self.tracking.uninstall(&self.db).await?),
        }
    }

    /// Runs one migration in `direction`, updates its record and the
    /// history: inside one transaction when the migration and backend allow
    /// it; otherwise `started` is recorded first, so a crash leaves it dirty.
    async fn migrate(
        &self,
        version: &str,
        direction: Direction,
        backup_id: Option<&str>,
        observer: &mut dyn Observer,
    ) -> Result<(), StepFailure> {
        let migration = self
            .migrations
            .iter()
            .find(|m| m.name() == version)
            .ok_or_else(|| {
                StepFailure::Db(DbErr::Custom(format!("no migration named {version}")))
            })?;
        let checksum = match direction {
            Direction::Up => {
                checksum::of(
                    migration.as_ref(),
                    self.db.get_database_backend(),
                    &self.tracking,
                )
                .await
            }
            Direction::Down => None,
        };
        let started_at = chrono::Utc::now().timestamp_millis();
        let clock = Instant::now();
        let event = |action: Action, error: Option<String>| HistoryEvent {
            checksum: checksum.clone(),
            duration_ms: Some(i64::try_from(clock.elapsed().as_millis()).unwrap_or(i64::MAX)),
            backup_id: backup_id.map(str::to_owned),
            error,
            ..HistoryEvent::new(version, action, started_at)
        };
        let done = match direction {
            Direction::Up => Action::Applied,
            Direction::Down => Action::RolledBack,
        };
        let result: Result<(), StepFailure> = if self.transactional(migration.as_ref()) {
            let attempts = self.timeouts.retries + 1;
            let mut attempt = 1;
            loop {
                let outcome: Result<(), StepFailure> = async {
                    let txn = self.db.begin().await?;
                    timeouts::set_local(&txn, &self.timeouts).await?;
                    run_migration(migration.as_ref(), &SchemaManager::new(&txn), direction).await?;
                    self.update_record(&txn, version, direction).await?;
                    self.history.record(&txn, &event(done, None)).await?;
                    txn.commit().await?;
                    Ok(())
                }
                .await;
                match outcome {
                    Err(failure) if failure.is_lock_timeout() && attempt < attempts => {
                        // The transaction rolled back, so nothing queues behind us while we wait.
                        let blockers = timeouts::open_transactions(&self.db).await;
                        let pause = Duration::from_secs(1 << (attempt - 1).min(5));
                        observer.on_event(&Event::LockWait {
                            version,
                            attempt,
                            attempts,
                            pause,
                            blockers: &blockers,
                        });
                        tokio::time::sleep(pause).await;
                        attempt += 1;
                    }
                    other => break other,
                }
            }
        } else {
            timeouts::set_session(&self.db, &self.timeouts).await?;
            self.history
                .record(&self.db, &event(Action::Started, None))
                .await?;
            async {
                run_migration(migration.as_ref(), &SchemaManager::new(&self.db), direction).await?;
                self.update_record(&self.db, version, direction).await?;
                self.history.record(&self.db, &event(done, None)).await?;
                Ok(())
            }
            .await
        };
        let Err(failure) = result else {
            return Ok(());
        };
        if failure.is_connection_lost() {
            // The server ended the session, and the lock with it: a row
            // written now, on a new session, would be written unlocked.
            return Err(StepFailure::ConnectionLost(Box::new(failure)));
        }
        // Best effort: the failure itself is what the caller reports.
        let _ = self
            .history
            .record(&self.db, &event(Action::Failed, Some(failure.to_string())))
            .await;
        Err(failure)
    }

    fn transactional(&self, migration: &dyn MigrationTrait) -> bool {
        runs_in_transaction(migration, self.db.get_database_backend())
    }

    async fn update_record<C: ConnectionTrait>(
        &self,
        db: &C,
        version: &str,
        direction: Direction,
    ) -> Result<(), DbErr> {
        match direction {
            Direction::Up => self.tracking.record(db, version).await,
            Direction::Down => self.tracking.forget(db, version).await,
        }
    }

    fn step_error(&self, step: &Step, failure: StepFailure, completed: &[Step]) -> EngineError {
        let aftermath = match step {
            Step::Apply(v) | Step::Revert(v) => {
                let transactional = self
                    .migrations
                    .iter()
                    .find(|m| m.name() == v)
                    .is_some_and(|m| self.transactional(m.as_ref()));
                if transactional {
                    "its changes were rolled back".to_owned()
                } else {
                    "it ran without a transaction, so some of its statements may have taken effect: inspect the database".to_owned()
                }
            }
            _ => "inspect the database".to_owned(),
        };
        let progress = if completed.is_empty() {
            String::new()
        } else {
            let done: Vec<String> = completed.iter().map(step_text).collect();
            format!("; completed before it: {}", done.join(", "))
        };
        EngineError::Step {
            step_text: step_text(step),
            reason: failure.to_string(),
            aftermath,
            progress,
            completed: completed.to_vec(),
        }
    }
}

/// Which way a migration runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// `up()`: apply.
    Up,
    /// `down()`: roll back.
    Down,
}

/// Whether the engine runs `migration` inside a transaction on `backend`:
/// its `use_transaction()`, else only on PostgreSQL (as sea-orm-migration does).
pub fn runs_in_transaction(migration: &dyn MigrationTrait, backend: DbBackend) -> bool {
    migration
        .use_transaction()
        .unwrap_or(backend == DbBackend::Postgres)
}

/// A failed step: a database error, a migration that panicked, or either
/// of them after the server ended the session.
pub(crate) enum StepFailure {
    Db(DbErr),
    Panic(String),
    ConnectionLost(Box<StepFailure>),
}

impl StepFailure {
    /// Whether the database gave up waiting for a lock (PostgreSQL
    /// `lock_not_available`, MySQL `ER_LOCK_WAIT_TIMEOUT`).
    fn is_lock_timeout(&self) -> bool {
        matches!(self, Self::Db(error) if matches!(database::driver_error::database_code(error).as_deref(), Some("55P03" | "1205")))
    }

    /// Whether the session ended under the step (see [`database::driver_error::is_connection_lost`]).
    fn is_connection_lost(&self) -> bool {
        matches!(self, Self::Db(error) if database::driver_error::is_connection_lost(error))
    }
}

impl From<DbErr> for StepFailure {
    fn from(error: DbErr) -> Self {
        Self::Db(error)
    }
}

impl std::fmt::Display for StepFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Db(error) => f.write_str(&database_message(error)),
            Self::Panic(message) => write!(f, "the migration panicked: {message}"),
            Self::ConnectionLost(failure) => write!(
                f,
                "{failure} (the connection was lost, which released the migration lock, so this failure is not in the history)"
            ),
        }
    }
}

/// Runs `up()` or `down()`, turning a panic in migration code into an error.
pub(crate) async fn run_migration(
    migration: &dyn MigrationTrait,
    manager: &SchemaManager<'_>,
    direction: Direction,
) -> Result<(), StepFailure> {
    let future = match direction {
        Direction::Up => migration.up(manager),
        Direction::Down => migration.down(manager),
    };
    match AssertUnwindSafe(future).catch_unwind().await {
        Ok(result) => Ok(result?),
        Err(payload) => Err(StepFailure::Panic(panic_message(payload.as_ref()))),
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

/// A step described for messages: "applying migration `m...`".
pub fn step_text(step: &Step) -> String {
    match step {
        Step::DropAll => "dropping every table".to_owned(),
        Step::Apply(v) => format!("applying migration `{v}`"),
        Step::Revert(v) => format!("rolling back migration `{v}`"),
        Step::DropTrackingTable => "dropping the tracking table".to_owned(),
    }
}

fn state_error(error: DbErr) -> EngineError {
    EngineError::State(database_message(&error))
}

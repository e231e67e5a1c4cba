//! Carrying a plan out: each step's program run on the engine's one
//! connection, in a transaction where the program says so, retried when a
//! lock wait times out, with a failure recorded in the history unless the
//! session (and with it the migration lock) was lost.

use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, DbErr, Statement, TransactionTrait};
use sea_orm_migration::SchemaManager;

use super::program::{Body, Builder, StepProgram};
use super::{Engine, Plan, state_error, timeouts};
use crate::Error;
use crate::events::{Event, Observer};
use crate::plan::Step;
use crate::runner::{MigrationFailure, run_migration};
use crate::schema_reset;
use database::driver_error::{database_code, is_connection_lost};

/// A failed step: the migration's (or a statement's) failure, possibly
/// after the server ended the session.
enum StepFailure {
    Failed(MigrationFailure),
    ConnectionLost(MigrationFailure),
}

impl From<DbErr> for StepFailure {
    fn from(error: DbErr) -> Self {
        Self::Failed(MigrationFailure::Db(error))
    }
}

impl From<MigrationFailure> for StepFailure {
    fn from(failure: MigrationFailure) -> Self {
        Self::Failed(failure)
    }
}

impl StepFailure {
    fn database_error(&self) -> Option<&DbErr> {
        match self {
            Self::Failed(MigrationFailure::Db(error)) => Some(error),
            _ => None,
        }
    }

    /// Whether the database gave up waiting for a lock (PostgreSQL
    /// `lock_not_available`, MySQL `ER_LOCK_WAIT_TIMEOUT`).
    fn is_lock_timeout(&self) -> bool {
        self.database_error()
            .is_some_and(|e| matches!(database_code(e).as_deref(), Some("55P03" | "1205")))
    }

    /// The failure, marked as lost with the session when the connection broke.
    fn classify(self) -> Self {
        match self {
            Self::Failed(failure) if matches!(&failure, MigrationFailure::Db(e) if is_connection_lost(e)) => {
                Self::ConnectionLost(failure)
            }
            other => other,
        }
    }
}

impl std::fmt::Display for StepFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Failed(failure) => write!(f, "{failure}"),
            Self::ConnectionLost(failure) => write!(
                f,
                "{failure} (the connection was lost, which released the migration lock, so this failure is not in the history)"
            ),
        }
    }
}

impl Engine {
    /// Carries out `plan`, reporting each step to `observer` and recording
    /// each step in the history (with `backup_id`, the backup taken before).
    pub async fn execute(
        &self,
        plan: &Plan,
        observer: &mut dyn Observer,
        backup_id: Option<&str>,
    ) -> Result<(), Error> {
        if plan.steps.is_empty() {
            return Ok(());
        }
        let mut builder = Builder::new(
            self.db.get_database_backend(),
            &self.migrations,
            self.timeouts,
        )
        .with_backup(backup_id);
        for statement in builder.setup() {
            self.db.execute_raw(statement).await.map_err(state_error)?;
        }
        for (index, step) in plan.steps.iter().enumerate() {
            observer.on_event(&Event::StepStarted(step));
            let clock = Instant::now();
            let program = builder.step(step)?;
            if let Err(failure) = self.run(&program, observer, clock).await {
                return Err(step_error(&program, failure, &plan.steps[..index]));
            }
            observer.on_event(&Event::StepFinished {
                step,
                elapsed: clock.elapsed(),
            });
        }
        Ok(())
    }

    /// Runs one step's program; on failure records it in the history when
    /// the session (and the lock) still stands.
    async fn run(
        &self,
        program: &StepProgram<'_>,
        observer: &mut dyn Observer,
        clock: Instant,
    ) -> Result<(), StepFailure> {
        let result = async {
            execute_all(&self.db, &program.before).await?;
            match program.transactional {
                true => self.run_in_transactions(program, observer, clock).await,
                false => self.run_on(&self.db, program, clock).await,
            }
        }
        .await;
        let Err(failure) = result.map_err(StepFailure::classify) else {
            return Ok(());
        };
        if let (StepFailure::Failed(_), Some(record)) = (
            &failure,
            program.failure(&failure.to_string(), millis(clock)),
        ) {
            // Best effort: the failure itself is what the caller reports.
            let _ = self.db.execute_raw(record).await;
        }
        Err(failure)
    }

    /// The program in one transaction, tried again after a pause when a
    /// lock wait timed out (the rollback meanwhile lets queued queries through).
    async fn run_in_transactions(
        &self,
        program: &StepProgram<'_>,
        observer: &mut dyn Observer,
        clock: Instant,
    ) -> Result<(), StepFailure> {
        let mut attempt = 1;
        loop {
            let outcome: Result<(), StepFailure> = async {
                let txn = self.db.begin().await?;
                self.run_on(&txn, program, clock).await?;
                txn.commit().await?;
                Ok(())
            }
            .await;
            match outcome {
                Err(failure) if failure.is_lock_timeout() && attempt < program.attempts => {
                    let blockers = timeouts::open_transactions(&self.db).await;
                    let pause = Duration::from_secs(1 << (attempt - 1).min(5));
                    observer.on_event(&Event::LockWait {
                        version: program.step.version().unwrap_or_default(),
                        attempt,
                        attempts: program.attempts,
                        pause,
                        blockers: &blockers,
                    });
                    tokio::time::sleep(pause).await;
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    /// The program after its `before` statements, statement by statement on
    /// `db` (the session, or the step's transaction): preamble, `started`
    /// (only without a transaction), body, bookkeeping.
    async fn run_on<'c, C>(
        &self,
        db: &'c C,
        program: &StepProgram<'_>,
        clock: Instant,
    ) -> Result<(), StepFailure>
    where
        C: ConnectionTrait,
        &'c C: sea_orm::IntoDatabaseExecutor<'c>,
    {
        execute_all(db, &program.preamble).await?;
        execute_all(db, program.started.as_slice()).await?;
        self.run_body(db, &program.body).await?;
        execute_all(db, &program.bookkeeping(millis(clock))).await?;
        Ok(())
    }

    async fn run_body<'c, C>(&self, db: &'c C, body: &Body<'_>) -> Result<(), StepFailure>
    where
        C: ConnectionTrait,
        &'c C: sea_orm::IntoDatabaseExecutor<'c>,
    {
        match body {
            Body::Migration(migration, direction) => {
                run_migration(*migration, &SchemaManager::new(db), *direction).await?;
            }
            Body::Statements(statements) => execute_all(db, statements).await?,
            Body::DropAll => {
                schema_reset::drop_all(db, &self.migrations.history().name()).await?;
            }
            Body::Nothing => {}
        }
        Ok(())
    }
}

async fn execute_all<C: ConnectionTrait>(db: &C, statements: &[Statement]) -> Result<(), DbErr> {
    for statement in statements {
        db.execute_raw(statement.clone()).await?;
    }
    Ok(())
}

fn millis(clock: Instant) -> i64 {
    i64::try_from(clock.elapsed().as_millis()).unwrap_or(i64::MAX)
}

fn step_error(program: &StepProgram<'_>, failure: StepFailure, completed: &[Step]) -> Error {
    let aftermath = match (&program.body, program.transactional) {
        (Body::Migration(..), true) => "its changes were rolled back",
        (Body::Migration(..), false) => {
            "it ran without a transaction, so some of its statements may have taken effect: inspect the database"
        }
        _ => "inspect the database",
    };
    Error::Step {
        step: program.step.clone(),
        reason: failure.to_string(),
        aftermath: aftermath.to_owned(),
        completed: completed.to_vec(),
    }
}

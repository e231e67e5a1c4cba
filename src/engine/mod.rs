//! The one migration engine: it plans a command against the recorded state
//! and carries the plan out step by step, each step as the program that
//! [`program`] builds (the same program `--dry-run` and `sql` print),
//! reporting every step as an event. No other code runs migrations or
//! writes the tracking table or the history.

mod execute;
mod integrity;
mod migrations;
pub mod program;
mod restore;
mod timeouts;

pub use integrity::Reconciled;
pub use migrations::Migrations;
pub use program::{Body, Program, RenderedBody, StepProgram};
pub use restore::Restore;

use sea_orm::DatabaseConnection;
use sea_orm_migration::MigratorTrait;

use crate::Backend;
use crate::Error;
use crate::config::{Settings, Timeouts};
use crate::connect::{Access, connect};
use crate::history::HistoryEvent;
use crate::plan::{self, AppliedRecord, StatusEntry, Step};
pub use crate::plan::{Command, Plan};
use crate::validate::{Findings, Problem};
use database::catalog::{self, Presence};
use database::driver_error::database_message;

/// What the database records: the tracking table's rows and the run
/// history, as [`Engine::state`] read them.
#[derive(Debug, Clone, Default)]
pub struct State {
    /// The tracking table's rows.
    pub applied: Vec<AppliedRecord>,
    /// The run history, oldest first.
    pub events: Vec<HistoryEvent>,
}

/// The migration engine of one migrator on one connection.
pub struct Engine {
    db: DatabaseConnection,
    migrations: Migrations,
    timeouts: Timeouts,
}

impl Engine {
    /// An engine running `M`'s migrations on `db`.
    pub fn new<M: MigratorTrait>(db: DatabaseConnection) -> Self {
        Self::with_migrations(db, Migrations::of::<M>())
    }

    /// An engine running `migrations` on `db`.
    pub fn with_migrations(db: DatabaseConnection, migrations: Migrations) -> Self {
        Self {
            db,
            migrations,
            timeouts: Timeouts::default(),
        }
    }

    /// Connects to the database `settings` name and returns the engine for
    /// `M` with the settings' timeouts.
    pub async fn open<M: MigratorTrait>(
        settings: &Settings,
        access: Access,
    ) -> Result<Self, Error> {
        let db = connect(settings, access).await?;
        Ok(Self::new::<M>(db).with_timeouts(settings.timeouts))
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

    /// The migrator's migrations and their tables.
    pub fn migrations(&self) -> &Migrations {
        &self.migrations
    }

    /// The tracking table's name.
    pub fn tracking_table(&self) -> String {
        self.migrations.tracking().name()
    }

    /// The recorded versions, without creating the tracking table.
    pub async fn applied(&self) -> Result<Vec<AppliedRecord>, Error> {
        let tracking = self.migrations.tracking();
        if !self.readable(&tracking.name()).await? {
            return Ok(Vec::new());
        }
        tracking.applied(&self.db).await.map_err(state_error)
    }

    /// Whether the toolkit's `table` exists; an error when it may exist but
    /// the role cannot read it, since its state would then be a guess.
    async fn readable(&self, table: &str) -> Result<bool, Error> {
        match catalog::presence(&self.db, table)
            .await
            .map_err(state_error)?
        {
            Presence::Absent => Ok(false),
            Presence::Readable => Ok(true),
            Presence::Unreadable => Err(Error::Unreadable {
                table: table.to_owned(),
            }),
        }
    }

    /// What the database records, read once: the tracking table's rows and
    /// the run history (both empty before the first run).
    pub async fn state(&self) -> Result<State, Error> {
        Ok(State {
            applied: self.applied().await?,
            events: self.history_events().await?,
        })
    }

    /// Every migration's state in `state`, and what checking it finds (see
    /// [`Engine::findings_in`]).
    pub fn status(&self, state: &State) -> (Vec<StatusEntry>, Findings) {
        (
            plan::status(&self.migrations.versions(), &state.applied),
            self.findings_in(state),
        )
    }

    /// Decides what `command` will do against the current state (see [`Engine::plan_in`]).
    pub async fn plan(&self, command: Command) -> Result<Plan, Error> {
        let state = match command {
            // `fresh` drops whatever is recorded: nothing to read.
            Command::Fresh => State::default(),
            _ => self.state().await?,
        };
        self.plan_in(command, &state)
    }

    /// Decides what `command` will do against `state`, refusing a state it
    /// cannot trust: a dirty or missing migration blocks every command but
    /// `fresh` and `repair`; a changed one blocks `up`, and a rollback of it.
    pub fn plan_in(&self, command: Command, state: &State) -> Result<Plan, Error> {
        let local = self.migrations.versions();
        let applied: &[AppliedRecord] = match command {
            Command::Fresh => &[],
            _ => &state.applied,
        };
        let steps = match &command {
            Command::Up(target) => plan::plan_up(&local, applied, target)?,
            Command::Down(target) => plan::plan_down(&local, applied, target)?,
            Command::Fresh => plan::plan_fresh(&local),
            Command::Refresh => plan::plan_refresh(&local, applied)?,
            Command::Reset => plan::plan_reset(&local, applied)?,
            Command::Stamp(target) => plan::plan_stamp(&local, applied, target)?,
            Command::Repair => self.repair_steps(state),
            Command::AdoptAlembic { drop_alembic_table } => {
                plan::plan_adopt(&local, applied, *drop_alembic_table)
            }
        };
        let blocking: Vec<Problem> = match command {
            Command::Fresh | Command::Repair => Vec::new(),
            Command::Up(_) => self.findings_in(state).problems,
            _ => {
                let reverted: Vec<String> = steps
                    .iter()
                    .filter_map(|step| match step {
                        Step::Revert(version) => Some(version.clone()),
                        _ => None,
                    })
                    .collect();
                self.findings_in(state)
                    .problems
                    .into_iter()
                    .filter(|p| match p {
                        Problem::Dirty { .. } | Problem::Missing { .. } => true,
                        Problem::Changed { version, .. } => reverted.contains(version),
                    })
                    .collect()
            }
        };
        if !blocking.is_empty() {
            return Err(Error::Invalid(blocking));
        }
        Ok(Plan { command, steps })
    }

    /// The program of `plan` as the engine would run it now: for
    /// `--dry-run`, which prints it.
    pub fn program(&self, plan: &Plan) -> Result<Program<'_>, Error> {
        program::Builder::new(
            self.db.get_database_backend(),
            &self.migrations,
            self.timeouts,
        )
        .program(&plan.steps)
    }
}

fn state_error(error: sea_orm::DbErr) -> Error {
    Error::State(database_message(&error))
}

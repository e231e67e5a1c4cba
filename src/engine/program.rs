//! The program of each step: the statements before it, whether it runs in
//! a transaction and how often it is retried, the timeouts it sets, its
//! body (a migration's code, or statements), and the tracking and history
//! writes that end it. The engine executes exactly this program, and
//! `--dry-run` and `sql` print exactly it: there is no second renderer.

use std::collections::BTreeMap;

use sea_orm::{DbBackend, Statement};
use sea_orm_migration::MigrationTrait;

use super::migrations::Migrations;
use super::timeouts;
use crate::config::Timeouts;
use crate::history::{Action, HistoryEvent};
use crate::plan::{PlanError, Step};
use crate::render::{self, RenderError};
use crate::runner::{Direction, runs_ddl_in_transactions, runs_in_transaction};
use crate::{Backend, Error};

/// What a step runs between its preamble and its bookkeeping.
pub enum Body<'a> {
    /// A migration's own code, `up()` or `down()`.
    Migration(&'a dyn MigrationTrait, Direction),
    /// Fixed statements.
    Statements(Vec<Statement>),
    /// Dropping every table the database holds, which depends on what it holds.
    DropAll,
    /// Nothing: the step only writes records.
    Nothing,
}

/// A step's body as rendered offline (see [`StepProgram::rendered_body`]).
pub enum RenderedBody {
    /// The statements, captured without a database.
    Captured(Vec<Statement>),
    /// What the migration ran on a scratch database (`--exact`).
    Exact(Vec<Statement>),
    /// The migration's code needs a database, and no exact body was given.
    NeedsDatabase {
        /// The migration.
        version: String,
        /// What it asked the database for.
        reason: String,
    },
}

/// Everything one step runs, in order.
pub struct StepProgram<'a> {
    /// The step.
    pub step: Step,
    /// Whether the preamble, body and bookkeeping run in one transaction.
    pub transactional: bool,
    /// How often the transaction is tried when a lock wait times out (1: no retry).
    pub attempts: u32,
    /// Statements run first, outside the transaction (creating the tracking table).
    pub before: Vec<Statement>,
    /// The lock and statement timeouts the step sets.
    pub preamble: Vec<Statement>,
    /// Without a transaction: the `started` history row written before the
    /// body, so a crash half-way leaves the migration dirty.
    pub started: Option<Statement>,
    /// What the step runs.
    pub body: Body<'a>,
    /// The tracking-table write that ends the step, if any.
    pub tracking: Option<Statement>,
    /// The history event that ends the step (its duration set when it ends).
    pub event: Option<HistoryEvent>,
    backend: DbBackend,
    migrations: &'a Migrations,
}

impl StepProgram<'_> {
    /// The writes that end the step, for a step that took `duration_ms`.
    pub fn bookkeeping(&self, duration_ms: i64) -> Vec<Statement> {
        let history = self.event.as_ref().map(|event| {
            self.migrations.history().insert(
                self.backend,
                &HistoryEvent {
                    duration_ms: Some(duration_ms),
                    ..event.clone()
                },
            )
        });
        self.tracking.iter().cloned().chain(history).collect()
    }

    /// Everything the step runs but its body: the statements before it, its
    /// preamble, its `started` row and its bookkeeping.
    pub fn own_statements(&self) -> Vec<Statement> {
        let mut own = self.before.clone();
        own.extend(self.preamble.iter().cloned());
        own.extend(self.started.iter().cloned());
        own.extend(self.bookkeeping(0));
        own
    }

    /// The `failed` history row for this step's migration failing with
    /// `error` after `duration_ms`; `None` for steps that run no migration.
    pub fn failure(&self, error: &str, duration_ms: i64) -> Option<Statement> {
        let Body::Migration(..) = self.body else {
            return None;
        };
        let event = self.event.as_ref()?;
        Some(self.migrations.history().insert(
            self.backend,
            &HistoryEvent {
                action: Action::Failed,
                duration_ms: Some(duration_ms),
                error: Some(error.to_owned()),
                ..event.clone()
            },
        ))
    }

    /// The backend the step runs on.
    pub fn backend(&self) -> Backend {
        self.backend.into()
    }

    /// The step's body as `--dry-run` prints it, rendered offline: a
    /// migration's statements captured without a database (or taken from
    /// `exact`, by version, when its code needs one), or its fixed statements.
    pub async fn rendered_body(
        &self,
        exact: &BTreeMap<String, Vec<Statement>>,
    ) -> Result<RenderedBody, RenderError> {
        Ok(match &self.body {
            Body::Migration(migration, direction) => {
                match render::capture(*migration, self.backend, *direction, self.transactional)
                    .await
                {
                    Ok(statements) => RenderedBody::Captured(statements),
                    Err(RenderError::NeedsDatabase { version, .. })
                        if exact.contains_key(&version) =>
                    {
                        RenderedBody::Exact(exact[&version].clone())
                    }
                    Err(RenderError::NeedsDatabase { version, reason }) => {
                        RenderedBody::NeedsDatabase { version, reason }
                    }
                    Err(other) => return Err(other),
                }
            }
            Body::Statements(statements) => RenderedBody::Captured(statements.clone()),
            Body::DropAll => return Err(RenderError::DropAll),
            Body::Nothing => RenderedBody::Captured(Vec::new()),
        })
    }

    /// The step as a commented script, its body rendered offline. A
    /// migration whose code needs a database (it reads data or inspects the
    /// schema) is named in place, with why, and none of its own statements
    /// are printed: a script fed to a client never records it as applied.
    async fn render(
        &self,
        exact: &BTreeMap<String, Vec<Statement>>,
    ) -> Result<String, RenderError> {
        let how = match (self.transactional, self.attempts) {
            (true, 1) => " (in a transaction)".to_owned(),
            (true, n) => {
                format!(" (in a transaction, tried up to {n} times when a lock wait times out)")
            }
            (false, _) if self.started.is_some() => {
                " (without a transaction: if it stops half-way, it is left dirty)".to_owned()
            }
            (false, _) => String::new(),
        };
        let lines =
            |statements: &[Statement]| statements.iter().map(render::line).collect::<String>();
        let mut out = format!("-- {}{how}\n", self.step);
        out.push_str(&lines(&self.before));
        let body = match self.rendered_body(exact).await? {
            RenderedBody::Captured(statements) => statements,
            RenderedBody::Exact(statements) => {
                out.push_str(&format!(
                    "-- migration `{}` needs a database: what it ran on a scratch database follows\n",
                    self.step.version().unwrap_or_default()
                ));
                statements
            }
            RenderedBody::NeedsDatabase { version, reason } => {
                out.push_str(&format!(
                    "-- migration `{version}` needs a database to be rendered: {reason} (`--exact` renders it on a scratch database)\n"
                ));
                return Ok(out);
            }
        };
        if self.transactional {
            out.push_str("BEGIN;\n");
        }
        out.push_str(&lines(&self.preamble));
        out.push_str(&lines(self.started.as_slice()));
        out.push_str(&lines(&body));
        out.push_str(&lines(&self.bookkeeping(0)));
        if self.transactional {
            out.push_str("COMMIT;\n");
        }
        Ok(out)
    }
}

/// The programs of a plan's steps.
pub struct Program<'a> {
    /// Statements run once before the first step (creating the history table).
    pub setup: Vec<Statement>,
    /// One program per step, in order.
    pub steps: Vec<StepProgram<'a>>,
}

impl Program<'_> {
    /// The whole program as a SQL script, for `--dry-run` and `sql`.
    pub async fn render(&self) -> Result<String, RenderError> {
        self.render_with(&BTreeMap::new()).await
    }

    /// [`Program::render`], with the bodies of migrations that need a
    /// database taken from `exact` (see `run::exact_bodies`), by version.
    pub async fn render_with(
        &self,
        exact: &BTreeMap<String, Vec<Statement>>,
    ) -> Result<String, RenderError> {
        if self.steps.is_empty() {
            return Ok("-- nothing to do\n".to_owned());
        }
        let mut out = String::from("-- the run history, if it does not exist yet\n");
        for statement in &self.setup {
            out.push_str(&render::line(statement));
        }
        for step in &self.steps {
            out.push('\n');
            out.push_str(&step.render(exact).await?);
        }
        Ok(out)
    }
}

/// Builds step programs for one backend, migrator and set of timeouts.
pub struct Builder<'a> {
    backend: DbBackend,
    migrations: &'a Migrations,
    timeouts: Timeouts,
    backup_id: Option<String>,
    tracking_installed: bool,
}

impl<'a> Builder<'a> {
    /// A builder of `migrations`' programs on `backend` with `timeouts`.
    pub fn new(backend: DbBackend, migrations: &'a Migrations, timeouts: Timeouts) -> Self {
        Self {
            backend,
            migrations,
            timeouts,
            backup_id: None,
            tracking_installed: false,
        }
    }

    /// The same builder recording `backup_id` as the backup taken before the run.
    pub fn with_backup(mut self, backup_id: Option<&str>) -> Self {
        self.backup_id = backup_id.map(str::to_owned);
        self
    }

    /// The statements run once before the first step.
    pub fn setup(&self) -> Vec<Statement> {
        vec![self.migrations.history().create(self.backend)]
    }

    /// The programs of `steps`, built now.
    pub fn program(mut self, steps: &[Step]) -> Result<Program<'a>, Error> {
        let mut programs = Vec::with_capacity(steps.len());
        for step in steps {
            programs.push(self.step(step)?);
        }
        Ok(Program {
            setup: self.setup(),
            steps: programs,
        })
    }

    /// The program of `step`, which starts now (it stamps the history
    /// event's start and the tracking row's time).
    pub fn step(&mut self, step: &Step) -> Result<StepProgram<'a>, Error> {
        let backend = self.backend;
        let tracking = self.migrations.tracking();
        let now = chrono::Utc::now();
        let event = |version: &str, action| HistoryEvent {
            backup_id: self.backup_id.clone(),
            ..HistoryEvent::new(version, action, now.timestamp_millis())
        };
        let mut program = StepProgram {
            step: step.clone(),
            transactional: false,
            attempts: 1,
            before: Vec::new(),
            preamble: Vec::new(),
            started: None,
            body: Body::Nothing,
            tracking: None,
            event: None,
            backend,
            migrations: self.migrations,
        };
        if matches!(step, Step::Apply(_) | Step::Stamp(_)) && !self.tracking_installed {
            program.before.push(tracking.install(backend));
            self.tracking_installed = true;
        }
        match step {
            Step::Apply(version) | Step::Revert(version) => {
                let migration = self
                    .migrations
                    .find(version)
                    .ok_or_else(|| PlanError::UnknownVersion(version.clone()))?;
                let (direction, action, record) = match step {
                    Step::Apply(_) => (
                        Direction::Up,
                        Action::Applied,
                        tracking.record(backend, version, now.timestamp()),
                    ),
                    _ => (
                        Direction::Down,
                        Action::RolledBack,
                        tracking.forget(backend, version),
                    ),
                };
                let checksum = match direction {
                    Direction::Up => self.migrations.checksum(version),
                    Direction::Down => None,
                };
                let done = HistoryEvent {
                    checksum,
                    ..event(version, action)
                };
                program.transactional = runs_in_transaction(migration, backend);
                if program.transactional {
                    program.attempts = self.timeouts.retries + 1;
                    program.preamble = timeouts::for_transaction(backend, &self.timeouts);
                } else {
                    program.preamble = timeouts::for_session(backend, &self.timeouts);
                    let started = HistoryEvent {
                        action: Action::Started,
                        duration_ms: Some(0),
                        ..done.clone()
                    };
                    program.started = Some(self.migrations.history().insert(backend, &started));
                }
                program.body = Body::Migration(migration, direction);
                program.tracking = Some(record);
                program.event = Some(done);
            }
            Step::Stamp(version) => {
                let checksum = self.migrations.checksum(version);
                program.tracking = Some(tracking.record(backend, version, now.timestamp()));
                program.event = Some(HistoryEvent {
                    checksum,
                    backup_id: None,
                    ..event(version, Action::Stamped)
                });
            }
            Step::Unstamp(version) => {
                program.tracking = Some(tracking.forget(backend, version));
                program.event = Some(HistoryEvent {
                    error: Some("stamped as not applied; down() was not run".to_owned()),
                    backup_id: None,
                    ..event(version, Action::RolledBack)
                });
            }
            Step::Accept(version) => {
                let checksum = self.migrations.checksum(version);
                program.event = Some(HistoryEvent {
                    checksum,
                    backup_id: None,
                    ..event(version, Action::Repaired)
                });
            }
            Step::DropAll => {
                program.transactional = runs_ddl_in_transactions(backend);
                program.body = Body::DropAll;
                self.tracking_installed = false;
            }
            Step::DropTrackingTable => {
                program.body = Body::Statements(vec![tracking.uninstall(backend)]);
                self.tracking_installed = false;
            }
            Step::DropTable(table) => {
                let drop = sea_orm::sea_query::Table::drop()
                    .table(sea_orm::sea_query::Alias::new(table.as_str()))
                    .to_owned();
                program.body = Body::Statements(vec![backend.build(&drop)]);
            }
        }
        Ok(program)
    }
}

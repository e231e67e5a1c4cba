//! Every failure of the toolkit as one typed hierarchy, each with a
//! one-line message that says what happened and what to do next, and an
//! [`ErrorClass`] that decides the process's exit code.

use backup::BackupError;

use crate::adopt::AdoptError;
use crate::autogenerate::decisions::DraftError;
use crate::config::ConfigError;
use crate::confirm::ConfirmError;
use crate::connect::ConnectError;
use crate::diff::{DiffError, RenameSyntaxError};
use crate::generate::GenerateError;
use crate::lock::LockError;
use crate::plan::{PlanError, Step};
use crate::render::RenderError;
use crate::scaffold::ScaffoldError;
use crate::signal::Signal;
use crate::validate::Problem;

/// Any failure of a toolkit command.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The configuration (flags, environment, `.env`) is invalid.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// No connection could be opened.
    #[error(transparent)]
    Connect(#[from] ConnectError),
    /// The command cannot be planned.
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// The recorded state could not be read or the toolkit's tables created.
    #[error("cannot read the migration state from the database: {0}")]
    State(String),
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
    /// A step failed.
    #[error("{step} failed: {reason}; {aftermath}{}", progress(.completed))]
    Step {
        /// The step that failed.
        step: Step,
        /// The database's (or migration's) message.
        reason: String,
        /// What became of the failed step's changes.
        aftermath: String,
        /// The steps that completed before it.
        completed: Vec<Step>,
    },
    /// The migration lock could not be taken.
    #[error(transparent)]
    Lock(#[from] LockError),
    /// A backup operation failed.
    #[error(transparent)]
    Backup(#[from] BackupError),
    /// The backup before a schema change failed, so the change did not run.
    #[error("the backup before `{command}` failed, so nothing was changed: {source}")]
    BackupBeforeChange {
        /// The command that was not run.
        command: &'static str,
        /// Why the backup failed.
        source: BackupError,
    },
    /// A schema change failed after a backup was taken.
    #[error("{source}; to undo, restore the backup taken before it: `migration restore {backup}`")]
    Restorable {
        /// The failure.
        source: Box<Error>,
        /// The backup's id.
        backup: String,
    },
    /// The restore succeeded, but recording it in the restored history failed.
    #[error(
        "restored {backup}, but could not record the restore in its history: {source}; the history from before the restore is in the safety backup {safety}"
    )]
    RestoreNotRecorded {
        /// Why recording failed.
        source: Box<Error>,
        /// The backup restored.
        backup: String,
        /// The safety backup of the replaced database.
        safety: String,
    },
    /// The database cannot be adopted from Alembic.
    #[error(transparent)]
    Adopt(#[from] AdoptError),
    /// A plan cannot be shown as SQL.
    #[error(transparent)]
    Render(#[from] RenderError),
    /// A schema diff's declared renames do not fit the two schemas.
    #[error(transparent)]
    Diff(#[from] DiffError),
    /// A `--rename` argument does not parse.
    #[error(transparent)]
    RenameSyntax(#[from] RenameSyntaxError),
    /// `generate --autogenerate` refused to draft the migration.
    #[error(transparent)]
    Draft(#[from] DraftError),
    /// `lint` could not read which tables exist in the live database.
    #[error(
        "cannot read which tables exist and their row estimates: {0}; `migration lint --backend B` lints without a database"
    )]
    LintFacts(String),
    /// `up --lint` found error-severity diagnostics in the migrations it would apply.
    #[error(
        "lint found {errors} error{} in the migrations up would apply (shown above), so nothing was changed; make them safe, silence a rule in its migration with a reason (allow_lint!), or run up without --lint",
        if *.errors == 1 { "" } else { "s" }
    )]
    Lint {
        /// How many error-severity diagnostics no allowance silences.
        errors: usize,
    },
    /// A scratch database could not be made or used.
    #[error("cannot use a scratch database beside the configured one: {0}")]
    Scratch(String),
    /// Trace mode was asked of a backend other than PostgreSQL.
    #[error(
        "trace mode is PostgreSQL's (it reads pg_locks), and this database is {backend}: lint it without tracing"
    )]
    TraceNeedsPostgres {
        /// The configured backend.
        backend: crate::Backend,
    },
    /// A traced migration's statement failed on the scratch database.
    #[error(
        "migration `{version}` failed on the scratch database while it was traced, at `{statement}`: {reason}; fix the migration and trace it again"
    )]
    TraceFailed {
        /// The migration.
        version: String,
        /// The statement that failed.
        statement: String,
        /// The database's message.
        reason: String,
    },
    /// `generate` could not write the new migration.
    #[error(transparent)]
    Generate(#[from] GenerateError),
    /// `init` could not write the new migration crate.
    #[error(transparent)]
    Scaffold(#[from] ScaffoldError),
    /// Confirmation was refused or impossible.
    #[error(transparent)]
    Confirm(#[from] ConfirmError),
    /// A report could not be written as JSON.
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// The async runtime could not start.
    #[error("cannot start the async runtime: {0}")]
    Runtime(std::io::Error),
    /// A signal stopped the run.
    #[error("interrupted by {signal}: {aftermath}")]
    Interrupted {
        /// The signal.
        signal: Signal,
        /// What became of the command's work, which depends on the command.
        aftermath: &'static str,
    },
}

/// What kind of failure an [`Error`] is; each class has its own exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorClass {
    /// A migration, the database, a backup or a file operation failed.
    Failure,
    /// The command line or configuration is wrong; nothing was done.
    Usage,
    /// The database could not be reached, refused the login or does not exist.
    Connection,
    /// Another run held the migration lock for too long.
    LockTimeout,
    /// The recorded state failed validation (changed, dirty or missing migration).
    Validation,
    /// The linter found an error-severity diagnostic; nothing was done.
    Lint,
    /// A signal stopped the run.
    Interrupted(Signal),
}

impl Error {
    /// The class of this failure, which decides the exit code.
    pub fn class(&self) -> ErrorClass {
        match self {
            Self::Config(_) => ErrorClass::Usage,
            Self::Connect(_) => ErrorClass::Connection,
            Self::Plan(_) => ErrorClass::Usage,
            Self::Generate(GenerateError::InvalidName(_) | GenerateError::InvalidDefault(_)) => {
                ErrorClass::Usage
            }
            Self::Diff(_) | Self::RenameSyntax(_) | Self::Draft(_) => ErrorClass::Usage,
            Self::Scaffold(ScaffoldError::NotEmpty(_) | ScaffoldError::NotADirectory(_)) => {
                ErrorClass::Usage
            }
            Self::Confirm(ConfirmError::NeedsYes(_)) => ErrorClass::Usage,
            Self::TraceNeedsPostgres { .. } => ErrorClass::Usage,
            Self::Backup(BackupError::BadId(_)) => ErrorClass::Usage,
            Self::Lock(LockError::Timeout { .. }) => ErrorClass::LockTimeout,
            Self::Invalid(_) => ErrorClass::Validation,
            Self::Lint { .. } => ErrorClass::Lint,
            Self::Adopt(AdoptError::Mismatch(_) | AdoptError::WrongRevision { .. }) => {
                ErrorClass::Validation
            }
            Self::Restorable { source, .. } | Self::RestoreNotRecorded { source, .. } => {
                source.class()
            }
            Self::Interrupted { signal, .. } => ErrorClass::Interrupted(*signal),
            _ => ErrorClass::Failure,
        }
    }
}

fn more_problems(problems: &[Problem]) -> String {
    match problems.len() {
        0 | 1 => String::new(),
        n => format!(" (and {} more: run `migration validate`)", n - 1),
    }
}

fn progress(completed: &[Step]) -> String {
    if completed.is_empty() {
        return String::new();
    }
    let done: Vec<String> = completed.iter().map(ToString::to_string).collect();
    format!("; completed before it: {}", done.join(", "))
}

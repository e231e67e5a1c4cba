//! The process exit codes, documented in docs/cli.md, and the one mapping
//! from a failure's class to its code.

use std::process::ExitCode;

use crate::ErrorClass;
use crate::signal::Signal;

/// How a command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Everything asked for was done.
    Success = 0,
    /// A migration, the database or a file operation failed.
    Failure = 1,
    /// The command line or configuration is wrong; nothing was done.
    Usage = 2,
    /// The database could not be reached, refused the login or does not exist.
    Connection = 3,
    /// Another run held the migration lock for longer than `--lock-wait`.
    LockTimeout = 4,
    /// The recorded state failed validation: a changed checksum, a dirty or a missing migration.
    Validation = 5,
    /// `check` found a difference: the migrations do not produce the
    /// entities' schema, the recorded state is not valid, or the database
    /// was changed outside the migrations.
    Drift = 6,
    /// `lint` (or `up --lint`) found an error-severity diagnostic: a
    /// migration would lock a table for long or break the running application.
    Lint = 7,
    /// SIGHUP (the terminal closed) stopped the run, as shells report it (128 + 1).
    HungUp = 129,
    /// Ctrl-C (SIGINT) stopped the run, as shells report it (128 + 2).
    Interrupted = 130,
    /// SIGTERM stopped the run, as shells report it (128 + 15).
    Terminated = 143,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit as u8)
    }
}

impl From<ErrorClass> for Exit {
    /// The exit code of a failure of `class`.
    fn from(class: ErrorClass) -> Self {
        match class {
            ErrorClass::Failure => Self::Failure,
            ErrorClass::Usage => Self::Usage,
            ErrorClass::Connection => Self::Connection,
            ErrorClass::LockTimeout => Self::LockTimeout,
            ErrorClass::Validation => Self::Validation,
            ErrorClass::Lint => Self::Lint,
            ErrorClass::Interrupted(Signal::Interrupt) => Self::Interrupted,
            ErrorClass::Interrupted(Signal::Terminate) => Self::Terminated,
            ErrorClass::Interrupted(Signal::HangUp) => Self::HungUp,
        }
    }
}

//! What a run reports as it goes: the lock, the backup, each step and each
//! retry. The engine and the run orchestrator emit these events; the CLI's
//! human, JSON and progress views are [`Observer`]s of them.

use std::path::Path;
use std::time::Duration;

use backup::{Created, Metadata};

use crate::plan::{Plan, Step};

/// Something a run did.
#[derive(Debug)]
pub enum Event<'a> {
    /// The migration lock was taken, after waiting this long for another run.
    LockAcquired {
        /// How long the run waited for it.
        waited: Duration,
    },
    /// Under the lock, the history was completed once with what it lacked
    /// (see `Engine::reconcile`).
    Reconciled {
        /// Migrations whose source checksum was recorded for the first time.
        rebased: &'a [String],
        /// Dirty migrations another tool had since applied, now recorded as applied.
        applied_elsewhere: &'a [String],
        /// Dirty migrations another tool had since rolled back, now recorded as rolled back.
        rolled_back_elsewhere: &'a [String],
    },
    /// There is nothing to do; nothing was changed and no backup taken.
    NothingToDo,
    /// The backup before the change is being taken.
    BackupStarted,
    /// The backup before the change was taken and verified.
    BackupTaken {
        /// The backup's id.
        id: &'a str,
        /// Where it is.
        path: &'a Path,
    },
    /// The change runs without a backup, as asked (`--no-backup`).
    BackupSkipped,
    /// The plan's steps are about to run (after the backup, if any).
    Started(&'a Plan),
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
    /// A restore swapped the backup in (the run goes on to record it in the history).
    Swapped {
        /// The backup restored.
        backup: &'a Metadata,
        /// The safety backup of the database it replaced.
        safety: &'a Created,
        /// What the restore was not permitted to give back, one sentence each.
        notes: &'a [String],
    },
    /// The migration lock was released.
    Released,
}

/// Receives a run's events, in order.
pub trait Observer {
    /// Called for every event.
    fn on_event(&mut self, event: &Event<'_>);
}

/// An observer that ignores everything, for runs nobody watches.
pub struct Unobserved;

impl Observer for Unobserved {
    fn on_event(&mut self, _: &Event<'_>) {}
}

//! What a trace reports: per statement the locks its transaction holds
//! after it and the relations it rewrote, per migration the strongest lock
//! and how long it was held, in PostgreSQL's own lock vocabulary.

use std::fmt;
use std::time::Duration;

use serde::{Serialize, Serializer};

use super::diagnostic::TraceDiagnostic;

/// A PostgreSQL table-level lock mode, weakest first, so that `Ord` is strength.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum LockMode {
    /// `ACCESS SHARE` (plain reads).
    #[serde(rename = "ACCESS SHARE")]
    AccessShare,
    /// `ROW SHARE` (`SELECT ... FOR UPDATE`).
    #[serde(rename = "ROW SHARE")]
    RowShare,
    /// `ROW EXCLUSIVE` (writes).
    #[serde(rename = "ROW EXCLUSIVE")]
    RowExclusive,
    /// `SHARE UPDATE EXCLUSIVE` (`CREATE INDEX CONCURRENTLY`, `VALIDATE CONSTRAINT`).
    #[serde(rename = "SHARE UPDATE EXCLUSIVE")]
    ShareUpdateExclusive,
    /// `SHARE` (`CREATE INDEX`): blocks writes.
    #[serde(rename = "SHARE")]
    Share,
    /// `SHARE ROW EXCLUSIVE` (adding a foreign key): blocks writes.
    #[serde(rename = "SHARE ROW EXCLUSIVE")]
    ShareRowExclusive,
    /// `EXCLUSIVE`: blocks writes and `SELECT ... FOR UPDATE`.
    #[serde(rename = "EXCLUSIVE")]
    Exclusive,
    /// `ACCESS EXCLUSIVE` (most `ALTER TABLE`s): blocks reads too.
    #[serde(rename = "ACCESS EXCLUSIVE")]
    AccessExclusive,
}

impl LockMode {
    /// The mode `pg_locks.mode` names (`AccessShareLock`, ...), if it is a table-level mode.
    pub fn from_pg_locks(mode: &str) -> Option<Self> {
        Some(match mode {
            "AccessShareLock" => Self::AccessShare,
            "RowShareLock" => Self::RowShare,
            "RowExclusiveLock" => Self::RowExclusive,
            "ShareUpdateExclusiveLock" => Self::ShareUpdateExclusive,
            "ShareLock" => Self::Share,
            "ShareRowExclusiveLock" => Self::ShareRowExclusive,
            "ExclusiveLock" => Self::Exclusive,
            "AccessExclusiveLock" => Self::AccessExclusive,
            _ => return None,
        })
    }

    /// Whether the mode stops other sessions writing the relation (`SHARE` and stronger).
    pub fn blocks_writes(self) -> bool {
        self >= Self::Share
    }
}

impl fmt::Display for LockMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::AccessShare => "ACCESS SHARE",
            Self::RowShare => "ROW SHARE",
            Self::RowExclusive => "ROW EXCLUSIVE",
            Self::ShareUpdateExclusive => "SHARE UPDATE EXCLUSIVE",
            Self::Share => "SHARE",
            Self::ShareRowExclusive => "SHARE ROW EXCLUSIVE",
            Self::Exclusive => "EXCLUSIVE",
            Self::AccessExclusive => "ACCESS EXCLUSIVE",
        })
    }
}

/// What kind of relation a lock or a rewrite is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RelationKind {
    /// A table (plain or partitioned) or materialized view.
    Table,
    /// An index.
    Index,
}

impl RelationKind {
    /// The kind `pg_class.relkind` names, if it is one a trace follows.
    pub fn from_relkind(relkind: &str) -> Option<Self> {
        match relkind {
            "r" | "p" | "m" => Some(Self::Table),
            "i" | "I" => Some(Self::Index),
            _ => None,
        }
    }
}

impl fmt::Display for RelationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Table => "table",
            Self::Index => "index",
        })
    }
}

/// A lock the migration's transaction holds on a relation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct HeldLock {
    /// The relation's name.
    pub relation: String,
    /// Table or index.
    pub kind: RelationKind,
    /// The lock mode.
    pub mode: LockMode,
}

/// A relation whose storage a statement replaced (its `relfilenode` changed).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Rewrite {
    /// The relation's name.
    pub relation: String,
    /// Table or index.
    pub kind: RelationKind,
    /// The table it belongs to (itself, for a table).
    pub table: String,
}

/// One statement of a migration's body as it ran on the scratch database.
#[derive(Debug, Clone, Serialize)]
pub struct StatementTrace {
    /// The statement, values inlined.
    pub sql: String,
    /// The locks the transaction holds once the statement is done (none
    /// without a transaction: each statement then commits at once).
    pub locks: Vec<HeldLock>,
    /// The tables and indexes the statement rewrote.
    pub rewritten: Vec<Rewrite>,
    /// How long the statement took.
    #[serde(rename = "elapsed_ms", serialize_with = "millis")]
    pub elapsed: Duration,
    /// How long the strongest lock so far had been held when the statement ended.
    #[serde(rename = "strongest_held_ms", serialize_with = "optional_millis")]
    pub strongest_held: Option<Duration>,
}

/// The strongest lock a migration took and how long it was held.
#[derive(Debug, Clone, Serialize)]
pub struct StrongestLock {
    /// The relation and mode.
    pub lock: HeldLock,
    /// The index in [`StepTrace::statements`] of the statement that took it.
    pub statement: usize,
    /// From the start of that statement to the end of the transaction (wall
    /// time, the trace's own catalog reads included).
    #[serde(rename = "held_ms", serialize_with = "millis")]
    pub held: Duration,
    /// The part of `held` the migration's own statements took: about how
    /// long a run without the trace would hold the lock.
    #[serde(rename = "statements_ms", serialize_with = "millis")]
    pub statements: Duration,
}

/// One migration as it ran, statement by statement, on the scratch database.
#[derive(Debug, Clone, Serialize)]
pub struct StepTrace {
    /// The migration's version.
    pub version: String,
    /// Whether it ran in a transaction.
    pub transactional: bool,
    /// The statements the engine runs before the body (the lock and statement timeouts).
    pub preamble: Vec<String>,
    /// The body's statements, in order.
    pub statements: Vec<StatementTrace>,
    /// The strongest lock its transaction took, if any.
    pub strongest: Option<StrongestLock>,
    /// What the trace found dangerous.
    pub diagnostics: Vec<TraceDiagnostic>,
}

fn millis<S: Serializer>(duration: &Duration, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_f64(duration.as_secs_f64() * 1000.0)
}

fn optional_millis<S: Serializer>(
    duration: &Option<Duration>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match duration {
        Some(duration) => millis(duration, serializer),
        None => serializer.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_modes_order_by_strength() {
        assert!(LockMode::AccessExclusive > LockMode::ShareRowExclusive);
        assert!(LockMode::ShareRowExclusive > LockMode::Share);
        assert!(LockMode::Share > LockMode::ShareUpdateExclusive);
    }

    #[test]
    fn share_and_stronger_block_writes_and_concurrent_builds_do_not() {
        assert!(LockMode::Share.blocks_writes());
        assert!(!LockMode::ShareUpdateExclusive.blocks_writes());
    }

    #[test]
    fn pg_locks_names_map_to_modes() {
        assert_eq!(
            LockMode::from_pg_locks("ShareRowExclusiveLock"),
            Some(LockMode::ShareRowExclusive)
        );
        assert_eq!(LockMode::from_pg_locks("SIReadLock"), None);
    }
}

//! The trace's rules, one per file, each a pure function of what one
//! migration did on the scratch database (its trace, the tables that held
//! rows before it, the constraints it added) to its `TR1xx` diagnostics.

mod full_scan;
mod lock_held;
mod rewrite;
mod unindexed_foreign_key;

use std::collections::BTreeMap;

use super::diagnostic::TraceDiagnostic;
use super::model::{HeldLock, StatementTrace};
use super::step::AddedConstraint;

/// What one migration did, as the rules read it.
pub(crate) struct Facts<'a> {
    /// The migration's version.
    pub version: &'a str,
    /// Its body's statements as traced.
    pub statements: &'a [StatementTrace],
    /// The tables that existed before it and hold rows (or may: the count
    /// is unknown), with the live database's row estimate.
    pub existing: &'a BTreeMap<String, Option<u64>>,
    /// The foreign keys and checks it added.
    pub added: &'a [AddedConstraint],
}

impl Facts<'_> {
    /// Whether `table` existed before the migration and holds rows (or may).
    fn exists(&self, table: &str) -> bool {
        self.existing.contains_key(table)
    }

    /// `table` named for a message, with its row estimate when known.
    fn table(&self, table: &str) -> String {
        match self.existing.get(table) {
            Some(Some(rows)) => format!("`{table}` (about {rows} rows)"),
            _ => format!("`{table}`"),
        }
    }

    /// The locks the transaction holds after statement `index` and held not before it.
    fn taken_by(&self, index: usize) -> Vec<&HeldLock> {
        let before = match index {
            0 => &[][..],
            _ => &self.statements[index - 1].locks[..],
        };
        self.statements[index]
            .locks
            .iter()
            .filter(|lock| !before.contains(lock))
            .collect()
    }

    /// A diagnostic of this migration on statement `index`.
    fn diagnostic(
        &self,
        code: &'static str,
        severity: super::diagnostic::Severity,
        index: usize,
        message: String,
        safer: &'static str,
    ) -> TraceDiagnostic {
        TraceDiagnostic {
            code,
            severity,
            migration: self.version.to_owned(),
            statement: self.statements[index].sql.clone(),
            message,
            safer,
        }
    }
}

/// Every rule's diagnostics for one migration, in statement order.
pub(crate) fn diagnose(facts: &Facts<'_>) -> Vec<TraceDiagnostic> {
    let mut found: Vec<(usize, TraceDiagnostic)> = [
        lock_held::check(facts),
        rewrite::check(facts),
        full_scan::check(facts),
        unindexed_foreign_key::check(facts),
    ]
    .into_iter()
    .flatten()
    .collect();
    found.sort_by_key(|(index, diagnostic)| (*index, diagnostic.code));
    found
        .into_iter()
        .map(|(_, diagnostic)| diagnostic)
        .collect()
}

#[cfg(test)]
pub(crate) mod fixtures {
    //! Traces written by hand, as the rules' tests read them.

    use std::time::Duration;

    use crate::lint_trace::catalog::{Constraint, ConstraintKind};
    use crate::lint_trace::model::{HeldLock, LockMode, RelationKind, Rewrite, StatementTrace};
    use crate::lint_trace::step::AddedConstraint;

    /// A statement holding `locks` (table, mode) after it, rewriting `rewritten` tables.
    pub fn statement(sql: &str, locks: &[(&str, LockMode)], rewritten: &[&str]) -> StatementTrace {
        StatementTrace {
            sql: sql.to_owned(),
            locks: locks
                .iter()
                .map(|(relation, mode)| HeldLock {
                    relation: (*relation).to_owned(),
                    kind: RelationKind::Table,
                    mode: *mode,
                })
                .collect(),
            rewritten: rewritten
                .iter()
                .map(|table| Rewrite {
                    relation: (*table).to_owned(),
                    kind: RelationKind::Table,
                    table: (*table).to_owned(),
                })
                .collect(),
            elapsed: Duration::from_millis(1),
            strongest_held: None,
        }
    }

    /// A foreign key from `table` (`column`) to `referenced`, added by statement `index`.
    pub fn foreign_key(
        index: usize,
        table: &str,
        referenced: &str,
        validated: bool,
        indexed: bool,
    ) -> AddedConstraint {
        AddedConstraint {
            statement: index,
            constraint: Constraint {
                name: format!("fk-{table}-{referenced}"),
                kind: ConstraintKind::Foreign,
                table: table.to_owned(),
                referenced: Some(referenced.to_owned()),
                columns: format!("{referenced}_id"),
                validated,
                indexed,
            },
            indexed_at_end: indexed,
        }
    }
}

//! TR101: a lock that blocks writes (SHARE or stronger) taken on a table
//! that holds rows, then held while more statements of the same
//! transaction run: the table is blocked until the migration commits.

use crate::lint_trace::diagnostic::{Severity, TraceDiagnostic};
use crate::lint_trace::model::{LockMode, RelationKind};

use super::Facts;

/// The rule's code.
const CODE: &str = "TR101";

const SAFER: &str = "end the migration with this statement (move the statements after it to a migration of their own) so the lock is released as soon as it is done; for an index, build it with CREATE INDEX CONCURRENTLY in a migration without a transaction";

/// One diagnostic per statement and table it locked, by statement index.
pub(super) fn check(facts: &Facts<'_>) -> Vec<(usize, TraceDiagnostic)> {
    let mut found = Vec::new();
    let last = facts.statements.len().saturating_sub(1);
    for index in 0..last {
        let after = last - index;
        let mut seen: Vec<&str> = Vec::new();
        // Strongest first, so a table is named once with its strongest new lock.
        for lock in facts.taken_by(index) {
            if lock.kind != RelationKind::Table
                || !lock.mode.blocks_writes()
                || !facts.exists(&lock.relation)
                || seen.contains(&lock.relation.as_str())
            {
                continue;
            }
            seen.push(&lock.relation);
            let (severity, blocked) = match lock.mode {
                LockMode::AccessExclusive => (Severity::Error, "reads and writes"),
                _ => (Severity::Warning, "writes"),
            };
            let message = format!(
                "takes a {} lock on {} and holds it while {after} more statement{} run{}: {blocked} wait until the migration commits",
                lock.mode,
                facts.table(&lock.relation),
                if after == 1 { "" } else { "s" },
                if after == 1 { "s" } else { "" },
            );
            found.push((
                index,
                facts.diagnostic(CODE, severity, index, message, SAFER),
            ));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::lint_trace::model::LockMode::{AccessExclusive, Share};
    use crate::lint_trace::rules::fixtures::statement;

    fn facts<'a>(
        statements: &'a [crate::lint_trace::model::StatementTrace],
        existing: &'a BTreeMap<String, Option<u64>>,
    ) -> Facts<'a> {
        Facts {
            version: "m1",
            statements,
            existing,
            added: &[],
        }
    }

    #[test]
    fn a_share_lock_held_while_another_statement_runs_is_a_warning_with_the_row_count() {
        let statements = [
            statement("CREATE INDEX i ON orders (a)", &[("orders", Share)], &[]),
            statement("CREATE INDEX j ON orders (b)", &[("orders", Share)], &[]),
        ];
        let existing = BTreeMap::from([("orders".to_owned(), Some(1200))]);
        let found = check(&facts(&statements, &existing));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1.severity, Severity::Warning);
        assert_eq!(
            found[0].1.message,
            "takes a SHARE lock on `orders` (about 1200 rows) and holds it while 1 more statement runs: writes wait until the migration commits"
        );
    }

    #[test]
    fn an_access_exclusive_lock_held_on_is_an_error() {
        let statements = [
            statement(
                "ALTER TABLE orders ADD x int",
                &[("orders", AccessExclusive)],
                &[],
            ),
            statement("SELECT 1", &[("orders", AccessExclusive)], &[]),
        ];
        let existing = BTreeMap::from([("orders".to_owned(), None)]);
        let found = check(&facts(&statements, &existing));
        assert_eq!(found[0].1.severity, Severity::Error);
    }

    #[test]
    fn the_last_statement_holds_its_lock_only_until_the_commit() {
        let statements = [statement(
            "CREATE INDEX i ON orders (a)",
            &[("orders", Share)],
            &[],
        )];
        let existing = BTreeMap::from([("orders".to_owned(), None)]);
        assert!(check(&facts(&statements, &existing)).is_empty());
    }

    #[test]
    fn a_table_made_by_the_migration_or_empty_is_not_flagged() {
        let statements = [
            statement("CREATE TABLE t (a int)", &[("t", AccessExclusive)], &[]),
            statement("CREATE INDEX i ON t (a)", &[("t", AccessExclusive)], &[]),
        ];
        assert!(check(&facts(&statements, &BTreeMap::new())).is_empty());
    }
}

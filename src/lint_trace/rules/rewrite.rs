//! TR102: a table or index that holds rows rewritten (new storage) while
//! its table is locked ACCESS EXCLUSIVE: neither reads nor writes get
//! through until the rewrite and the transaction end.

use crate::lint_trace::diagnostic::{Severity, TraceDiagnostic};
use crate::lint_trace::model::LockMode;

use super::Facts;

/// The rule's code.
const CODE: &str = "TR102";

const SAFER: &str = "add a new column of the new type, backfill it in batches and switch to it in a later migration, or choose a change that does not rewrite (widening a varchar, varchar to text)";

/// One diagnostic per statement that rewrote relations of tables holding rows.
pub(super) fn check(facts: &Facts<'_>) -> Vec<(usize, TraceDiagnostic)> {
    let mut found = Vec::new();
    for (index, statement) in facts.statements.iter().enumerate() {
        let locked = |name: &str| {
            statement
                .locks
                .iter()
                .any(|l| l.relation == name && l.mode == LockMode::AccessExclusive)
        };
        let named: Vec<String> = statement
            .rewritten
            .iter()
            .filter(|r| facts.exists(&r.table) && (locked(&r.table) || locked(&r.relation)))
            .map(|r| match r.relation == r.table {
                true => format!("table {}", facts.table(&r.table)),
                false => format!("index `{}`", r.relation),
            })
            .collect();
        if named.is_empty() {
            continue;
        }
        let message = format!(
            "rewrites {} under an ACCESS EXCLUSIVE lock: reads and writes wait until the rewrite and the migration end",
            named.join(", ")
        );
        found.push((
            index,
            facts.diagnostic(CODE, Severity::Error, index, message, SAFER),
        ));
    }
    found
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::lint_trace::model::LockMode::AccessExclusive;
    use crate::lint_trace::rules::fixtures::statement;

    #[test]
    fn a_type_change_that_rewrites_a_table_with_rows_is_an_error() {
        let statements = [statement(
            "ALTER TABLE orders ALTER COLUMN n TYPE bigint",
            &[("orders", AccessExclusive)],
            &["orders"],
        )];
        let existing = BTreeMap::from([("orders".to_owned(), Some(5))]);
        let found = check(&Facts {
            version: "m1",
            statements: &statements,
            existing: &existing,
            added: &[],
        });
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].1.message,
            "rewrites table `orders` (about 5 rows) under an ACCESS EXCLUSIVE lock: reads and writes wait until the rewrite and the migration end"
        );
    }

    #[test]
    fn a_rewrite_of_an_empty_table_is_not_flagged() {
        let statements = [statement(
            "ALTER TABLE orders ALTER COLUMN n TYPE bigint",
            &[("orders", AccessExclusive)],
            &["orders"],
        )];
        assert!(
            check(&Facts {
                version: "m1",
                statements: &statements,
                existing: &BTreeMap::new(),
                added: &[],
            })
            .is_empty()
        );
    }
}

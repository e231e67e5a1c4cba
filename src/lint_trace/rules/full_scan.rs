//! TR103: a foreign key or check constraint added without `NOT VALID` to a
//! table that holds rows, so the statement scans the whole table while it
//! locks it (a foreign key: SHARE ROW EXCLUSIVE on both tables).

use crate::lint_trace::catalog::ConstraintKind;
use crate::lint_trace::diagnostic::{Severity, TraceDiagnostic};

use super::Facts;

/// The rule's code.
const CODE: &str = "TR103";

const SAFER: &str = "add the constraint with NOT VALID (no scan, a brief lock), then VALIDATE CONSTRAINT in a later migration: it scans under SHARE UPDATE EXCLUSIVE, which lets reads and writes through";

/// One diagnostic per constraint validated when it was added.
pub(super) fn check(facts: &Facts<'_>) -> Vec<(usize, TraceDiagnostic)> {
    let mut found = Vec::new();
    for added in facts.added {
        let constraint = &added.constraint;
        if !constraint.validated || !facts.exists(&constraint.table) {
            continue;
        }
        let statement = &facts.statements[added.statement];
        let tables: Vec<&str> = std::iter::once(constraint.table.as_str())
            .chain(constraint.referenced.as_deref())
            .collect();
        let locks: Vec<String> = statement
            .locks
            .iter()
            .filter(|l| tables.contains(&l.relation.as_str()) && l.mode.blocks_writes())
            .map(|l| format!("{} on `{}`", l.mode, l.relation))
            .collect();
        let what = match constraint.kind {
            ConstraintKind::Foreign => "foreign key",
            ConstraintKind::Check => "check",
        };
        let under = match locks.is_empty() {
            true => String::new(),
            false => format!(" under {}", locks.join(" and ")),
        };
        let message = format!(
            "adds {what} `{}` and validates it by scanning {}{under}: writes wait until the scan and the migration end",
            constraint.name,
            facts.table(&constraint.table),
        );
        found.push((
            added.statement,
            facts.diagnostic(CODE, Severity::Error, added.statement, message, SAFER),
        ));
    }
    found
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::lint_trace::model::LockMode::ShareRowExclusive;
    use crate::lint_trace::rules::fixtures::{foreign_key, statement};

    const ADD: &str =
        "ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES customers (id)";

    #[test]
    fn a_foreign_key_validated_on_a_table_with_rows_names_both_locks() {
        let statements = [statement(
            ADD,
            &[
                ("customers", ShareRowExclusive),
                ("orders", ShareRowExclusive),
            ],
            &[],
        )];
        let existing = BTreeMap::from([("orders".to_owned(), Some(40))]);
        let added = [foreign_key(0, "orders", "customers", true, true)];
        let found = check(&Facts {
            version: "m1",
            statements: &statements,
            existing: &existing,
            added: &added,
        });
        assert_eq!(
            found[0].1.message,
            "adds foreign key `fk-orders-customers` and validates it by scanning `orders` (about 40 rows) under SHARE ROW EXCLUSIVE on `customers` and SHARE ROW EXCLUSIVE on `orders`: writes wait until the scan and the migration end"
        );
    }

    #[test]
    fn a_not_valid_foreign_key_is_not_flagged() {
        let statements = [statement(ADD, &[("orders", ShareRowExclusive)], &[])];
        let existing = BTreeMap::from([("orders".to_owned(), None)]);
        let added = [foreign_key(0, "orders", "customers", false, true)];
        assert!(
            check(&Facts {
                version: "m1",
                statements: &statements,
                existing: &existing,
                added: &added,
            })
            .is_empty()
        );
    }
}

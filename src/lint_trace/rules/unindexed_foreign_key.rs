//! TR104: a foreign key whose referencing columns no index leads with, once
//! the migration committed: every delete or key update of the referenced
//! table then scans the referencing table.

use crate::lint_trace::catalog::ConstraintKind;
use crate::lint_trace::diagnostic::{Severity, TraceDiagnostic};

use super::Facts;

/// The rule's code.
const CODE: &str = "TR104";

const SAFER: &str = "create an index on the referencing columns (CONCURRENTLY, in a migration without a transaction, on a table with rows)";

/// One diagnostic per foreign key the migration added without an index.
pub(super) fn check(facts: &Facts<'_>) -> Vec<(usize, TraceDiagnostic)> {
    facts
        .added
        .iter()
        .filter(|a| a.constraint.kind == ConstraintKind::Foreign && !a.indexed_at_end)
        .map(|added| {
            let constraint = &added.constraint;
            let message = format!(
                "foreign key `{}` has no index on `{}` ({}): each delete from `{}`, or change of its key, scans `{}`",
                constraint.name,
                constraint.table,
                constraint.columns,
                constraint.referenced.as_deref().unwrap_or_default(),
                constraint.table,
            );
            (
                added.statement,
                facts.diagnostic(CODE, Severity::Warning, added.statement, message, SAFER),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::lint_trace::rules::fixtures::{foreign_key, statement};

    fn found(indexed: bool) -> Vec<(usize, TraceDiagnostic)> {
        let statements = [statement("CREATE TABLE orders (...)", &[], &[])];
        let added = [foreign_key(0, "orders", "customers", true, indexed)];
        check(&Facts {
            version: "m1",
            statements: &statements,
            existing: &BTreeMap::new(),
            added: &added,
        })
    }

    #[test]
    fn a_foreign_key_without_an_index_is_a_warning() {
        let found = found(false);
        assert_eq!(found[0].1.severity, Severity::Warning);
        assert_eq!(
            found[0].1.message,
            "foreign key `fk-orders-customers` has no index on `orders` (customers_id): each delete from `customers`, or change of its key, scans `orders`"
        );
    }

    #[test]
    fn a_foreign_key_with_an_index_is_not_flagged() {
        assert!(found(true).is_empty());
    }
}

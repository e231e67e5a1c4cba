//! PG105: a UNIQUE or PRIMARY KEY constraint added to an existing table,
//! which builds its index under an ACCESS EXCLUSIVE lock.

use sqlparser::ast::{AlterTableOperation, Statement, TableConstraint};

use super::{Cx, POSTGRES, Rule, rows};
use crate::lint::Severity;

/// PG105.
pub const RULE: Rule = Rule {
    code: "PG105",
    severity: Severity::Error,
    backends: POSTGRES,
    instead: "CREATE UNIQUE INDEX CONCURRENTLY first (without a transaction), then ADD CONSTRAINT ... UNIQUE USING INDEX (or PRIMARY KEY USING INDEX)",
    check,
};

fn check(cx: &Cx<'_>, statement: &Statement) -> Option<String> {
    let (alter, table, estimate) = cx.existing_alter(statement)?;
    alter.operations.iter().find_map(|operation| {
        let AlterTableOperation::AddConstraint { constraint, .. } = operation else {
            return None;
        };
        let kind = match constraint {
            TableConstraint::Unique(_) => "UNIQUE",
            TableConstraint::PrimaryKey(_) => "PRIMARY KEY",
            _ => return None,
        };
        Some(format!(
            "adding a {kind} constraint builds its index while holding an ACCESS EXCLUSIVE lock on `{table}`{}: no query can read or write it meanwhile",
            rows(estimate)
        ))
    })
}

#[cfg(test)]
mod tests {
    use crate::Backend;
    use crate::lint::testing::codes;

    #[test]
    fn a_unique_or_primary_key_added_directly_is_an_error() {
        let existing = [("orders", None)];
        let unique = r#"ALTER TABLE "orders" ADD CONSTRAINT "u" UNIQUE ("number")"#;
        assert_eq!(
            codes(Backend::Postgres, true, &existing, &[unique]),
            ["PG105"]
        );
        let key = r#"ALTER TABLE "orders" ADD CONSTRAINT "pk" PRIMARY KEY ("id")"#;
        assert_eq!(codes(Backend::Postgres, true, &existing, &[key]), ["PG105"]);
    }

    #[test]
    fn a_constraint_using_a_concurrently_built_index_passes() {
        let using = r#"ALTER TABLE "orders" ADD CONSTRAINT "u" UNIQUE USING INDEX "orders_number""#;
        let found = codes(Backend::Postgres, true, &[("orders", None)], &[using]);
        assert!(found.is_empty(), "{found:?}");
    }
}

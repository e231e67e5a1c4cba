//! PG104: a foreign key or CHECK constraint added to an existing table
//! without NOT VALID, which checks every row under a lock that blocks writes.

use sqlparser::ast::{AlterTableOperation, Statement, TableConstraint};

use super::{Cx, POSTGRES, Rule, rows};
use crate::lint::Severity;
use crate::lint::parse::table_key;

/// PG104.
pub const RULE: Rule = Rule {
    code: "PG104",
    severity: Severity::Error,
    backends: POSTGRES,
    instead: "ADD CONSTRAINT ... NOT VALID (new rows are checked at once), then ALTER TABLE ... VALIDATE CONSTRAINT in a later statement, which takes a lock that lets writes through",
    check,
};

fn check(cx: &Cx<'_>, statement: &Statement) -> Option<String> {
    let (alter, table, estimate) = cx.existing_alter(statement)?;
    alter.operations.iter().find_map(|operation| {
        let AlterTableOperation::AddConstraint {
            constraint,
            not_valid: false,
        } = operation
        else {
            return None;
        };
        match constraint {
            TableConstraint::ForeignKey(key) => Some(format!(
                "adding a FOREIGN KEY without NOT VALID checks every row of `{table}`{} while blocking writes to it and to `{}`",
                rows(estimate),
                table_key(&key.foreign_table)
            )),
            TableConstraint::Check(_) => Some(format!(
                "adding a CHECK without NOT VALID checks every row of `{table}`{} under an ACCESS EXCLUSIVE lock",
                rows(estimate)
            )),
            _ => None,
        }
    })
}

#[cfg(test)]
mod tests {
    use crate::Backend;
    use crate::lint::testing::codes;

    const FOREIGN_KEY: &str = r#"ALTER TABLE "orders" ADD CONSTRAINT "fk" FOREIGN KEY ("customer_id") REFERENCES "customers" ("id")"#;

    #[test]
    fn a_foreign_key_or_check_without_not_valid_is_an_error() {
        let existing = [("orders", None), ("customers", None)];
        assert_eq!(
            codes(Backend::Postgres, true, &existing, &[FOREIGN_KEY]),
            ["PG104"]
        );
        let check = r#"ALTER TABLE "orders" ADD CONSTRAINT "positive" CHECK ("total" > 0)"#;
        assert_eq!(
            codes(Backend::Postgres, true, &existing, &[check]),
            ["PG104"]
        );
    }

    #[test]
    fn not_valid_then_validate_passes() {
        let found = codes(
            Backend::Postgres,
            true,
            &[("orders", None), ("customers", None)],
            &[&format!("{FOREIGN_KEY} NOT VALID")],
        );
        assert!(found.is_empty(), "{found:?}");
        let validate = r#"ALTER TABLE "orders" VALIDATE CONSTRAINT "fk""#;
        assert!(codes(Backend::Postgres, true, &[("orders", None)], &[validate]).is_empty());
    }
}

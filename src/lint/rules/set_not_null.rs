//! PG106: SET NOT NULL on a column of an existing table, which scans every
//! row under an ACCESS EXCLUSIVE lock.

use sqlparser::ast::{AlterColumnOperation, AlterTableOperation, Statement, TableConstraint};

use super::{Cx, POSTGRES, Rule, rows};
use crate::lint::Severity;
use crate::lint::parse::ident_key;

/// PG106.
pub const RULE: Rule = Rule {
    code: "PG106",
    severity: Severity::Error,
    backends: POSTGRES,
    instead: "ADD CONSTRAINT c CHECK (col IS NOT NULL) NOT VALID; VALIDATE CONSTRAINT c; then SET NOT NULL, which PostgreSQL 12+ proves from the valid check without a scan; then drop the check",
    check,
};

fn check(cx: &Cx<'_>, statement: &Statement) -> Option<String> {
    let (alter, table, estimate) = cx.existing_alter(statement)?;
    alter.operations.iter().find_map(|operation| match operation {
        AlterTableOperation::AlterColumn {
            column_name,
            op: AlterColumnOperation::SetNotNull,
        } if !proven(cx, &column_name.value)
            && !cx.known.not_null(&table, &ident_key(column_name)) =>
        {
            Some(format!(
            "SET NOT NULL on `{table}.{}` scans every row{} under an ACCESS EXCLUSIVE lock: no query can read or write the table meanwhile",
            column_name.value,
            rows(estimate)
        ))
        }
        _ => None,
    })
}

/// Whether an earlier statement of the step added a `CHECK (column IS NOT
/// NULL)` and a later one validated it: SET NOT NULL then needs no scan.
fn proven(cx: &Cx<'_>, column: &str) -> bool {
    let operations = || {
        cx.previous.iter().flat_map(|statement| match statement {
            Statement::AlterTable(alter) => alter.operations.as_slice(),
            _ => &[],
        })
    };
    let wanted = format!("{column} is not null");
    operations().any(|operation| {
        let AlterTableOperation::AddConstraint {
            constraint: TableConstraint::Check(check),
            ..
        } = operation
        else {
            return false;
        };
        let checks_column = check.expr.to_string().replace('"', "").to_lowercase() == wanted;
        checks_column
            && check.name.as_ref().is_some_and(|name| {
                operations().any(|later| {
                    matches!(later, AlterTableOperation::ValidateConstraint { name: validated }
                        if validated.value == name.value)
                })
            })
    })
}

#[cfg(test)]
mod tests {
    use crate::Backend;
    use crate::lint::testing::codes;

    #[test]
    fn restating_not_null_on_a_column_declared_not_null_passes() {
        // sea-query's modify_column restates the whole column definition.
        let found = codes(
            Backend::Postgres,
            true,
            &[("orders", None)],
            &[
                r#"ALTER TABLE "orders" ADD COLUMN "note" varchar NOT NULL DEFAULT ''"#,
                r#"ALTER TABLE "orders" ALTER COLUMN "note" TYPE varchar, ALTER COLUMN "note" SET NOT NULL"#,
            ],
        );
        assert!(!found.contains(&"PG106"), "{found:?}");
    }

    #[test]
    fn set_not_null_on_an_existing_table_is_an_error() {
        let sql = r#"ALTER TABLE "orders" ALTER COLUMN "note" SET NOT NULL"#;
        assert_eq!(
            codes(Backend::Postgres, true, &[("orders", None)], &[sql]),
            ["PG106"]
        );
    }

    #[test]
    fn the_check_not_valid_path_passes() {
        let found = codes(
            Backend::Postgres,
            true,
            &[("orders", None)],
            &[
                r#"ALTER TABLE "orders" ADD CONSTRAINT "note_not_null" CHECK ("note" IS NOT NULL) NOT VALID"#,
                r#"ALTER TABLE "orders" VALIDATE CONSTRAINT "note_not_null""#,
                r#"ALTER TABLE "orders" ALTER COLUMN "note" SET NOT NULL"#,
            ],
        );
        assert!(!found.contains(&"PG106"), "{found:?}");
    }
}

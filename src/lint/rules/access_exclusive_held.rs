//! PG110: more statements after one that took an ACCESS EXCLUSIVE lock on
//! an existing table, in the same transaction: the lock is held until the
//! transaction commits, so every query on the table waits for all of them.

use sqlparser::ast::{AlterTableOperation, ObjectType, Statement, TableConstraint};

use super::{Cx, POSTGRES, Rule};
use crate::lint::Severity;
use crate::lint::parse::table_key;

/// PG110.
pub const RULE: Rule = Rule {
    code: "PG110",
    severity: Severity::Warning,
    backends: POSTGRES,
    instead: "put the statement that takes the ACCESS EXCLUSIVE lock in a migration of its own, or last in its transaction",
    check,
};

fn check(cx: &Cx<'_>, _statement: &Statement) -> Option<String> {
    if !cx.target.transactional {
        return None;
    }
    // Reported once, on the first statement after the first such lock.
    let (last, earlier) = cx.previous.split_last()?;
    if earlier.iter().any(|s| exclusive(cx, s).is_some()) {
        return None;
    }
    let table = exclusive(cx, last)?;
    Some(format!(
        "this statement runs while the ACCESS EXCLUSIVE lock the previous one took on `{table}` is held (until the transaction commits): every query on `{table}` waits meanwhile"
    ))
}

/// The existing table `statement` locks in ACCESS EXCLUSIVE mode, if any.
fn exclusive(cx: &Cx<'_>, statement: &Statement) -> Option<String> {
    match statement {
        Statement::AlterTable(alter) => {
            cx.existing(&alter.name)?;
            let weaker = |operation: &AlterTableOperation| match operation {
                // SHARE ROW EXCLUSIVE and SHARE UPDATE EXCLUSIVE: reads go on.
                AlterTableOperation::AddConstraint {
                    constraint: TableConstraint::ForeignKey(_),
                    ..
                }
                | AlterTableOperation::ValidateConstraint { .. } => true,
                _ => false,
            };
            (!alter.operations.iter().all(weaker)).then(|| table_key(&alter.name))
        }
        Statement::Drop {
            object_type: ObjectType::Table,
            names,
            ..
        } => names
            .iter()
            .find(|name| cx.existing(name).is_some())
            .map(table_key),
        Statement::Truncate(truncate) => truncate
            .table_names
            .iter()
            .find(|t| cx.existing(&t.name).is_some())
            .map(|t| table_key(&t.name)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::Backend;
    use crate::lint::testing::codes;

    const LOCKING: &str = r#"ALTER TABLE "orders" ADD COLUMN "note" text"#;

    #[test]
    fn statements_after_an_access_exclusive_lock_are_flagged_once() {
        let found = codes(
            Backend::Postgres,
            true,
            &[("orders", None)],
            &[
                LOCKING,
                "CREATE TABLE a (id integer)",
                "CREATE TABLE b (id integer)",
            ],
        );
        assert_eq!(found, ["PG110"]);
    }

    #[test]
    fn the_lock_taken_last_passes() {
        let found = codes(
            Backend::Postgres,
            true,
            &[("orders", None)],
            &["CREATE TABLE a (id integer)", LOCKING],
        );
        assert!(found.is_empty(), "{found:?}");
    }
}

//! ALL101: dropping an existing table, which the application version still
//! running reads. A SQLite table rebuild (drop, then rename a new copy to
//! the same name, later in the same step) is not a drop.

use sqlparser::ast::{AlterTableOperation, ObjectType, RenameTableNameKind, Statement};

use super::{Cx, EVERY, Rule};
use crate::lint::Severity;
use crate::lint::parse::table_key;

/// ALL101.
pub const RULE: Rule = Rule {
    code: "ALL101",
    severity: Severity::Error,
    backends: EVERY,
    instead: "stop using the table in a released application version first (remove its entity), then drop it in a later migration, after a backup",
    check,
};

fn check(cx: &Cx<'_>, statement: &Statement) -> Option<String> {
    let Statement::Drop {
        object_type: ObjectType::Table,
        names,
        ..
    } = statement
    else {
        return None;
    };
    let dropped: Vec<String> = names
        .iter()
        .filter(|name| cx.existing(name).is_some())
        .map(table_key)
        .filter(|table| !rebuilt(cx, table))
        .collect();
    let first = dropped.first()?;
    Some(format!(
        "dropping `{first}` breaks the application version still running, which reads it, and loses its data"
    ))
}

/// Whether a later statement of the step renames another table to `table`.
fn rebuilt(cx: &Cx<'_>, table: &str) -> bool {
    cx.later.iter().any(|statement| match statement {
        Statement::AlterTable(alter) => alter.operations.iter().any(|operation| {
            matches!(operation, AlterTableOperation::RenameTable {
                table_name: RenameTableNameKind::To(name) | RenameTableNameKind::As(name),
            } if table_key(name) == table)
        }),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use crate::Backend;
    use crate::lint::testing::codes;

    #[test]
    fn dropping_an_existing_table_is_an_error_on_every_backend() {
        for backend in [Backend::Postgres, Backend::Mysql, Backend::Sqlite] {
            let found = codes(backend, true, &[("orders", None)], &["DROP TABLE orders"]);
            assert_eq!(found, ["ALL101"], "{backend:?}");
        }
    }

    #[test]
    fn a_sqlite_rebuild_or_a_table_created_in_the_plan_passes() {
        let found = codes(
            Backend::Sqlite,
            true,
            &[("orders", None)],
            &[
                "CREATE TABLE orders_new (id integer)",
                "INSERT INTO orders_new SELECT id FROM orders",
                "DROP TABLE orders",
                "ALTER TABLE orders_new RENAME TO orders",
            ],
        );
        assert!(found.is_empty(), "{found:?}");
        let found = codes(
            Backend::Sqlite,
            true,
            &[],
            &["CREATE TABLE t (id integer)", "DROP TABLE t"],
        );
        assert!(found.is_empty(), "{found:?}");
    }
}

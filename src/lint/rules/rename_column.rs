//! ALL104: renaming a column of an existing table, which the application
//! version still running reads and writes by its old name.

use sqlparser::ast::{AlterTableOperation, Statement};

use super::{Cx, EVERY, Rule};
use crate::lint::Severity;
use crate::lint::parse::ident_key;

/// ALL104.
pub const RULE: Rule = Rule {
    code: "ALL104",
    severity: Severity::Error,
    backends: EVERY,
    instead: "add the new column, write both, backfill, switch reads in a released application version, then drop the old column in a later migration",
    check,
};

fn check(cx: &Cx<'_>, statement: &Statement) -> Option<String> {
    let (alter, table, _) = cx.existing_alter(statement)?;
    alter.operations.iter().find_map(|operation| {
        let old = match operation {
            AlterTableOperation::RenameColumn {
                old_column_name, ..
            } => old_column_name,
            AlterTableOperation::ChangeColumn {
                old_name, new_name, ..
            } if ident_key(old_name) != ident_key(new_name) => old_name,
            _ => return None,
        };
        Some(format!(
            "renaming `{table}.{}` breaks the application version still running, which uses the old name",
            old.value
        ))
    })
}

#[cfg(test)]
mod tests {
    use crate::Backend;
    use crate::lint::testing::codes;

    #[test]
    fn renaming_a_column_is_an_error() {
        let sql = "ALTER TABLE orders RENAME COLUMN note TO remark";
        for backend in [Backend::Postgres, Backend::Mysql, Backend::Sqlite] {
            assert_eq!(
                codes(backend, true, &[("orders", None)], &[sql]),
                ["ALL104"]
            );
        }
    }

    #[test]
    fn a_mysql_change_column_keeping_its_name_is_not_a_rename() {
        let sql = "ALTER TABLE orders CHANGE COLUMN note note TEXT";
        let found = codes(Backend::Mysql, true, &[("orders", None)], &[sql]);
        assert!(!found.contains(&"ALL104"), "{found:?}");
    }
}

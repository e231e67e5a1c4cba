//! ALL103: renaming an existing table, which the application version still
//! running reads by its old name.

use sqlparser::ast::{AlterTableOperation, Statement};

use super::{Cx, EVERY, Rule};
use crate::lint::Severity;
use crate::lint::parse::table_key;

/// ALL103.
pub const RULE: Rule = Rule {
    code: "ALL103",
    severity: Severity::Error,
    backends: EVERY,
    instead: "create the new table (or a view under the new name), have a released application version use it, then drop the old one in a later migration",
    check,
};

fn check(cx: &Cx<'_>, statement: &Statement) -> Option<String> {
    let renamed = match statement {
        Statement::AlterTable(alter) => alter
            .operations
            .iter()
            .any(|o| matches!(o, AlterTableOperation::RenameTable { .. }))
            .then_some(&alter.name)
            .filter(|name| cx.existing(name).is_some()),
        Statement::RenameTable(renames) => renames
            .iter()
            .map(|rename| &rename.old_name)
            .find(|name| cx.existing(name).is_some()),
        _ => None,
    }?;
    Some(format!(
        "renaming `{}` breaks the application version still running, which queries it by its old name",
        table_key(renamed)
    ))
}

#[cfg(test)]
mod tests {
    use crate::Backend;
    use crate::lint::testing::codes;

    #[test]
    fn renaming_an_existing_table_is_an_error() {
        let sql = "ALTER TABLE orders RENAME TO purchases";
        for backend in [Backend::Postgres, Backend::Mysql, Backend::Sqlite] {
            assert_eq!(
                codes(backend, true, &[("orders", None)], &[sql]),
                ["ALL103"]
            );
        }
        let mysql = "RENAME TABLE orders TO purchases";
        assert_eq!(
            codes(Backend::Mysql, true, &[("orders", None)], &[mysql]),
            ["ALL103"]
        );
    }

    #[test]
    fn renaming_a_table_created_in_the_plan_passes() {
        let found = codes(
            Backend::Postgres,
            true,
            &[],
            &["CREATE TABLE t (id integer)", "ALTER TABLE t RENAME TO u"],
        );
        assert!(found.is_empty(), "{found:?}");
    }
}

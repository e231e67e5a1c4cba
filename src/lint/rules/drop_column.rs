//! ALL102: dropping a column of an existing table, which the application
//! version still running reads and writes.

use sqlparser::ast::{AlterTableOperation, Statement};

use super::{Cx, EVERY, Rule};
use crate::lint::Severity;

/// ALL102.
pub const RULE: Rule = Rule {
    code: "ALL102",
    severity: Severity::Error,
    backends: EVERY,
    instead: "stop reading and writing the column in a released application version first (remove it from the entity), then drop it in a later migration",
    check,
};

fn check(cx: &Cx<'_>, statement: &Statement) -> Option<String> {
    let (alter, table, _) = cx.existing_alter(statement)?;
    alter.operations.iter().find_map(|operation| match operation {
        AlterTableOperation::DropColumn { column_names, .. } => {
            let names: Vec<&str> = column_names.iter().map(|c| c.value.as_str()).collect();
            Some(format!(
                "dropping `{table}.{}` breaks the application version still running, which selects and inserts it, and loses its data",
                names.join("`, `")
            ))
        }
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use crate::Backend;
    use crate::lint::testing::codes;

    #[test]
    fn dropping_a_column_is_an_error_on_every_backend() {
        for backend in [Backend::Postgres, Backend::Mysql, Backend::Sqlite] {
            let sql = "ALTER TABLE orders DROP COLUMN note";
            assert_eq!(
                codes(backend, true, &[("orders", None)], &[sql]),
                ["ALL102"]
            );
        }
    }

    #[test]
    fn adding_a_column_passes() {
        let sql = "ALTER TABLE orders ADD COLUMN note text";
        assert!(codes(Backend::Sqlite, true, &[("orders", None)], &[sql]).is_empty());
    }
}

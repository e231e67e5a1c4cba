//! MY101: a MODIFY or CHANGE COLUMN that redefines an ENUM column of an
//! existing table. MySQL stores an enum as the index of its value, so a
//! list with values removed or reordered changes what stored rows mean (and
//! copies the table); only values appended at the end are instant. When the
//! plan declared the old list and the new one only appends to it, it passes.

use sqlparser::ast::{AlterTableOperation, DataType, Statement};

use super::{Cx, MYSQL, Rule};
use crate::lint::Severity;
use crate::lint::parse::ident_key;

/// MY101.
pub const RULE: Rule = Rule {
    code: "MY101",
    severity: Severity::Warning,
    backends: MYSQL,
    instead: "only append new values at the end of the list; to remove or reorder values, add a new column, backfill it and switch to it",
    check,
};

fn check(cx: &Cx<'_>, statement: &Statement) -> Option<String> {
    let (alter, table, _) = cx.existing_alter(statement)?;
    alter.operations.iter().find_map(|operation| {
        let (column, data_type) = match operation {
            AlterTableOperation::ModifyColumn {
                col_name,
                data_type,
                ..
            } => (col_name, data_type),
            AlterTableOperation::ChangeColumn {
                old_name,
                data_type,
                ..
            } => (old_name, data_type),
            _ => return None,
        };
        let DataType::Enum(new, _) = data_type else {
            return None;
        };
        match cx.known.column_type(&table, &ident_key(column)) {
            Some(DataType::Enum(old, _)) if new.starts_with(old) => None,
            Some(DataType::Enum(..)) => Some(format!(
                "the values of `{table}.{}` are removed or reordered: stored rows keep their index, so they now mean another value, and the table is copied",
                column.value
            )),
            _ => Some(format!(
                "redefines the ENUM `{table}.{}` without its old values known here: check that existing values keep their order (removing or reordering changes what stored rows mean and copies the table)",
                column.value
            )),
        }
    })
}

#[cfg(test)]
mod tests {
    use crate::Backend;
    use crate::lint::testing::codes;

    fn modify(to: &str) -> Vec<&'static str> {
        codes(
            Backend::Mysql,
            false,
            &[("orders", None)],
            &[
                "ALTER TABLE orders ADD COLUMN status ENUM('new', 'paid')",
                &format!("ALTER TABLE orders MODIFY COLUMN status {to}"),
            ],
        )
    }

    #[test]
    fn a_reordered_or_unknown_enum_is_a_warning() {
        assert_eq!(modify("ENUM('paid', 'new')"), ["MY101"]);
        let unknown = "ALTER TABLE orders MODIFY COLUMN status ENUM('new', 'paid')";
        assert_eq!(
            codes(Backend::Mysql, false, &[("orders", None)], &[unknown]),
            ["MY101"]
        );
    }

    #[test]
    fn appending_values_passes() {
        assert!(modify("ENUM('new', 'paid', 'refunded')").is_empty());
    }
}

//! MY103: an ALTER TABLE that may make MySQL/MariaDB copy the table: a
//! column type change through MODIFY or CHANGE COLUMN (only a VARCHAR
//! widening within the same length-byte size is in place), or a column
//! added with FIRST or AFTER (instant only from MySQL 8.0.29 and MariaDB
//! 10.3.2; older servers copy). ENUM columns are MY101's.

use sqlparser::ast::{AlterTableOperation, DataType, Statement};

use super::{Cx, MYSQL, Rule};
use crate::lint::Severity;
use crate::lint::parse::ident_key;

/// MY103.
pub const RULE: Rule = Rule {
    code: "MY103",
    severity: Severity::Warning,
    backends: MYSQL,
    instead: "append `, ALGORITHM=INSTANT` (or `ALGORITHM=INPLACE, LOCK=NONE`) so the server refuses rather than copies; for a real type change use an online schema change tool",
    check,
};

fn check(cx: &Cx<'_>, statement: &Statement) -> Option<String> {
    let (alter, table, _) = cx.existing_alter(statement)?;
    let pinned = alter
        .operations
        .iter()
        .any(|o| matches!(o, AlterTableOperation::Algorithm { .. }));
    if pinned {
        return None;
    }
    alter.operations.iter().find_map(|operation| match operation {
        AlterTableOperation::AddColumn {
            column_def,
            column_position: Some(_),
            ..
        } => Some(format!(
            "adding `{table}.{}` with FIRST or AFTER copies the table on MySQL before 8.0.29 and MariaDB before 10.3.2",
            column_def.name.value
        )),
        AlterTableOperation::ModifyColumn {
            col_name: column,
            data_type,
            ..
        }
        | AlterTableOperation::ChangeColumn {
            old_name: column,
            data_type,
            ..
        } if !matches!(data_type, DataType::Enum(..))
            && cx.known.column_type(&table, &ident_key(column)) != Some(data_type) =>
        {
            Some(format!(
                "MODIFY/CHANGE COLUMN restates `{table}.{}` as {data_type}: if that changes its type (the old one is not known here), the server copies the table while writes to it are blocked",
                column.value
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
    fn a_type_change_or_a_positioned_column_is_a_warning() {
        for sql in [
            "ALTER TABLE orders MODIFY COLUMN total BIGINT",
            "ALTER TABLE orders ADD COLUMN note TEXT AFTER id",
        ] {
            let found = codes(Backend::Mysql, false, &[("orders", None)], &[sql]);
            assert_eq!(found, ["MY103"], "{sql}");
        }
    }

    #[test]
    fn a_column_added_at_the_end_or_a_pinned_algorithm_passes() {
        for sql in [
            "ALTER TABLE orders ADD COLUMN note TEXT",
            "ALTER TABLE orders MODIFY COLUMN total BIGINT, ALGORITHM=INPLACE, LOCK=NONE",
        ] {
            let found = codes(Backend::Mysql, false, &[("orders", None)], &[sql]);
            assert!(found.is_empty(), "{sql}: {found:?}");
        }
    }
}

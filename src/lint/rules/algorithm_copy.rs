//! MY102: an ALTER TABLE that forces MySQL/MariaDB to copy the table
//! (`ALGORITHM=COPY`): dropping the primary key, changing a column's
//! character set or collation, or asking for COPY. Writes are blocked for
//! the whole copy.

use sqlparser::ast::{AlterTableAlgorithm, AlterTableOperation, ColumnOption, Statement};

use super::{Cx, MYSQL, Rule, rows};
use crate::lint::Severity;

/// MY102.
pub const RULE: Rule = Rule {
    code: "MY102",
    severity: Severity::Error,
    backends: MYSQL,
    instead: "drop and add the primary key in one ALTER TABLE (an in-place rebuild), convert character sets with an online schema change tool, and never ask for ALGORITHM=COPY on a table in use",
    check,
};

fn check(cx: &Cx<'_>, statement: &Statement) -> Option<String> {
    let (alter, table, estimate) = cx.existing_alter(statement)?;
    let adds_key = alter.operations.iter().any(|o| {
        matches!(o, AlterTableOperation::AddConstraint { constraint, .. }
            if matches!(constraint, sqlparser::ast::TableConstraint::PrimaryKey(_)))
    });
    let why = alter
        .operations
        .iter()
        .find_map(|operation| match operation {
            AlterTableOperation::DropPrimaryKey { .. } if !adds_key => {
                Some("dropping its primary key")
            }
            AlterTableOperation::ModifyColumn { options, .. }
            | AlterTableOperation::ChangeColumn { options, .. }
                if options.iter().any(|o| {
                    matches!(
                        o,
                        ColumnOption::CharacterSet(_) | ColumnOption::Collation(_)
                    )
                }) =>
            {
                Some("changing a column's character set or collation")
            }
            AlterTableOperation::Algorithm {
                algorithm: AlterTableAlgorithm::Copy,
                ..
            } => Some("ALGORITHM=COPY"),
            _ => None,
        })?;
    Some(format!(
        "{why} makes the server copy `{table}`{} row by row while writes to it are blocked",
        rows(estimate)
    ))
}

#[cfg(test)]
mod tests {
    use crate::Backend;
    use crate::lint::testing::codes;

    #[test]
    fn operations_that_force_a_copy_are_errors() {
        for sql in [
            "ALTER TABLE orders DROP PRIMARY KEY",
            "ALTER TABLE orders MODIFY COLUMN note VARCHAR(10) CHARACTER SET latin1",
            "ALTER TABLE orders ADD COLUMN x INT, ALGORITHM=COPY",
        ] {
            let found = codes(Backend::Mysql, false, &[("orders", None)], &[sql]);
            assert!(found.contains(&"MY102"), "{sql}: {found:?}");
        }
    }

    #[test]
    fn replacing_the_primary_key_in_one_statement_passes() {
        let sql = "ALTER TABLE orders DROP PRIMARY KEY, ADD PRIMARY KEY (id, region)";
        let found = codes(Backend::Mysql, false, &[("orders", None)], &[sql]);
        assert!(found.is_empty(), "{found:?}");
    }
}

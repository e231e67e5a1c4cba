//! PG107: a NOT NULL column without a default added to an existing table,
//! which fails as soon as the table holds a row.

use sqlparser::ast::{AlterTableOperation, ColumnOption, Statement};

use super::{Cx, POSTGRES, Rule};
use crate::lint::Severity;

/// PG107.
pub const RULE: Rule = Rule {
    code: "PG107",
    severity: Severity::Error,
    backends: POSTGRES,
    instead: "give the column a constant DEFAULT (instant since PostgreSQL 11), or add it nullable, backfill it, then make it NOT NULL the safe way (PG106)",
    check,
};

fn check(cx: &Cx<'_>, statement: &Statement) -> Option<String> {
    let (alter, table, _) = cx.existing_alter(statement)?;
    alter.operations.iter().find_map(|operation| {
        let AlterTableOperation::AddColumn { column_def, .. } = operation else {
            return None;
        };
        let options = || column_def.options.iter().map(|o| &o.option);
        let not_null = options()
            .any(|o| matches!(o, ColumnOption::NotNull | ColumnOption::PrimaryKey(_)));
        let filled = options()
            .any(|o| matches!(o, ColumnOption::Default(_) | ColumnOption::Generated { .. }))
            || column_def.data_type.to_string().to_lowercase().ends_with("serial");
        (not_null && !filled).then(|| {
            format!(
                "adding `{table}.{}` NOT NULL without a default fails as soon as `{table}` holds a row",
                column_def.name.value
            )
        })
    })
}

#[cfg(test)]
mod tests {
    use crate::Backend;
    use crate::lint::testing::codes;

    #[test]
    fn a_not_null_column_without_a_default_is_an_error() {
        let sql = r#"ALTER TABLE "orders" ADD COLUMN "priority" integer NOT NULL"#;
        assert_eq!(
            codes(Backend::Postgres, true, &[("orders", None)], &[sql]),
            ["PG107"]
        );
    }

    #[test]
    fn a_constant_default_or_a_nullable_column_passes() {
        for sql in [
            r#"ALTER TABLE "orders" ADD COLUMN "priority" integer NOT NULL DEFAULT 0"#,
            r#"ALTER TABLE "orders" ADD COLUMN "priority" integer NULL"#,
        ] {
            let found = codes(Backend::Postgres, true, &[("orders", None)], &[sql]);
            assert!(found.is_empty(), "{sql}: {found:?}");
        }
    }
}

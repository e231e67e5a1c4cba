//! PG108: a new column whose default is volatile (a different value per
//! row), which rewrites the whole table under an ACCESS EXCLUSIVE lock.
//! Stable defaults such as `now()` are instant since PostgreSQL 11.

use sqlparser::ast::{AlterTableOperation, ColumnOption, Statement};

use super::{Cx, POSTGRES, Rule, rows};
use crate::lint::Severity;

/// PG108.
pub const RULE: Rule = Rule {
    code: "PG108",
    severity: Severity::Error,
    backends: POSTGRES,
    instead: "add the column without a default (or with a constant one), backfill existing rows in batches, then ALTER COLUMN ... SET DEFAULT for new rows",
    check,
};

/// Functions that return a new value on every call.
const VOLATILE: [&str; 7] = [
    "random(",
    "clock_timestamp(",
    "gen_random_uuid(",
    "uuid_generate_v1(",
    "uuid_generate_v4(",
    "timeofday(",
    "nextval(",
];

fn check(cx: &Cx<'_>, statement: &Statement) -> Option<String> {
    let (alter, table, estimate) = cx.existing_alter(statement)?;
    alter.operations.iter().find_map(|operation| {
        let AlterTableOperation::AddColumn { column_def, .. } = operation else {
            return None;
        };
        let data_type = column_def.data_type.to_string().to_lowercase();
        let volatile = column_def.options.iter().find_map(|o| match &o.option {
            ColumnOption::Default(expr) => {
                let expr = expr.to_string().to_lowercase().replace(' ', "");
                VOLATILE
                    .iter()
                    .find(|f| expr.contains(*f))
                    .map(|f| format!("{f})"))
            }
            ColumnOption::Generated { .. } => Some("an identity".to_owned()),
            _ => None,
        });
        let volatile = volatile.or_else(|| data_type.ends_with("serial").then_some(data_type))?;
        Some(format!(
            "the new column `{table}.{}` defaults to {volatile}, a value per row: the whole table{} is rewritten under an ACCESS EXCLUSIVE lock",
            column_def.name.value,
            rows(estimate)
        ))
    })
}

#[cfg(test)]
mod tests {
    use crate::Backend;
    use crate::lint::testing::codes;

    #[test]
    fn a_volatile_default_on_a_new_column_is_an_error() {
        for sql in [
            r#"ALTER TABLE "orders" ADD COLUMN "token" uuid DEFAULT gen_random_uuid()"#,
            r#"ALTER TABLE "orders" ADD COLUMN "seen" timestamptz DEFAULT clock_timestamp()"#,
            r#"ALTER TABLE "orders" ADD COLUMN "n" bigserial"#,
        ] {
            let found = codes(Backend::Postgres, true, &[("orders", None)], &[sql]);
            assert_eq!(found, ["PG108"], "{sql}");
        }
    }

    #[test]
    fn now_and_constants_pass() {
        for sql in [
            r#"ALTER TABLE "orders" ADD COLUMN "seen" timestamptz NOT NULL DEFAULT now()"#,
            r#"ALTER TABLE "orders" ADD COLUMN "seen" timestamptz DEFAULT CURRENT_TIMESTAMP"#,
            r#"ALTER TABLE "orders" ADD COLUMN "n" integer DEFAULT 1"#,
        ] {
            let found = codes(Backend::Postgres, true, &[("orders", None)], &[sql]);
            assert!(found.is_empty(), "{sql}: {found:?}");
        }
    }
}

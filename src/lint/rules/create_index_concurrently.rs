//! PG101: an index created without CONCURRENTLY on a table that exists and
//! holds rows blocks every write to the table while the index builds.

use sqlparser::ast::Statement;

use super::{Cx, POSTGRES, Rule, rows};
use crate::lint::Severity;
use crate::lint::parse::table_key;

/// PG101.
pub const RULE: Rule = Rule {
    code: "PG101",
    severity: Severity::Error,
    backends: POSTGRES,
    instead: "CREATE INDEX CONCURRENTLY, in a migration that runs without a transaction (`use_transaction()` returns `Some(false)`)",
    check,
};

fn check(cx: &Cx<'_>, statement: &Statement) -> Option<String> {
    let Statement::CreateIndex(index) = statement else {
        return None;
    };
    if index.concurrently {
        return None;
    }
    // An empty table (a live estimate of 0 rows) builds its index at once.
    let estimate = cx.existing(&index.table_name).filter(|r| *r != Some(0))?;
    Some(format!(
        "CREATE INDEX without CONCURRENTLY blocks every write to `{}` until the index is built{}",
        table_key(&index.table_name),
        rows(estimate)
    ))
}

#[cfg(test)]
mod tests {
    use crate::Backend;
    use crate::lint::testing::{codes, diagnostics};

    #[test]
    fn an_index_on_an_existing_table_without_concurrently_is_an_error() {
        let found = diagnostics(
            Backend::Postgres,
            true,
            &[("orders", Some(12000))],
            &[r#"CREATE INDEX "i" ON "orders" ("customer_id")"#],
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].code, "PG101");
        assert!(
            found[0].message.contains("about 12000 rows"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn an_index_built_concurrently_passes() {
        let found = codes(
            Backend::Postgres,
            false,
            &[("orders", Some(12000))],
            &[
                "SET lock_timeout = '5s'",
                r#"CREATE INDEX CONCURRENTLY "i" ON "orders" ("customer_id")"#,
            ],
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn an_empty_or_new_table_is_not_flagged() {
        let sql = r#"CREATE INDEX "i" ON "orders" ("customer_id")"#;
        assert!(codes(Backend::Postgres, true, &[("orders", Some(0))], &[sql]).is_empty());
        assert!(codes(Backend::Postgres, true, &[], &[sql]).is_empty());
    }
}

//! PG113: a migration step that takes locks with no lock timeout in force.
//! The engine sets `lock_timeout` in the transaction of a transactional
//! step; a step that runs without a transaction (CONCURRENTLY needs one)
//! gets none, unless its body sets one.

use sqlparser::ast::Statement;

use super::lock_timeout_disabled::{in_force, lock_timeout};
use super::{Cx, POSTGRES, TargetRule};
use crate::lint::Severity;

/// PG113.
pub const RULE: TargetRule = TargetRule {
    code: "PG113",
    severity: Severity::Warning,
    backends: POSTGRES,
    instead: "start the migration with `SET lock_timeout = '5s'` (and RESET it at the end), or run it in a transaction, where the engine sets `--lock-timeout`",
    check,
};

fn check(cx: &Cx<'_>) -> Option<String> {
    let sets = |statements: &[Statement]| {
        statements.iter().any(|statement| match statement {
            Statement::Set(set) => lock_timeout(set).is_some_and(|value| in_force(&value)),
            _ => false,
        })
    };
    let locks = cx
        .previous
        .iter()
        .any(|statement| !matches!(statement, Statement::Set(_) | Statement::Query(_)));
    (locks && !sets(cx.preamble) && !sets(cx.previous)).then(|| {
        "no lock_timeout is in force (this migration runs without a transaction, where the engine sets none): a statement queued behind a long transaction blocks every query on its table for as long as it waits".to_owned()
    })
}

#[cfg(test)]
mod tests {
    use crate::Backend;
    use crate::lint::testing::codes;

    const CONCURRENT: &str = r#"CREATE INDEX CONCURRENTLY "i" ON "t" ("c")"#;

    #[test]
    fn a_step_without_a_lock_timeout_is_a_warning() {
        assert_eq!(
            codes(Backend::Postgres, false, &[], &[CONCURRENT]),
            ["PG113"]
        );
    }

    #[test]
    fn a_lock_timeout_set_by_the_engine_or_the_body_passes() {
        let sql = r#"CREATE INDEX "i" ON "t" ("c")"#;
        assert!(codes(Backend::Postgres, true, &[], &[sql]).is_empty());
        let found = codes(
            Backend::Postgres,
            false,
            &[],
            &["SET lock_timeout = '5s'", CONCURRENT],
        );
        assert!(found.is_empty(), "{found:?}");
    }
}

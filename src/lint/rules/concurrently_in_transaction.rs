//! PG103: CONCURRENTLY in a step that runs in a transaction, where
//! PostgreSQL refuses it.

use sqlparser::ast::{ObjectType, Statement};

use super::{Cx, POSTGRES, Rule};
use crate::lint::Severity;

/// PG103.
pub const RULE: Rule = Rule {
    code: "PG103",
    severity: Severity::Error,
    backends: POSTGRES,
    instead: "run this migration without a transaction: `fn use_transaction(&self) -> Option<bool> { Some(false) }`",
    check,
};

fn check(cx: &Cx<'_>, statement: &Statement) -> Option<String> {
    let concurrent = match statement {
        Statement::CreateIndex(index) => index.concurrently,
        Statement::Drop {
            object_type: ObjectType::Index,
            ..
        } => cx.concurrently,
        _ => false,
    };
    (concurrent && cx.target.transactional).then(|| {
        "CONCURRENTLY cannot run inside a transaction block, and this migration runs in one: it fails".to_owned()
    })
}

#[cfg(test)]
mod tests {
    use crate::Backend;
    use crate::lint::testing::codes;

    #[test]
    fn concurrently_in_a_transaction_is_an_error() {
        let create = r#"CREATE INDEX CONCURRENTLY "i" ON "t" ("c")"#;
        assert_eq!(codes(Backend::Postgres, true, &[], &[create]), ["PG103"]);
        let drop = r#"DROP INDEX CONCURRENTLY "i""#;
        assert_eq!(codes(Backend::Postgres, true, &[], &[drop]), ["PG103"]);
    }

    #[test]
    fn concurrently_without_a_transaction_passes() {
        let found = codes(
            Backend::Postgres,
            false,
            &[],
            &[
                "SET lock_timeout = '5s'",
                r#"CREATE INDEX CONCURRENTLY "i" ON "t" ("c")"#,
            ],
        );
        assert!(found.is_empty(), "{found:?}");
    }
}

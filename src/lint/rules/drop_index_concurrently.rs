//! PG102: an index dropped without CONCURRENTLY takes an ACCESS EXCLUSIVE
//! lock on its table.

use sqlparser::ast::{ObjectType, Statement};

use super::{Cx, POSTGRES, Rule};
use crate::lint::Severity;

/// PG102.
pub const RULE: Rule = Rule {
    code: "PG102",
    severity: Severity::Warning,
    backends: POSTGRES,
    instead: "DROP INDEX CONCURRENTLY, in a migration that runs without a transaction (`use_transaction()` returns `Some(false)`)",
    check,
};

fn check(cx: &Cx<'_>, statement: &Statement) -> Option<String> {
    let Statement::Drop {
        object_type: ObjectType::Index,
        names,
        ..
    } = statement
    else {
        return None;
    };
    if cx.concurrently || names.iter().all(|name| created_before(cx, name)) {
        return None;
    }
    Some(
        "DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the index's table: it waits behind every running query on it and blocks all others meanwhile"
            .to_owned(),
    )
}

/// Whether an earlier statement of the same step created the index `name`.
fn created_before(cx: &Cx<'_>, name: &sqlparser::ast::ObjectName) -> bool {
    cx.previous.iter().any(|statement| {
        matches!(statement, Statement::CreateIndex(index)
            if index.name.as_ref().map(crate::lint::parse::table_key)
                == Some(crate::lint::parse::table_key(name)))
    })
}

#[cfg(test)]
mod tests {
    use crate::Backend;
    use crate::lint::testing::codes;

    #[test]
    fn dropping_an_index_without_concurrently_is_flagged() {
        let found = codes(Backend::Postgres, true, &[], &[r#"DROP INDEX "i""#]);
        assert_eq!(found, ["PG102"]);
    }

    #[test]
    fn dropping_it_concurrently_outside_a_transaction_passes() {
        let found = codes(
            Backend::Postgres,
            false,
            &[],
            &["SET lock_timeout = '5s'", r#"DROP INDEX CONCURRENTLY "i""#],
        );
        assert!(found.is_empty(), "{found:?}");
    }
}

//! PG112: an enum value added without BEFORE or AFTER goes last, and enum
//! values compare (ORDER BY, `<`) in declaration order.

use sqlparser::ast::{AlterTypeOperation, Statement};

use super::{Cx, POSTGRES, Rule};
use crate::lint::Severity;

/// PG112.
pub const RULE: Rule = Rule {
    code: "PG112",
    severity: Severity::Warning,
    backends: POSTGRES,
    instead: "say where the value sorts: ALTER TYPE ... ADD VALUE 'v' BEFORE 'x' (or AFTER 'y')",
    check,
};

fn check(_cx: &Cx<'_>, statement: &Statement) -> Option<String> {
    let Statement::AlterType(alter) = statement else {
        return None;
    };
    let AlterTypeOperation::AddValue(add) = &alter.operation else {
        return None;
    };
    add.position.is_none().then(|| {
        format!(
            "'{}' is added last to `{}`: enum values compare in declaration order, so ORDER BY and comparisons on it follow that order",
            add.value.value, alter.name
        )
    })
}

#[cfg(test)]
mod tests {
    use crate::Backend;
    use crate::lint::testing::codes;

    #[test]
    fn an_enum_value_without_position_is_a_warning() {
        let sql = r#"ALTER TYPE "status" ADD VALUE 'paused'"#;
        assert_eq!(codes(Backend::Postgres, true, &[], &[sql]), ["PG112"]);
    }

    #[test]
    fn a_positioned_enum_value_passes() {
        let sql = r#"ALTER TYPE "status" ADD VALUE 'paused' AFTER 'active'"#;
        assert!(codes(Backend::Postgres, true, &[], &[sql]).is_empty());
    }
}

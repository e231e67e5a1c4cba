//! PG111: a migration that turns off the lock timeout the engine set, so a
//! statement queued behind a long transaction blocks its table indefinitely.

use sqlparser::ast::{Reset, ResetStatement, Set, Statement};

use super::{Cx, POSTGRES, Rule};
use crate::lint::Severity;

/// PG111.
pub const RULE: Rule = Rule {
    code: "PG111",
    severity: Severity::Error,
    backends: POSTGRES,
    instead: "keep the engine's lock timeout (`--lock-timeout`), or set a longer finite one, e.g. `SET LOCAL lock_timeout = '30s'`",
    check,
};

fn check(_cx: &Cx<'_>, statement: &Statement) -> Option<String> {
    let disabled = match statement {
        Statement::Reset(ResetStatement {
            reset: Reset::ConfigurationParameter(name),
        }) => is_lock_timeout(&name.to_string()),
        Statement::Reset(ResetStatement { reset: Reset::ALL }) => true,
        Statement::Set(set) => lock_timeout(set).is_some_and(|value| !in_force(&value)),
        _ => false,
    };
    disabled.then(|| {
        "this turns off the lock timeout: a statement queued behind a long transaction then blocks every query on its table for as long as it waits".to_owned()
    })
}

/// The value `set` gives `lock_timeout`, if it sets it.
pub fn lock_timeout(set: &Set) -> Option<String> {
    match set {
        Set::SingleAssignment {
            variable, values, ..
        } if is_lock_timeout(&variable.to_string()) => Some(
            values
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(","),
        ),
        _ => None,
    }
}

/// Whether a `lock_timeout` value keeps a timeout in force (not 0 nor DEFAULT).
pub fn in_force(value: &str) -> bool {
    let value = value.trim_matches('\'').trim().to_lowercase();
    let zero = value
        .trim_end_matches(|c: char| c.is_ascii_alphabetic())
        .trim()
        .parse::<f64>()
        .is_ok_and(|n| n == 0.0);
    !(zero || value == "default")
}

fn is_lock_timeout(name: &str) -> bool {
    name.trim_matches('"').eq_ignore_ascii_case("lock_timeout")
}

#[cfg(test)]
mod tests {
    use crate::Backend;
    use crate::lint::testing::codes;

    #[test]
    fn disabling_the_lock_timeout_is_an_error() {
        for sql in [
            "SET lock_timeout = 0",
            "SET LOCAL lock_timeout = '0'",
            "SET lock_timeout TO DEFAULT",
            "RESET lock_timeout",
        ] {
            assert_eq!(
                codes(Backend::Postgres, true, &[], &[sql]),
                ["PG111"],
                "{sql}"
            );
        }
    }

    #[test]
    fn a_finite_lock_timeout_passes() {
        for sql in ["SET LOCAL lock_timeout = '30s'", "SET lock_timeout = 10000"] {
            assert!(
                codes(Backend::Postgres, true, &[], &[sql]).is_empty(),
                "{sql}"
            );
        }
    }
}

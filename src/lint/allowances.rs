//! The rules a migration silences for itself, each with a reason: written in
//! its source as `migrate_kit::allow_lint!(PG101, "why this is safe here");`,
//! read when the migration crate is built (`migrate_kit_build` embeds them as
//! `LINT_ALLOWANCES`, next to the source checksums) and registered once per
//! process, so that the linter never runs migration code to find them. A
//! silenced diagnostic is kept, marked with its reason: it no longer fails
//! `lint`, and `--verbose`, JSON and SARIF still show it.

use std::sync::OnceLock;

use super::Diagnostic;

pub use migrate_kit_build::{Allowance, lint_allowances};

/// Migration name, rule code and reason triples, as `migrate_kit_build` embeds them.
pub type Allowances = &'static [(&'static str, &'static str, &'static str)];

static REGISTERED: OnceLock<Allowances> = OnceLock::new();

/// Hands the migration crate's embedded allowances to the toolkit, once per
/// process (a migration crate's `main` does it); later calls are ignored.
pub fn register(allowances: Allowances) {
    let _ = REGISTERED.set(allowances);
}

/// The allowances registered for this process (none when the crate embeds none).
pub fn registered() -> Allowances {
    REGISTERED.get().copied().unwrap_or(&[])
}

/// Marks each diagnostic its migration silences in `allowances` with the reason.
pub fn apply(diagnostics: &mut [Diagnostic], allowances: Allowances) {
    for diagnostic in diagnostics {
        diagnostic.allowed = allowances
            .iter()
            .find(|(migration, code, _)| {
                *migration == diagnostic.migration && *code == diagnostic.code
            })
            .map(|(_, _, reason)| (*reason).to_owned());
    }
}

/// Silences lint rule `CODE` for the migration whose source file says it,
/// with a reason (a non-empty string literal). It expands to nothing: the
/// migration crate's build script (`migrate_kit_build`) reads it from the
/// migration's file, so write it there, at the top, outside any comment.
///
/// ```
/// migrate_kit::allow_lint!(PG101, "orders holds a few hundred rows; the lock lasts milliseconds");
/// ```
#[macro_export]
macro_rules! allow_lint {
    ($code:ident, $reason:literal $(,)?) => {
        const _: &str = $reason;
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::Severity;

    fn diagnostic(migration: &str, code: &'static str) -> Diagnostic {
        Diagnostic {
            code,
            severity: Severity::Error,
            migration: migration.to_owned(),
            statement: None,
            message: "m".to_owned(),
            safer: "s".to_owned(),
            allowed: None,
        }
    }

    #[test]
    fn an_allowance_silences_its_code_in_its_migration_only() {
        let mut found = [
            diagnostic("m1", "PG101"),
            diagnostic("m1", "PG102"),
            diagnostic("m2", "PG101"),
        ];
        apply(&mut found, &[("m1", "PG101", "tiny table")]);
        let allowed: Vec<Option<&str>> = found.iter().map(|d| d.allowed.as_deref()).collect();
        assert_eq!(allowed, [Some("tiny table"), None, None]);
    }
}

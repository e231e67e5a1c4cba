//! What `validate` checks, as a pure function: every applied migration
//! still exists in code, its checksum equals the one recorded when it was
//! applied, and no migration was left half-done.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::history::Dirty;

/// One reason the recorded state cannot be trusted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum Problem {
    /// Applied in the database, absent from the code.
    Missing {
        /// The version.
        version: String,
    },
    /// The migration's SQL changed since it was applied.
    Changed {
        /// The version.
        version: String,
        /// The checksum recorded when it was applied.
        recorded: String,
        /// The checksum of the code now.
        current: String,
    },
    /// A run without a transaction started it and did not finish.
    Dirty {
        /// The version.
        version: String,
        /// When it started, Unix milliseconds.
        started_at: i64,
        /// What failed, if recorded.
        error: Option<String>,
        /// The backup taken before that run.
        backup_id: Option<String>,
    },
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Missing { version } => write!(
                f,
                "`{version}` is applied but this migrator has no such migration; restore its file (or use the build that has it)"
            ),
            Self::Changed {
                version,
                recorded,
                current,
            } => write!(
                f,
                "migration `{version}` changed since it was applied (checksum {} recorded, {} now); restore its original code, or once the change is reviewed run `migration repair` to accept it",
                &recorded[..12.min(recorded.len())],
                &current[..12.min(current.len())]
            ),
            Self::Dirty {
                version,
                error,
                backup_id,
                ..
            } => {
                write!(
                    f,
                    "migration `{version}` ran without a transaction and did not finish"
                )?;
                if let Some(error) = error {
                    write!(f, " ({error})")?;
                }
                write!(f, "; the database may be partly changed: ")?;
                if let Some(backup) = backup_id {
                    write!(
                        f,
                        "restore the backup taken before it (`migration restore {backup}`) or "
                    )?;
                }
                write!(f, "fix it by hand, then run `migration repair`")
            }
        }
    }
}

/// The problems of the recorded state: `applied` versions (from the
/// tracking table), `known` versions with their current checksums (`None`
/// when a migration cannot be rendered offline), the checksums `recorded`
/// in the history, and the `dirty` migrations.
pub fn problems(
    applied: &[String],
    known: &BTreeMap<String, Option<String>>,
    recorded: &BTreeMap<String, Option<String>>,
    dirty: &[Dirty],
) -> Vec<Problem> {
    let mut found = dirty_problems(dirty);
    for version in applied {
        match known.get(version) {
            None => found.push(Problem::Missing {
                version: version.clone(),
            }),
            Some(current) => {
                if let (Some(Some(recorded)), Some(current)) = (recorded.get(version), current)
                    && recorded != current
                {
                    found.push(Problem::Changed {
                        version: version.clone(),
                        recorded: recorded.clone(),
                        current: current.clone(),
                    });
                }
            }
        }
    }
    found
}

/// The dirty migrations as problems.
pub fn dirty_problems(dirty: &[Dirty]) -> Vec<Problem> {
    dirty
        .iter()
        .map(|d| Problem::Dirty {
            version: d.version.clone(),
            started_at: d.started_at,
            error: d.error.clone(),
            backup_id: d.backup_id.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, Option<&str>)]) -> BTreeMap<String, Option<String>> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.map(str::to_owned)))
            .collect()
    }

    #[test]
    fn unchanged_migrations_pass() {
        let known = map(&[("m1", Some("aaa"))]);
        assert!(problems(&["m1".into()], &known, &known, &[]).is_empty());
    }

    #[test]
    fn validate_fails_on_a_changed_migration() {
        let found = problems(
            &["m1".into()],
            &map(&[("m1", Some("bbb"))]),
            &map(&[("m1", Some("aaa"))]),
            &[],
        );
        assert!(matches!(&found[..], [Problem::Changed { version, .. }] if version == "m1"));
    }

    #[test]
    fn validate_fails_on_a_missing_migration() {
        let found = problems(&["m0".into()], &map(&[]), &map(&[]), &[]);
        assert_eq!(
            found,
            [Problem::Missing {
                version: "m0".into()
            }]
        );
    }

    #[test]
    fn unrecorded_or_unrenderable_checksums_are_not_compared() {
        let known = map(&[("m1", Some("bbb")), ("m2", None)]);
        let recorded = map(&[("m2", Some("aaa"))]);
        assert!(problems(&["m1".into(), "m2".into()], &known, &recorded, &[]).is_empty());
    }

    #[test]
    fn pending_migrations_are_not_checked() {
        let found = problems(
            &[],
            &map(&[("m1", Some("bbb"))]),
            &map(&[("m1", Some("aaa"))]),
            &[],
        );
        assert!(found.is_empty());
    }
}

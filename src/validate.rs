//! What `validate` checks, as a pure function: every applied migration
//! still exists in code, its checksum equals the one recorded when it was
//! applied, and no migration was left half-done; and which applied
//! migrations cannot be verified at all. This is the one place that decides
//! that a missing migration, like a changed or dirty one, is a validation
//! failure (exit 5) for every command that trusts the recorded state.

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
        /// The migration before it in the code (`base` when it is the first).
        previous: String,
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

impl Problem {
    /// The migration the problem is about.
    pub fn version(&self) -> &str {
        match self {
            Self::Missing { version }
            | Self::Changed { version, .. }
            | Self::Dirty { version, .. } => version,
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Missing { version } => write!(
                f,
                "`{version}` is applied but this migrator has no such migration; restore the migration file (or use the build that has it) before migrating"
            ),
            Self::Changed {
                version,
                recorded,
                current,
                previous,
            } => write!(
                f,
                "migration `{version}` was edited after it was applied (checksum {} recorded, {} now), so its new code never ran here: undo the edit and make the change in a new migration; or, if the applied version did nothing (a freshly generated migration), run `migration stamp {previous}` then `migration up`; `migration repair` would accept the edit without running it",
                short(recorded),
                short(current)
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

/// The first 12 characters of a checksum, as shown to people.
pub fn short(checksum: &str) -> &str {
    &checksum[..12.min(checksum.len())]
}

/// Why an applied migration cannot be verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unverifiable {
    /// It was applied by another tool (the stock CLI, `sql` fed to a client),
    /// which recorded no checksum.
    NoRecordedChecksum,
    /// Its code reads data or inspects the schema, so it has no offline checksum.
    NotRenderable,
}

impl std::fmt::Display for Unverifiable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::NoRecordedChecksum => {
                "applied without a recorded checksum (by another tool); once reviewed, `migration repair` records the current one"
            }
            Self::NotRenderable => {
                "reads data or inspects the schema, so it has no offline checksum"
            }
        })
    }
}

/// An applied migration whose code cannot be compared with what ran.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unchecked {
    /// The version.
    pub version: String,
    /// Why.
    pub reason: Unverifiable,
}

/// What checking the recorded state found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Findings {
    /// Why the state cannot be trusted; empty when it can.
    pub problems: Vec<Problem>,
    /// Applied migrations that could not be verified (not problems in themselves).
    pub unchecked: Vec<Unchecked>,
}

/// Checks the recorded state: `applied` versions (from the tracking table),
/// `known` migrations in code order with their current checksums (`None`
/// when a migration cannot be rendered offline), the checksums `recorded`
/// in the history, and the `dirty` migrations.
pub fn check(
    applied: &[String],
    known: &[(String, Option<String>)],
    recorded: &BTreeMap<String, Option<String>>,
    dirty: &[Dirty],
) -> Findings {
    let mut findings = Findings {
        problems: dirty_problems(dirty),
        unchecked: Vec::new(),
    };
    for version in applied {
        let Some(index) = known.iter().position(|(v, _)| v == version) else {
            findings.problems.push(Problem::Missing {
                version: version.clone(),
            });
            continue;
        };
        let unchecked = |reason| Unchecked {
            version: version.clone(),
            reason,
        };
        match (recorded.get(version).cloned().flatten(), &known[index].1) {
            (None, _) => findings
                .unchecked
                .push(unchecked(Unverifiable::NoRecordedChecksum)),
            (Some(_), None) => findings
                .unchecked
                .push(unchecked(Unverifiable::NotRenderable)),
            (Some(recorded), Some(current)) if &recorded != current => {
                findings.problems.push(Problem::Changed {
                    version: version.clone(),
                    recorded,
                    current: current.clone(),
                    previous: index
                        .checked_sub(1)
                        .map_or_else(|| "base".to_owned(), |i| known[i].0.clone()),
                });
            }
            (Some(_), Some(_)) => {}
        }
    }
    findings
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

    fn known(pairs: &[(&str, Option<&str>)]) -> Vec<(String, Option<String>)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.map(str::to_owned)))
            .collect()
    }

    fn map(pairs: &[(&str, Option<&str>)]) -> BTreeMap<String, Option<String>> {
        known(pairs).into_iter().collect()
    }

    #[test]
    fn unchanged_migrations_pass() {
        let pairs = [("m1", Some("aaa"))];
        assert_eq!(
            check(&["m1".into()], &known(&pairs), &map(&pairs), &[]),
            Findings::default()
        );
    }

    #[test]
    fn validate_fails_on_a_changed_migration_naming_the_one_before_it() {
        let found = check(
            &["m1".into(), "m2".into()],
            &known(&[("m1", Some("aaa")), ("m2", Some("ccc"))]),
            &map(&[("m1", Some("aaa")), ("m2", Some("bbb"))]),
            &[],
        );
        assert!(
            matches!(&found.problems[..], [Problem::Changed { version, previous, .. }] if version == "m2" && previous == "m1"),
            "{found:?}"
        );
    }

    #[test]
    fn a_changed_first_migration_is_stamped_back_to_base() {
        let found = check(
            &["m1".into()],
            &known(&[("m1", Some("bbb"))]),
            &map(&[("m1", Some("aaa"))]),
            &[],
        );
        assert!(
            found.problems[0]
                .to_string()
                .contains("`migration stamp base`")
        );
    }

    #[test]
    fn validate_fails_on_a_missing_migration() {
        let found = check(&["m0".into()], &[], &map(&[]), &[]);
        assert_eq!(
            found.problems,
            [Problem::Missing {
                version: "m0".into()
            }]
        );
    }

    #[test]
    fn applied_migrations_without_a_recorded_checksum_are_unchecked_by_name() {
        let found = check(
            &["m1".into(), "m2".into()],
            &known(&[("m1", Some("bbb")), ("m2", None)]),
            &map(&[("m2", Some("aaa"))]),
            &[],
        );
        assert!(found.problems.is_empty());
        assert_eq!(
            found.unchecked,
            [
                Unchecked {
                    version: "m1".into(),
                    reason: Unverifiable::NoRecordedChecksum
                },
                Unchecked {
                    version: "m2".into(),
                    reason: Unverifiable::NotRenderable
                }
            ]
        );
    }

    #[test]
    fn pending_migrations_are_not_checked() {
        let found = check(
            &[],
            &known(&[("m1", Some("bbb"))]),
            &map(&[("m1", Some("aaa"))]),
            &[],
        );
        assert_eq!(found, Findings::default());
    }
}

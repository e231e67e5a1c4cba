//! What `validate` checks, as a pure function: every applied migration
//! still exists in code, its checksum equals the one recorded when it was
//! applied, and no migration was left half-done; and which applied
//! migrations cannot be verified at all. This is the one place that decides
//! that a missing migration, like a changed or dirty one, is a validation
//! failure (exit 5) for every command that trusts the recorded state.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::history::{Dirty, Recorded};
use crate::plan::AppliedRecord;

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
    /// It was applied by another tool (the stock CLI), which recorded no checksum.
    NoRecordedChecksum,
    /// The migrator embeds no source checksums, so there is nothing to compare.
    NoSourceChecksum,
    /// It was applied before checksums came from the source; the next
    /// change records its source checksum.
    RecordedAsSql,
    /// A run of it stopped half-way, then another tool finished it.
    FinishedElsewhere,
}

impl std::fmt::Display for Unverifiable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::NoRecordedChecksum => {
                "applied without a recorded checksum (by another tool); once reviewed, `migration repair` records the current one"
            }
            Self::NoSourceChecksum => {
                "this migrator embeds no source checksums, so its migrations cannot be verified without running them (see docs/writing-migrations.md)"
            }
            Self::RecordedAsSql => {
                "applied before checksums came from the migration's source; the next `up` (or any other change) records its source checksum, once"
            }
            Self::FinishedElsewhere => {
                "a run of it stopped half-way, then another tool finished it (the tracking table says so); the next `up` (or any other change) records that in the history"
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

/// Checks the recorded state: the `applied` rows (from the tracking table),
/// `known` migrations in code order with their source checksums (`None`
/// when the migrator embeds none), the checksums `recorded` in the history,
/// and the `dirty` migrations. A dirty migration whose run another tool has
/// since finished is not a problem: it finished elsewhere.
pub fn check(
    applied: &[AppliedRecord],
    known: &[(String, Option<String>)],
    recorded: &BTreeMap<String, Recorded>,
    dirty: &[Dirty],
) -> Findings {
    let (elsewhere, dirty): (Vec<&Dirty>, Vec<&Dirty>) =
        dirty.iter().partition(|d| finished_elsewhere(d, applied));
    let mut findings = Findings {
        problems: dirty.into_iter().map(Problem::dirty).collect(),
        unchecked: elsewhere
            .into_iter()
            .map(|d| Unchecked {
                version: d.version.clone(),
                reason: Unverifiable::FinishedElsewhere,
            })
            .collect(),
    };
    for record in applied {
        let version = &record.version;
        if findings.unchecked.iter().any(|u| &u.version == version) {
            continue;
        }
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
        match (recorded.get(version), &known[index].1) {
            (None | Some(Recorded::Source(None)), _) => findings
                .unchecked
                .push(unchecked(Unverifiable::NoRecordedChecksum)),
            (Some(_), None) => findings
                .unchecked
                .push(unchecked(Unverifiable::NoSourceChecksum)),
            (Some(Recorded::Sql(_)), Some(_)) => findings
                .unchecked
                .push(unchecked(Unverifiable::RecordedAsSql)),
            (Some(Recorded::Source(Some(recorded))), Some(current)) if recorded != current => {
                findings.problems.push(Problem::Changed {
                    version: version.clone(),
                    recorded: recorded.clone(),
                    current: current.clone(),
                    previous: index
                        .checked_sub(1)
                        .map_or_else(|| "base".to_owned(), |i| known[i].0.clone()),
                });
            }
            (Some(Recorded::Source(Some(_))), Some(_)) => {}
        }
    }
    findings
}

/// Whether another tool (the stock CLI, a script) finished what dirty
/// migration `dirty`'s run started: the tracking table now records it as
/// applied although the run was applying it, or no longer records it
/// although the run was rolling it back.
pub fn finished_elsewhere(dirty: &Dirty, applied: &[AppliedRecord]) -> bool {
    let recorded = applied.iter().any(|r| r.version == dirty.version);
    recorded != dirty.was_applied
}

impl Problem {
    /// A dirty migration as a problem.
    fn dirty(dirty: &Dirty) -> Self {
        Self::Dirty {
            version: dirty.version.clone(),
            started_at: dirty.started_at,
            error: dirty.error.clone(),
            backup_id: dirty.backup_id.clone(),
        }
    }
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

    fn map(pairs: &[(&str, Option<&str>)]) -> BTreeMap<String, Recorded> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), Recorded::Source(v.map(str::to_owned))))
            .collect()
    }

    fn applied(versions: &[&str]) -> Vec<AppliedRecord> {
        crate::plan::records(versions, 10)
    }

    fn dirty(version: &str, was_applied: bool) -> Dirty {
        Dirty {
            version: version.to_owned(),
            started_at: 1,
            error: None,
            backup_id: None,
            was_applied,
        }
    }

    #[test]
    fn unchanged_migrations_pass() {
        let pairs = [("m1", Some("aaa"))];
        assert_eq!(
            check(&applied(&["m1"]), &known(&pairs), &map(&pairs), &[]),
            Findings::default()
        );
    }

    #[test]
    fn validate_fails_on_a_changed_migration_naming_the_one_before_it() {
        let found = check(
            &applied(&["m1", "m2"]),
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
            &applied(&["m1"]),
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
        let found = check(&applied(&["m0"]), &[], &map(&[]), &[]);
        assert_eq!(
            found.problems,
            [Problem::Missing {
                version: "m0".into()
            }]
        );
    }

    #[test]
    fn applied_migrations_that_cannot_be_compared_are_unchecked_with_why() {
        let mut recorded = map(&[("m2", Some("aaa"))]);
        recorded.insert("m3".into(), Recorded::Sql("sql".into()));
        let found = check(
            &applied(&["m1", "m2", "m3"]),
            &known(&[("m1", Some("bbb")), ("m2", None), ("m3", Some("src"))]),
            &recorded,
            &[],
        );
        assert!(found.problems.is_empty());
        let reasons: Vec<Unverifiable> = found.unchecked.iter().map(|u| u.reason).collect();
        assert_eq!(
            reasons,
            [
                Unverifiable::NoRecordedChecksum,
                Unverifiable::NoSourceChecksum,
                Unverifiable::RecordedAsSql
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

    #[test]
    fn a_dirty_apply_another_tool_then_applied_finished_elsewhere() {
        let found = check(
            &applied(&["m1"]),
            &known(&[("m1", Some("aaa"))]),
            &map(&[]),
            &[dirty("m1", false)],
        );
        assert!(found.problems.is_empty(), "{found:?}");
        assert_eq!(found.unchecked[0].reason, Unverifiable::FinishedElsewhere);
    }

    #[test]
    fn a_dirty_rollback_another_tool_then_rolled_back_finished_elsewhere() {
        let found = check(
            &[],
            &known(&[("m1", Some("aaa"))]),
            &map(&[]),
            &[dirty("m1", true)],
        );
        assert!(found.problems.is_empty(), "{found:?}");
        assert_eq!(found.unchecked[0].reason, Unverifiable::FinishedElsewhere);
    }

    #[test]
    fn a_dirty_rollback_of_a_migration_still_recorded_stays_dirty() {
        let found = check(
            &applied(&["m1"]),
            &known(&[("m1", Some("aaa"))]),
            &map(&[("m1", Some("aaa"))]),
            &[dirty("m1", true)],
        );
        assert!(matches!(&found.problems[..], [Problem::Dirty { .. }]));
    }
}

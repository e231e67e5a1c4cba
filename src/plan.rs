//! The pure decision of what a command will do: given the migrations the code
//! knows and the versions the database has recorded, which migrations are
//! applied, pending or missing, and which steps run in which order.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

/// One row of the tracking table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppliedRecord {
    /// The migration's name.
    pub version: String,
    /// When it was applied, in Unix seconds.
    pub applied_at: i64,
}

/// Where a migration stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MigrationState {
    /// Recorded in the database and known to the code.
    Applied,
    /// Known to the code, not yet recorded.
    Pending,
    /// Recorded in the database, but the code has no such migration.
    Missing,
}

/// A migration and its state, as `status` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusEntry {
    /// The migration's name.
    pub version: String,
    /// Applied, pending or missing.
    pub state: MigrationState,
    /// When it was applied, in Unix seconds, if it was.
    pub applied_at: Option<i64>,
}

/// How far `up` goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpTarget {
    /// Every pending migration.
    All,
    /// At most this many pending migrations.
    Steps(u32),
    /// Pending migrations up to and including this version.
    To(String),
}

/// How far `down` goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DownTarget {
    /// At most this many applied migrations.
    Steps(u32),
    /// Applied migrations newer than this version (which stays applied).
    To(String),
    /// Every applied migration.
    Base,
}

/// One unit of work, in execution order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Drop every table (and PostgreSQL type) in the schema.
    DropAll,
    /// Run a migration's `up()` and record it.
    Apply(String),
    /// Run a migration's `down()` and remove its record.
    Revert(String),
    /// Drop the tracking table itself.
    DropTrackingTable,
}

/// Why a command cannot be planned.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum PlanError {
    /// The database records versions the code does not have.
    #[error(
        "the database has applied {} that this migrator does not contain; restore the migration file (or use the build that has it) before migrating",
        describe_versions(.0)
    )]
    MissingMigrations(Vec<String>),
    /// `--to` names no known migration.
    #[error(
        "unknown migration version `{0}`; run `status` to list the versions this migrator knows"
    )]
    UnknownVersion(String),
    /// `--to` matches several migrations.
    #[error("migration version `{0}` is ambiguous: it matches {1}; give more of the name")]
    AmbiguousVersion(String, String),
    /// `down --to` names a migration that is not applied.
    #[error(
        "`{0}` is not applied, so `down --to` cannot stop there; give an applied version or `base`"
    )]
    NotApplied(String),
}

fn describe_versions(versions: &[String]) -> String {
    let list = versions.join(", ");
    if versions.len() == 1 {
        format!("version {list}")
    } else {
        format!("versions {list}")
    }
}

/// The state of every migration: the code's migrations in order, then
/// recorded versions the code lacks.
pub fn status(local: &[String], applied: &[AppliedRecord]) -> Vec<StatusEntry> {
    let recorded: HashMap<&str, i64> = applied
        .iter()
        .map(|r| (r.version.as_str(), r.applied_at))
        .collect();
    let known: HashSet<&str> = local.iter().map(String::as_str).collect();
    let mut entries: Vec<StatusEntry> = local
        .iter()
        .map(|version| {
            let applied_at = recorded.get(version.as_str()).copied();
            StatusEntry {
                version: version.clone(),
                state: if applied_at.is_some() {
                    MigrationState::Applied
                } else {
                    MigrationState::Pending
                },
                applied_at,
            }
        })
        .collect();
    entries.extend(
        applied
            .iter()
            .filter(|r| !known.contains(r.version.as_str()))
            .map(|r| StatusEntry {
                version: r.version.clone(),
                state: MigrationState::Missing,
                applied_at: Some(r.applied_at),
            }),
    );
    entries
}

/// Fails when the database records versions the code does not have.
pub fn ensure_nothing_missing(
    local: &[String],
    applied: &[AppliedRecord],
) -> Result<(), PlanError> {
    let missing: Vec<String> = status(local, applied)
        .into_iter()
        .filter(|e| e.state == MigrationState::Missing)
        .map(|e| e.version)
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(PlanError::MissingMigrations(missing))
    }
}

/// Resolves a version given on the command line: an exact name, or a prefix
/// that matches exactly one migration.
pub fn resolve_version(local: &[String], wanted: &str) -> Result<String, PlanError> {
    if let Some(exact) = local.iter().find(|v| *v == wanted) {
        return Ok(exact.clone());
    }
    let matches: Vec<&String> = local.iter().filter(|v| v.starts_with(wanted)).collect();
    match matches.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(PlanError::UnknownVersion(wanted.to_owned())),
        many => Err(PlanError::AmbiguousVersion(
            wanted.to_owned(),
            many.iter()
                .map(|v| v.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        )),
    }
}

/// The migrations `up` applies, oldest first.
pub fn plan_up(
    local: &[String],
    applied: &[AppliedRecord],
    target: &UpTarget,
) -> Result<Vec<Step>, PlanError> {
    ensure_nothing_missing(local, applied)?;
    let pending = versions_in(local, applied, MigrationState::Pending);
    let chosen: Vec<String> = match target {
        UpTarget::All => pending,
        UpTarget::Steps(n) => pending.into_iter().take(*n as usize).collect(),
        UpTarget::To(wanted) => {
            let version = resolve_version(local, wanted)?;
            let limit = position(local, &version);
            pending
                .into_iter()
                .filter(|v| position(local, v) <= limit)
                .collect()
        }
    };
    Ok(chosen.into_iter().map(Step::Apply).collect())
}

/// The migrations `down` rolls back, newest first.
pub fn plan_down(
    local: &[String],
    applied: &[AppliedRecord],
    target: &DownTarget,
) -> Result<Vec<Step>, PlanError> {
    ensure_nothing_missing(local, applied)?;
    let mut newest_first = versions_in(local, applied, MigrationState::Applied);
    newest_first.reverse();
    let chosen: Vec<String> = match target {
        DownTarget::Base => newest_first,
        DownTarget::Steps(n) => newest_first.into_iter().take(*n as usize).collect(),
        DownTarget::To(wanted) => {
            let version = resolve_version(local, wanted)?;
            if !newest_first.contains(&version) {
                return Err(PlanError::NotApplied(version));
            }
            let limit = position(local, &version);
            newest_first
                .into_iter()
                .filter(|v| position(local, v) > limit)
                .collect()
        }
    };
    Ok(chosen.into_iter().map(Step::Revert).collect())
}

/// `fresh`: drop everything, then apply every migration.
pub fn plan_fresh(local: &[String]) -> Vec<Step> {
    std::iter::once(Step::DropAll)
        .chain(local.iter().cloned().map(Step::Apply))
        .collect()
}

/// `refresh`: roll back everything applied, then apply every migration.
pub fn plan_refresh(local: &[String], applied: &[AppliedRecord]) -> Result<Vec<Step>, PlanError> {
    let mut steps = plan_down(local, applied, &DownTarget::Base)?;
    steps.extend(local.iter().cloned().map(Step::Apply));
    Ok(steps)
}

/// `reset`: roll back everything applied, then drop the tracking table.
pub fn plan_reset(local: &[String], applied: &[AppliedRecord]) -> Result<Vec<Step>, PlanError> {
    let mut steps = plan_down(local, applied, &DownTarget::Base)?;
    steps.push(Step::DropTrackingTable);
    Ok(steps)
}

/// The steps of an offline script, with no recorded state: `up` applies the
/// migrations after `from` (default: from the first) up to and including
/// `to` (default: the last); `down` rolls back from `from` (included,
/// default: the last) down to just above `to` (default: `base`), newest first.
pub fn plan_offline(
    local: &[String],
    up: bool,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<Vec<Step>, PlanError> {
    let index = |wanted: Option<&str>| -> Result<Option<usize>, PlanError> {
        match wanted.filter(|w| *w != "base") {
            None => Ok(None),
            Some(w) => {
                let version = resolve_version(local, w)?;
                Ok(Some(position(local, &version)))
            }
        }
    };
    let (from, to) = (index(from)?, index(to)?);
    let (first, last) = if up {
        (from.map_or(0, |i| i + 1), to.map_or(local.len(), |i| i + 1))
    } else {
        (to.map_or(0, |i| i + 1), from.map_or(local.len(), |i| i + 1))
    };
    let chosen = local
        .get(first..last.max(first))
        .unwrap_or_default()
        .iter()
        .cloned();
    Ok(if up {
        chosen.map(Step::Apply).collect()
    } else {
        chosen.rev().map(Step::Revert).collect()
    })
}

fn versions_in(local: &[String], applied: &[AppliedRecord], state: MigrationState) -> Vec<String> {
    status(local, applied)
        .into_iter()
        .filter(|e| e.state == state)
        .map(|e| e.version)
        .collect()
}

fn position(local: &[String], version: &str) -> usize {
    local
        .iter()
        .position(|v| v == version)
        .unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local() -> Vec<String> {
        ["m1_a", "m2_b", "m3_c"].map(str::to_owned).to_vec()
    }

    fn applied(versions: &[&str]) -> Vec<AppliedRecord> {
        versions
            .iter()
            .map(|v| AppliedRecord {
                version: (*v).to_owned(),
                applied_at: 1,
            })
            .collect()
    }

    fn apply(v: &[&str]) -> Vec<Step> {
        v.iter().map(|v| Step::Apply((*v).to_owned())).collect()
    }

    fn revert(v: &[&str]) -> Vec<Step> {
        v.iter().map(|v| Step::Revert((*v).to_owned())).collect()
    }

    #[test]
    fn status_lists_code_order_then_missing() {
        let entries = status(&local(), &applied(&["m1_a", "m0_gone"]));
        let states: Vec<_> = entries
            .iter()
            .map(|e| (e.version.as_str(), e.state))
            .collect();
        assert_eq!(
            states,
            [
                ("m1_a", MigrationState::Applied),
                ("m2_b", MigrationState::Pending),
                ("m3_c", MigrationState::Pending),
                ("m0_gone", MigrationState::Missing),
            ]
        );
    }

    #[test]
    fn up_applies_every_pending_migration_in_order() {
        let steps = plan_up(&local(), &applied(&["m1_a"]), &UpTarget::All).unwrap();
        assert_eq!(steps, apply(&["m2_b", "m3_c"]));
    }

    #[test]
    fn up_applies_out_of_order_pending_migration() {
        let steps = plan_up(&local(), &applied(&["m1_a", "m3_c"]), &UpTarget::All).unwrap();
        assert_eq!(steps, apply(&["m2_b"]));
    }

    #[test]
    fn up_with_steps_stops_after_n() {
        let steps = plan_up(&local(), &[], &UpTarget::Steps(2)).unwrap();
        assert_eq!(steps, apply(&["m1_a", "m2_b"]));
    }

    #[test]
    fn up_to_includes_the_target() {
        let steps = plan_up(&local(), &[], &UpTarget::To("m2_b".into())).unwrap();
        assert_eq!(steps, apply(&["m1_a", "m2_b"]));
    }

    #[test]
    fn up_to_an_applied_version_does_nothing() {
        let steps = plan_up(
            &local(),
            &applied(&["m1_a", "m2_b"]),
            &UpTarget::To("m1".into()),
        );
        assert_eq!(steps.unwrap(), vec![]);
    }

    #[test]
    fn up_to_unknown_version_fails() {
        let error = plan_up(&local(), &[], &UpTarget::To("m9".into())).unwrap_err();
        assert_eq!(error, PlanError::UnknownVersion("m9".into()));
    }

    #[test]
    fn ambiguous_prefix_fails() {
        let error = resolve_version(&local(), "m").unwrap_err();
        assert!(matches!(error, PlanError::AmbiguousVersion(..)));
    }

    #[test]
    fn unique_prefix_resolves() {
        assert_eq!(resolve_version(&local(), "m2").unwrap(), "m2_b");
    }

    #[test]
    fn up_fails_when_an_applied_migration_is_missing() {
        let error = plan_up(&local(), &applied(&["m0_gone"]), &UpTarget::All).unwrap_err();
        assert_eq!(error, PlanError::MissingMigrations(vec!["m0_gone".into()]));
    }

    #[test]
    fn down_rolls_back_newest_first() {
        let steps = plan_down(&local(), &applied(&["m1_a", "m2_b"]), &DownTarget::Steps(1));
        assert_eq!(steps.unwrap(), revert(&["m2_b"]));
    }

    #[test]
    fn down_to_keeps_the_target_applied() {
        let all = applied(&["m1_a", "m2_b", "m3_c"]);
        let steps = plan_down(&local(), &all, &DownTarget::To("m1_a".into())).unwrap();
        assert_eq!(steps, revert(&["m3_c", "m2_b"]));
    }

    #[test]
    fn down_to_base_rolls_back_everything() {
        let steps = plan_down(&local(), &applied(&["m1_a", "m2_b"]), &DownTarget::Base).unwrap();
        assert_eq!(steps, revert(&["m2_b", "m1_a"]));
    }

    #[test]
    fn down_to_a_pending_version_fails() {
        let error = plan_down(
            &local(),
            &applied(&["m1_a"]),
            &DownTarget::To("m3_c".into()),
        );
        assert_eq!(error.unwrap_err(), PlanError::NotApplied("m3_c".into()));
    }

    #[test]
    fn down_with_nothing_applied_is_empty() {
        assert_eq!(
            plan_down(&local(), &[], &DownTarget::Steps(1)).unwrap(),
            vec![]
        );
    }

    #[test]
    fn offline_up_runs_from_after_from_through_to() {
        let steps = plan_offline(&local(), true, Some("m1_a"), Some("m2_b")).unwrap();
        assert_eq!(steps, apply(&["m2_b"]));
        assert_eq!(
            plan_offline(&local(), true, None, None).unwrap(),
            apply(&["m1_a", "m2_b", "m3_c"])
        );
    }

    #[test]
    fn offline_down_runs_from_from_down_to_above_to() {
        let steps = plan_offline(&local(), false, Some("m3_c"), Some("m1_a")).unwrap();
        assert_eq!(steps, revert(&["m3_c", "m2_b"]));
        assert_eq!(
            plan_offline(&local(), false, None, Some("base")).unwrap(),
            revert(&["m3_c", "m2_b", "m1_a"])
        );
    }

    #[test]
    fn offline_with_an_unknown_version_fails() {
        assert!(plan_offline(&local(), true, Some("m9"), None).is_err());
    }

    #[test]
    fn fresh_drops_all_then_applies_all() {
        let steps = plan_fresh(&local());
        assert_eq!(steps[0], Step::DropAll);
        assert_eq!(steps[1..], apply(&["m1_a", "m2_b", "m3_c"]));
    }

    #[test]
    fn refresh_reverts_then_reapplies() {
        let steps = plan_refresh(&local(), &applied(&["m1_a"])).unwrap();
        let mut expected = revert(&["m1_a"]);
        expected.extend(apply(&["m1_a", "m2_b", "m3_c"]));
        assert_eq!(steps, expected);
    }

    #[test]
    fn reset_reverts_then_drops_the_tracking_table() {
        let steps = plan_reset(&local(), &applied(&["m1_a"])).unwrap();
        assert_eq!(
            steps,
            [Step::Revert("m1_a".into()), Step::DropTrackingTable]
        );
    }
}

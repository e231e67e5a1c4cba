//! The pure decision of what a command will do: the commands, and given
//! the migrations the code knows and the versions the database has
//! recorded, which migrations are applied, pending or missing, and which
//! steps run in which order.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::adopt::ALEMBIC_TABLE;

/// A command that changes the database's schema or its migration records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Apply pending migrations.
    Up(UpTarget),
    /// Roll back applied migrations.
    Down(DownTarget),
    /// Drop everything, then apply every migration.
    Fresh,
    /// Roll back everything, then apply every migration.
    Refresh,
    /// Roll back everything and drop the tracking table.
    Reset,
    /// Record migrations as applied (or not) without running them.
    Stamp(StampTarget),
    /// Accept the recorded state after a human review.
    Repair,
    /// Record the baseline of a database Alembic managed as applied
    /// (the run checks the database first).
    AdoptAlembic {
        /// Also drop Alembic's `alembic_version` table.
        drop_alembic_table: bool,
    },
}

impl Command {
    /// The command's name as typed on the command line.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Up(_) => "up",
            Self::Down(_) => "down",
            Self::Fresh => "fresh",
            Self::Refresh => "refresh",
            Self::Reset => "reset",
            Self::Stamp(_) => "stamp",
            Self::Repair => "repair",
            Self::AdoptAlembic { .. } => "adopt-alembic",
        }
    }

    /// Whether the command runs migration code, so a backup is taken first.
    pub fn runs_migrations(&self) -> bool {
        matches!(
            self,
            Self::Up(_) | Self::Down(_) | Self::Fresh | Self::Refresh | Self::Reset
        )
    }

    /// Whether the command must be confirmed: everything but `up` can lose
    /// data or records.
    pub fn needs_confirmation(&self) -> bool {
        !matches!(self, Self::Up(_))
    }
}

/// What a command will do, decided before anything changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The command planned.
    pub command: Command,
    /// The steps, in execution order; empty when there is nothing to do.
    pub steps: Vec<Step>,
}

impl Plan {
    /// The plan for humans, e.g. "Apply 2 migrations on `DATABASE`".
    pub fn describe(&self, database: &str) -> String {
        let count = |n: usize| match n {
            1 => "1 migration".to_owned(),
            n => format!("{n} migrations"),
        };
        let versions = |wanted: fn(&Step) -> Option<&String>| -> Vec<&str> {
            self.steps
                .iter()
                .filter_map(wanted)
                .map(String::as_str)
                .collect()
        };
        let reverts = versions(|s| match s {
            Step::Revert(v) => Some(v),
            _ => None,
        });
        let applies = versions(|s| match s {
            Step::Apply(v) => Some(v),
            _ => None,
        });
        let mut parts = Vec::new();
        if self.steps.contains(&Step::DropAll) {
            parts.push("drop every table".to_owned());
        }
        if !reverts.is_empty() {
            parts.push(format!(
                "roll back {} ({})",
                count(reverts.len()),
                reverts.join(", ")
            ));
        }
        if !applies.is_empty() {
            parts.push(format!("apply {}", count(applies.len())));
        }
        if self.steps.contains(&Step::DropTrackingTable) {
            parts.push("drop the tracking table".to_owned());
        }
        let text = format!("{} on {database}", parts.join(", then "));
        let mut chars = text.chars();
        chars
            .next()
            .map(|first| first.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    }
}

/// One row of the tracking table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppliedRecord {
    /// The migration's name.
    pub version: String,
    /// When it was applied, in Unix seconds.
    pub applied_at: i64,
}

/// `versions` recorded as applied at `applied_at`, for tests.
#[cfg(test)]
pub(crate) fn records(versions: &[&str], applied_at: i64) -> Vec<AppliedRecord> {
    versions
        .iter()
        .map(|v| AppliedRecord {
            version: (*v).to_owned(),
            applied_at,
        })
        .collect()
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

/// A point in the migration sequence as the command line names it: `base`
/// (before the first migration) or a version (or a unique prefix of one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Revision {
    /// Before the first migration: nothing applied.
    Base,
    /// A migration's version, or a prefix that matches exactly one.
    Version(String),
}

impl Revision {
    /// `base` is [`Revision::Base`]; anything else names a version.
    pub fn parse(text: &str) -> Self {
        match text {
            "base" => Self::Base,
            version => Self::Version(version.to_owned()),
        }
    }

    /// The index in `local` of the last migration at or before this
    /// revision (`None` for `base`).
    fn position(&self, local: &[String]) -> Result<Option<usize>, PlanError> {
        match self {
            Self::Base => Ok(None),
            Self::Version(wanted) => {
                let version = resolve_version(local, wanted)?;
                Ok(Some(position(local, &version)))
            }
        }
    }
}

/// How far `down` goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DownTarget {
    /// At most this many applied migrations.
    Steps(u32),
    /// Applied migrations newer than this revision (which stays applied);
    /// `base`: every applied migration.
    To(Revision),
}

/// How far `stamp` records migrations as applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StampTarget {
    /// Every migration up to and including this revision; `base`: none.
    To(Revision),
    /// Only the first migration, the baseline.
    Baseline,
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
    /// Record a migration as applied without running it (`stamp`, `adopt-alembic`).
    Stamp(String),
    /// Remove a migration's record without running its `down()` (`stamp`).
    Unstamp(String),
    /// Accept a migration as it stands after a human reviewed it: record its
    /// current checksum and clear its dirty state (`repair`).
    Accept(String),
    /// Drop a table no migration owns (Alembic's `alembic_version`).
    DropTable(String),
}

impl Step {
    /// The migration the step is about, if it is about one.
    pub fn version(&self) -> Option<&str> {
        match self {
            Self::Apply(v)
            | Self::Revert(v)
            | Self::Stamp(v)
            | Self::Unstamp(v)
            | Self::Accept(v) => Some(v),
            Self::DropAll | Self::DropTrackingTable | Self::DropTable(_) => None,
        }
    }
}

impl std::fmt::Display for Step {
    /// The step for messages: "applying migration `m...`".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::DropAll => f.write_str("dropping every table"),
            Self::Apply(v) => write!(f, "applying migration `{v}`"),
            Self::Revert(v) => write!(f, "rolling back migration `{v}`"),
            Self::DropTrackingTable => f.write_str("dropping the tracking table"),
            Self::Stamp(v) => write!(
                f,
                "recording migration `{v}` as applied, without running it"
            ),
            Self::Unstamp(v) => {
                write!(
                    f,
                    "recording migration `{v}` as not applied, without running its down()"
                )
            }
            Self::Accept(v) => write!(f, "accepting migration `{v}` as it stands"),
            Self::DropTable(table) => write!(f, "dropping table `{table}`"),
        }
    }
}

/// Why a command cannot be planned.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum PlanError {
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
    let mut newest_first = versions_in(local, applied, MigrationState::Applied);
    newest_first.reverse();
    let chosen: Vec<String> = match target {
        DownTarget::Steps(n) => newest_first.into_iter().take(*n as usize).collect(),
        DownTarget::To(Revision::Base) => newest_first,
        DownTarget::To(Revision::Version(wanted)) => {
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
    let mut steps = plan_down(local, applied, &DownTarget::To(Revision::Base))?;
    steps.extend(local.iter().cloned().map(Step::Apply));
    Ok(steps)
}

/// `reset`: roll back everything applied, then drop the tracking table.
pub fn plan_reset(local: &[String], applied: &[AppliedRecord]) -> Result<Vec<Step>, PlanError> {
    let mut steps = plan_down(local, applied, &DownTarget::To(Revision::Base))?;
    steps.push(Step::DropTrackingTable);
    Ok(steps)
}

/// `stamp`'s steps: every migration up to and including the target is
/// recorded as applied, every later one as not applied, in code order.
pub fn plan_stamp(
    local: &[String],
    applied: &[AppliedRecord],
    target: &StampTarget,
) -> Result<Vec<Step>, PlanError> {
    let keep = match target {
        StampTarget::Baseline => local.len().min(1),
        StampTarget::To(Revision::Base) => 0,
        StampTarget::To(Revision::Version(wanted)) => {
            let resolved = resolve_version(local, wanted)?;
            local
                .iter()
                .position(|v| *v == resolved)
                .map_or(0, |i| i + 1)
        }
    };
    Ok(local
        .iter()
        .enumerate()
        .filter_map(|(index, version)| {
            let is_applied = applied.iter().any(|r| r.version == *version);
            match (index < keep, is_applied) {
                (true, false) => Some(Step::Stamp(version.clone())),
                (false, true) => Some(Step::Unstamp(version.clone())),
                _ => None,
            }
        })
        .collect())
}

/// `adopt-alembic`'s steps: the baseline (the first migration) recorded as
/// applied, then Alembic's table dropped if asked; nothing when the
/// baseline is already recorded.
pub fn plan_adopt(
    local: &[String],
    applied: &[AppliedRecord],
    drop_alembic_table: bool,
) -> Vec<Step> {
    let Some(baseline) = local.first() else {
        return Vec::new();
    };
    if applied.iter().any(|r| r.version == *baseline) {
        return Vec::new();
    }
    let mut steps = vec![Step::Stamp(baseline.clone())];
    if drop_alembic_table {
        steps.push(Step::DropTable(ALEMBIC_TABLE.to_owned()));
    }
    steps
}

/// The steps of an offline script, with no recorded state: `up` applies the
/// migrations after `from` (default: from the first) up to and including
/// `to` (default: the last); `down` rolls back from `from` (included,
/// default: the last) down to just above `to` (default: `base`), newest first.
pub fn plan_offline(
    local: &[String],
    up: bool,
    from: Option<&Revision>,
    to: Option<&Revision>,
) -> Result<Vec<Step>, PlanError> {
    let index = |wanted: Option<&Revision>| match wanted {
        Some(revision) => revision.position(local),
        None => Ok(None),
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
        records(versions, 1)
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
    fn base_is_the_only_revision_word() {
        assert_eq!(Revision::parse("base"), Revision::Base);
        assert_eq!(Revision::parse("m1"), Revision::Version("m1".into()));
    }

    #[test]
    fn down_rolls_back_newest_first() {
        let steps = plan_down(&local(), &applied(&["m1_a", "m2_b"]), &DownTarget::Steps(1));
        assert_eq!(steps.unwrap(), revert(&["m2_b"]));
    }

    #[test]
    fn down_to_keeps_the_target_applied() {
        let all = applied(&["m1_a", "m2_b", "m3_c"]);
        let steps = plan_down(&local(), &all, &DownTarget::To(Revision::parse("m1_a"))).unwrap();
        assert_eq!(steps, revert(&["m3_c", "m2_b"]));
    }

    #[test]
    fn down_to_base_rolls_back_everything() {
        let steps = plan_down(
            &local(),
            &applied(&["m1_a", "m2_b"]),
            &DownTarget::To(Revision::Base),
        )
        .unwrap();
        assert_eq!(steps, revert(&["m2_b", "m1_a"]));
    }

    #[test]
    fn down_to_a_pending_version_fails() {
        let error = plan_down(
            &local(),
            &applied(&["m1_a"]),
            &DownTarget::To(Revision::parse("m3_c")),
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
        let steps = plan_offline(
            &local(),
            true,
            Some(&Revision::parse("m1_a")),
            Some(&Revision::parse("m2_b")),
        )
        .unwrap();
        assert_eq!(steps, apply(&["m2_b"]));
        assert_eq!(
            plan_offline(&local(), true, None, None).unwrap(),
            apply(&["m1_a", "m2_b", "m3_c"])
        );
    }

    #[test]
    fn offline_down_runs_from_from_down_to_above_to() {
        let steps = plan_offline(
            &local(),
            false,
            Some(&Revision::parse("m3_c")),
            Some(&Revision::parse("m1_a")),
        )
        .unwrap();
        assert_eq!(steps, revert(&["m3_c", "m2_b"]));
        assert_eq!(
            plan_offline(&local(), false, None, Some(&Revision::Base)).unwrap(),
            revert(&["m3_c", "m2_b", "m1_a"])
        );
    }

    #[test]
    fn offline_with_an_unknown_version_fails() {
        assert!(plan_offline(&local(), true, Some(&Revision::parse("m9")), None).is_err());
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

    #[test]
    fn stamping_a_version_records_it_and_those_before_and_forgets_the_later_ones() {
        let target = StampTarget::To(Revision::parse("m2"));
        assert_eq!(
            plan_stamp(&local(), &applied(&["m3_c"]), &target).unwrap(),
            [
                Step::Stamp("m1_a".into()),
                Step::Stamp("m2_b".into()),
                Step::Unstamp("m3_c".into())
            ]
        );
    }

    #[test]
    fn stamping_base_forgets_everything() {
        let target = StampTarget::To(Revision::Base);
        assert_eq!(
            plan_stamp(&local(), &applied(&["m1_a"]), &target).unwrap(),
            [Step::Unstamp("m1_a".into())]
        );
    }

    #[test]
    fn adopting_an_adopted_database_does_nothing() {
        assert!(plan_adopt(&local(), &applied(&["m1_a"]), true).is_empty());
        assert_eq!(
            plan_adopt(&local(), &[], true),
            [
                Step::Stamp("m1_a".into()),
                Step::DropTable(ALEMBIC_TABLE.into())
            ]
        );
    }
}

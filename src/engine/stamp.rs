//! Planning `stamp` and `adopt-alembic`: which migrations to record as
//! applied, or as not applied, without running any of their code.

use crate::plan::{self, AppliedRecord, PlanError, Revision, StampTarget, Step};

/// `stamp`'s steps: every migration up to and including the target is
/// recorded as applied, every later one as not applied, in code order.
pub(super) fn steps(
    local: &[String],
    applied: &[AppliedRecord],
    target: &StampTarget,
) -> Result<Vec<Step>, PlanError> {
    let keep = match target {
        StampTarget::Baseline => local.len().min(1),
        StampTarget::To(Revision::Base) => 0,
        StampTarget::To(Revision::Version(wanted)) => {
            let resolved = plan::resolve_version(local, wanted)?;
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
pub(super) fn adopt_steps(
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

/// The table in which Alembic records its revision.
pub const ALEMBIC_TABLE: &str = "alembic_version";

#[cfg(test)]
mod tests {
    use super::*;

    fn local() -> Vec<String> {
        ["m1", "m2", "m3"].map(str::to_owned).to_vec()
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

    #[test]
    fn stamping_a_version_records_it_and_those_before_and_forgets_the_later_ones() {
        let target = StampTarget::To(Revision::parse("m2"));
        assert_eq!(
            steps(&local(), &applied(&["m3"]), &target).unwrap(),
            [
                Step::Stamp("m1".into()),
                Step::Stamp("m2".into()),
                Step::Unstamp("m3".into())
            ]
        );
    }

    #[test]
    fn stamping_base_forgets_everything() {
        let target = StampTarget::To(Revision::Base);
        assert_eq!(
            steps(&local(), &applied(&["m1"]), &target).unwrap(),
            [Step::Unstamp("m1".into())]
        );
    }

    #[test]
    fn adopting_an_adopted_database_does_nothing() {
        assert!(adopt_steps(&local(), &applied(&["m1"]), true).is_empty());
        assert_eq!(
            adopt_steps(&local(), &[], true),
            [
                Step::Stamp("m1".into()),
                Step::DropTable(ALEMBIC_TABLE.into())
            ]
        );
    }
}

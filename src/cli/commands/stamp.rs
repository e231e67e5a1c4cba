//! `stamp VERSION|--baseline|--to base [--json] [--yes]`: migrations
//! recorded as applied (or not) without running them.

use sea_orm_migration::MigratorTrait;

use super::migrate::change;
use crate::Error;
use crate::cli::Exit;
use crate::cli::views::run::RunView;
use crate::config::Settings;
use crate::engine::Command;
use crate::plan::{Revision, StampTarget};

/// Stamps up to `version` (`base`: none), or only the baseline.
pub async fn run<M: MigratorTrait>(
    settings: &Settings,
    version: Option<String>,
    baseline: bool,
    json: bool,
    yes: bool,
) -> Result<Exit, Error> {
    let target = match (version, baseline) {
        (_, true) => StampTarget::Baseline,
        (Some(v), false) => StampTarget::To(Revision::parse(&v)),
        (None, false) => StampTarget::To(Revision::Base),
    };
    change::<M>(settings, RunView::new, Command::Stamp(target), json, yes).await
}

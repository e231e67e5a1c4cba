//! `repair [--json] [--yes]`: after a human review, the current state is
//! accepted: current checksums recorded, dirty migrations cleared.

use sea_orm_migration::MigratorTrait;

use super::migrate::change;
use crate::Error;
use crate::cli::Exit;
use crate::cli::views::run::RunView;
use crate::config::Settings;
use crate::engine::Command;

/// Shows what it would accept, asks, then records it in the history.
pub async fn run<M: MigratorTrait>(
    settings: &Settings,
    json: bool,
    yes: bool,
) -> Result<Exit, Error> {
    let view = |command: &Command, database: &str, json| {
        RunView::new(command, database, json).closing_with(
            "recorded in the history; `validate` now checks against the current code".to_owned(),
        )
    };
    change::<M>(settings, view, Command::Repair, json, yes).await
}

//! `adopt-alembic [--drop-alembic-table] [--json] [--yes]`: the database
//! Alembic managed must be at revision `f6570c470a28` with exactly the
//! baseline's tables and columns; then the baseline is stamped.

use sea_orm_migration::MigratorTrait;

use super::migrate::change;
use crate::Error;
use crate::adopt::ALEMBIC_TABLE;
use crate::cli::Exit;
use crate::cli::views::run::RunView;
use crate::config::Settings;
use crate::engine::{Command, Migrations};

/// Checks the database, then stamps the baseline (and drops Alembic's table if asked).
pub async fn run<M: MigratorTrait>(
    settings: &Settings,
    drop_alembic_table: bool,
    json: bool,
    yes: bool,
) -> Result<Exit, Error> {
    let baseline = Migrations::of::<M>()
        .versions()
        .into_iter()
        .next()
        .unwrap_or_default();
    let view = |command: &Command, database: &str, json| {
        let view = RunView::new(command, database, json).when_nothing_to_do(format!(
            "the baseline {baseline} is already recorded as applied; nothing to adopt"
        ));
        match drop_alembic_table {
            true => view,
            false => view.closing_with(format!(
                "kept {ALEMBIC_TABLE} (drop it with --drop-alembic-table once Alembic is retired)"
            )),
        }
    };
    let command = Command::AdoptAlembic { drop_alembic_table };
    change::<M>(settings, view, command, json, yes).await
}

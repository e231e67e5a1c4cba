//! `status [--json]`: every migration's state, every problem `validate`
//! knows and a lost run history; it fails exactly when `up` would refuse (exit 5).

use sea_orm_migration::MigratorTrait;

use super::reader;
use super::validate::outcome;
use crate::Error;
use crate::cli::Exit;
use crate::cli::views::status::StatusReport;
use crate::cli::views::{findings, print_json};
use crate::config::Settings;
use crate::lost_history::LostHistory;
use crate::plan::MigrationState;

/// Prints the status, then fails when the recorded state cannot be trusted.
pub async fn run<M: MigratorTrait>(settings: &Settings, json: bool) -> Result<Exit, Error> {
    let engine = reader::<M>(settings).await?;
    let state = engine.state().await?;
    let (entries, found) = engine.status(&state);
    let recorded = entries
        .iter()
        .filter(|e| e.state != MigrationState::Pending)
        .count();
    let lost = LostHistory::check(recorded, &state.events);
    let table = engine.tracking_table();
    let database = settings.url.to_string();
    let report = StatusReport::new(engine.backend(), &database, &table, &entries, &found)
        .with_lost_history(lost);
    if json {
        print_json(&report)?;
    } else {
        print!("{}{}", report.to_text(), findings::text(&found));
    }
    outcome(found)
}

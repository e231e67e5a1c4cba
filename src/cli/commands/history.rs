//! `history [--json]`: the run history, newest first.

use sea_orm_migration::MigratorTrait;
use serde::Serialize;

use super::reader;
use crate::Error;
use crate::cli::Exit;
use crate::cli::views::{history, print_json};
use crate::config::Settings;
use crate::history::HistoryEvent;

/// Prints every event, newest first. By start time rather than by row: a
/// restore records its event before the older ones it carries over.
pub async fn run<M: MigratorTrait>(settings: &Settings, json: bool) -> Result<Exit, Error> {
    let mut events = reader::<M>(settings).await?.history_events().await?;
    events.sort_by_key(|event| event.started_at);
    events.reverse();
    if json {
        #[derive(Serialize)]
        struct Report<'a> {
            schema_version: u32,
            events: &'a [HistoryEvent],
        }
        print_json(&Report {
            schema_version: 1,
            events: &events,
        })?;
        return Ok(Exit::Success);
    }
    if events.is_empty() {
        println!("no history yet");
    }
    for event in &events {
        println!("{}", history::line(event));
    }
    Ok(Exit::Success)
}

//! `history [--json]`: the run history, newest first, or why there is none.

use sea_orm_migration::MigratorTrait;
use serde::Serialize;

use super::reader;
use crate::Error;
use crate::cli::Exit;
use crate::cli::views::{history, print_json};
use crate::config::Settings;
use crate::history::HistoryEvent;
use crate::lost_history::LostHistory;

/// Prints every event, newest first. By start time rather than by row: a
/// restore records its event before the older ones it carries over.
pub async fn run<M: MigratorTrait>(settings: &Settings, json: bool) -> Result<Exit, Error> {
    let engine = reader::<M>(settings).await?;
    let mut events = engine.history_events().await?;
    let lost = LostHistory::check(engine.applied().await?.len(), &events);
    events.sort_by_key(|event| event.started_at);
    events.reverse();
    if json {
        #[derive(Serialize)]
        struct Report<'a> {
            schema_version: u32,
            history_lost: bool,
            events: &'a [HistoryEvent],
        }
        print_json(&Report {
            schema_version: 1,
            history_lost: lost.is_some(),
            events: &events,
        })?;
        return Ok(Exit::Success);
    }
    match lost {
        Some(lost) => println!("{lost}"),
        None if events.is_empty() => println!("no history yet"),
        None => {}
    }
    for event in &events {
        println!("{}", history::line(event));
    }
    Ok(Exit::Success)
}

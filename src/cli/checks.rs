//! `validate`, `repair` and `history`.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::context::Context;
use super::{CliError, Exit, confirm};
use crate::engine::{Engine, EngineError};
use crate::history::HistoryEvent;
use crate::validate::Problem;

/// `validate [--json]`: exit 0 when the recorded state can be trusted, 5 otherwise.
pub async fn validate(engine: &Engine, json: bool) -> Result<Exit, CliError> {
    let problems = engine.problems().await?;
    let unchecked: Vec<String> = engine
        .current_checksums()
        .await
        .into_iter()
        .filter(|(_, sum)| sum.is_none())
        .map(|(version, _)| version)
        .collect();
    if json {
        #[derive(Serialize)]
        struct Report<'a> {
            schema_version: u32,
            valid: bool,
            problems: &'a [Problem],
            unchecked: &'a [String],
        }
        print_json(&Report {
            schema_version: 1,
            valid: problems.is_empty(),
            problems: &problems,
            unchecked: &unchecked,
        })?;
    } else {
        for version in &unchecked {
            println!(
                "unchecked  {version}: reads data or inspects the schema, so it has no offline checksum"
            );
        }
        if problems.is_empty() {
            println!("valid: every applied migration is present, unchanged and finished");
        }
    }
    if problems.is_empty() {
        Ok(Exit::Success)
    } else {
        if !json {
            for problem in problems.iter().skip(1) {
                println!("problem: {problem}");
            }
        }
        Err(EngineError::Invalid(problems).into())
    }
}

/// `repair [--yes]`: records the current checksums and clears dirty state.
pub async fn repair(engine: &Engine, context: &Context, yes: bool) -> Result<Exit, CliError> {
    let problems = engine.problems().await?;
    let question = if problems.is_empty() {
        format!(
            "Re-record the checksums of the applied migrations of {}?",
            context.database
        )
    } else {
        let listed: Vec<String> = problems.iter().map(ToString::to_string).collect();
        format!(
            "Accept the current state of {} as correct ({})?",
            context.database,
            listed.join("; ")
        )
    };
    confirm::confirm("repair", &question, yes)?;
    let repaired = engine.repair().await?;
    for version in &repaired {
        println!("repaired  {version}");
    }
    println!("recorded in the history; `validate` now checks against the current code");
    Ok(Exit::Success)
}

/// `history [--json]`: events, newest first. By start time rather than by
/// row: a restore records its event before the older ones it carries over.
pub async fn history(engine: &Engine, json: bool) -> Result<Exit, CliError> {
    let mut events = engine.history_events().await?;
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
        let when = DateTime::<Utc>::from_timestamp_millis(event.started_at)
            .map(|t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string())
            .unwrap_or_default();
        let mut line = format!(
            "{when}  {:<11}  {}  {} ms  {}",
            event.action.as_str(),
            event.version,
            event.duration_ms.unwrap_or(0),
            event.run_by
        );
        if let Some(backup) = &event.backup_id {
            line.push_str(&format!("  backup {backup}"));
        }
        if let Some(error) = &event.error {
            line.push_str(&format!("  error: {error}"));
        }
        println!("{line}");
    }
    Ok(Exit::Success)
}

fn print_json(value: &impl Serialize) -> Result<(), CliError> {
    let text =
        serde_json::to_string_pretty(value).map_err(|e| EngineError::State(e.to_string()))?;
    println!("{text}");
    Ok(())
}

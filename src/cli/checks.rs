//! `validate`, `repair` and `history`.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::context::Context;
use super::{CliError, Exit, confirm};
use crate::engine::{Engine, EngineError};
use crate::history::HistoryEvent;
use crate::validate::{Findings, Problem, short};

/// `validate [--json]`: exit 0 when the recorded state can be trusted, 5 otherwise.
pub async fn validate(engine: &Engine, json: bool) -> Result<Exit, CliError> {
    let findings = engine.findings().await?;
    if json {
        #[derive(Serialize)]
        struct Report<'a> {
            schema_version: u32,
            valid: bool,
            problems: &'a [Problem],
            unchecked: Vec<&'a str>,
        }
        print_json(&Report {
            schema_version: 1,
            valid: findings.problems.is_empty(),
            problems: &findings.problems,
            unchecked: unchecked_names(&findings),
        })?;
    } else {
        print!("{}", findings_text(&findings));
        if findings.problems.is_empty() {
            match findings.unchecked.len() {
                0 => println!("valid: every applied migration is present, unchanged and finished"),
                1 => println!(
                    "valid: no problems found, but 1 applied migration was not verified (listed above)"
                ),
                n => println!(
                    "valid: no problems found, but {n} applied migrations were not verified (listed above)"
                ),
            }
        }
    }
    outcome(findings)
}

/// Exit 0 when `findings` hold no problem, else the validation failure (exit 5).
pub fn outcome(findings: Findings) -> Result<Exit, CliError> {
    if findings.problems.is_empty() {
        Ok(Exit::Success)
    } else {
        Err(EngineError::Invalid(findings.problems).into())
    }
}

/// The versions `validate` could not verify.
pub fn unchecked_names(findings: &Findings) -> Vec<&str> {
    findings
        .unchecked
        .iter()
        .map(|u| u.version.as_str())
        .collect()
}

/// One line per problem and per unverified migration.
pub fn findings_text(findings: &Findings) -> String {
    let mut out = String::new();
    for problem in &findings.problems {
        out.push_str(&format!("problem: {problem}\n"));
    }
    for unchecked in &findings.unchecked {
        out.push_str(&format!(
            "not verified  {}: {}\n",
            unchecked.version, unchecked.reason
        ));
    }
    out
}

/// `repair [--yes]`: shows what it would accept, asks, then records the
/// current checksums and clears dirty state.
pub async fn repair(engine: &Engine, context: &Context, yes: bool) -> Result<Exit, CliError> {
    let problems = engine.problems().await?;
    let question = if problems.is_empty() {
        format!(
            "Re-record the checksums of the applied migrations of {}?",
            context.database
        )
    } else {
        println!("repair would accept, without running anything:");
        for problem in &problems {
            print!("{}", acceptance(engine, problem).await);
        }
        format!(
            "Accept the current state of {} as correct?",
            context.database
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

/// What accepting `problem` means, for the human about to confirm it.
async fn acceptance(engine: &Engine, problem: &Problem) -> String {
    match problem {
        Problem::Changed {
            version,
            recorded,
            current,
            ..
        } => format!(
            "  `{version}` as applied with its current code (checksum {} recorded when it ran, {} now): the edited code has not run here\n",
            short(recorded),
            short(current)
        ),
        Problem::Dirty { version, error, .. } => {
            let mut text = format!("  `{version}` as finished, although its run stopped");
            if let Some(error) = error {
                text.push_str(&format!(" ({error})"));
            }
            match engine.interrupted_statements(version).await {
                Some(statements) => {
                    text.push_str(
                        "; any of these statements, in order, may or may not have run:\n",
                    );
                    for statement in statements {
                        text.push_str(&format!("      {}", statement));
                    }
                }
                None => text.push_str(
                    "; its statements cannot be shown offline: check its code against the database\n",
                ),
            }
            text
        }
        Problem::Missing { version } => {
            format!(
                "  `{version}` stays recorded as applied although the code has no such migration\n"
            )
        }
    }
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

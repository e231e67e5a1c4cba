//! How a schema change is shown: lines for humans as it goes, or, with
//! `--json`, one document at the end (schema version 1). Both are views of
//! the engine's events.

use std::time::Duration;

use serde::Serialize;

use super::output;
use crate::engine::{Event, Observer};
use crate::plan::Step;

/// The view of one `up`/`down`/... run.
pub enum RunView {
    /// Human lines on stdout as the run goes.
    Human(output::HumanReporter),
    /// One JSON document printed at the end.
    Json(Box<JsonRun>),
}

/// `up --json` / `down --json`, schema version 1.
#[derive(Debug, Default, Serialize)]
pub struct JsonRun {
    schema_version: u32,
    command: String,
    database: String,
    /// `applied`, `rolled_back`, `nothing_to_do` or `failed`.
    result: &'static str,
    backup: Option<JsonBackup>,
    steps: Vec<JsonStep>,
    lock_waits: Vec<JsonLockWait>,
    duration_ms: u128,
    error: Option<String>,
}

#[derive(Debug, Serialize)]
struct JsonBackup {
    id: String,
    path: String,
}

#[derive(Debug, Serialize)]
struct JsonStep {
    action: &'static str,
    version: Option<String>,
    duration_ms: u128,
}

#[derive(Debug, Serialize)]
struct JsonLockWait {
    version: String,
    attempt: u32,
    pause_ms: u128,
    open_transactions: String,
}

impl RunView {
    /// The view for `command` on `database`.
    pub fn new(json: bool, command: &str, database: &str) -> Self {
        if json {
            Self::Json(Box::new(JsonRun {
                schema_version: 1,
                command: command.to_owned(),
                database: database.to_owned(),
                result: "failed",
                ..JsonRun::default()
            }))
        } else {
            Self::Human(output::HumanReporter)
        }
    }

    /// There is nothing to do.
    pub fn nothing_to_do(&mut self, message: &str) {
        match self {
            Self::Human(_) => println!("{message}"),
            Self::Json(run) => run.result = "nothing_to_do",
        }
    }

    /// The run starts, after the backup `(id, path)` if one was taken.
    pub fn starting(&mut self, headline: &str, backup: Option<(&str, &str)>) {
        match self {
            Self::Human(_) => match backup {
                Some((id, path)) => println!("{headline} (backup {id} at {path})"),
                None => println!("{headline}"),
            },
            Self::Json(run) => {
                run.backup = backup.map(|(id, path)| JsonBackup {
                    id: id.to_owned(),
                    path: path.to_owned(),
                });
            }
        }
    }

    /// The run ended: `error` is `None` on success. Prints the JSON document.
    pub fn finish(&mut self, elapsed: Duration, error: Option<String>, success: &'static str) {
        match self {
            Self::Human(_) => {
                if error.is_none() {
                    println!("done in {}", output::duration(elapsed));
                }
            }
            Self::Json(run) => {
                run.duration_ms = elapsed.as_millis();
                if run.result != "nothing_to_do" {
                    run.result = if error.is_some() { "failed" } else { success };
                }
                run.error = error;
                match serde_json::to_string_pretty(run) {
                    Ok(text) => println!("{text}"),
                    Err(e) => output::error(&format!("cannot write JSON: {e}")),
                }
            }
        }
    }
}

impl Observer for RunView {
    fn on_event(&mut self, event: &Event<'_>) {
        match self {
            Self::Human(reporter) => reporter.on_event(event),
            Self::Json(run) => match event {
                Event::StepFinished { step, elapsed } => {
                    let (action, version) = match step {
                        Step::Apply(v) => ("applied", Some(v.clone())),
                        Step::Revert(v) => ("rolled_back", Some(v.clone())),
                        Step::DropAll => ("dropped_all_tables", None),
                        Step::DropTrackingTable => ("dropped_tracking_table", None),
                    };
                    run.steps.push(JsonStep {
                        action,
                        version,
                        duration_ms: elapsed.as_millis(),
                    });
                }
                Event::LockWait {
                    version,
                    attempt,
                    pause,
                    blockers,
                    ..
                } => run.lock_waits.push(JsonLockWait {
                    version: (*version).to_owned(),
                    attempt: *attempt,
                    pause_ms: pause.as_millis(),
                    open_transactions: (*blockers).to_owned(),
                }),
                Event::StepStarted(_) => {}
            },
        }
    }
}

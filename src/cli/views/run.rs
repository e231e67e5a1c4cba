//! How a run that changes the database is shown: lines for humans as it
//! goes, or, with `--json`, one document at the end (schema version 1).
//! Both are observers of the run's events.

use std::time::Duration;

use console::style;
use serde::Serialize;

use crate::cli::terminal;
use crate::config::format_duration;
use crate::engine::Command;
use crate::events::{Event, Observer};
use crate::plan::Step;

/// The view of one run of `up`, `down`, `stamp`, `repair`...
pub struct RunView {
    command: Command,
    database: String,
    /// What to say when there is nothing to do.
    nothing_to_do: String,
    /// What to say after the steps ran (for commands that do not say "done in").
    closing: Option<String>,
    backup: Option<JsonBackup>,
    /// Whether the plan's steps started (there was something to do).
    started: bool,
    json: Option<JsonRun>,
}

/// `up --json`, `down --json`, `stamp --json`...: schema version 1.
#[derive(Debug, Default, Serialize)]
struct JsonRun {
    schema_version: u32,
    command: String,
    database: String,
    /// `applied`, `rolled_back`, `stamped`, `repaired`, `adopted`, `nothing_to_do` or `failed`.
    result: &'static str,
    backup: Option<JsonBackup>,
    /// Migrations whose source checksum was recorded for the first time.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    rebased: Vec<String>,
    /// Dirty migrations another tool had applied, now recorded as applied.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    applied_elsewhere: Vec<String>,
    /// Dirty migrations another tool had rolled back, now recorded as rolled back.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    rolled_back_elsewhere: Vec<String>,
    steps: Vec<JsonStep>,
    lock_waits: Vec<JsonLockWait>,
    duration_ms: u128,
    error: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
struct JsonBackup {
    id: String,
    path: String,
}

#[derive(Debug, Serialize)]
struct JsonStep {
    action: &'static str,
    version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    table: Option<String>,
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
    /// The view of `command` on `database` (as it may be shown), as JSON when `json`.
    pub fn new(command: &Command, database: &str, json: bool) -> Self {
        let nothing_to_do = match command {
            Command::Up(_) => {
                "nothing to apply: the database is up to date, so no backup was taken"
            }
            Command::Stamp(_) => "nothing to stamp: the recorded state is already there",
            Command::Repair => "nothing to repair: no migration is applied or left half-done",
            _ => "nothing to roll back, so no backup was taken",
        };
        Self {
            command: command.clone(),
            database: database.to_owned(),
            nothing_to_do: match command.runs_migrations() {
                true => format!("{nothing_to_do} ({database})"),
                false => nothing_to_do.to_owned(),
            },
            closing: None,
            backup: None,
            started: false,
            json: json.then(|| JsonRun {
                schema_version: 1,
                command: command.name().to_owned(),
                database: database.to_owned(),
                result: "failed",
                ..JsonRun::default()
            }),
        }
    }

    /// The same view saying `message` when there is nothing to do.
    pub fn when_nothing_to_do(mut self, message: String) -> Self {
        self.nothing_to_do = message;
        self
    }

    /// The same view saying `message` after the steps ran.
    pub fn closing_with(mut self, message: String) -> Self {
        self.closing = Some(message);
        self
    }

    /// The run ended after `elapsed`: `error` is `None` on success. Prints
    /// the closing line, or the JSON document.
    pub fn finish(&mut self, elapsed: Duration, error: Option<String>) {
        let Some(run) = &mut self.json else {
            if error.is_none() && self.started {
                match (&self.closing, self.command.runs_migrations()) {
                    (_, true) => println!("done in {}", format_duration(elapsed)),
                    (Some(closing), false) => println!("{closing}"),
                    (None, false) => {}
                }
            }
            return;
        };
        run.duration_ms = elapsed.as_millis();
        if run.result != "nothing_to_do" {
            run.result = match (&error, &self.command) {
                (Some(_), _) => "failed",
                (None, Command::Down(_) | Command::Reset) => "rolled_back",
                (None, Command::Stamp(_)) => "stamped",
                (None, Command::Repair) => "repaired",
                (None, Command::AdoptAlembic { .. }) => "adopted",
                (None, _) => "applied",
            };
        }
        run.backup = self.backup.clone();
        run.error = error;
        match serde_json::to_string_pretty(run) {
            Ok(text) => println!("{text}"),
            Err(e) => terminal::error(&format!("cannot write JSON: {e}")),
        }
    }

    fn human(&mut self, event: &Event<'_>) {
        match event {
            Event::NothingToDo => println!("{}", self.nothing_to_do),
            Event::Reconciled {
                rebased,
                applied_elsewhere,
                rolled_back_elsewhere,
            } => {
                for version in *rebased {
                    println!(
                        "recorded the source checksum of {version}, applied before checksums came from the source (once)"
                    );
                }
                for (versions, done) in [
                    (applied_elsewhere, "applied"),
                    (rolled_back_elsewhere, "rolled back"),
                ] {
                    for version in versions.iter() {
                        println!(
                            "recorded {version} as {done}: a run of it stopped half-way, then another tool {done} it"
                        );
                    }
                }
            }
            Event::Started(plan) if self.command.runs_migrations() => {
                let headline = plan.describe(&self.database);
                match &self.backup {
                    Some(b) => println!("{headline} (backup {} at {})", b.id, b.path),
                    None => println!("{headline}"),
                }
            }
            Event::StepFinished { step, elapsed } => println!("{}", step_line(step, *elapsed)),
            Event::LockWait {
                version,
                attempt,
                attempts,
                pause,
                blockers,
            } => {
                let open = match blockers.is_empty() {
                    true => String::new(),
                    false => format!("; open transactions: {blockers}"),
                };
                terminal::warning(&format!(
                    "`{version}` timed out waiting for a lock (attempt {attempt} of {attempts}); rolled back, retrying in {}{open}",
                    format_duration(*pause)
                ));
            }
            _ => {}
        }
    }

    fn record(run: &mut JsonRun, event: &Event<'_>) {
        match event {
            Event::NothingToDo => run.result = "nothing_to_do",
            Event::Reconciled {
                rebased,
                applied_elsewhere,
                rolled_back_elsewhere,
            } => {
                run.rebased = rebased.to_vec();
                run.applied_elsewhere = applied_elsewhere.to_vec();
                run.rolled_back_elsewhere = rolled_back_elsewhere.to_vec();
            }
            Event::StepFinished { step, elapsed } => {
                let (action, version, table) = match step {
                    Step::Apply(v) => ("applied", Some(v.clone()), None),
                    Step::Revert(v) => ("rolled_back", Some(v.clone()), None),
                    Step::DropAll => ("dropped_all_tables", None, None),
                    Step::DropTrackingTable => ("dropped_tracking_table", None, None),
                    Step::Stamp(v) => ("stamped", Some(v.clone()), None),
                    Step::Unstamp(v) => ("unstamped", Some(v.clone()), None),
                    Step::Accept(v) => ("repaired", Some(v.clone()), None),
                    Step::DropTable(t) => ("dropped_table", None, Some(t.clone())),
                };
                run.steps.push(JsonStep {
                    action,
                    version,
                    table,
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
            _ => {}
        }
    }
}

impl Observer for RunView {
    fn on_event(&mut self, event: &Event<'_>) {
        match event {
            Event::BackupSkipped => terminal::warning(&format!(
                "--no-backup: `{}` runs without a backup; a failure cannot be undone by `restore`",
                self.command.name()
            )),
            Event::BackupTaken { id, path } => {
                self.backup = Some(JsonBackup {
                    id: (*id).to_owned(),
                    path: path.display().to_string(),
                });
            }
            Event::Started(_) => self.started = true,
            _ => {}
        }
        match &mut self.json {
            Some(run) => Self::record(run, event),
            None => self.human(event),
        }
    }
}

/// One finished step for humans, e.g. `  applied     m2025... (12 ms)`.
fn step_line(step: &Step, elapsed: Duration) -> String {
    let timed = |verb: console::StyledObject<&str>, name: &str| {
        format!(
            "  {verb} {name} {}",
            style(format!("({})", format_duration(elapsed))).dim()
        )
    };
    match step {
        Step::Apply(v) => timed(style("applied    ").green(), v),
        Step::Revert(v) => timed(style("rolled back").yellow(), v),
        Step::DropAll => timed(style("dropped    ").red(), "every table"),
        Step::DropTrackingTable => timed(style("dropped    ").red(), "the tracking table"),
        Step::Stamp(v) => format!("stamped     {v} (applied, not run)"),
        Step::Unstamp(v) => format!("unstamped   {v} (not applied, down() not run)"),
        Step::Accept(v) => format!("repaired  {v}"),
        Step::DropTable(table) => format!("dropped {table}"),
    }
}

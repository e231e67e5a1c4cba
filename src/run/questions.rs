//! The question a run asks before a destructive change, worded for the
//! command: what will be done (for `repair`, what exactly it accepts) and
//! whether to go ahead.

use crate::adopt::ALEMBIC_REVISION;
use crate::config::Settings;
use crate::confirm::Question;
use crate::engine::{Command, Engine, Plan, State};
use crate::plan::{Revision, StampTarget};
use crate::validate::{Problem, short};

/// The question before `plan`, made from `state`, runs on the database of
/// `settings`; `baseline_tables` is how many tables adoption compared.
pub(super) fn ask(
    plan: &Plan,
    engine: &Engine,
    state: &State,
    settings: &Settings,
    baseline_tables: Option<usize>,
) -> Question {
    let database = settings.url.to_string();
    let command = plan.command.name();
    let question = |text: String| Question {
        command,
        details: Vec::new(),
        text,
    };
    match &plan.command {
        Command::Stamp(target) => {
            let versions = engine.migrations().versions();
            let version = match target {
                StampTarget::To(Revision::Version(v)) => Some(v.as_str()),
                StampTarget::Baseline => versions.first().map(String::as_str),
                StampTarget::To(Revision::Base) => None,
            };
            question(match version {
                Some(v) => format!(
                    "Record every migration up to {v} as applied on {database}, without running any?"
                ),
                None => format!(
                    "Record no migration as applied on {database}, without running any down()?"
                ),
            })
        }
        Command::Repair => repair(engine, state, &database),
        Command::AdoptAlembic { .. } => {
            let baseline = engine.migrations().versions().into_iter().next();
            question(format!(
                "Alembic revision {ALEMBIC_REVISION} and all {} baseline tables match: record {} as applied on {database}?",
                baseline_tables.unwrap_or_default(),
                baseline.unwrap_or_default()
            ))
        }
        _ => question(format!(
            "{}, {}?",
            plan.describe(&database),
            match settings.backup.enabled {
                true => "after taking a verified backup",
                false => "WITHOUT a backup (--no-backup)",
            }
        )),
    }
}

/// `repair`'s question: every problem in `state` it would accept, and what accepting it means.
fn repair(engine: &Engine, state: &State, database: &str) -> Question {
    let problems = engine.findings_in(state).problems;
    if problems.is_empty() {
        return Question {
            command: "repair",
            details: Vec::new(),
            text: format!("Re-record the checksums of the applied migrations of {database}?"),
        };
    }
    let mut details = vec!["repair would accept, without running anything:".to_owned()];
    for problem in &problems {
        details.extend(acceptance(engine, problem));
    }
    Question {
        command: "repair",
        details,
        text: format!("Accept the current state of {database} as correct?"),
    }
}

/// What accepting `problem` means, for the human about to confirm it.
fn acceptance(engine: &Engine, problem: &Problem) -> Vec<String> {
    match problem {
        Problem::Changed {
            version,
            recorded,
            current,
            ..
        } => vec![format!(
            "  `{version}` as applied with its current code (checksum {} recorded when it ran, {} now): the edited code has not run here",
            short(recorded),
            short(current)
        )],
        Problem::Dirty { version, error, .. } => {
            let mut line = format!("  `{version}` as finished, although its run stopped");
            if let Some(error) = error {
                line.push_str(&format!(" ({error})"));
            }
            let versions = engine.migrations().versions();
            let from = versions
                .iter()
                .position(|v| v == version)
                .and_then(|i| i.checked_sub(1))
                .map(|i| format!(" --from {}", versions[i]))
                .unwrap_or_default();
            line.push_str(&format!(
                "; any of its statements may or may not have run: check the database against them first (`migration sql up{from} --to {version} --backend {}` prints them)",
                engine.backend().driver_scheme()
            ));
            vec![line]
        }
        Problem::Missing { version } => vec![format!(
            "  `{version}` stays recorded as applied although the code has no such migration"
        )],
    }
}

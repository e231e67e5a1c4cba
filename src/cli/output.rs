//! Human output: colour only on a terminal and never with `NO_COLOR`, one
//! line per step with its duration.

use std::io::IsTerminal;
use std::time::Duration;

use console::style;

use crate::engine::{Event, Observer, Plan};
use crate::plan::Step;

/// Turns colour on for a stream only when it is a terminal and `NO_COLOR` is unset or empty.
pub fn configure_colours() {
    let allowed = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    console::set_colors_enabled(allowed && std::io::stdout().is_terminal());
    console::set_colors_enabled_stderr(allowed && std::io::stderr().is_terminal());
}

/// Prints an error line on stderr; a closed stderr (the terminal hung up)
/// drops it, and the exit code still tells.
pub fn error(message: &str) {
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "{} {message}",
        style("error:").red().bold().for_stderr()
    );
}

/// Prints a notice line on stderr.
pub fn notice(message: &str) {
    eprintln!("{} {message}", style("note:").yellow().bold().for_stderr());
}

/// Formats a duration for humans: `850 ms`, `12.3 s`.
pub fn duration(elapsed: Duration) -> String {
    if elapsed < Duration::from_secs(10) {
        format!("{} ms", elapsed.as_millis())
    } else {
        format!("{:.1} s", elapsed.as_secs_f64())
    }
}

/// Counts a noun: `1 migration`, `2 migrations`.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("{n} {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The headline of a plan, e.g. "applying 2 migrations to <db>".
pub fn describe_plan(plan: &Plan, database: &str) -> String {
    let applies = plan
        .steps
        .iter()
        .filter(|s| matches!(s, Step::Apply(_)))
        .count();
    let reverts = plan
        .steps
        .iter()
        .filter(|s| matches!(s, Step::Revert(_)))
        .count();
    let drops_all = plan.steps.contains(&Step::DropAll);
    let drops_tracking = plan.steps.contains(&Step::DropTrackingTable);
    let mut parts = Vec::new();
    if drops_all {
        parts.push("drop every table".to_owned());
    }
    if reverts > 0 {
        let names: Vec<&str> = plan
            .steps
            .iter()
            .filter_map(|s| match s {
                Step::Revert(v) => Some(v.as_str()),
                _ => None,
            })
            .collect();
        parts.push(format!(
            "roll back {} ({})",
            count(reverts, "migration"),
            names.join(", ")
        ));
    }
    if applies > 0 {
        parts.push(format!("apply {}", count(applies, "migration")));
    }
    if drops_tracking {
        parts.push("drop the tracking table".to_owned());
    }
    format!("{} on {database}", parts.join(", then "))
}

/// `text` with its first letter upper-cased.
pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Prints a warning line on stderr.
pub fn warning(message: &str) {
    eprintln!(
        "{} {message}",
        style("warning:").yellow().bold().for_stderr()
    );
}

/// Reports engine events as one line per finished step.
pub struct HumanReporter;

impl Observer for HumanReporter {
    fn on_event(&mut self, event: &Event<'_>) {
        if let Event::LockWait {
            version,
            attempt,
            attempts,
            pause,
            blockers,
        } = event
        {
            let open = if blockers.is_empty() {
                String::new()
            } else {
                format!("; open transactions: {blockers}")
            };
            warning(&format!(
                "`{version}` timed out waiting for a lock (attempt {attempt} of {attempts}); rolled back, retrying in {}{open}",
                duration(*pause)
            ));
        }
        if let Event::StepFinished { step, elapsed } = event {
            let (verb, name) = match step {
                Step::Apply(v) => (style("applied    ").green(), v.as_str()),
                Step::Revert(v) => (style("rolled back").yellow(), v.as_str()),
                Step::DropAll => (style("dropped    ").red(), "every table"),
                Step::DropTrackingTable => (style("dropped    ").red(), "the tracking table"),
            };
            println!(
                "  {verb} {name} {}",
                style(format!("({})", duration(*elapsed))).dim()
            );
        }
    }
}

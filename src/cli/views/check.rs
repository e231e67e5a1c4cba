//! How `check` shows what it found: one section per question, each
//! difference on its own line in the diff's words, and a last line that
//! says whether the check passed.

use std::fmt::Write;

use super::{findings, lint as lint_view, plural};
use crate::check::Report;
use crate::diff::Change;

/// The report as lines for a terminal.
pub fn text(report: &Report) -> String {
    let mut out = String::new();
    match &report.entities {
        None => out.push_str(
            "entities: none registered, so the migrations were not compared with them; \
             register them with `cli::main_with_entities` (see docs/entity-first.md)\n",
        ),
        Some(changes) if changes.is_empty() => {
            out.push_str("entities: the migrations produce exactly the entities' schema\n")
        }
        Some(changes) => section(
            &mut out,
            "entities: the migrations do not produce the entities' schema; \
             `migration generate NAME --autogenerate` writes the missing migration",
            changes,
        ),
    }
    match &report.live {
        None => out.push_str(
            "database: none configured, so no database was checked (--database-url or DATABASE_URL)\n",
        ),
        Some(live) => {
            out.push_str(&findings::text(&live.findings));
            if live.findings.problems.is_empty() {
                out.push_str("database: the recorded state is valid\n");
            }
            if !live.pending.is_empty() {
                let n = live.pending.len() as u64;
                let _ = writeln!(
                    out,
                    "database: {n} {} not applied yet (`migration up` applies {})",
                    plural(n, "migration", "migrations"),
                    plural(n, "it", "them")
                );
            }
            match live.drift.is_empty() {
                true => out.push_str(
                    "database: its schema is exactly what its applied migrations produce\n",
                ),
                false => section(
                    &mut out,
                    "database: its schema differs from what its applied migrations produce \
                     (changed outside the migrations); to get from the migrations' schema to the database's:",
                    &live.drift,
                ),
            }
        }
    }
    if let Some(found) = &report.lint {
        let _ = writeln!(out, "lint: {}", lint_view::counts(found));
        for diagnostic in found {
            let _ = writeln!(out, "  {diagnostic}");
        }
    }
    out.push_str(match report.passes() {
        true => "check passed\n",
        false => "check failed\n",
    });
    out
}

fn section(out: &mut String, heading: &str, changes: &[Change]) {
    let _ = writeln!(out, "{heading}");
    for change in changes {
        let _ = writeln!(out, "  {change}");
    }
}

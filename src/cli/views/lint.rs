//! How `lint` shows its diagnostics: one block per diagnostic and a summary
//! line for a terminal, one JSON document, or GitHub Actions workflow
//! annotations.

use std::fmt::Write;

use serde::Serialize;

use super::plural;
use crate::config::format_duration;
use crate::lint::{Diagnostic, Severity, errors, excerpt};
use crate::lint_trace::StepTrace;

/// The diagnostics as blocks for a terminal: `CODE severity migration`, the
/// statement, why, and what to do instead; then a summary line.
pub fn text(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let _ = writeln!(out, "{} {} {}", d.code, d.severity, d.migration);
        if let Some(statement) = &d.statement {
            let _ = writeln!(out, "  {statement}");
        }
        let _ = writeln!(out, "  why: {}", d.message);
        let _ = writeln!(out, "  instead: {}\n", d.safer);
    }
    out.push_str(&summary(diagnostics));
    out
}

/// The last line: how many errors and warnings, and whether lint passed.
fn summary(diagnostics: &[Diagnostic]) -> String {
    let errors = errors(diagnostics) as u64;
    let warnings = diagnostics.len() as u64 - errors;
    let outcome = match errors {
        0 => "lint passed",
        _ => "lint failed",
    };
    format!(
        "{outcome}: {errors} {}, {warnings} {}\n",
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings")
    )
}

/// `lint --json`'s document.
#[derive(Debug, Serialize)]
pub struct Json<'a> {
    /// The version of this document's shape.
    pub schema_version: u32,
    /// Every diagnostic, in plan order.
    pub diagnostics: &'a [Diagnostic],
    /// How many are errors.
    pub errors: usize,
    /// How many are warnings.
    pub warnings: usize,
    /// With `--trace`: each migration as it ran on the scratch database.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace: Option<&'a [StepTrace]>,
}

/// The diagnostics as `lint --json` prints them.
pub fn json<'a>(diagnostics: &'a [Diagnostic], trace: Option<&'a [StepTrace]>) -> Json<'a> {
    let errors = errors(diagnostics);
    Json {
        schema_version: 1,
        diagnostics,
        errors,
        warnings: diagnostics.len() - errors,
        trace,
    }
}

/// What `--trace` saw, per migration: each statement with the locks held
/// after it and what it rewrote, then the strongest lock and how long it
/// was held.
pub fn trace_text(traced: &[StepTrace]) -> String {
    let mut out = String::new();
    for step in traced {
        let how = match step.transactional {
            true => "in a transaction",
            false => "without a transaction",
        };
        let _ = writeln!(out, "trace {} ({how})", step.version);
        for statement in &step.statements {
            let _ = writeln!(out, "  {}", excerpt(&statement.sql));
            if !statement.locks.is_empty() {
                let locks: Vec<String> = statement
                    .locks
                    .iter()
                    .map(|held| format!("{} {}", held.relation, held.mode))
                    .collect();
                let _ = writeln!(out, "    locks: {}", locks.join(", "));
            }
            if !statement.rewritten.is_empty() {
                let rewritten: Vec<&str> = statement
                    .rewritten
                    .iter()
                    .map(|r| r.relation.as_str())
                    .collect();
                let _ = writeln!(out, "    rewrote: {}", rewritten.join(", "));
            }
        }
        if let Some(strongest) = &step.strongest {
            let _ = writeln!(
                out,
                "  strongest lock: {} on {}, held {} until the end of the transaction",
                strongest.lock.mode,
                strongest.lock.relation,
                format_duration(strongest.statements)
            );
        }
        out.push('\n');
    }
    out
}

/// One workflow annotation line per diagnostic, on the migration's source
/// file (`migration/src/<version>.rs`).
pub fn github(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let statement = d
            .statement
            .as_ref()
            .map(|s| format!(" (in `{s}`)"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "::{level} file={},title={}::{}",
            property(&format!("migration/src/{}.rs", d.migration)),
            property(d.code),
            message(&format!("{}{statement}; instead: {}", d.message, d.safer))
        );
    }
    out
}

/// A workflow command's message, escaped as GitHub's toolkit escapes it.
fn message(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value, escaped as GitHub's toolkit escapes it.
fn property(text: &str) -> String {
    message(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diagnostic(severity: Severity) -> Diagnostic {
        Diagnostic {
            code: "PG101",
            severity,
            migration: "m20300101_000001_index".to_owned(),
            statement: Some("CREATE INDEX i ON t (c)".to_owned()),
            message: "blocks writes, 100% of them".to_owned(),
            safer: "CREATE INDEX CONCURRENTLY".to_owned(),
        }
    }

    #[test]
    fn a_github_annotation_names_the_file_and_the_code() {
        let lines = github(&[diagnostic(Severity::Error), diagnostic(Severity::Warning)]);
        let lines: Vec<&str> = lines.lines().collect();
        assert_eq!(
            lines[0],
            "::error file=migration/src/m20300101_000001_index.rs,title=PG101::blocks writes, 100%25 of them (in `CREATE INDEX i ON t (c)`); instead: CREATE INDEX CONCURRENTLY"
        );
        assert!(lines[1].starts_with("::warning file="));
    }

    #[test]
    fn the_summary_counts_errors_and_warnings() {
        let text = text(&[diagnostic(Severity::Error), diagnostic(Severity::Warning)]);
        assert!(text.starts_with("PG101 error m20300101_000001_index\n  CREATE INDEX"));
        assert!(
            text.ends_with("lint failed: 1 error, 1 warning\n"),
            "{text}"
        );
        assert_eq!(super::text(&[]), "lint passed: 0 errors, 0 warnings\n");
    }
}

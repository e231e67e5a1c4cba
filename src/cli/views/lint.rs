//! How `lint` shows its diagnostics: one block per diagnostic and a summary
//! line for a terminal, one JSON document, GitHub Actions workflow
//! annotations, or a SARIF 2.1.0 log for code-scanning tools.

use std::fmt::Write;

use serde::Serialize;

use super::plural;
use crate::config::format_duration;
use crate::lint::{Diagnostic, allowed, errors, excerpt};
use crate::lint_trace::StepTrace;

/// The diagnostics as blocks for a terminal: `CODE severity migration`, the
/// statement, why, and what to do instead; then a summary line. Silenced
/// diagnostics are shown, with their reason, only when `verbose`.
pub fn text(diagnostics: &[Diagnostic], verbose: bool) -> String {
    let mut out = String::new();
    for d in diagnostics {
        if d.allowed.is_some() && !verbose {
            continue;
        }
        let _ = writeln!(out, "{} {} {}", d.code, d.severity, d.migration);
        if let Some(statement) = &d.statement {
            let _ = writeln!(out, "  {statement}");
        }
        let _ = writeln!(out, "  why: {}", d.message);
        let _ = writeln!(out, "  instead: {}", d.safer);
        if let Some(reason) = &d.allowed {
            let _ = writeln!(out, "  allowed by the migration: {reason}");
        }
        out.push('\n');
    }
    out.push_str(&summary(diagnostics));
    out
}

/// The last line: whether lint passed, and [`counts`].
fn summary(diagnostics: &[Diagnostic]) -> String {
    let outcome = match errors(diagnostics) {
        0 => "lint passed",
        _ => "lint failed",
    };
    format!("{outcome}: {}\n", counts(diagnostics))
}

/// How many errors and warnings, and silenced diagnostics if any:
/// `1 error, 0 warnings, 1 allowed by their migration`.
pub fn counts(diagnostics: &[Diagnostic]) -> String {
    let errors = errors(diagnostics) as u64;
    let allowed = allowed(diagnostics) as u64;
    let warnings = diagnostics.len() as u64 - errors - allowed;
    let silenced = match allowed {
        0 => String::new(),
        n => format!(", {n} allowed by their migration"),
    };
    format!(
        "{errors} {}, {warnings} {}{silenced}",
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
    /// How many are errors no allowance silences.
    pub errors: usize,
    /// How many are warnings no allowance silences.
    pub warnings: usize,
    /// How many an allowance silences (those have an `allowed` reason).
    pub allowed: usize,
    /// With `--trace`: each migration as it ran on the scratch database.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace: Option<&'a [StepTrace]>,
}

/// The diagnostics as `lint --json` prints them.
pub fn json<'a>(diagnostics: &'a [Diagnostic], trace: Option<&'a [StepTrace]>) -> Json<'a> {
    let (errors, allowed) = (errors(diagnostics), allowed(diagnostics));
    Json {
        schema_version: 1,
        diagnostics,
        errors,
        warnings: diagnostics.len() - errors - allowed,
        allowed,
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

/// The source file a diagnostic is reported on: the migration's module,
/// `migration/src/<version>.rs`.
fn source_file(d: &Diagnostic) -> String {
    format!("migration/src/{}.rs", d.migration)
}

/// A diagnostic as one message for tools: why, the statement, what instead.
fn one_line(d: &Diagnostic) -> String {
    let statement = d
        .statement
        .as_ref()
        .map(|s| format!(" (in `{s}`)"))
        .unwrap_or_default();
    format!("{}{statement}; instead: {}", d.message, d.safer)
}

/// One workflow annotation line per diagnostic no allowance silences, on
/// the migration's source file ([`source_file`]).
pub fn github(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics.iter().filter(|d| d.allowed.is_none()) {
        let _ = writeln!(
            out,
            "::{} file={},title={}::{}",
            d.severity,
            property(&source_file(d)),
            property(d.code),
            message(&one_line(d))
        );
    }
    out
}

/// The diagnostics as one SARIF 2.1.0 log (the format code-scanning tools
/// read): one result per diagnostic on its migration's source file, the
/// rules it names with their safer way as help, and a silenced diagnostic
/// as a result with an in-source suppression carrying its reason.
pub fn sarif(diagnostics: &[Diagnostic]) -> serde_json::Value {
    let mut rules: Vec<serde_json::Value> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for d in diagnostics.iter().filter(|d| seen.insert(d.code)) {
        rules.push(serde_json::json!({
            "id": d.code,
            "help": { "text": d.safer },
            "helpUri": format!("{}/blob/main/docs/lint.md#{}", env!("CARGO_PKG_REPOSITORY"), d.code.to_lowercase()),
            "defaultConfiguration": { "level": d.severity.to_string() },
        }));
    }
    let results: Vec<serde_json::Value> = diagnostics
        .iter()
        .map(|d| {
            let mut result = serde_json::json!({
                "ruleId": d.code,
                "level": d.severity.to_string(),
                "message": { "text": one_line(d) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": source_file(d) }
                    },
                    "logicalLocations": [{ "name": d.migration, "kind": "module" }]
                }],
            });
            if let Some(reason) = &d.allowed {
                result["suppressions"] =
                    serde_json::json!([{ "kind": "inSource", "justification": reason }]);
            }
            result
        })
        .collect();
    serde_json::json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "migrate-kit lint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": rules,
                }
            },
            "results": results,
        }]
    })
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
    use crate::lint::Severity;

    fn diagnostic(severity: Severity) -> Diagnostic {
        Diagnostic {
            code: "PG101",
            severity,
            migration: "m20300101_000001_index".to_owned(),
            statement: Some("CREATE INDEX i ON t (c)".to_owned()),
            message: "blocks writes, 100% of them".to_owned(),
            safer: "CREATE INDEX CONCURRENTLY".to_owned(),
            allowed: None,
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

    fn allowed(severity: Severity) -> Diagnostic {
        Diagnostic {
            allowed: Some("orders is tiny".to_owned()),
            ..diagnostic(severity)
        }
    }

    #[test]
    fn the_summary_counts_errors_and_warnings() {
        let text = text(
            &[diagnostic(Severity::Error), diagnostic(Severity::Warning)],
            false,
        );
        assert!(text.starts_with("PG101 error m20300101_000001_index\n  CREATE INDEX"));
        assert!(
            text.ends_with("lint failed: 1 error, 1 warning\n"),
            "{text}"
        );
        assert_eq!(
            super::text(&[], false),
            "lint passed: 0 errors, 0 warnings\n"
        );
    }

    #[test]
    fn a_silenced_diagnostic_is_counted_and_shown_with_its_reason_only_when_verbose() {
        let found = [allowed(Severity::Error)];
        assert_eq!(
            text(&found, false),
            "lint passed: 0 errors, 0 warnings, 1 allowed by their migration\n"
        );
        let verbose = text(&found, true);
        assert!(
            verbose.contains("  allowed by the migration: orders is tiny\n"),
            "{verbose}"
        );
        assert_eq!(github(&found), "");
    }

    #[test]
    fn a_sarif_log_has_one_result_per_diagnostic_and_suppressions_with_reasons() {
        let log = sarif(&[diagnostic(Severity::Error), allowed(Severity::Warning)]);
        assert_eq!(log["version"], "2.1.0");
        let run = &log["runs"][0];
        assert_eq!(run["tool"]["driver"]["rules"].as_array().unwrap().len(), 1);
        assert_eq!(run["tool"]["driver"]["rules"][0]["id"], "PG101");
        let results = run["results"].as_array().unwrap();
        assert_eq!(results.len(), 2);
        assert_eq!(results[0]["level"], "error");
        assert_eq!(
            results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "migration/src/m20300101_000001_index.rs"
        );
        assert!(results[0].get("suppressions").is_none());
        assert_eq!(results[1]["suppressions"][0]["kind"], "inSource");
        assert_eq!(
            results[1]["suppressions"][0]["justification"],
            "orders is tiny"
        );
    }
}

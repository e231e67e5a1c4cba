//! What checking the recorded state found, for humans: one line per
//! problem and per applied migration that could not be verified.

use serde::Serialize;

use crate::validate::{Findings, Problem};

/// A problem in JSON: its fields, plus `message`, the one-line explanation
/// with what to do (the text `validate` prints).
#[derive(Debug, Serialize)]
pub struct JsonProblem<'a> {
    #[serde(flatten)]
    problem: &'a Problem,
    message: String,
}

/// Every problem of `findings` for a JSON report.
pub fn json_problems(findings: &Findings) -> Vec<JsonProblem<'_>> {
    findings
        .problems
        .iter()
        .map(|problem| JsonProblem {
            problem,
            message: problem.to_string(),
        })
        .collect()
}

/// The versions that could not be verified.
pub fn unchecked_names(findings: &Findings) -> Vec<&str> {
    findings
        .unchecked
        .iter()
        .map(|u| u.version.as_str())
        .collect()
}

/// One line per problem and per unverified migration.
pub fn text(findings: &Findings) -> String {
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

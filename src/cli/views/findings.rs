//! What checking the recorded state found, for humans: one line per
//! problem and per applied migration that could not be verified.

use crate::validate::Findings;

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

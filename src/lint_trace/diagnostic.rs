//! A finding of trace mode: a stable `TR1xx` code, how serious it is, the
//! migration and statement it points at, why it is dangerous and the safer way.

use std::fmt;

use serde::Serialize;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look; the migration may be fine for a small table.
    Warning,
    /// Blocks the application's reads or writes on a table that holds rows.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Warning => "warning",
            Self::Error => "error",
        })
    }
}

/// One finding of trace mode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TraceDiagnostic {
    /// The stable code (`TR101`...).
    pub code: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// The migration's version.
    pub migration: String,
    /// The statement it points at, as it ran.
    pub statement: String,
    /// Why it is dangerous, in one line.
    pub message: String,
    /// The safer way to do the same.
    pub safer: &'static str,
}

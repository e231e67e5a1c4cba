//! A finding of trace mode: a stable `TR1xx` code, how serious it is, the
//! migration and statement it points at, why it is dangerous and the safer way.

use serde::Serialize;

pub use crate::lint::Severity;
use crate::lint::{self, Diagnostic};

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

impl From<&TraceDiagnostic> for Diagnostic {
    /// The finding as one of the linter's diagnostics, its statement cut to an excerpt.
    fn from(found: &TraceDiagnostic) -> Self {
        Diagnostic {
            code: found.code,
            severity: found.severity,
            migration: found.migration.clone(),
            statement: Some(lint::excerpt(&found.statement)),
            message: found.message.clone(),
            safer: found.safer.to_owned(),
            allowed: None,
        }
    }
}

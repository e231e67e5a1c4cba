//! The `status` command's two views: a table for humans and a JSON document
//! whose schema (version 1) is documented in docs/cli.md.

use chrono::{DateTime, Utc};
use console::style;
use serde::Serialize;

use super::findings::JsonProblem;
use crate::Backend;
use crate::lost_history::LostHistory;
use crate::plan::{MigrationState, StatusEntry};
use crate::validate::Findings;

/// `status --json`, schema version 1.
#[derive(Debug, Serialize)]
pub struct StatusReport<'a> {
    /// The version of this document's schema; changes only when a field changes meaning.
    pub schema_version: u32,
    /// The database, password hidden.
    pub database: DatabaseInfo<'a>,
    /// The name of the tracking table.
    pub tracking_table: &'a str,
    /// The newest applied migration known to the code, or null.
    pub current: Option<&'a str>,
    /// Counts per state.
    pub summary: Summary,
    /// Every migration, the code's order first, then missing ones.
    pub migrations: Vec<MigrationInfo<'a>>,
    /// Whether `up` would trust the recorded state (no problem below).
    pub valid: bool,
    /// Every problem `validate` finds, each with what to do.
    pub problems: Vec<JsonProblem<'a>>,
    /// Applied migrations that could not be verified.
    pub unchecked: Vec<&'a str>,
    /// Whether migrations are applied but the run history holds no event
    /// (as after the stock CLI's `fresh`); serialized as a boolean.
    #[serde(serialize_with = "is_some")]
    pub history_lost: Option<LostHistory>,
}

fn is_some<S: serde::Serializer>(lost: &Option<LostHistory>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_bool(lost.is_some())
}

/// The database a report is about.
#[derive(Debug, Serialize)]
pub struct DatabaseInfo<'a> {
    /// `postgres`, `mysql` or `sqlite`.
    pub backend: Backend,
    /// The URL with the password replaced by `***`.
    pub url: &'a str,
}

/// Counts per state.
#[derive(Debug, Serialize)]
pub struct Summary {
    /// Applied migrations.
    pub applied: usize,
    /// Pending migrations.
    pub pending: usize,
    /// Applied versions the code does not contain.
    pub missing: usize,
}

/// One migration in the report.
#[derive(Debug, Serialize)]
pub struct MigrationInfo<'a> {
    /// The migration's name.
    pub version: &'a str,
    /// `applied`, `pending` or `missing`.
    pub state: MigrationState,
    /// When it was applied (RFC 3339, UTC), or null.
    pub applied_at: Option<String>,
}

impl<'a> StatusReport<'a> {
    /// Builds the report from the engine's status entries.
    pub fn new(
        backend: Backend,
        url: &'a str,
        tracking_table: &'a str,
        entries: &'a [StatusEntry],
        findings: &'a Findings,
    ) -> Self {
        let of = |state| entries.iter().filter(|e| e.state == state).count();
        Self {
            schema_version: 1,
            database: DatabaseInfo { backend, url },
            tracking_table,
            current: entries
                .iter()
                .rev()
                .find(|e| e.state == MigrationState::Applied)
                .map(|e| e.version.as_str()),
            summary: Summary {
                applied: of(MigrationState::Applied),
                pending: of(MigrationState::Pending),
                missing: of(MigrationState::Missing),
            },
            migrations: entries
                .iter()
                .map(|e| MigrationInfo {
                    version: &e.version,
                    state: e.state,
                    applied_at: e.applied_at.map(rfc3339),
                })
                .collect(),
            valid: findings.problems.is_empty(),
            problems: super::findings::json_problems(findings),
            unchecked: super::findings::unchecked_names(findings),
            history_lost: None,
        }
    }

    /// The report, saying that the run history was lost when it was.
    pub fn with_lost_history(self, history_lost: Option<LostHistory>) -> Self {
        Self {
            history_lost,
            ..self
        }
    }

    /// The human table, then a note when the run history was lost.
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "Database: {} ({})\n",
            self.database.url, self.database.backend
        );
        if self.migrations.is_empty() {
            out.push_str("This migrator has no migrations.\n");
        }
        for m in &self.migrations {
            let state = match m.state {
                MigrationState::Applied => style("applied").green(),
                MigrationState::Pending => style("pending").yellow(),
                MigrationState::Missing => style("missing").red(),
            };
            let when = m.applied_at.as_deref().unwrap_or("");
            out.push_str(&format!(
                "  {state:<7}  {}  {}\n",
                m.version,
                style(when).dim()
            ));
        }
        out.push_str(&format!(
            "{} applied, {} pending, {} missing; current: {}\n",
            self.summary.applied,
            self.summary.pending,
            self.summary.missing,
            self.current.unwrap_or("none")
        ));
        if let Some(lost) = &self.history_lost {
            out.push_str(&format!("{} {lost}\n", style("note:").yellow().bold()));
        }
        out
    }
}

fn rfc3339(seconds: i64) -> String {
    DateTime::<Utc>::from_timestamp(seconds, 0)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_else(|| seconds.to_string())
}

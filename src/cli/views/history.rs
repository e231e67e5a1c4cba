//! The run history for humans: one line per event, newest first.

use chrono::{DateTime, Utc};

use crate::history::HistoryEvent;

/// One event: when, what, which migration, how long, who, backup and error.
pub fn line(event: &HistoryEvent) -> String {
    let when = DateTime::<Utc>::from_timestamp_millis(event.started_at)
        .map(|t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string())
        .unwrap_or_default();
    let mut line = format!(
        "{when}  {:<11}  {}  {} ms  {}",
        event.action.as_str(),
        event.version,
        event.duration_ms.unwrap_or(0),
        event.run_by
    );
    if let Some(backup) = &event.backup_id {
        line.push_str(&format!("  backup {backup}"));
    }
    if let Some(error) = &event.error {
        line.push_str(&format!("  error: {error}"));
    }
    line
}

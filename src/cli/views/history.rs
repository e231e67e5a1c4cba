//! The run history for humans: one line per event, newest first.

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::cli::views::timestamp;
use crate::config::format_duration;
use crate::history::HistoryEvent;

/// One event: when, what, which migration, how long, who, backup and error.
pub fn line(event: &HistoryEvent) -> String {
    let when = DateTime::<Utc>::from_timestamp_millis(event.started_at)
        .map(timestamp)
        .unwrap_or_default();
    // No duration: the step never finished (the process died), so none is shown.
    let took = event
        .duration_ms
        .and_then(|ms| u64::try_from(ms).ok())
        .map_or("-".to_owned(), |ms| {
            format_duration(Duration::from_millis(ms))
        });
    let mut line = format!(
        "{when}  {:<11}  {}  {took}  {}",
        event.action.as_str(),
        event.version,
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

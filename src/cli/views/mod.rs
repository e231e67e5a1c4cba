//! How results are shown: human lines or one JSON document per command.
//! Runs are shown by observing their events ([`run`]); reports are built
//! from what the library returns.

pub mod backups;
pub mod check;
pub mod findings;
pub mod history;
pub mod lint;
pub mod progress;
pub mod restore;
pub mod run;
pub mod status;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::Error;

/// A point in time the one way every view shows it: whole seconds, UTC,
/// e.g. `2025-11-25 10:15:00 UTC`.
pub fn timestamp(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

/// The noun for `n` things: `one` for exactly one (`1 row`), else `many` (`2 rows`).
pub fn plural<'a>(n: u64, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// Prints `value` as pretty JSON on stdout.
pub fn print_json(value: &impl Serialize) -> Result<(), Error> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

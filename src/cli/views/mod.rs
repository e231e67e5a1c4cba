//! How results are shown: human lines or one JSON document per command.
//! Runs are shown by observing their events ([`run`]); reports are built
//! from what the library returns.

pub mod backups;
pub mod findings;
pub mod history;
pub mod progress;
pub mod restore;
pub mod run;
pub mod status;

use serde::Serialize;

use crate::Error;

/// Prints `value` as pretty JSON on stdout.
pub fn print_json(value: &impl Serialize) -> Result<(), Error> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

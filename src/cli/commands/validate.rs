//! `validate [--json]`: exit 0 when the recorded state can be trusted, 5
//! when a migration changed since it ran, was left half-done, or is
//! applied but missing from the code.

use sea_orm_migration::MigratorTrait;
use serde::Serialize;

use super::reader;
use crate::Error;
use crate::cli::Exit;
use crate::cli::views::{findings, print_json};
use crate::config::Settings;
use crate::validate::Findings;

/// Checks the recorded state and says what it found.
pub async fn run<M: MigratorTrait>(settings: &Settings, json: bool) -> Result<Exit, Error> {
    let found = reader::<M>(settings).await?.findings().await?;
    if json {
        #[derive(Serialize)]
        struct Report<'a> {
            schema_version: u32,
            valid: bool,
            problems: Vec<findings::JsonProblem<'a>>,
            unchecked: Vec<&'a str>,
        }
        print_json(&Report {
            schema_version: 1,
            valid: found.problems.is_empty(),
            problems: findings::json_problems(&found),
            unchecked: findings::unchecked_names(&found),
        })?;
    } else {
        print!("{}", findings::text(&found));
        if found.problems.is_empty() {
            match found.unchecked.len() {
                0 => println!("valid: every applied migration is present, unchanged and finished"),
                1 => println!(
                    "valid: no problems found, but 1 applied migration was not verified (listed above)"
                ),
                n => println!(
                    "valid: no problems found, but {n} applied migrations were not verified (listed above)"
                ),
            }
        }
    }
    outcome(found)
}

/// Exit 0 when `findings` hold no problem, else the validation failure (exit 5).
pub fn outcome(findings: Findings) -> Result<Exit, Error> {
    match findings.problems.is_empty() {
        true => Ok(Exit::Success),
        false => Err(Error::Invalid(findings.problems)),
    }
}

//! `generate NAME`: a new, empty migration file registered in the migrator.

use std::path::Path;

use crate::Error;
use crate::cli::Exit;
use crate::generate::{self, GenerateError};

/// Writes migration `name`, time-stamped in UTC unless `local_time`.
pub fn run(name: &str, local_time: bool, migration_dir: Option<&Path>) -> Result<Exit, Error> {
    const FORMAT: &str = "%Y%m%d_%H%M%S";
    let timestamp = if local_time {
        chrono::Local::now().format(FORMAT).to_string()
    } else {
        chrono::Utc::now().format(FORMAT).to_string()
    };
    let cwd = std::env::current_dir().map_err(|source| GenerateError::Io {
        path: ".".to_owned(),
        source,
    })?;
    let crate_dir = generate::find_migration_crate(&cwd, migration_dir)?;
    let generated = generate::generate(&crate_dir, name, &timestamp)?;
    println!(
        "created {} and registered {} in {}",
        generated.file.display(),
        generated.module,
        generated.lib.display()
    );
    Ok(Exit::Success)
}

//! `generate NAME`: a new, empty migration file registered in the
//! migrator; with `--autogenerate`, the migration that turns the
//! migrations' schema into the entities'.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::Path;

use sea_orm_migration::MigratorTrait;

use crate::Error;
use crate::autogenerate::decisions::{Ask, NoTerminal, Request};
use crate::cli::Exit;
use crate::cli::args::Autogenerate;
use crate::config::Settings;
use crate::diff::RenameCandidate;
use crate::draft;
use crate::engine::Migrations;
use crate::entities::Entities;
use crate::generate::{self, GenerateError};
use backup::secrets::clear_credentials;

/// Writes migration `name` from the template, time-stamped in UTC unless `local_time`.
pub fn run(name: &str, local_time: bool, migration_dir: Option<&Path>) -> Result<Exit, Error> {
    let crate_dir = crate_dir(migration_dir)?;
    let generated = generate::generate(&crate_dir, name, &timestamp(local_time))?;
    report(&generated);
    Ok(Exit::Success)
}

/// Writes (or with `--dry-run` prints) migration `name` drafted from `entities`.
pub async fn autogenerate<M: MigratorTrait>(
    scratch: &Settings,
    entities: &Entities,
    name: &str,
    local_time: bool,
    migration_dir: Option<&Path>,
    options: Autogenerate,
) -> Result<Exit, Error> {
    generate::normalise_name(name)?;
    let crate_dir = match options.dry_run {
        true => None,
        false => Some(crate_dir(migration_dir)?),
    };
    let request = Request {
        renames: options
            .rename
            .iter()
            .map(|text| text.parse::<RenameCandidate>())
            .collect::<Result<_, _>>()?,
        fills: fills(&options.defaults)?,
        allow_destructive: options.allow_destructive,
    };
    let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    let mut ask: Box<dyn Ask> = match interactive {
        true => Box::new(TerminalAsk),
        false => Box::new(NoTerminal),
    };
    let draft = draft::draft::<M>(scratch, entities, request, ask.as_mut()).await?;
    if draft.up.is_empty() {
        println!(
            "no changes: the migrations already produce the entities' schema; nothing written"
        );
        return Ok(Exit::Success);
    }
    match crate_dir {
        None => print!("{}", draft.source),
        Some(dir) => {
            let generated =
                generate::generate_with_source(&dir, name, &timestamp(local_time), &draft.source)?;
            report(&generated);
            for change in &draft.up {
                println!("  {change}");
            }
            if let Some(backend) = options.backend.filter(|_| options.sql) {
                let previous = Migrations::of::<M>().versions().pop();
                print_sql(scratch, &dir, previous.as_deref(), backend)?;
            }
        }
    }
    Ok(Exit::Success)
}

/// Prints the SQL the migrations after `previous` run on `backend`, as the
/// migration crate in `crate_dir`, rebuilt by cargo with the new migration
/// in it, prints it (`sql up --from PREVIOUS --backend B`): the engine's own
/// program, nothing re-derived. No credential reaches cargo's environment.
fn print_sql(
    settings: &Settings,
    crate_dir: &Path,
    previous: Option<&str>,
    backend: crate::Backend,
) -> Result<(), Error> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = std::process::Command::new(cargo);
    command
        .args(["run", "--quiet", "--manifest-path"])
        .arg(crate_dir.join("Cargo.toml"))
        .args(["--", "sql", "up", "--backend", backend.driver_scheme()]);
    if let Some(previous) = previous {
        command.args(["--from", previous]);
    }
    clear_credentials(&mut command, &settings.target());
    let status = command.status().map_err(GenerateError::CannotRunCargo)?;
    match status.success() {
        true => Ok(()),
        false => Err(GenerateError::SqlFailed {
            dir: crate_dir.to_path_buf(),
            status,
        }
        .into()),
    }
}

fn timestamp(local_time: bool) -> String {
    const FORMAT: &str = "%Y%m%d_%H%M%S";
    match local_time {
        true => chrono::Local::now().format(FORMAT).to_string(),
        false => chrono::Utc::now().format(FORMAT).to_string(),
    }
}

fn crate_dir(migration_dir: Option<&Path>) -> Result<std::path::PathBuf, Error> {
    let cwd = std::env::current_dir().map_err(|source| GenerateError::Io {
        path: ".".to_owned(),
        source,
    })?;
    Ok(generate::find_migration_crate(&cwd, migration_dir)?)
}

fn report(generated: &generate::Generated) {
    println!(
        "created {} and registered {} in {}",
        generated.file.display(),
        generated.module,
        generated.lib.display()
    );
}

/// `--default table.column=VALUE` arguments by (table, column).
fn fills(arguments: &[String]) -> Result<BTreeMap<(String, String), String>, Error> {
    arguments
        .iter()
        .map(|text| {
            let parsed = text
                .split_once('=')
                .and_then(|(column, value)| Some((column.split_once('.')?, value)))
                .filter(|((table, column), value)| {
                    !table.is_empty() && !column.is_empty() && !value.is_empty()
                });
            match parsed {
                Some(((table, column), value)) => {
                    Ok(((table.to_owned(), column.to_owned()), value.to_owned()))
                }
                None => Err(GenerateError::InvalidDefault(text.clone()).into()),
            }
        })
        .collect()
}

/// Asks on the terminal.
struct TerminalAsk;

impl Ask for TerminalAsk {
    fn rename(&mut self, candidate: &RenameCandidate) -> Option<bool> {
        dialoguer::Confirm::new()
            .with_prompt(candidate.question())
            .default(false)
            .interact()
            .ok()
    }

    fn fill(&mut self, table: &str, column: &str) -> Option<String> {
        dialoguer::Input::<String>::new()
            .with_prompt(format!(
                "{table}.{column} is NOT NULL without a default: value for existing rows (a SQL literal, e.g. 0 or 'none')"
            ))
            .interact_text()
            .ok()
    }
}

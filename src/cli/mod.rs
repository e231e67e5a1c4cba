//! The command-line interface: parse, resolve settings, call the library's
//! run, render its events, map the outcome's class to an exit code. A
//! migration crate's `main.rs` is `migrate_kit::cli::main::<Migrator>()`.
//!
//! - [`args`]: the clap definitions;
//! - `commands/`: one file per command;
//! - `views/`: how runs, status, findings, history and backups are shown
//!   (human lines or JSON);
//! - [`terminal`], `usage`, `prompt`, `signals`, [`exit`]: lines on the
//!   terminal, usage errors in one line, the confirmation prompt, the signals
//!   that stop a run, the exit codes.

pub mod args;
mod commands;
pub mod exit;
mod prompt;
mod signals;
pub mod terminal;
mod usage;
mod views;

use clap::{CommandFactory, FromArgMatches};
use sea_orm_migration::MigratorTrait;

pub use args::{BackupArgs, BackupCommand, Cli, Command, Confirm, GlobalArgs, SqlDirection};
pub use exit::Exit;

use crate::Error;
use crate::checksum::{self, Sources};
use crate::config::DatabaseUrl;
use crate::engine::Migrations;
use crate::entities::Entities;
use crate::runner::panic_message;

/// Runs the CLI for migrator `M` on this process's arguments and
/// environment, with the source checksums the migration crate embeds (see
/// `migrate_kit_build`), so that `validate` and `up` detect edited migrations.
pub fn main_with_sources<M: MigratorTrait>(sources: Sources) -> std::process::ExitCode {
    checksum::register(sources);
    launch::<M>(Entities::new())
}

/// Like [`main_with_sources`], and with the application's entities, which
/// `generate --autogenerate` and `check` compare the migrations with.
pub fn main_with_entities<M: MigratorTrait>(
    sources: Sources,
    entities: Entities,
) -> std::process::ExitCode {
    checksum::register(sources);
    launch::<M>(entities)
}

/// Runs the CLI for migrator `M` on this process's arguments and
/// environment; without embedded source checksums, applied migrations
/// cannot be verified (see [`main_with_sources`]).
pub fn main<M: MigratorTrait>() -> std::process::ExitCode {
    launch::<M>(Entities::new())
}

fn launch<M: MigratorTrait>(entities: Entities) -> std::process::ExitCode {
    // Panics are reported as one error line below, never as a backtrace.
    std::panic::set_hook(Box::new(|_| {}));
    match std::panic::catch_unwind(|| main_inner::<M>(&entities)) {
        Ok(exit) => exit.into(),
        Err(payload) => {
            terminal::error(&format!(
                "internal error: {}; please report it",
                panic_message(payload.as_ref())
            ));
            Exit::Failure.into()
        }
    }
}

fn main_inner<M: MigratorTrait>(entities: &Entities) -> Exit {
    let parsed = Cli::command()
        .version(version::<M>())
        .try_get_matches()
        .and_then(|matches| Cli::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(error) => return usage_error(&error),
    };
    terminal::configure_colours();
    init_tracing(cli.global.verbose);
    let command = cli.command.unwrap_or(Command::Up {
        num: None,
        to: None,
        dry_run: false,
        exact: false,
        json: false,
        lint: false,
    });
    let aftermath = commands::interrupted_aftermath(&command);
    // The database URL, once resolved, so that no message shows its password.
    let mut database: Option<DatabaseUrl> = None;
    let result = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(Error::Runtime)
        .and_then(|runtime| {
            let result = runtime.block_on(async {
                // Ctrl-C, SIGTERM and SIGHUP drop the run: its connection closes, so
                // the server rolls back an open migration transaction and releases
                // the session lock.
                tokio::select! {
                    result = commands::run::<M>(command, cli.global, entities, &mut database) => result,
                    signal = signals::first() => {
                        // Tools still running would go on dumping or loading after we exit.
                        backup::tools::stop_running();
                        views::progress::clear_all();
                        crate::run::scratch::discard_abandoned().await;
                        Err(Error::Interrupted { signal, aftermath })
                    }
                }
            });
            runtime.shutdown_timeout(std::time::Duration::from_secs(1));
            result
        });
    match result {
        Ok(exit) => exit,
        Err(error) => {
            let message = error.to_string();
            let message = match &database {
                Some(url) => url.scrub(&message),
                None => message,
            };
            terminal::error(&message);
            Exit::from(error.class())
        }
    }
}

/// What `--version` prints after the name: the toolkit's version and the
/// newest migration `M` contains, which tells which schema a binary brings.
fn version<M: MigratorTrait>() -> String {
    let newest = Migrations::of::<M>().versions().pop();
    format!(
        "{} (newest migration: {})",
        env!("CARGO_PKG_VERSION"),
        newest.as_deref().unwrap_or("none")
    )
}

/// Prints clap's complaint as one line (help and version are printed whole).
fn usage_error(error: &clap::Error) -> Exit {
    use clap::error::ErrorKind;
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    ) {
        let _ = error.print();
        return Exit::Success;
    }
    terminal::error(&usage::one_line(error));
    Exit::Usage
}

/// Logs go to stderr only with `-v` (or `RUST_LOG`): without them, every
/// line a user sees is the command's own (`error:`, `note:`, `warning:`).
fn init_tracing(verbose: bool) {
    let default = if verbose { "debug" } else { "off" };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(console::colors_enabled_stderr())
        .with_target(verbose)
        .without_time()
        .init();
}

//! The command-line interface: parse, resolve settings once, run one
//! command, map the outcome to an exit code. A migration crate's `main.rs`
//! is `migrate_kit::cli::main::<Migrator>()`.

mod args;
mod confirm;
mod exit;
mod output;
mod status_view;

use std::time::Instant;

use clap::Parser;
use sea_orm_migration::MigratorTrait;

pub use args::{Cli, Command as CliCommand, Confirm, GlobalArgs};
pub use confirm::ConfirmError;
pub use exit::Exit;
pub use status_view::StatusReport;

use crate::config::{ConfigError, Inputs, Settings, UrlSource};
use crate::connect::connect;
use crate::engine::{Command, Engine, EngineError, panic_message};
use crate::generate::{self, GenerateError};
use crate::plan::{DownTarget, MigrationState, PlanError, UpTarget};
use crate::{Error, connect::ConnectError};

/// A failure at the CLI's edge, with the exit code it maps to.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CliError {
    /// A toolkit error.
    #[error(transparent)]
    Toolkit(#[from] Error),
    /// Confirmation was refused or impossible.
    #[error(transparent)]
    Confirm(#[from] ConfirmError),
    /// The `.env` file exists but cannot be read.
    #[error("cannot read .env: {0}; fix or remove the file")]
    DotEnv(String),
    /// The tokio runtime could not start.
    #[error("cannot start the async runtime: {0}")]
    Runtime(std::io::Error),
}

impl CliError {
    /// The exit code this failure maps to.
    pub fn exit(&self) -> Exit {
        match self {
            Self::Toolkit(Error::Config(_)) | Self::DotEnv(_) => Exit::Usage,
            Self::Toolkit(Error::Connect(_)) => Exit::Connection,
            Self::Toolkit(Error::Engine(EngineError::Plan(
                PlanError::UnknownVersion(_)
                | PlanError::AmbiguousVersion(..)
                | PlanError::NotApplied(_),
            ))) => Exit::Usage,
            Self::Toolkit(Error::Generate(GenerateError::InvalidName(_))) => Exit::Usage,
            Self::Confirm(ConfirmError::NeedsYes(_)) => Exit::Usage,
            _ => Exit::Failure,
        }
    }
}

impl From<ConfigError> for CliError {
    fn from(error: ConfigError) -> Self {
        Self::Toolkit(error.into())
    }
}

impl From<ConnectError> for CliError {
    fn from(error: ConnectError) -> Self {
        Self::Toolkit(error.into())
    }
}

impl From<EngineError> for CliError {
    fn from(error: EngineError) -> Self {
        Self::Toolkit(error.into())
    }
}

impl From<GenerateError> for CliError {
    fn from(error: GenerateError) -> Self {
        Self::Toolkit(error.into())
    }
}

/// Runs the CLI for migrator `M` on this process's arguments and environment.
pub fn main<M: MigratorTrait>() -> std::process::ExitCode {
    // Panics are reported as one error line below, never as a backtrace.
    std::panic::set_hook(Box::new(|_| {}));
    match std::panic::catch_unwind(main_inner::<M>) {
        Ok(exit) => exit.into(),
        Err(payload) => {
            output::error(&format!(
                "internal error: {}; please report it",
                panic_message(payload.as_ref())
            ));
            Exit::Failure.into()
        }
    }
}

fn main_inner<M: MigratorTrait>() -> Exit {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return usage_error(&error),
    };
    output::configure_colours();
    init_tracing(cli.global.verbose);
    let mut password_scrubber = None;
    let result = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(CliError::Runtime)
        .and_then(|runtime| runtime.block_on(run::<M>(cli, &mut password_scrubber)));
    match result {
        Ok(exit) => exit,
        Err(error) => {
            let message = error.to_string();
            let message = match &password_scrubber {
                Some(settings) => settings.url.scrub(&message),
                None => message,
            };
            output::error(&message);
            error.exit()
        }
    }
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
    let rendered = error.render().to_string();
    let first = rendered
        .lines()
        .next()
        .unwrap_or_default()
        .trim_start_matches("error: ");
    output::error(&format!("{first} (see --help)"));
    Exit::Usage
}

fn init_tracing(verbose: bool) {
    let default = if verbose { "debug" } else { "warn" };
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

/// Loads `.env` if present (it never overrides the real environment).
fn load_dotenv() -> Result<(), CliError> {
    match dotenvy::dotenv() {
        Ok(_) => Ok(()),
        Err(error) if error.not_found() => Ok(()),
        // The offending line may hold a secret: name only its variable.
        Err(dotenvy::Error::LineParse(line, _)) => {
            let name = line.split('=').next().unwrap_or_default().trim();
            Err(CliError::DotEnv(format!(
                "the line setting `{name}` cannot be parsed (check its quoting)"
            )))
        }
        Err(error) => Err(CliError::DotEnv(error.to_string())),
    }
}

/// What a parsed command line asks for.
enum Action {
    /// Write a new migration; needs no database.
    Generate {
        name: String,
        local_time: bool,
        migration_dir: Option<std::path::PathBuf>,
    },
    /// Work on the database.
    Database(DatabaseAction),
}

/// A command that needs a database connection.
enum DatabaseAction {
    /// Report the status.
    Status { json: bool },
    /// Change the schema; `yes` is `Some` for destructive commands.
    Change { command: Command, yes: Option<bool> },
}

impl From<CliCommand> for Action {
    fn from(command: CliCommand) -> Self {
        let change = |command, yes| Self::Database(DatabaseAction::Change { command, yes });
        match command {
            CliCommand::Generate {
                migration_name,
                local_time,
                migration_dir,
                ..
            } => Self::Generate {
                name: migration_name,
                local_time,
                migration_dir,
            },
            CliCommand::Status { json } => Self::Database(DatabaseAction::Status { json }),
            CliCommand::Up { num, to } => {
                let target = match (num, to) {
                    (Some(n), _) => UpTarget::Steps(n),
                    (None, Some(version)) => UpTarget::To(version),
                    (None, None) => UpTarget::All,
                };
                change(Command::Up(target), None)
            }
            CliCommand::Down { num, to, confirm } => {
                let target = match to.as_deref() {
                    Some("base") => DownTarget::Base,
                    Some(version) => DownTarget::To(version.to_owned()),
                    None => DownTarget::Steps(num),
                };
                change(Command::Down(target), Some(confirm.yes))
            }
            CliCommand::Fresh { confirm } => change(Command::Fresh, Some(confirm.yes)),
            CliCommand::Refresh { confirm } => change(Command::Refresh, Some(confirm.yes)),
            CliCommand::Reset { confirm } => change(Command::Reset, Some(confirm.yes)),
        }
    }
}

async fn run<M: MigratorTrait>(
    cli: Cli,
    scrubber: &mut Option<Settings>,
) -> Result<Exit, CliError> {
    load_dotenv()?;
    let command = cli.command.unwrap_or(CliCommand::Up {
        num: None,
        to: None,
    });
    let action = match Action::from(command) {
        Action::Generate {
            name,
            local_time,
            migration_dir,
        } => return run_generate(&name, local_time, migration_dir.as_deref()),
        Action::Database(action) => action,
    };
    let env = |name: &str| std::env::var(name).ok();
    let settings = Settings::resolve(&Inputs {
        database_url: cli.global.database_url.clone(),
        database_schema: cli.global.database_schema.clone(),
        env: &env,
    })?;
    *scrubber = Some(settings.clone());
    if settings.source == UrlSource::SqliteDefault {
        output::notice(&format!(
            "no database configured (--database-url, DATABASE_URL or POSTGRES_*): using the SQLite file ./{}",
            settings.url.database_name()
        ));
    }
    let db = connect(&settings, cli.global.verbose).await?;
    let engine = Engine::new::<M>(db);
    let database = settings.url.to_string();
    match action {
        DatabaseAction::Status { json } => status(&engine, &database, json).await,
        DatabaseAction::Change { command, yes } => change(&engine, &database, command, yes).await,
    }
}

async fn status(engine: &Engine, database: &str, json: bool) -> Result<Exit, CliError> {
    let entries = engine.status().await?;
    let table = engine.tracking_table();
    let report = StatusReport::new(engine.backend(), database, &table, &entries);
    if json {
        match serde_json::to_string_pretty(&report) {
            Ok(text) => println!("{text}"),
            Err(error) => return Err(EngineError::State(error.to_string()).into()),
        }
    } else {
        print!("{}", report.to_text());
    }
    let missing: Vec<String> = entries
        .iter()
        .filter(|e| e.state == MigrationState::Missing)
        .map(|e| e.version.clone())
        .collect();
    if missing.is_empty() {
        Ok(Exit::Success)
    } else {
        Err(EngineError::Plan(PlanError::MissingMigrations(missing)).into())
    }
}

/// Plans a schema-changing command, confirms it when it is destructive
/// (`confirm_with` holds `--yes`), then runs it.
async fn change(
    engine: &Engine,
    database: &str,
    command: Command,
    confirm_with: Option<bool>,
) -> Result<Exit, CliError> {
    let plan = engine.plan(command).await?;
    if plan.steps.is_empty() {
        let message = match plan.command {
            Command::Up(_) => "nothing to apply: the database is up to date",
            _ => "nothing to roll back",
        };
        println!("{message} ({database})");
        return Ok(Exit::Success);
    }
    let headline = output::describe_plan(&plan, database);
    if let Some(yes) = confirm_with {
        confirm::confirm(
            plan.command.name(),
            &format!("{}?", capitalise(&headline)),
            yes,
        )?;
    }
    println!("{}", capitalise(&headline));
    let started = Instant::now();
    engine.execute(&plan, &mut output::HumanReporter).await?;
    println!("done in {}", output::duration(started.elapsed()));
    Ok(Exit::Success)
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn run_generate(
    name: &str,
    local_time: bool,
    migration_dir: Option<&std::path::Path>,
) -> Result<Exit, CliError> {
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

//! The command-line interface: parse, resolve settings once, run one
//! command, map the outcome to an exit code. A migration crate's `main.rs`
//! is `migrate_kit::cli::main::<Migrator>()`.

mod adopt_cmd;
mod args;
mod backups;
mod checks;
mod confirm;
mod context;
mod exit;
mod migrate;
mod output;
mod run_view;
mod signals;
mod status_view;

use std::os::unix::fs::FileTypeExt;

use clap::Parser;
use sea_orm_migration::MigratorTrait;

pub use args::{
    BackupArgs, BackupCommand, Cli, Command as CliCommand, Confirm, GlobalArgs, SqlBackend,
    SqlDirection,
};
pub use confirm::ConfirmError;
pub use exit::Exit;
pub use signals::Signal;
pub use status_view::StatusReport;

use backup::BackupError;

use crate::adopt::AdoptError;
use crate::config::{ConfigError, Inputs, Settings, UrlSource};
use crate::engine::{Command, EngineError, panic_message};
use crate::generate::{self, GenerateError};
use crate::lock::LockError;
use crate::plan::{DownTarget, PlanError, UpTarget};
use crate::{Error, connect::ConnectError};
use context::Context;

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
    /// A schema change was asked of a SQLite database that vanishes with the connection.
    #[error(
        "`{command}` on a temporary SQLite database (`sqlite:` without a file, or `:memory:`) changes nothing that outlives this command; give a file, e.g. -u 'sqlite://ops.sqlite?mode=rwc'"
    )]
    TemporaryDatabase {
        /// The command refused.
        command: &'static str,
    },
    /// Ctrl-C, SIGTERM or SIGHUP stopped the run.
    #[error("interrupted by {signal}: {aftermath}")]
    Interrupted {
        /// The signal.
        signal: Signal,
        /// What became of the command's work, which depends on the command.
        aftermath: &'static str,
    },
    /// The tokio runtime could not start.
    #[error("cannot start the async runtime: {0}")]
    Runtime(std::io::Error),
    /// A backup command failed.
    #[error(transparent)]
    Backup(#[from] BackupError),
    /// The migration lock could not be taken.
    #[error(transparent)]
    Lock(#[from] LockError),
    /// The database cannot be adopted from Alembic.
    #[error(transparent)]
    Adopt(#[from] AdoptError),
    /// A plan cannot be shown as SQL.
    #[error(transparent)]
    Render(#[from] crate::render::RenderError),
    /// The backup before a schema change failed, so the change did not run.
    #[error("the backup before `{command}` failed, so nothing was changed: {source}")]
    BackupBeforeChange {
        /// The command that was not run.
        command: &'static str,
        /// Why the backup failed.
        source: BackupError,
    },
    /// The restore succeeded, but recording it in the restored history failed.
    #[error(
        "restored {backup}, but could not record the restore in its history: {source}; the history from before the restore is in the safety backup {safety}"
    )]
    RestoreNotRecorded {
        /// Why recording failed.
        source: Box<CliError>,
        /// The backup restored.
        backup: String,
        /// The safety backup of the replaced database.
        safety: String,
    },
    /// A schema change failed after a backup was taken.
    #[error("{source}; to undo, restore the backup taken before it: `migration restore {backup}`")]
    Restorable {
        /// The failure.
        source: Box<CliError>,
        /// The backup's id.
        backup: String,
    },
}

impl CliError {
    /// The exit code this failure maps to.
    pub fn exit(&self) -> Exit {
        match self {
            Self::Toolkit(Error::Config(_)) | Self::DotEnv(_) | Self::TemporaryDatabase { .. } => {
                Exit::Usage
            }
            Self::Toolkit(Error::Connect(_)) => Exit::Connection,
            Self::Toolkit(Error::Engine(EngineError::Plan(
                PlanError::UnknownVersion(_)
                | PlanError::AmbiguousVersion(..)
                | PlanError::NotApplied(_),
            ))) => Exit::Usage,
            Self::Toolkit(Error::Generate(GenerateError::InvalidName(_))) => Exit::Usage,
            Self::Confirm(ConfirmError::NeedsYes(_)) => Exit::Usage,
            Self::Backup(BackupError::BadId(_)) => Exit::Usage,
            Self::Lock(LockError::Timeout { .. }) => Exit::LockTimeout,
            Self::Toolkit(Error::Engine(EngineError::Invalid(_))) => Exit::Validation,
            Self::Adopt(AdoptError::Mismatch(_) | AdoptError::WrongRevision { .. }) => {
                Exit::Validation
            }
            Self::Restorable { source, .. } | Self::RestoreNotRecorded { source, .. } => {
                source.exit()
            }
            Self::Interrupted { signal, .. } => signal.exit(),
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
    let action = Action::from(cli.command.unwrap_or(CliCommand::Up {
        num: None,
        to: None,
        dry_run: false,
        json: false,
    }));
    let aftermath = action.interrupted_aftermath();
    let global = cli.global;
    let result = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(CliError::Runtime)
        .and_then(|runtime| {
            let result = runtime.block_on(async {
                // Ctrl-C, SIGTERM and SIGHUP drop the run: its connection closes, so
                // the server rolls back an open migration transaction and releases
                // the session lock.
                tokio::select! {
                    result = run::<M>(action, global, &mut password_scrubber) => result,
                    signal = signals::first() => {
                        // Tools still running would go on dumping or loading after we exit.
                        backup::tools::stop_running();
                        backup::progress::clear_all();
                        Err(CliError::Interrupted { signal, aftermath })
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

/// Loads the nearest `.env` (in the current directory or a parent) if there
/// is one; it never overrides the real environment. A `.env` that is not a
/// file (a directory, a FIFO) is an error, never silently skipped.
fn load_dotenv() -> Result<(), CliError> {
    let cwd = std::env::current_dir().map_err(|e| CliError::DotEnv(e.to_string()))?;
    let Some(path) = cwd
        .ancestors()
        .map(|dir| dir.join(".env"))
        .find(|path| path.symlink_metadata().is_ok())
    else {
        return Ok(());
    };
    let kind = std::fs::metadata(&path).map(|m| m.file_type());
    if !kind.as_ref().is_ok_and(std::fs::FileType::is_file) {
        let what = match kind {
            Ok(kind) if kind.is_dir() => "a directory",
            Ok(kind) if kind.is_fifo() => "a FIFO",
            Ok(_) => "not a regular file",
            Err(_) => "a link to nothing",
        };
        return Err(CliError::DotEnv(format!(
            "{} is {what}, not a file of variables",
            path.display()
        )));
    }
    match dotenvy::from_path(&path) {
        Ok(()) => Ok(()),
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

/// Runs `work` holding the migration lock, taken before it reads any state
/// and released on every path.
async fn locked(
    context: &Context,
    engine: &crate::engine::Engine,
    work: impl std::future::Future<Output = Result<Exit, CliError>>,
) -> Result<Exit, CliError> {
    let lock = context.lock(engine).await?;
    let result = work.await;
    let released = lock.release(engine.connection()).await;
    let exit = result?;
    released?;
    Ok(exit)
}

/// What a parsed command line asks for.
enum Action {
    /// Write a new migration; needs no database.
    Generate {
        name: String,
        local_time: bool,
        migration_dir: Option<std::path::PathBuf>,
    },
    /// Print migrations as SQL; needs no database.
    Offline {
        direction: SqlDirection,
        from: Option<String>,
        to: Option<String>,
        backend: SqlBackend,
    },
    /// Work on the database.
    Database(DatabaseAction),
}

/// A command that needs a database connection.
enum DatabaseAction {
    /// Report the status.
    Status { json: bool },
    /// Change the schema; `yes` is `Some` for destructive commands.
    Change {
        command: Command,
        yes: Option<bool>,
        json: bool,
    },
    /// Print the SQL a schema change would run, changing nothing.
    DryRun(Command),
    /// Check the recorded state.
    Validate { json: bool },
    /// Accept the current state.
    Repair { yes: bool },
    /// Show the run history.
    History { json: bool },
    /// Record migrations as applied without running them.
    Stamp {
        target: adopt_cmd::StampTarget,
        yes: bool,
    },
    /// Adopt the Alembic-managed database.
    AdoptAlembic { drop_table: bool, yes: bool },
    /// A `backup` subcommand.
    Backup(BackupCommand),
    /// Restore a backup.
    Restore { id: String, yes: bool },
}

impl Action {
    /// What a signal leaves of this command's work, for the message that ends the run.
    fn interrupted_aftermath(&self) -> &'static str {
        let Self::Database(action) = self else {
            return "nothing was changed";
        };
        match action {
            DatabaseAction::Restore { .. } => {
                "a restore stopped before its swap leaves the database as it was; check it with `migration status` and `migration backup list`"
            }
            DatabaseAction::Backup(BackupCommand::Create { .. } | BackupCommand::Verify { .. }) => {
                "the backup or check in progress was stopped and its files removed; nothing else changed"
            }
            _ if action.changes_schema().is_some() => {
                "a migration running in a transaction was rolled back; one running without (MySQL) is left dirty: check with `migration validate`"
            }
            _ => "nothing was changed",
        }
    }
}

impl DatabaseAction {
    /// The command's name when it changes the database's schema or records.
    fn changes_schema(&self) -> Option<&'static str> {
        match self {
            Self::Change { command, .. } => Some(command.name()),
            Self::Repair { .. } => Some("repair"),
            Self::Stamp { .. } => Some("stamp"),
            Self::AdoptAlembic { .. } => Some("adopt-alembic"),
            Self::Restore { .. } => Some("restore"),
            _ => None,
        }
    }
}

impl From<CliCommand> for Action {
    fn from(command: CliCommand) -> Self {
        let change =
            |command, yes, json| Self::Database(DatabaseAction::Change { command, yes, json });
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
            CliCommand::Up {
                num,
                to,
                dry_run,
                json,
            } => {
                let target = match (num, to) {
                    (Some(n), _) => UpTarget::Steps(n),
                    (None, Some(version)) => UpTarget::To(version),
                    (None, None) => UpTarget::All,
                };
                match dry_run {
                    true => Self::Database(DatabaseAction::DryRun(Command::Up(target))),
                    false => change(Command::Up(target), None, json),
                }
            }
            CliCommand::Down {
                num,
                to,
                dry_run,
                json,
                confirm,
            } => {
                let target = match to.as_deref() {
                    Some("base") => DownTarget::Base,
                    Some(version) => DownTarget::To(version.to_owned()),
                    None => DownTarget::Steps(num),
                };
                match dry_run {
                    true => Self::Database(DatabaseAction::DryRun(Command::Down(target))),
                    false => change(Command::Down(target), Some(confirm.yes), json),
                }
            }
            CliCommand::Sql {
                direction,
                from,
                to,
                backend,
            } => Self::Offline {
                direction,
                from,
                to,
                backend,
            },
            CliCommand::Fresh { confirm } => change(Command::Fresh, Some(confirm.yes), false),
            CliCommand::Refresh { confirm } => change(Command::Refresh, Some(confirm.yes), false),
            CliCommand::Reset { confirm } => change(Command::Reset, Some(confirm.yes), false),
            CliCommand::Backup { command } => Self::Database(DatabaseAction::Backup(command)),
            CliCommand::Validate { json } => Self::Database(DatabaseAction::Validate { json }),
            CliCommand::Repair { confirm } => {
                Self::Database(DatabaseAction::Repair { yes: confirm.yes })
            }
            CliCommand::History { json } => Self::Database(DatabaseAction::History { json }),
            CliCommand::Stamp {
                version,
                baseline,
                to,
                confirm,
            } => Self::Database(DatabaseAction::Stamp {
                target: match (version.or(to), baseline) {
                    (_, true) => adopt_cmd::StampTarget::Baseline,
                    (Some(v), false) if v == "base" => adopt_cmd::StampTarget::Base,
                    (Some(v), false) => adopt_cmd::StampTarget::Version(v),
                    (None, false) => adopt_cmd::StampTarget::Base,
                },
                yes: confirm.yes,
            }),
            CliCommand::AdoptAlembic {
                drop_alembic_table,
                confirm,
            } => Self::Database(DatabaseAction::AdoptAlembic {
                drop_table: drop_alembic_table,
                yes: confirm.yes,
            }),
            CliCommand::Restore { id, confirm } => Self::Database(DatabaseAction::Restore {
                id,
                yes: confirm.yes,
            }),
        }
    }
}

async fn run<M: MigratorTrait>(
    action: Action,
    global: GlobalArgs,
    scrubber: &mut Option<Settings>,
) -> Result<Exit, CliError> {
    load_dotenv()?;
    let action = match action {
        Action::Generate {
            name,
            local_time,
            migration_dir,
        } => return run_generate(&name, local_time, migration_dir.as_deref()),
        Action::Offline {
            direction,
            from,
            to,
            backend,
        } => {
            return migrate::offline::<M>(direction, from.as_deref(), to.as_deref(), backend).await;
        }
        Action::Database(action) => action,
    };
    let env = |name: &str| std::env::var(name).ok();
    let settings = Settings::resolve(&Inputs {
        database_url: global.database_url.clone(),
        database_schema: global.database_schema.clone(),
        env: &env,
    })?;
    *scrubber = Some(settings.clone());
    if let Some(command) = action
        .changes_schema()
        .filter(|_| settings.url.is_temporary())
    {
        return Err(CliError::TemporaryDatabase { command });
    }
    if settings.source == UrlSource::SqliteDefault {
        output::notice(&format!(
            "no database configured (--database-url, DATABASE_URL or POSTGRES_*): using the SQLite file ./{}",
            settings.url.database_name()
        ));
    }
    let context = Context::new::<M>(settings, global);
    match action {
        DatabaseAction::Status { json } => {
            migrate::status(&context.reader::<M>().await?, &context, json).await
        }
        DatabaseAction::Change { command, yes, json } => {
            let engine = context.engine::<M>().await?;
            locked(
                &context,
                &engine,
                migrate::change(&engine, &context, command, yes, json),
            )
            .await
        }
        DatabaseAction::DryRun(command) => {
            migrate::dry_run(&context.reader::<M>().await?, command).await
        }
        DatabaseAction::Validate { json } => {
            checks::validate(&context.reader::<M>().await?, json).await
        }
        DatabaseAction::History { json } => {
            checks::history(&context.reader::<M>().await?, json).await
        }
        DatabaseAction::Repair { yes } => {
            let engine = context.engine::<M>().await?;
            locked(&context, &engine, checks::repair(&engine, &context, yes)).await
        }
        DatabaseAction::Stamp { target, yes } => {
            let engine = context.engine::<M>().await?;
            locked(
                &context,
                &engine,
                adopt_cmd::stamp(&engine, &context, target, yes),
            )
            .await
        }
        DatabaseAction::AdoptAlembic { drop_table, yes } => {
            let engine = context.engine::<M>().await?;
            locked(
                &context,
                &engine,
                adopt_cmd::adopt::<M>(&engine, &context, drop_table, yes),
            )
            .await
        }
        DatabaseAction::Backup(command) => backups::run::<M>(&context, command).await,
        DatabaseAction::Restore { id, yes } => backups::restore::<M>(&context, &id, yes).await,
    }
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

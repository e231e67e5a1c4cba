//! One file per command. Each takes its clap arguments and the resolved
//! settings, calls the library, shows the result through a view and says
//! how the command ended; this module resolves the settings once and
//! dispatches.

mod adopt_alembic;
mod backup;
mod check;
mod generate;
mod history;
mod init;
mod lint;
mod migrate;
mod repair;
mod restore;
mod sql;
mod stamp;
mod status;
mod validate;

use sea_orm_migration::MigratorTrait;

use super::args::LintFormat;
use super::terminal;
use super::views::progress::Display;
use super::{BackupCommand, Command, Confirm, Exit, GlobalArgs};
use crate::Error;
use crate::config::{self, BackupInputs, DatabaseUrl, Inputs, Settings, UrlSource, dotenv};
use crate::connect::{Access, is_uncreated_sqlite_file};
use crate::engine::Engine;
use crate::entities::Entities;

/// Runs `command`; `database` receives the database URL once it is
/// resolved, so that every message can be scrubbed of its password.
pub async fn run<M: MigratorTrait>(
    command: Command,
    global: GlobalArgs,
    entities: &Entities,
    database: &mut Option<DatabaseUrl>,
) -> Result<Exit, Error> {
    dotenv::load()?;
    match &command {
        Command::Generate {
            migration_name,
            local_time,
            migration_dir,
            autogenerate,
            ..
        } if !autogenerate.autogenerate => {
            return generate::run(migration_name, *local_time, migration_dir.as_deref());
        }
        Command::Init { migration_dir } => return init::run(migration_dir),
        _ => {}
    }
    let settings = resolve(&global)?;
    // `--yes` on one command, or MIGRATION_YES on every command at once.
    let assume_yes = config::assume_yes(&|name: &str| std::env::var(name).ok())?;
    let yes = |confirm: Confirm| confirm.yes || assume_yes;
    *database = Some(settings.url.clone());
    let offline = matches!(
        command,
        Command::Sql { .. }
            | Command::Check { .. }
            | Command::Generate { .. }
            | Command::Lint {
                backend: Some(_),
                ..
            }
    );
    if settings.source == UrlSource::SqliteDefault && !offline {
        terminal::notice(&format!(
            "no database configured (--database-url, DATABASE_URL or POSTGRES_*): using the SQLite file ./{}",
            settings.url.database_name()
        ));
    }
    match command {
        Command::Up {
            num,
            to,
            dry_run,
            exact,
            json,
            lint,
        } => migrate::up::<M>(&settings, num, to, dry_run.then_some(exact), json, lint).await,
        Command::Down {
            num,
            to,
            dry_run,
            exact,
            json,
            confirm,
        } => {
            let dry_run = dry_run.then_some(exact);
            migrate::down::<M>(&settings, num, to, dry_run, json, yes(confirm)).await
        }
        Command::Fresh { confirm } => migrate::fresh::<M>(&settings, yes(confirm)).await,
        Command::Refresh { confirm } => migrate::refresh::<M>(&settings, yes(confirm)).await,
        Command::Reset { confirm } => migrate::reset::<M>(&settings, yes(confirm)).await,
        Command::Status { json } => status::run::<M>(&settings, json).await,
        Command::Check {
            json,
            dev_url,
            lint,
        } => {
            let scratch = scratch_settings(&settings, dev_url.as_deref())?;
            let questions = crate::check::Questions {
                live: settings.source != UrlSource::SqliteDefault,
                lint,
            };
            check::run::<M>(&settings, &scratch, entities, questions, json).await
        }
        Command::Validate { json } => validate::run::<M>(&settings, json).await,
        Command::Repair { json, confirm } => repair::run::<M>(&settings, json, yes(confirm)).await,
        Command::History { json } => history::run::<M>(&settings, json).await,
        Command::Stamp {
            version,
            baseline,
            to,
            json,
            confirm,
        } => stamp::run::<M>(&settings, version.or(to), baseline, json, yes(confirm)).await,
        Command::AdoptAlembic {
            drop_alembic_table,
            json,
            confirm,
        } => adopt_alembic::run::<M>(&settings, drop_alembic_table, json, yes(confirm)).await,
        Command::Backup { command } => backup::run::<M>(&settings, command).await,
        Command::Restore { id, confirm } => restore::run::<M>(&settings, &id, yes(confirm)).await,
        Command::Sql {
            direction,
            from,
            to,
            backend,
        } => {
            sql::run::<M>(
                &settings,
                direction,
                from.as_deref(),
                to.as_deref(),
                backend,
            )
            .await
        }
        Command::Lint {
            from,
            to,
            all,
            json,
            format,
            backend,
            exact,
            trace,
            dev_url,
        } => {
            let range = lint::Range {
                from,
                to,
                all,
                exact,
            };
            let format = match json {
                true => LintFormat::Json,
                false => format.unwrap_or_default(),
            };
            let trace = match trace {
                true => Some(scratch_settings(&settings, dev_url.as_deref())?),
                false => None,
            };
            let verbose = global.verbose;
            lint::run::<M>(&settings, range, format, verbose, backend, trace.as_ref()).await
        }
        Command::Generate {
            migration_name,
            local_time,
            migration_dir,
            autogenerate,
            ..
        } => {
            let scratch = scratch_settings(&settings, autogenerate.dev_url.as_deref())?;
            generate::autogenerate::<M>(
                &scratch,
                entities,
                &migration_name,
                local_time,
                migration_dir.as_deref(),
                autogenerate,
            )
            .await
        }
        // Needs no settings: run above.
        Command::Init { .. } => Ok(Exit::Success),
    }
}

/// Where scratch databases go: beside `dev_url`'s database when given,
/// else beside the configured one.
fn scratch_settings(settings: &Settings, dev_url: Option<&str>) -> Result<Settings, Error> {
    match dev_url {
        None => Ok(settings.clone()),
        Some(url) => {
            let url = DatabaseUrl::parse(url).map_err(|source| config::ConfigError::Url {
                source,
                origin: UrlSource::DevUrl,
            })?;
            Ok(Settings::for_url(url))
        }
    }
}

/// The settings from the flags, the environment and `.env`.
fn resolve(global: &GlobalArgs) -> Result<Settings, Error> {
    let env = |name: &str| std::env::var(name).ok();
    let backup = &global.backup;
    let mut settings = Settings::resolve(&Inputs {
        database_url: global.database_url.clone(),
        database_schema: global.database_schema.clone(),
        lock_wait: Some(global.lock_wait),
        lock_timeout: Some(global.lock_timeout),
        statement_timeout: global.statement_timeout,
        retries: Some(global.retries),
        backup: BackupInputs {
            no_backup: backup.no_backup,
            dir: Some(backup.backup_dir.clone()),
            retention_days: Some(backup.retention_days),
            keep_min: Some(backup.keep_min),
            max_total_size: backup.max_total_size,
            jobs: Some(backup.jobs),
            pg_bin_dir: backup.pg_bin_dir.clone(),
        },
        env: &env,
    })?;
    settings.backup.engine.progress = std::sync::Arc::new(Display);
    Ok(settings)
}

/// The engine of a command that only reads: it never creates a database,
/// and says so when the default SQLite file does not exist yet.
async fn reader<M: MigratorTrait>(settings: &Settings) -> Result<Engine, Error> {
    if is_uncreated_sqlite_file(settings) {
        terminal::notice(&format!(
            "{} does not exist yet, so nothing is applied; `migration up` creates it",
            settings.url.database_name()
        ));
    }
    Engine::open::<M>(settings, Access::ReadOnly).await
}

/// What a signal leaves of `command`'s work, for the message that ends the run.
pub fn interrupted_aftermath(command: &Command) -> &'static str {
    match command {
        Command::Restore { .. } => {
            "a restore stopped before its swap leaves the database as it was; check it with `migration status` and `migration backup list`"
        }
        Command::Backup {
            command: BackupCommand::Create { .. } | BackupCommand::Verify { .. },
        } => {
            "the backup or check in progress was stopped and its files removed; nothing else changed"
        }
        Command::Up { dry_run: false, .. }
        | Command::Down { dry_run: false, .. }
        | Command::Fresh { .. }
        | Command::Refresh { .. }
        | Command::Reset { .. }
        | Command::Repair { .. }
        | Command::Stamp { .. }
        | Command::AdoptAlembic { .. } => {
            "a migration running in a transaction was rolled back; one running without (MySQL) is left dirty: check with `migration validate`"
        }
        _ => "nothing was changed",
    }
}

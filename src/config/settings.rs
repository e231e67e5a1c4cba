//! Every setting of a run resolved once from the raw inputs (flags,
//! environment, `.env`) into one validated [`Settings`]: the database, the
//! schema, the lock wait, the migrations' timeouts and retries, and backups.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use backup::engine::EngineOptions;
use backup::{BackupError, Backups, Policy, Target};

use super::{DatabaseUrl, UrlError, defaults, parse_duration};

/// The SQLite file used when nothing else is configured.
pub const DEFAULT_SQLITE_FILE: &str = "ops_center.sqlite";

/// Why the configuration could not be resolved.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigError {
    /// A URL from the flag, `DATABASE_URL` or the `POSTGRES_*` parts is invalid.
    #[error("{source} (from {origin})")]
    Url {
        /// The invalid URL's problem.
        source: UrlError,
        /// Where it came from.
        origin: UrlSource,
    },
    /// `POSTGRES_PORT` is not a port number.
    #[error("POSTGRES_PORT `{0}` is not a port number (1-65535)")]
    InvalidPort(String),
    /// `MIGRATION_YES` holds something other than a yes or nothing.
    #[error(
        "MIGRATION_YES is `{}`: set it to 1, true or yes to answer every confirmation, or to 0, false, no or nothing to be asked",
        .0.escape_debug()
    )]
    InvalidYes(String),
    /// The schema name holds a control character (a newline, a tab...).
    #[error(
        "schema name {0:?} contains a control character; give the schema's name as it is (spaces and other characters are fine)"
    )]
    InvalidSchema(String),
    /// The `.env` file exists but cannot be read.
    #[error("cannot read .env: {0}; fix or remove the file")]
    DotEnv(String),
    /// A change was asked of a SQLite database that vanishes with the connection.
    #[error(
        "`{command}` on a temporary SQLite database (`sqlite:` without a file, or `:memory:`) changes nothing that outlives this command; give a file, e.g. -u 'sqlite://ops.sqlite?mode=rwc'"
    )]
    TemporaryDatabase {
        /// The command refused.
        command: &'static str,
    },
}

/// Where the database URL came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlSource {
    /// The `-u/--database-url` flag.
    Flag,
    /// The `DATABASE_URL` environment variable (or `.env`).
    DatabaseUrlEnv,
    /// Built from the `POSTGRES_HOST/PORT/USER/PASSWORD/DB` variables.
    PostgresEnv,
    /// Nothing was configured: the embedded SQLite default.
    SqliteDefault,
    /// The `--dev-url` flag: where scratch databases go.
    DevUrl,
}

impl fmt::Display for UrlSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Flag => "--database-url",
            Self::DatabaseUrlEnv => "DATABASE_URL",
            Self::PostgresEnv => "POSTGRES_* variables",
            Self::SqliteDefault => "the SQLite default",
            Self::DevUrl => "--dev-url",
        })
    }
}

/// The raw configuration inputs: command-line values (`None`: not given,
/// so the default applies) and an environment lookup.
pub struct Inputs<'a> {
    /// The value of `-u/--database-url`, if given.
    pub database_url: Option<String>,
    /// The value of `-s/--database-schema`, if given.
    pub database_schema: Option<String>,
    /// `--lock-wait`.
    pub lock_wait: Option<Duration>,
    /// `--lock-timeout`.
    pub lock_timeout: Option<Duration>,
    /// `--statement-timeout`.
    pub statement_timeout: Option<Duration>,
    /// `--retries`.
    pub retries: Option<u32>,
    /// The backup flags.
    pub backup: BackupInputs,
    /// Looks up an environment variable (after `.env` was loaded); empty values count as unset.
    pub env: &'a dyn Fn(&str) -> Option<String>,
}

impl<'a> Inputs<'a> {
    /// No flag given, variables looked up with `env`.
    pub fn new(env: &'a dyn Fn(&str) -> Option<String>) -> Self {
        Self {
            database_url: None,
            database_schema: None,
            lock_wait: None,
            lock_timeout: None,
            statement_timeout: None,
            retries: None,
            backup: BackupInputs::default(),
            env,
        }
    }
}

/// The backup flags as given (`None`: the default).
#[derive(Debug, Clone, Default)]
pub struct BackupInputs {
    /// `--no-backup`.
    pub no_backup: bool,
    /// `--backup-dir`.
    pub dir: Option<PathBuf>,
    /// `--retention-days`.
    pub retention_days: Option<u32>,
    /// `--keep-min`.
    pub keep_min: Option<usize>,
    /// `--max-total-size`, in bytes.
    pub max_total_size: Option<u64>,
    /// `--jobs`.
    pub jobs: Option<u32>,
    /// `--pg-bin-dir`.
    pub pg_bin_dir: Option<PathBuf>,
}

/// The validated settings every command runs with.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The database to migrate.
    pub url: DatabaseUrl,
    /// Where [`Settings::url`] came from.
    pub source: UrlSource,
    /// The PostgreSQL schema (search path) to work in; ignored by other backends.
    pub schema: Option<String>,
    /// How long a change waits for another run's migration lock.
    pub lock_wait: Duration,
    /// The migrations' lock and statement timeouts, and retries.
    pub timeouts: Timeouts,
    /// Whether and where backups are taken, and how long they are kept.
    pub backup: BackupSettings,
}

/// How long a migration may wait for locks and run, and how often it is
/// retried when it cannot get a lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// PostgreSQL `lock_timeout` / MySQL `lock_wait_timeout` per statement.
    pub lock_timeout: Duration,
    /// PostgreSQL `statement_timeout`, if any.
    pub statement_timeout: Option<Duration>,
    /// Retries of a transactional migration that timed out on a lock.
    pub retries: u32,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            lock_timeout: default_duration(defaults::LOCK_TIMEOUT),
            statement_timeout: None,
            retries: defaults::RETRIES,
        }
    }
}

/// Backups before changes: on or off, where, kept how long, taken how.
#[derive(Debug, Clone)]
pub struct BackupSettings {
    /// Whether a change takes a backup first (off with `--no-backup`).
    pub enabled: bool,
    /// The backup directory.
    pub dir: PathBuf,
    /// The retention policy.
    pub policy: Policy,
    /// Where the dump tools are and how many jobs they run.
    pub engine: EngineOptions,
}

impl Default for BackupSettings {
    fn default() -> Self {
        Self::resolve(&BackupInputs::default())
    }
}

impl BackupSettings {
    fn resolve(inputs: &BackupInputs) -> Self {
        Self {
            enabled: !inputs.no_backup,
            dir: inputs
                .dir
                .clone()
                .unwrap_or_else(|| PathBuf::from(defaults::BACKUP_DIR)),
            policy: Policy {
                max_age: chrono::Duration::days(i64::from(
                    inputs.retention_days.unwrap_or(defaults::RETENTION_DAYS),
                )),
                keep_min: inputs.keep_min.unwrap_or(defaults::KEEP_MIN),
                max_total_size: inputs.max_total_size,
            },
            engine: EngineOptions {
                pg_bin_dir: inputs.pg_bin_dir.clone(),
                jobs: inputs.jobs.unwrap_or(defaults::JOBS),
                ..EngineOptions::default()
            },
        }
    }
}

fn default_duration(text: &str) -> Duration {
    parse_duration(text).unwrap_or_default()
}

impl Settings {
    /// Resolves the inputs: `--database-url`, then `DATABASE_URL`, then the
    /// `POSTGRES_*` variables, then the SQLite file `ops_center.sqlite`.
    pub fn resolve(inputs: &Inputs<'_>) -> Result<Self, ConfigError> {
        let env = |name: &str| (inputs.env)(name).filter(|value| !value.trim().is_empty());
        let schema = inputs
            .database_schema
            .clone()
            .filter(|s| !s.trim().is_empty())
            .or_else(|| env("DATABASE_SCHEMA"));
        if let Some(name) = schema.as_ref().filter(|s| s.chars().any(char::is_control)) {
            return Err(ConfigError::InvalidSchema(name.clone()));
        }
        let (url, source) = if let Some(text) = inputs.database_url.as_deref() {
            (parse(text, UrlSource::Flag)?, UrlSource::Flag)
        } else if let Some(text) = env("DATABASE_URL") {
            (
                parse(&text, UrlSource::DatabaseUrlEnv)?,
                UrlSource::DatabaseUrlEnv,
            )
        } else if let Some(url) = postgres_from_parts(&env)? {
            (url, UrlSource::PostgresEnv)
        } else {
            let text = format!("sqlite://{DEFAULT_SQLITE_FILE}?mode=rwc");
            (
                parse(&text, UrlSource::SqliteDefault)?,
                UrlSource::SqliteDefault,
            )
        };
        Ok(Self {
            url,
            source,
            schema,
            lock_wait: inputs
                .lock_wait
                .unwrap_or_else(|| default_duration(defaults::LOCK_WAIT)),
            timeouts: Timeouts {
                lock_timeout: inputs
                    .lock_timeout
                    .unwrap_or_else(|| default_duration(defaults::LOCK_TIMEOUT)),
                statement_timeout: inputs.statement_timeout,
                retries: inputs.retries.unwrap_or(defaults::RETRIES),
            },
            backup: BackupSettings::resolve(&inputs.backup),
        })
    }

    /// The settings for `url` with every other setting at its default.
    pub fn for_url(url: DatabaseUrl) -> Self {
        Self {
            url,
            source: UrlSource::Flag,
            schema: None,
            lock_wait: default_duration(defaults::LOCK_WAIT),
            timeouts: Timeouts::default(),
            backup: BackupSettings::default(),
        }
    }

    /// Refuses `command`, which changes the database, when the database is
    /// a SQLite one that vanishes with the connection.
    pub fn ensure_lasting(&self, command: &'static str) -> Result<(), ConfigError> {
        match self.url.is_temporary() {
            true => Err(ConfigError::TemporaryDatabase { command }),
            false => Ok(()),
        }
    }

    /// The backups of this database, whose migrations are tracked in `tracking_table`.
    pub fn backups(&self, tracking_table: &str) -> Result<Backups, BackupError> {
        let config = backup::Config {
            dir: self.backup.dir.clone(),
            policy: self.backup.policy,
            engine: self.backup.engine.clone(),
            tracking_table: tracking_table.to_owned(),
            toolkit_version: env!("CARGO_PKG_VERSION").to_owned(),
        };
        Backups::new(config, self.target())
    }

    /// The database as the backup engines address it.
    pub fn target(&self) -> Target {
        Target::new(self.url.clone())
    }
}

fn parse(text: &str, origin: UrlSource) -> Result<DatabaseUrl, ConfigError> {
    DatabaseUrl::parse(text).map_err(|source| ConfigError::Url { source, origin })
}

/// Builds the URL from `POSTGRES_*` when at least one of them is set.
fn postgres_from_parts(
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Option<DatabaseUrl>, ConfigError> {
    const PARTS: [&str; 5] = [
        "POSTGRES_HOST",
        "POSTGRES_PORT",
        "POSTGRES_USER",
        "POSTGRES_PASSWORD",
        "POSTGRES_DB",
    ];
    if PARTS.iter().all(|name| env(name).is_none()) {
        return Ok(None);
    }
    let host = env("POSTGRES_HOST").unwrap_or_else(|| "localhost".to_owned());
    let port = match env("POSTGRES_PORT") {
        Some(text) => text
            .trim()
            .parse::<u16>()
            .ok()
            .filter(|port| *port != 0)
            .ok_or(ConfigError::InvalidPort(text))?,
        None => 5432,
    };
    let user = env("POSTGRES_USER").unwrap_or_else(|| "postgres".to_owned());
    let password = env("POSTGRES_PASSWORD");
    let database = env("POSTGRES_DB").unwrap_or_else(|| user.clone());
    DatabaseUrl::postgres(&host, port, &user, password.as_deref(), &database)
        .map(Some)
        .map_err(|source| ConfigError::Url {
            source,
            origin: UrlSource::PostgresEnv,
        })
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::Backend;

    fn resolve(flag: Option<&str>, vars: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let env = move |name: &str| vars.get(name).cloned();
        Settings::resolve(&Inputs {
            database_url: flag.map(str::to_owned),
            ..Inputs::new(&env)
        })
    }

    #[test]
    fn flag_wins_over_everything() {
        let settings = resolve(
            Some("mysql://root@h/flag"),
            &[("DATABASE_URL", "postgres://h/env"), ("POSTGRES_DB", "x")],
        )
        .unwrap();
        assert_eq!(settings.source, UrlSource::Flag);
        assert_eq!(settings.url.database_name(), "flag");
    }

    #[test]
    fn database_url_wins_over_postgres_parts() {
        let settings = resolve(
            None,
            &[("DATABASE_URL", "postgres://h/env"), ("POSTGRES_DB", "x")],
        )
        .unwrap();
        assert_eq!(settings.source, UrlSource::DatabaseUrlEnv);
    }

    #[test]
    fn empty_database_url_counts_as_unset() {
        let settings = resolve(None, &[("DATABASE_URL", ""), ("POSTGRES_DB", "x")]).unwrap();
        assert_eq!(settings.source, UrlSource::PostgresEnv);
    }

    #[test]
    fn postgres_parts_default_host_port_and_user() {
        let settings = resolve(None, &[("POSTGRES_DB", "ops")]).unwrap();
        assert_eq!(
            settings.url.expose(),
            "postgres://postgres@localhost:5432/ops"
        );
    }

    #[test]
    fn postgres_password_with_special_characters_is_encoded() {
        let settings = resolve(
            None,
            &[
                ("POSTGRES_USER", "a@b"),
                ("POSTGRES_PASSWORD", "p@ss:w/rd%"),
            ],
        )
        .unwrap();
        assert_eq!(
            settings.url.expose(),
            "postgres://a%40b:p%40ss%3Aw%2Frd%25@localhost:5432/a%40b"
        );
        assert_eq!(settings.url.database_name(), "a@b");
        assert_eq!(settings.url.password().as_deref(), Some("p@ss:w/rd%"));
    }

    #[test]
    fn invalid_postgres_port_is_refused() {
        let error = resolve(None, &[("POSTGRES_PORT", "54x")]).unwrap_err();
        assert_eq!(error, ConfigError::InvalidPort("54x".to_owned()));
    }

    #[test]
    fn nothing_configured_means_the_sqlite_file() {
        let settings = resolve(None, &[]).unwrap();
        assert_eq!(settings.source, UrlSource::SqliteDefault);
        assert_eq!(settings.url.backend(), Backend::Sqlite);
        assert_eq!(settings.url.database_name(), DEFAULT_SQLITE_FILE);
    }

    #[test]
    fn a_schema_name_with_a_control_character_is_refused() {
        let inputs = Inputs {
            database_schema: Some("public\nx".to_owned()),
            ..Inputs::new(&|_| None)
        };
        assert_eq!(
            Settings::resolve(&inputs).map(|_| ()),
            Err(ConfigError::InvalidSchema("public\nx".to_owned()))
        );
    }

    #[test]
    fn schema_comes_from_database_schema_variable() {
        let settings = resolve(None, &[("DATABASE_SCHEMA", "ops")]).unwrap();
        assert_eq!(settings.schema.as_deref(), Some("ops"));
    }
}

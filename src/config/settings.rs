//! Resolution of the raw inputs into [`Settings`], in a fixed order of precedence.

use std::fmt;

use super::{DatabaseUrl, UrlError};

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
    /// The schema name holds a control character (a newline, a tab...).
    #[error(
        "schema name {0:?} contains a control character; give the schema's name as it is (spaces and other characters are fine)"
    )]
    InvalidSchema(String),
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
}

impl fmt::Display for UrlSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Flag => "--database-url",
            Self::DatabaseUrlEnv => "DATABASE_URL",
            Self::PostgresEnv => "POSTGRES_* variables",
            Self::SqliteDefault => "the SQLite default",
        })
    }
}

/// The raw configuration inputs: command-line values and an environment lookup.
pub struct Inputs<'a> {
    /// The value of `-u/--database-url`, if given.
    pub database_url: Option<String>,
    /// The value of `-s/--database-schema`, if given.
    pub database_schema: Option<String>,
    /// Looks up an environment variable (after `.env` was loaded); empty values count as unset.
    pub env: &'a dyn Fn(&str) -> Option<String>,
}

/// The validated settings every command runs with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The database to migrate.
    pub url: DatabaseUrl,
    /// Where [`Settings::url`] came from.
    pub source: UrlSource,
    /// The PostgreSQL schema (search path) to work in; ignored by other backends.
    pub schema: Option<String>,
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
        })
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
            database_schema: None,
            env: &env,
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
            database_url: None,
            database_schema: Some("public\nx".to_owned()),
            env: &|_| None,
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

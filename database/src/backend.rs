//! The one enum of the backends the workspace supports, chosen from a
//! URL's scheme or named on the command line.

use std::fmt;

use sea_orm::DbBackend;
use serde::Serialize;

/// A supported database backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    /// PostgreSQL (`postgres://` or `postgresql://`).
    Postgres,
    /// MySQL or MariaDB (`mysql://` or `mariadb://`).
    Mysql,
    /// SQLite (`sqlite:`).
    Sqlite,
}

impl Backend {
    /// The backend a URL scheme names, or `None` when the scheme is not one of ours.
    pub fn from_scheme(scheme: &str) -> Option<Self> {
        match scheme.to_ascii_lowercase().as_str() {
            "postgres" | "postgresql" => Some(Self::Postgres),
            "mysql" | "mariadb" => Some(Self::Mysql),
            "sqlite" => Some(Self::Sqlite),
            _ => None,
        }
    }

    /// The scheme the database driver expects for this backend.
    pub fn driver_scheme(self) -> &'static str {
        match self {
            Self::Postgres => "postgres",
            Self::Mysql => "mysql",
            Self::Sqlite => "sqlite",
        }
    }

    /// The backend's default TCP port (SQLite has none; 0).
    pub fn default_port(self) -> u16 {
        match self {
            Self::Postgres => 5432,
            Self::Mysql => 3306,
            Self::Sqlite => 0,
        }
    }
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Postgres => "PostgreSQL",
            Self::Mysql => "MySQL/MariaDB",
            Self::Sqlite => "SQLite",
        })
    }
}

impl From<DbBackend> for Backend {
    fn from(backend: DbBackend) -> Self {
        match backend {
            DbBackend::Postgres => Self::Postgres,
            DbBackend::MySql => Self::Mysql,
            _ => Self::Sqlite,
        }
    }
}

impl From<Backend> for DbBackend {
    fn from(backend: Backend) -> Self {
        match backend {
            Backend::Postgres => Self::Postgres,
            Backend::Mysql => Self::MySql,
            Backend::Sqlite => Self::Sqlite,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postgresql_and_mariadb_schemes_are_aliases() {
        assert_eq!(Backend::from_scheme("postgresql"), Some(Backend::Postgres));
        assert_eq!(Backend::from_scheme("MariaDB"), Some(Backend::Mysql));
    }

    #[test]
    fn unknown_scheme_is_none() {
        assert_eq!(Backend::from_scheme("oracle"), None);
    }
}

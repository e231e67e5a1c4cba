//! Opening the one database connection a command runs on, and explaining
//! connection failures in one line.

use std::time::Duration;

use url::Url;

use sea_orm::{Database, DatabaseConnection, DbErr, RuntimeErr, sqlx};

use crate::Backend;
use crate::config::Settings;
use database::driver_error::{database_code, database_message};

/// The application name the server shows for our session (`pg_stat_activity`).
pub const APPLICATION_NAME: &str = "migrate-kit";

/// How long to keep trying to connect (a refused connection is retried, as
/// during a server's start-up) before giving up.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Why no connection could be opened.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConnectError {
    /// Nothing answered at the host and port.
    #[error(
        "cannot reach the database at {url}: {reason}; check that the server is running and the host and port are right"
    )]
    Unreachable {
        /// The URL, password hidden.
        url: String,
        /// What the network layer said.
        reason: String,
    },
    /// The TLS handshake failed, e.g. the server's certificate was not trusted.
    #[error(
        "TLS with the database at {url} failed: {reason}; check the URL's sslmode and the certificate it trusts (sslrootcert)"
    )]
    Tls {
        /// The URL, password hidden.
        url: String,
        /// What the TLS layer said.
        reason: String,
    },
    /// The server refused the user or password.
    #[error("the database at {url} refused the credentials: {reason}; check the user and password")]
    Authentication {
        /// The URL, password hidden.
        url: String,
        /// What the server said.
        reason: String,
    },
    /// The server is up but the named database does not exist.
    #[error("database `{name}` does not exist at {url}; create it first ({hint}) or fix the URL")]
    MissingDatabase {
        /// The database name.
        name: String,
        /// The URL, password hidden.
        url: String,
        /// The command that creates it.
        hint: String,
    },
    /// The SQLite file does not exist and the URL does not ask to create it.
    #[error(
        "SQLite database file `{path}` cannot be opened: {reason}; check the path, or add ?mode=rwc to the URL to create it"
    )]
    SqliteFile {
        /// The file path.
        path: String,
        /// What SQLite said.
        reason: String,
    },
    /// Any other failure while connecting.
    #[error("cannot connect to {url}: {reason}")]
    Other {
        /// The URL, password hidden.
        url: String,
        /// The driver's message, password scrubbed.
        reason: String,
    },
}

/// What a command does to the database it connects to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// It may change the database (and create a missing SQLite file, if the URL asks).
    ReadWrite,
    /// It only reads: it never creates a database, and a missing SQLite file is an error.
    ReadOnly,
}

/// Whether the database is a SQLite file that does not exist yet and that
/// the URL asks to create (`?mode=rwc`, as the default does): a read-only
/// command then reads an empty database in its place, creating nothing.
pub fn is_uncreated_sqlite_file(settings: &Settings) -> bool {
    settings.url.backend() == Backend::Sqlite
        && settings.url.sqlite_mode().as_deref() == Some("rwc")
        && !std::path::Path::new(&settings.url.database_name()).exists()
}

/// Opens a pool of exactly one connection: every statement of a command,
/// from reading state to the last migration, runs on the same session.
pub async fn connect(
    settings: &Settings,
    access: Access,
) -> Result<DatabaseConnection, ConnectError> {
    if access == Access::ReadWrite && is_uncreated_sqlite_file(settings) {
        create_parent_directory(settings)?;
    }
    let url = match (settings.url.backend(), access) {
        // What the file would hold once created: an empty database.
        (Backend::Sqlite, Access::ReadOnly) if is_uncreated_sqlite_file(settings) => {
            Url::parse("sqlite::memory:").expect("a valid URL")
        }
        (Backend::Sqlite, Access::ReadOnly) => settings.url.with_parameter("mode", "ro"),
        _ => settings.url.to_url(),
    };
    let mut options = database::connection::options(url.as_str());
    options
        .max_connections(1)
        .min_connections(0)
        .connect_timeout(CONNECT_TIMEOUT)
        .idle_timeout(None::<Duration>)
        .max_lifetime(None::<Duration>)
        .test_before_acquire(false)
        .set_application_name(APPLICATION_NAME);
    if let (Backend::Postgres, Some(schema)) = (settings.url.backend(), settings.schema.clone()) {
        // Sent in the start-up packet: no extra round trip, and it holds for
        // the whole session. Quoted, so that any name is one schema.
        let path = format!("\"{}\"", schema.replace('"', "\"\""));
        options.map_sqlx_postgres_opts(move |pg| pg.options([("search_path", path.as_str())]));
    }
    Database::connect(options)
        .await
        .map_err(|error| classify(settings, &error))
}

/// Creates the directory a SQLite file the URL asks to create (`mode=rwc`)
/// will live in, as SQLite itself creates only the file.
fn create_parent_directory(settings: &Settings) -> Result<(), ConnectError> {
    let path = settings.url.database_name();
    match std::path::Path::new(&path).parent() {
        Some(parent) if !parent.as_os_str().is_empty() => {
            std::fs::create_dir_all(parent).map_err(|error| ConnectError::SqliteFile {
                path: path.clone(),
                reason: format!("cannot create its directory {}: {error}", parent.display()),
            })
        }
        _ => Ok(()),
    }
}

/// Turns a driver error into the one-line explanation a user can act on.
fn classify(settings: &Settings, error: &DbErr) -> ConnectError {
    let url = settings.url.to_string();
    let reason = settings.url.scrub(&database_message(error));
    let sqlx_error = match error {
        DbErr::Conn(RuntimeErr::SqlxError(inner)) => Some(inner.as_ref()),
        _ => None,
    };
    // MySQL's SQLSTATE is too coarse (42000 covers syntax errors too): this is its error number.
    let code = database_code(error);
    if settings.url.backend() == Backend::Sqlite {
        return ConnectError::SqliteFile {
            path: settings.url.database_name(),
            reason,
        };
    }
    match (sqlx_error, code.as_deref()) {
        // The pool retries a refused connection until the connect timeout, so a
        // timeout here means nothing accepted the connection in that time.
        (Some(sqlx::Error::PoolTimedOut), _) => ConnectError::Unreachable {
            url,
            reason: format!(
                "no connection within {} s (refused or unanswered)",
                CONNECT_TIMEOUT.as_secs()
            ),
        },
        // rustls reports a refused handshake (an untrusted certificate, say)
        // through the stream as invalid data; a network failure is another kind.
        (Some(sqlx::Error::Tls(_)), _) => ConnectError::Tls { url, reason },
        (Some(sqlx::Error::Io(io)), _) if io.kind() == std::io::ErrorKind::InvalidData => {
            ConnectError::Tls { url, reason }
        }
        (Some(sqlx::Error::Io(_)), _) => ConnectError::Unreachable { url, reason },
        // PostgreSQL: invalid_password / invalid_authorization_specification; MySQL: ER_ACCESS_DENIED_ERROR.
        (_, Some("28P01" | "28000" | "1045")) => ConnectError::Authentication { url, reason },
        // PostgreSQL: invalid_catalog_name; MySQL: ER_BAD_DB_ERROR.
        (_, Some("3D000" | "1049")) => {
            let name = settings.url.database_name();
            let hint = match settings.url.backend() {
                Backend::Postgres => format!("createdb {name}"),
                _ => format!("CREATE DATABASE `{name}`"),
            };
            ConnectError::MissingDatabase { name, url, hint }
        }
        _ => ConnectError::Other { url, reason },
    }
}

//! The database a backup is taken of or restored into: a [`DatabaseUrl`]
//! and what the dump tools need of it (host, port, user, the database's name).

use std::path::PathBuf;

use database::{Backend, DatabaseUrl};

/// The database to back up or restore.
#[derive(Clone)]
pub struct Target {
    url: DatabaseUrl,
}

impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Target({:?}, {})", self.backend(), self.database())
    }
}

impl Target {
    /// A target for `url` (password included; it is only ever handed to tools through in-memory 0600 files).
    pub fn new(url: DatabaseUrl) -> Self {
        Self { url }
    }

    /// The backend.
    pub fn backend(&self) -> Backend {
        self.url.backend()
    }

    /// Host name or address (`localhost` when the URL has none).
    pub fn host(&self) -> String {
        self.url.host().unwrap_or_else(|| "localhost".to_owned())
    }

    /// Port, or the backend's default.
    pub fn port(&self) -> u16 {
        self.url
            .port()
            .unwrap_or_else(|| self.backend().default_port())
    }

    /// The user name, decoded.
    pub fn user(&self) -> String {
        self.url.user()
    }

    /// The password, decoded, if any.
    pub fn password(&self) -> Option<String> {
        self.url.password()
    }

    /// The database name (the SQLite file's stem for SQLite).
    pub fn database(&self) -> String {
        match self.backend() {
            Backend::Sqlite => self
                .sqlite_path()
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "sqlite".to_owned()),
            _ => self.url.database_name(),
        }
    }

    /// The SQLite database file.
    pub fn sqlite_path(&self) -> PathBuf {
        PathBuf::from(self.url.database_name())
    }

    /// The same server with another database name (for scratch and maintenance databases).
    pub fn with_database(&self, name: &str) -> Self {
        Self {
            url: self.url.with_database(name),
        }
    }

    /// The URL, password included, for opening a connection.
    pub fn connection_url(&self) -> &str {
        self.url.expose()
    }

    /// Removes the password from `text` (plain and percent-encoded).
    pub fn scrub(&self, text: &str) -> String {
        self.url.scrub(text)
    }
}

//! The database a backup is taken of: backend and connection parameters.

use std::path::PathBuf;

use sea_orm::DbBackend;
use url::Url;

/// The database to back up or restore, from its connection URL.
#[derive(Clone)]
pub struct Target {
    backend: DbBackend,
    url: Url,
}

impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Target({:?}, {})", self.backend, self.database())
    }
}

impl Target {
    /// A target for `url` (password included; it is only ever handed to tools through in-memory 0600 files).
    pub fn new(backend: DbBackend, url: Url) -> Self {
        Self { backend, url }
    }

    /// The backend.
    pub fn backend(&self) -> DbBackend {
        self.backend
    }

    /// Host name or address (`localhost` when the URL has none).
    pub fn host(&self) -> String {
        self.url.host_str().unwrap_or("localhost").to_owned()
    }

    /// Port, or the backend's default.
    pub fn port(&self) -> u16 {
        self.url.port().unwrap_or(match self.backend {
            DbBackend::MySql => 3306,
            _ => 5432,
        })
    }

    /// The user name, decoded.
    pub fn user(&self) -> String {
        decode(self.url.username())
    }

    /// The password, decoded, if any.
    pub fn password(&self) -> Option<String> {
        self.url.password().map(decode)
    }

    /// The database name (the SQLite file's stem for SQLite).
    pub fn database(&self) -> String {
        match self.backend {
            DbBackend::Sqlite => self
                .sqlite_path()
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "sqlite".to_owned()),
            _ => decode(self.url.path().trim_start_matches('/')),
        }
    }

    /// The SQLite database file.
    pub fn sqlite_path(&self) -> PathBuf {
        let raw = self.url.as_str();
        let rest = raw
            .strip_prefix("sqlite://")
            .or_else(|| raw.strip_prefix("sqlite:"))
            .unwrap_or(raw);
        PathBuf::from(rest.split('?').next().unwrap_or_default())
    }

    /// The same server with another database name (for scratch and maintenance databases).
    pub fn with_database(&self, name: &str) -> Self {
        let mut url = self.url.clone();
        url.set_path(&format!("/{name}"));
        Self {
            backend: self.backend,
            url,
        }
    }

    /// The URL, password included, for opening a connection.
    pub fn connection_url(&self) -> &str {
        self.url.as_str()
    }

    /// Removes the password from `text` (plain and percent-encoded).
    pub fn scrub(&self, text: &str) -> String {
        let mut out = text.to_owned();
        if let Some(encoded) = self.url.password().filter(|p| !p.is_empty()) {
            out = out.replace(encoded, "***");
        }
        if let Some(plain) = self.password().filter(|p| !p.is_empty()) {
            out = out.replace(&plain, "***");
        }
        out
    }
}

fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

//! The per-backend backup engine: the [`Engine`] trait (dump, verify, load,
//! swap in) that each backend implements in its own file, and the types and
//! helpers the engines share.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use database::{Backend, DatabaseUrl};
use sea_orm::DatabaseConnection;

use crate::database_properties::DatabaseProperties;
use crate::inventory::Inventory;
use crate::progress::{Meter, Progress, Silent};
use crate::store::Reservation;
use crate::{BackupError, Metadata, Target};

/// A finished dump, before it is verified and committed.
#[derive(Debug)]
pub struct Dump {
    /// The database at dump time (same snapshot where the backend allows it).
    pub inventory: Inventory,
    /// PostgreSQL: the database's owner, privileges, settings and comment,
    /// which the dump cannot give a restored database.
    pub properties: Option<DatabaseProperties>,
    /// The dump tool.
    pub tool: String,
    /// The dump tool's version line.
    pub tool_version: String,
    /// The file format.
    pub format: &'static str,
    /// SHA-256 computed while the file was written.
    pub sha256: String,
    /// The file's size.
    pub size: u64,
}

/// A restored copy of a backup beside the live database, not yet swapped in.
#[derive(Debug)]
pub struct Scratch {
    /// How to connect to the copy.
    pub target: Target,
}

/// Settings the engines share.
#[derive(Debug, Clone)]
pub struct EngineOptions {
    /// Where to look for `pg_dump` / `pg_restore` first.
    pub pg_bin_dir: Option<PathBuf>,
    /// Parallel jobs: above 1, PostgreSQL backups use pg_dump's directory
    /// format with that many jobs.
    pub jobs: u32,
    /// Who watches the phases of backups and restores and the bytes they stream.
    pub progress: Arc<dyn Progress>,
}

impl Default for EngineOptions {
    fn default() -> Self {
        Self {
            pg_bin_dir: None,
            jobs: 1,
            progress: Arc::new(Silent),
        }
    }
}

/// Dumps, checks, loads and swaps databases of one backend.
#[async_trait::async_trait]
pub trait Engine: Send + Sync {
    /// The backup file's extension.
    fn extension(&self) -> &'static str;

    /// Dumps the database into the reserved temporary file, reporting the
    /// bytes it writes to `meter` (dropped when the dump ends).
    async fn dump(
        &self,
        db: &DatabaseConnection,
        reservation: &Reservation,
        meter: Box<dyn Meter>,
    ) -> Result<Dump, BackupError>;

    /// Checks that the file is a complete dump naming every table in `metadata`.
    async fn verify(&self, file: &Path, metadata: &Metadata) -> Result<(), BackupError>;

    /// The checks still due right after [`Engine::dump`]: all of
    /// [`Engine::verify`], unless the dump already did part of it as it streamed.
    async fn verify_new(&self, file: &Path, metadata: &Metadata) -> Result<(), BackupError> {
        self.verify(file, metadata).await
    }

    /// Creates an empty scratch database beside the live one.
    async fn create_scratch(&self) -> Result<Scratch, BackupError>;

    /// Loads the backup `file` into `scratch`, reporting the bytes read from
    /// it to `meter` (dropped when the load ends).
    async fn load(
        &self,
        scratch: &Scratch,
        file: &Path,
        meter: Box<dyn Meter>,
    ) -> Result<(), BackupError>;

    /// Gives `scratch` what belongs to the database rather than to what is in
    /// it (PostgreSQL: the owner, privileges, settings and comment `metadata`
    /// records; SQLite: the live file's mode and owner; MySQL/MariaDB keeps the
    /// live database itself, and with it its grants), before it is swapped in.
    /// Returns a note for each thing it was not permitted to give.
    async fn apply_properties(
        &self,
        _scratch: &Scratch,
        _metadata: &Metadata,
    ) -> Result<Vec<String>, BackupError> {
        Ok(Vec::new())
    }

    /// Replaces the live database with the scratch copy; on failure the live
    /// database is left as it was, unless putting it back failed too, which
    /// [`BackupError::SwapFailed`] reports with where the live data is now.
    async fn swap_in(&self, scratch: Scratch) -> Result<(), BackupError>;

    /// Deletes a scratch copy.
    async fn discard(&self, scratch: Scratch);
}

/// The engine for `target`'s backend.
pub fn for_target(target: &Target, options: &EngineOptions) -> Box<dyn Engine> {
    match target.backend() {
        Backend::Postgres => Box::new(crate::postgres::Postgres::new(
            target.clone(),
            options.clone(),
        )),
        Backend::Mysql => Box::new(crate::mysql::Mysql::new(target.clone())),
        Backend::Sqlite => Box::new(crate::sqlite::Sqlite::new(target.clone())),
    }
}

/// The engine that verifies the backup `metadata` describes (its file at
/// `file`) without a database: it addresses the backup's database on no
/// server and never connects, so only [`Engine::verify`] may be called on it.
pub fn for_backup(
    metadata: &Metadata,
    file: &Path,
    options: &EngineOptions,
) -> Result<Box<dyn Engine>, BackupError> {
    let invalid = |reason: String| BackupError::Invalid {
        id: metadata.id.clone(),
        reason,
    };
    let backend = Backend::from_scheme(&metadata.backend).ok_or_else(|| {
        invalid(format!(
            "its metadata names an unknown backend `{}`",
            metadata.backend
        ))
    })?;
    let url = match backend {
        Backend::Sqlite => DatabaseUrl::sqlite_file(file, "ro"),
        _ => DatabaseUrl::parse(&format!("{}://localhost/", backend.driver_scheme()))
            .map(|url| url.with_database(&metadata.database)),
    }
    .map_err(|e| invalid(e.to_string()))?;
    let target = Target::new(url);
    Ok(match backend {
        Backend::Postgres => Box::new(crate::postgres::Postgres::offline(
            target,
            options.clone(),
            metadata,
        )),
        Backend::Mysql => Box::new(crate::mysql::Mysql::new(target)),
        Backend::Sqlite => Box::new(crate::sqlite::Sqlite::new(target)),
    })
}

/// A unique suffix for scratch and holding databases.
pub fn scratch_suffix() -> String {
    format!(
        "{}_{}",
        chrono::Utc::now().format("%Y%m%d%H%M%S"),
        std::process::id()
    )
}

/// Runs blocking work (child processes, file copies) off the async runtime.
pub async fn blocking<T, F>(work: F) -> Result<T, BackupError>
where
    F: FnOnce() -> Result<T, BackupError> + Send + 'static,
    T: Send + 'static,
{
    tokio::task::spawn_blocking(work)
        .await
        .unwrap_or_else(|error| {
            Err(BackupError::ToolFailed {
                tool: "worker".to_owned(),
                status: "panicked".to_owned(),
                stderr: error.to_string(),
            })
        })
}

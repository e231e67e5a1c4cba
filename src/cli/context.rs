//! What every database command works with: the resolved settings, the
//! backup configuration and a way to open the one connection.

use sea_orm_migration::MigratorTrait;

use backup::engine::EngineOptions;
use backup::{BackupError, Backups, Policy, Target};

use super::{CliError, GlobalArgs};
use crate::config::Settings;
use crate::connect::{Access, connect, is_uncreated_sqlite_file};
use crate::engine::{Engine, Timeouts};
use crate::lock::{LockError, MigrationLock};

/// The resolved configuration of one run.
pub struct Context {
    /// The validated settings.
    pub settings: Settings,
    /// The database URL as it may be shown (password hidden).
    pub database: String,
    global: GlobalArgs,
    tracking_table: String,
}

impl Context {
    /// The context for migrator `M`.
    pub fn new<M: MigratorTrait>(settings: Settings, global: GlobalArgs) -> Self {
        Self {
            database: settings.url.to_string(),
            settings,
            global,
            tracking_table: M::migration_table_name().to_string(),
        }
    }

    /// Connects and returns the engine for `M`.
    pub async fn engine<M: MigratorTrait>(&self) -> Result<Engine, CliError> {
        self.connect::<M>(Access::ReadWrite).await
    }

    /// Connects for a command that only reads (it never creates a database)
    /// and returns the engine for `M`.
    pub async fn reader<M: MigratorTrait>(&self) -> Result<Engine, CliError> {
        self.connect::<M>(Access::ReadOnly).await
    }

    async fn connect<M: MigratorTrait>(&self, access: Access) -> Result<Engine, CliError> {
        if access == Access::ReadOnly && is_uncreated_sqlite_file(&self.settings) {
            super::output::notice(&format!(
                "{} does not exist yet, so nothing is applied; `migration up` creates it",
                self.settings.url.database_name()
            ));
        }
        let db = connect(&self.settings, access).await?;
        Ok(Engine::new::<M>(db).with_timeouts(Timeouts {
            lock_timeout: self.global.lock_timeout,
            statement_timeout: self.global.statement_timeout,
            retries: self.global.retries,
        }))
    }

    /// Takes the migration lock on `engine`'s connection, waiting at most `--lock-wait`.
    pub async fn lock(&self, engine: &Engine) -> Result<MigrationLock, LockError> {
        let database = self.settings.url.database_name();
        let sqlite_file = (self.settings.url.backend() == crate::Backend::Sqlite)
            .then(|| std::path::PathBuf::from(&database));
        MigrationLock::acquire(
            engine.connection(),
            &database,
            &self.tracking_table,
            sqlite_file.as_deref(),
            self.global.lock_wait,
        )
        .await
    }

    /// Whether `--no-backup` was given.
    pub fn skip_backup(&self) -> bool {
        self.global.backup.no_backup
    }

    /// The database as the backup engines address it.
    pub fn target(&self) -> Target {
        Target::new(self.settings.url.clone())
    }

    /// The tracking table's name.
    pub fn tracking_table(&self) -> &str {
        &self.tracking_table
    }

    /// The backups of this database.
    pub fn backups(&self) -> Result<Backups, BackupError> {
        let args = &self.global.backup;
        let config = backup::Config {
            dir: args.backup_dir.clone(),
            policy: Policy {
                max_age: chrono::Duration::days(i64::from(args.retention_days)),
                keep_min: args.keep_min,
            },
            engine: EngineOptions {
                pg_bin_dir: args.pg_bin_dir.clone(),
                jobs: args.jobs,
            },
            tracking_table: self.tracking_table.clone(),
            toolkit_version: env!("CARGO_PKG_VERSION").to_owned(),
        };
        let target = self.target();
        Backups::new(config, target)
    }
}

//! The database-wide migration lock: taken before a schema-changing command
//! reads any state, on the command's one connection, and released at the
//! end. Session-level by design, so a process that dies (or is interrupted)
//! releases it with its connection.

mod mysql;
mod postgres;
mod sqlite;

use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend};
use sha2::{Digest, Sha256};

use database::driver_error::database_message;

/// Why the lock could not be taken.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LockError {
    /// Another run held the lock for longer than `--lock-wait`.
    #[error(
        "another migration run holds the lock on this database ({holder}); gave up after waiting {waited}; retry later or raise --lock-wait"
    )]
    Timeout {
        /// Who holds it, as far as the database can tell.
        holder: String,
        /// How long we waited, for humans.
        waited: String,
    },
    /// The database refused a lock query.
    #[error("cannot take the migration lock: {0}")]
    Database(String),
    /// The SQLite lock file cannot be used.
    #[error("cannot use the lock file {path}: {source}")]
    File {
        /// The lock file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// How one backend holds the migration lock (an advisory lock, a named
/// lock, a lock file).
#[async_trait::async_trait]
trait Mechanism: Send + Sync {
    /// Tries once to take the lock; `true` when taken.
    async fn try_lock(&mut self, db: &DatabaseConnection) -> Result<bool, LockError>;

    /// Describes the current holder (pid, application, since when), for the timeout message.
    async fn holder(&self, db: &DatabaseConnection) -> String;

    /// Releases the lock.
    async fn unlock(&mut self, db: &DatabaseConnection) -> Result<(), LockError>;
}

/// A held migration lock; [`MigrationLock::release`] gives it back.
pub struct MigrationLock {
    mechanism: Box<dyn Mechanism>,
    waited: Duration,
}

impl MigrationLock {
    /// Takes the lock for `database` + `tracking_table` on `db`, polling with
    /// backoff (never a blocking wait, which would deadlock against
    /// `CREATE INDEX CONCURRENTLY`) for at most `wait`. `sqlite_file` is the
    /// database file for SQLite, beside which the lock file lives.
    pub async fn acquire(
        db: &DatabaseConnection,
        database: &str,
        tracking_table: &str,
        sqlite_file: Option<&std::path::Path>,
        wait: Duration,
    ) -> Result<Self, LockError> {
        let key = LockKey::new(database, tracking_table);
        let mut mechanism: Box<dyn Mechanism> = match db.get_database_backend() {
            DbBackend::Postgres => Box::new(postgres::Advisory::new(key)),
            DbBackend::MySql => Box::new(mysql::NamedLock::new(key)),
            _ => Box::new(sqlite::LockFile::new(
                sqlite_file.unwrap_or(std::path::Path::new(database)),
            )),
        };
        let started = Instant::now();
        let mut pause = Duration::from_millis(25);
        loop {
            if mechanism.try_lock(db).await? {
                return Ok(Self {
                    mechanism,
                    waited: started.elapsed(),
                });
            }
            let waited = started.elapsed();
            if waited >= wait {
                return Err(LockError::Timeout {
                    holder: mechanism.holder(db).await,
                    waited: crate::config::format_duration(waited),
                });
            }
            tokio::time::sleep(pause.min(wait - waited)).await;
            pause = (pause * 2).min(Duration::from_secs(1));
        }
    }

    /// How long taking the lock waited for another run.
    pub fn waited(&self) -> Duration {
        self.waited
    }

    /// Releases the lock.
    pub async fn release(mut self, db: &DatabaseConnection) -> Result<(), LockError> {
        self.mechanism.unlock(db).await
    }
}

/// The lock's identity, derived from the database and tracking-table names.
#[derive(Debug, Clone)]
pub struct LockKey {
    digest: [u8; 32],
}

impl LockKey {
    /// The key of the lock for `database` (the file path for SQLite) and `tracking_table`.
    pub fn new(database: &str, tracking_table: &str) -> Self {
        let digest = Sha256::digest(format!("migrate-kit:{database}:{tracking_table}").as_bytes());
        Self {
            digest: digest.into(),
        }
    }

    /// The PostgreSQL advisory lock key (for tools that must take the same lock).
    pub fn as_i64(&self) -> i64 {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(&self.digest[..8]);
        i64::from_be_bytes(bytes)
    }

    /// The MySQL `GET_LOCK` name (at most 64 characters).
    pub fn as_name(&self) -> String {
        format!("migrate-kit-{}", hex::encode(&self.digest[..12]))
    }
}

/// Runs a query returning one nullable integer in column `v`.
async fn scalar(db: &DatabaseConnection, sql: &str) -> Result<Option<i64>, LockError> {
    let backend = db.get_database_backend();
    let row = db
        .query_one_raw(sea_orm::Statement::from_string(backend, sql))
        .await
        .map_err(|e| LockError::Database(database_message(&e)))?;
    Ok(row.and_then(|r| r.try_get::<Option<i64>>("", "v").ok().flatten()))
}

/// Runs a query describing the lock's holder in one text column `v`.
async fn describe_holder(db: &DatabaseConnection, sql: &str) -> String {
    let backend = db.get_database_backend();
    match db
        .query_one_raw(sea_orm::Statement::from_string(backend, sql))
        .await
    {
        Ok(Some(row)) => row
            .try_get::<String>("", "v")
            .unwrap_or_else(|_| "holder unknown".to_owned()),
        _ => "holder unknown".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_keys_depend_on_database_and_table() {
        let a = LockKey::new("ops", "seaql_migrations");
        let b = LockKey::new("ops2", "seaql_migrations");
        assert_ne!(a.as_i64(), b.as_i64());
        assert_eq!(a.as_i64(), LockKey::new("ops", "seaql_migrations").as_i64());
        assert!(a.as_name().len() <= 64);
    }
}

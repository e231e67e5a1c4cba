//! The default of every setting a flag can change, in one place: the
//! command line shows these and [`super::Settings`] falls back to them.

/// How long a change waits for another run's migration lock.
pub const LOCK_WAIT: &str = "5m";
/// How long a migration's statement may wait for a table lock.
pub const LOCK_TIMEOUT: &str = "5s";
/// Retries of a migration whose transaction timed out waiting for a lock.
pub const RETRIES: u32 = 3;
/// The backup directory.
pub const BACKUP_DIR: &str = "backups";
/// Days before a backup may be pruned.
pub const RETENTION_DAYS: u32 = 7;
/// Newest valid backups always kept.
pub const KEEP_MIN: usize = 3;
/// pg_dump's parallel jobs (1: one custom-format file).
pub const JOBS: u32 = 1;

//! The backup crate's error type: one line each, saying what to do next.

use std::path::PathBuf;

/// Any failure of a backup, verification, prune or restore.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BackupError {
    /// A file or directory operation failed.
    #[error("{action} {}: {source}", path.display())]
    Io {
        /// What was being done, e.g. "cannot write".
        action: &'static str,
        /// The file or directory.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A dump or restore tool is not installed.
    #[error(
        "`{tool}` is not installed or not on PATH; install it with `apt-get install {package}`"
    )]
    ToolMissing {
        /// The program.
        tool: String,
        /// The Debian package that provides it.
        package: String,
    },
    /// The directory given for the PostgreSQL tools does not hold this one.
    #[error(
        "`{tool}` is not in {dir} (--pg-bin-dir or MIGRATION_PG_BIN_DIR); point it at the directory holding the PostgreSQL client tools (`apt-get install {package}` installs them), or leave it out to find them as usual"
    )]
    ToolNotInDir {
        /// The program.
        tool: String,
        /// The directory given.
        dir: String,
        /// The Debian package that provides it.
        package: String,
    },
    /// The dump tool is older than the server, which pg_dump refuses.
    #[error(
        "`{tool}` is version {tool_major} but the server is version {server_major}; install a matching client with `apt-get install {package}` or point --pg-bin-dir at one"
    )]
    ToolTooOld {
        /// The program found.
        tool: String,
        /// Its major version.
        tool_major: u32,
        /// The server's major version.
        server_major: u32,
        /// The Debian package that provides a matching tool.
        package: String,
    },
    /// A dump or restore tool failed.
    #[error("`{tool}` failed ({status}): {stderr}")]
    ToolFailed {
        /// The program.
        tool: String,
        /// How it exited.
        status: String,
        /// The last lines it printed on stderr, password scrubbed.
        stderr: String,
    },
    /// A database query failed.
    #[error("{context}: {message}")]
    Database {
        /// What was being done.
        context: String,
        /// The database's message.
        message: String,
    },
    /// A backup failed verification.
    #[error("backup {id} failed verification: {reason}")]
    Invalid {
        /// The backup.
        id: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Some of the backups `backup verify` checked failed, or could not be checked.
    #[error(
        "{failed} of {checked} backups failed verification{}: see the lines above",
        match .skipped { 0 => String::new(), n => format!(" and {n} could not be checked here") }
    )]
    SomeInvalid {
        /// How many failed.
        failed: usize,
        /// How many could not be checked (a tool is missing).
        skipped: usize,
        /// How many were checked.
        checked: usize,
    },
    /// An id that is not the id of one of our backups.
    #[error(
        "`{}` is not a backup id (expected a name like ops_center_20251125_101500_pre-up, as `backup list` shows)",
        .0.escape_debug()
    )]
    BadId(String),
    /// The backup directory's file system has no room for the backup.
    #[error(
        "the backup directory's disk is full ({free} bytes free{}): {}; free some space there or choose another directory with --backup-dir",
        .needed.map_or_else(|| ", not enough for this backup".to_owned(), |n| format!(", the last backup of this database took {n} bytes")),
        .dir.display()
    )]
    DiskFull {
        /// The backup directory.
        dir: PathBuf,
        /// The bytes free there.
        free: u64,
        /// What the backup is expected to take, when refused before it started.
        needed: Option<u64>,
    },
    /// A dumped and verified backup could not be committed; its files were removed.
    #[error("backup {id} was discarded: {source}")]
    Discarded {
        /// The backup.
        id: String,
        /// Why it could not be committed.
        source: Box<BackupError>,
    },
    /// No valid backup has that id.
    #[error("no valid backup `{0}` in {1}; run `backup list` to see the valid ones")]
    NotFound(String, String),
    /// A restore's swap stopped half-way and the live database could not be
    /// put back: names where the live data is now and how to put it back.
    #[error(
        "the restored copy could not be swapped in ({}) and the live database could not be put back ({}): the live data is now in `{}`, the restored copy in `{}`; to put the live data back, run: {}",
        .0.reason, .0.rename_back, .0.live_now_at, .0.restored_copy, .0.put_back
    )]
    SwapFailed(Box<SwapFailure>),
    /// A restore stopped; names the safety backup.
    #[error(
        "restore of {id} failed: {reason}; the database was left as it was before the restore (safety backup: {safety})"
    )]
    RestoreFailed {
        /// The backup being restored.
        id: String,
        /// What went wrong.
        reason: String,
        /// The `pre-restore` backup taken first.
        safety: String,
    },
}

/// Where a swap that stopped half-way left the live data (see [`BackupError::SwapFailed`]).
#[derive(Debug)]
pub struct SwapFailure {
    /// The database that holds the live data now.
    pub live_now_at: String,
    /// The scratch database that holds the restored copy.
    pub restored_copy: String,
    /// Why the restored copy could not be swapped in.
    pub reason: String,
    /// Why putting the live database back failed.
    pub rename_back: String,
    /// The statement that puts the live data back under its name.
    pub put_back: String,
}

impl BackupError {
    /// A swap that stopped after the live data was moved to `live_now_at`
    /// and could not be moved back: `error` stopped it, `rename_back` failed,
    /// `put_back` is the statement that puts the live data back.
    pub fn swap_failed(
        live_now_at: &str,
        restored_copy: &str,
        error: &BackupError,
        rename_back: &BackupError,
        put_back: String,
    ) -> Self {
        Self::SwapFailed(Box::new(SwapFailure {
            live_now_at: live_now_at.to_owned(),
            restored_copy: restored_copy.to_owned(),
            reason: error.to_string(),
            rename_back: rename_back.to_string(),
            put_back,
        }))
    }

    /// An I/O error on `path`.
    pub fn io(
        action: &'static str,
        path: impl Into<PathBuf>,
    ) -> impl FnOnce(std::io::Error) -> Self {
        let path = path.into();
        move |source| Self::Io {
            action,
            path,
            source,
        }
    }

    /// Whether this is a write that found no space left: our own
    /// (`ENOSPC`), or a dump tool or SQLite saying so.
    pub fn is_out_of_space(&self) -> bool {
        match self {
            Self::Io { source, .. } => {
                source.kind() == std::io::ErrorKind::StorageFull
                    || source.raw_os_error() == Some(28)
            }
            Self::ToolFailed { stderr, .. } => stderr.contains("No space left on device"),
            // SQLITE_FULL, from the copy `VACUUM INTO` writes.
            Self::Database { message, .. } => message.contains("database or disk is full"),
            Self::Discarded { source, .. } => source.is_out_of_space(),
            _ => false,
        }
    }

    /// A database error while doing `context`.
    pub fn database(context: impl Into<String>) -> impl FnOnce(sea_orm::DbErr) -> Self {
        let context = context.into();
        move |error| Self::Database {
            context,
            message: error.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_half_done_swap_names_where_the_live_data_and_the_restored_copy_are() {
        let message = BackupError::SwapFailed(Box::new(SwapFailure {
            live_now_at: "ops__replaced_1".to_owned(),
            restored_copy: "ops__restore_1".to_owned(),
            reason: "connection reset".to_owned(),
            rename_back: "connection reset".to_owned(),
            put_back: "ALTER DATABASE x RENAME TO y".to_owned(),
        }))
        .to_string();
        assert!(
            message.contains("the live data is now in `ops__replaced_1`"),
            "{message}"
        );
        assert!(
            message.contains("the restored copy in `ops__restore_1`"),
            "{message}"
        );
        assert!(
            message.ends_with("to put the live data back, run: ALTER DATABASE x RENAME TO y"),
            "{message}"
        );
    }
}

//! Free space in the backup directory: refusing a backup that will not fit
//! before it starts, and naming a full disk as such, not by what the dump
//! tool died of (a broken pipe) when our write found no room.

use std::path::Path;

use crate::BackupError;

/// The bytes the file system holding `dir` has free for us, if it can tell.
fn free_space(dir: &Path) -> Option<u64> {
    let stats = rustix::fs::statvfs(dir).ok()?;
    Some(stats.f_bavail.saturating_mul(stats.f_frsize))
}

/// Refuses, before anything is written, a backup into `dir` expected to take
/// `needed` bytes (as the last one did) when less than that is free.
pub fn ensure_room(dir: &Path, needed: u64) -> Result<(), BackupError> {
    match free_space(dir) {
        Some(free) if free < needed => Err(BackupError::DiskFull {
            dir: dir.to_path_buf(),
            free,
            needed: Some(needed),
        }),
        _ => Ok(()),
    }
}

/// `error`, or, when it is a write that found no space left,
/// [`BackupError::DiskFull`] with the space free in `dir` now.
pub fn explain_full_disk(dir: &Path, error: BackupError) -> BackupError {
    if !error.is_out_of_space() {
        return error;
    }
    BackupError::DiskFull {
        dir: dir.to_path_buf(),
        free: free_space(dir).unwrap_or(0),
        needed: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_backup_bigger_than_the_free_space_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert!(ensure_room(dir.path(), 0).is_ok());
        let refused = ensure_room(dir.path(), u64::MAX).unwrap_err();
        assert!(
            matches!(
                refused,
                BackupError::DiskFull {
                    needed: Some(u64::MAX),
                    ..
                }
            ),
            "{refused:?}"
        );
    }

    #[test]
    fn a_write_that_found_no_space_is_a_full_disk() {
        let dir = tempfile::tempdir().unwrap();
        let full = BackupError::io("cannot write", "the backup file")(
            std::io::Error::from_raw_os_error(28),
        );
        let explained = explain_full_disk(dir.path(), full);
        assert!(
            explained
                .to_string()
                .starts_with("the backup directory's disk is full ("),
            "{explained}"
        );
        let other = BackupError::BadId("x".to_owned());
        assert!(matches!(
            explain_full_disk(dir.path(), other),
            BackupError::BadId(_)
        ));
    }

    #[test]
    fn a_dump_tool_or_sqlite_saying_the_disk_is_full_is_a_full_disk() {
        let tool = BackupError::ToolFailed {
            tool: "pg_dump".to_owned(),
            status: "exit status: 1".to_owned(),
            stderr: "pg_dump: error: could not write to output file: No space left on device"
                .to_owned(),
        };
        let sqlite = BackupError::Database {
            context: "VACUUM INTO failed".to_owned(),
            message: "error returned from database: (code: 13) database or disk is full".to_owned(),
        };
        assert!(tool.is_out_of_space() && sqlite.is_out_of_space());
    }
}

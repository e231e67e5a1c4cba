//! A backup in progress: the reserved, locked temporary file an engine dumps
//! into, the names written beside it, and the file helpers that tell whose
//! it is and remove what is left of it.

use std::fs::{self, File};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use crate::BackupError;

/// The ending of a temporary file's name, `.<file>.partial`.
pub(crate) const PARTIAL_SUFFIX: &str = ".partial";
const DIRECTORY_SUFFIX: &str = ".d";
/// What is written beside a temporary file while its dump runs, named after
/// it: pg_dump's directory, SQLite's journals of the copy it writes.
pub(crate) const COMPANION_SUFFIXES: [&str; 4] = [DIRECTORY_SUFFIX, "-journal", "-wal", "-shm"];

/// A name reserved for a backup in progress: an empty `0600` temporary file
/// in the backup directory that no other backup can take, locked until the
/// reservation is dropped, which removes what is left under its temporary names.
#[derive(Debug)]
pub struct Reservation {
    /// The backup's id.
    pub id: String,
    /// The temporary file the dump is written to.
    pub temp: PathBuf,
    /// The file's final name.
    pub file_name: String,
    /// The temporary file, open and locked.
    pub file: File,
}

impl Reservation {
    /// Where a dump that is a directory (pg_dump's directory format) is written
    /// while in progress; the locked temporary file stays the reservation.
    pub fn directory(&self) -> PathBuf {
        PathBuf::from(format!("{}{DIRECTORY_SUFFIX}", self.temp.display()))
    }

    /// The dump in progress: the directory if the engine wrote one, else the temporary file.
    pub fn content(&self) -> PathBuf {
        let directory = self.directory();
        if directory.is_dir() {
            directory
        } else {
            self.temp.clone()
        }
    }
}

impl Drop for Reservation {
    /// Removes whatever is still under the reservation's temporary names
    /// (after a failure, the partial dump and SQLite's journal beside it;
    /// after a commit, a directory dump's lock file), then unlocks.
    fn drop(&mut self) {
        for companion in companions(&self.temp) {
            let _ = remove_tree(&companion);
        }
        if same_file(&self.file, &self.temp) {
            let _ = fs::remove_file(&self.temp);
        }
    }
}

/// The files and directories a dump writes beside the temporary file `partial`.
pub(crate) fn companions(partial: &Path) -> Vec<PathBuf> {
    COMPANION_SUFFIXES
        .iter()
        .map(|suffix| PathBuf::from(format!("{}{suffix}", partial.display())))
        .collect()
}

/// Whether `path` is still the file `file` has open (a cleaner may have
/// removed it, or put another file there, between an open and a lock).
pub(crate) fn same_file(file: &File, path: &Path) -> bool {
    match (file.metadata(), fs::symlink_metadata(path)) {
        (Ok(open), Ok(named)) => open.dev() == named.dev() && open.ino() == named.ino(),
        _ => false,
    }
}

/// Removes a file or a directory with everything in it; a missing one is no error.
pub(crate) fn remove_tree(path: &Path) -> std::io::Result<()> {
    let removed = match fs::symlink_metadata(path) {
        Ok(info) if info.is_dir() => fs::remove_dir_all(path),
        Ok(_) => fs::remove_file(path),
        Err(error) => Err(error),
    };
    match removed {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

/// Tightens a file's (or, recursively, a directory's files') permissions to `0600` (`0700` for directories).
pub(crate) fn restrict(path: &Path) -> Result<(), BackupError> {
    let mode = if path.is_dir() { 0o700 } else { 0o600 };
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
        .map_err(BackupError::io("cannot set permissions on", path))?;
    if path.is_dir() {
        for entry in fs::read_dir(path).map_err(BackupError::io("cannot read", path))? {
            let entry = entry.map_err(BackupError::io("cannot read", path))?;
            restrict(&entry.path())?;
        }
    }
    Ok(())
}

//! Where backups are kept: the [`Store`] interface (stage a backup, commit it
//! with its metadata, find, list, update and delete backups, and clear what
//! interrupted ones left) and [`open`], which picks its implementation; a
//! local directory ([`LocalDirectory`]) is the one there is.

mod local;
mod staging;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::id::Reason;
use crate::{BackupError, Metadata};

pub use local::LocalDirectory;
pub use local::leftovers::{Orphan, OrphanKind};
pub use staging::Reservation;
pub(crate) use staging::restrict;

/// The backups of one database, wherever they are kept; every method sees
/// only that database's backups, so one location can hold several databases'.
pub trait Store: Send + Sync {
    /// Where the backups are, for messages and JSON (a local directory: its path).
    fn location(&self) -> String;

    /// Reserves a unique id for a backup taken `now`, whose file has
    /// extension `ext`: a locked temporary file to dump into.
    fn reserve(
        &self,
        reason: &Reason,
        ext: &str,
        now: DateTime<Utc>,
    ) -> Result<Reservation, BackupError>;

    /// Commits a verified dump with its metadata (the metadata last, as the
    /// commit marker), so there is either a complete backup or nothing;
    /// returns where the backup's file is.
    fn put(&self, reservation: Reservation, metadata: &Metadata) -> Result<PathBuf, BackupError>;

    /// The backup `id`, valid or not.
    fn find(&self, id: &str) -> Result<Listed, BackupError>;

    /// The valid backup `id`, or for `latest` the newest valid one not taken
    /// by a restore (a restore's safety backup is chosen by its id, so a
    /// repeated `restore latest` restores the same backup again).
    fn find_valid(&self, wanted: &str) -> Result<Metadata, BackupError> {
        let not_found = || BackupError::NotFound(wanted.to_owned(), self.location());
        if wanted == "latest" {
            return self
                .list_metadata()?
                .into_iter()
                .filter(|metadata| !metadata.taken_by_restore())
                .find(|metadata| self.check(metadata).is_none())
                .ok_or_else(not_found);
        }
        let listed = self.find(wanted)?;
        match listed.problem {
            None => Ok(listed.metadata),
            Some(reason) => Err(BackupError::Invalid {
                id: wanted.to_owned(),
                reason,
            }),
        }
    }

    /// Every backup, newest first, each checked against its SHA-256.
    fn list(&self) -> Result<Vec<Listed>, BackupError> {
        Ok(self
            .list_metadata()?
            .into_iter()
            .map(|metadata| Listed {
                problem: self.check(&metadata),
                metadata,
            })
            .collect())
    }

    /// Every backup with readable metadata, newest first, without reading
    /// the backup files (see [`Store::check`]).
    fn list_metadata(&self) -> Result<Vec<Metadata>, BackupError>;

    /// What is wrong with a backup's file, if anything: missing, wrong size, wrong SHA-256.
    fn check(&self, metadata: &Metadata) -> Option<String>;

    /// A local path the engines can read the backup's file (or directory) from.
    fn local_path(&self, metadata: &Metadata) -> Result<PathBuf, BackupError>;

    /// Replaces a backup's metadata (to pin or unpin it) atomically.
    fn update(&self, metadata: &Metadata) -> Result<(), BackupError>;

    /// Deletes a backup: metadata first (so a half-deleted backup is never valid), then the file.
    fn delete(&self, metadata: &Metadata) -> Result<(), BackupError>;

    /// What interrupted backups left behind that no running process is
    /// writing, by name.
    fn orphans(&self) -> Result<Vec<Orphan>, BackupError>;

    /// Deletes (or with `dry_run` only names) every orphan no process has taken up.
    fn prune_orphans(&self, dry_run: bool) -> Result<Vec<Orphan>, BackupError>;

    /// Deletes the temporary files of backups that did not finish (run
    /// before each backup); returns them.
    fn remove_partials(&self) -> Vec<Orphan>;

    /// Refuses, before anything is written, a backup expected to take
    /// `needed` bytes (as the last one did) when less than that is free.
    fn ensure_room(&self, needed: u64) -> Result<(), BackupError>;

    /// `error`, or, when it is a write that found no space left,
    /// [`BackupError::DiskFull`] with the space free now.
    fn explain_full_disk(&self, error: BackupError) -> BackupError;
}

/// A backup found in the store, valid or not.
#[derive(Debug, Clone)]
pub struct Listed {
    /// Its metadata.
    pub metadata: Metadata,
    /// `None` when the file is there and its SHA-256 matches; else what is wrong.
    pub problem: Option<String>,
}

impl Listed {
    /// Whether the backup can be trusted.
    pub fn is_valid(&self) -> bool {
        self.problem.is_none()
    }
}

/// The store at `dir` for the backups of `database` on `backend`; nothing
/// is created until the first backup is written.
pub fn open(dir: &Path, backend: &str, database: &str) -> Box<dyn Store> {
    Box::new(LocalDirectory::new(dir, backend, database))
}

/// The databases, as `(backend, database)`, that have backups at `dir`, so
/// that a host holding copies of several can open a store for each.
pub fn databases(dir: &Path) -> Result<BTreeSet<(String, String)>, BackupError> {
    LocalDirectory::databases(dir)
}

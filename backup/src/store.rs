//! The backup directory: reserving names, committing a verified dump
//! atomically (file renamed, then metadata written last, or nothing left on
//! failure), listing only backups whose checksum holds, pinning and
//! deleting. What interrupted backups leave behind is [`crate::leftovers`]'
//! business, free space [`crate::space`]'s.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::hashing::hash_path;
use crate::id::{self, Reason};
use crate::{BackupError, Metadata};

/// The extension of a backup's metadata file, `<id>.metadata.json`.
pub(crate) const METADATA_EXTENSION: &str = "metadata.json";
const METADATA_SUFFIX: &str = ".metadata.json";
pub(crate) const PARTIAL_SUFFIX: &str = ".partial";
const DIRECTORY_SUFFIX: &str = ".d";
/// What is written beside a temporary file while its dump runs, named after
/// it: pg_dump's directory, SQLite's journals of the copy it writes.
pub(crate) const COMPANION_SUFFIXES: [&str; 4] = [DIRECTORY_SUFFIX, "-journal", "-wal", "-shm"];

/// The backups of one database in the backup directory (a directory may
/// hold backups of several databases; each store sees only its own).
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
    backend: String,
    database: String,
}

/// A backup found in the directory, valid or not.
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

/// Opens `path` for writing (creating it `0600`) and locks it, so
/// [`crate::leftovers`] never takes it for a leftover while it is written.
fn open_locked(path: &Path) -> std::io::Result<File> {
    for _ in 0..3 {
        let file = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(path)?;
        file.lock()?;
        // Removed by a cleaner between the open and the lock: open it anew.
        if same_file(&file, path) {
            return Ok(file);
        }
    }
    Err(std::io::Error::other(
        "it is not a plain file, or something keeps replacing it",
    ))
}

impl Store {
    /// The backup directory, for the backups of `database` on `backend`;
    /// nothing is created until the first backup is written.
    pub fn open(dir: &Path, backend: &str, database: &str) -> Result<Self, BackupError> {
        Ok(Self {
            dir: dir.to_path_buf(),
            backend: backend.to_owned(),
            database: database.to_owned(),
        })
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether `<id>.<ext>` is the name of a backup file of this store's
    /// database and backend (the extensions its engine writes), or of its metadata.
    pub(crate) fn owns(&self, id: &str, ext: &str) -> bool {
        let extensions: &[&str] = match self.backend.as_str() {
            "postgres" => &["dump", "dir"],
            "mysql" => &["sql.gz"],
            _ => &["sqlite"],
        };
        (ext == METADATA_EXTENSION || extensions.contains(&ext))
            && id::belongs_to(id, &self.database)
    }

    /// The path of a backup's file.
    pub fn file_path(&self, metadata: &Metadata) -> PathBuf {
        self.dir.join(&metadata.file)
    }

    /// Reserves a unique id for a backup of `database` now, with extension `ext`.
    pub fn reserve(
        &self,
        database: &str,
        reason: &Reason,
        ext: &str,
        now: DateTime<Utc>,
    ) -> Result<Reservation, BackupError> {
        if !self.dir.is_dir() {
            fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(&self.dir)
                .map_err(BackupError::io(
                    "cannot create the backup directory",
                    &self.dir,
                ))?;
        }
        for attempt in 1..1000 {
            let id = id::compose(database, now, reason, attempt);
            let file_name = format!("{id}.{ext}");
            let temp = self.dir.join(format!(".{file_name}{PARTIAL_SUFFIX}"));
            // Creating the temp file exclusively is the reservation; a final file
            // or metadata with this id means the id was taken and committed.
            match OpenOptions::new()
                .read(true)
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&temp)
            {
                Ok(file) => {
                    if self.dir.join(&file_name).exists() || self.metadata_path(&id).exists() {
                        let _ = fs::remove_file(&temp);
                        continue;
                    }
                    // Held until the reservation is dropped: a partial file nobody
                    // holds a lock on belongs to a dump that was killed.
                    file.lock()
                        .map_err(BackupError::io("cannot lock", temp.clone()))?;
                    // A cleaner that locked it first (before ours) removed it.
                    if !same_file(&file, &temp) {
                        continue;
                    }
                    return Ok(Reservation {
                        id,
                        temp,
                        file_name,
                        file,
                    });
                }
                Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(error) => return Err(BackupError::io("cannot write in", &self.dir)(error)),
            }
        }
        Err(BackupError::BadId(format!("{database} (no free id)")))
    }

    /// Makes a verified temporary file a backup: fsync, rename to its final
    /// name, then write the metadata (the commit marker) atomically. The
    /// reservation stays locked until the metadata is written; on any failure
    /// the file, the metadata and the temporary files are removed, so there is
    /// either a complete backup or nothing.
    pub fn commit(
        &self,
        reservation: Reservation,
        metadata: &Metadata,
    ) -> Result<PathBuf, BackupError> {
        let final_path = self.dir.join(&reservation.file_name);
        let content = reservation.content();
        let committed = sync_tree(&content)
            .map_err(BackupError::io("cannot sync", content.clone()))
            .and_then(|()| {
                fs::rename(&content, &final_path)
                    .map_err(BackupError::io("cannot rename into place", &final_path))
            })
            .and_then(|()| {
                self.write_metadata(metadata).inspect_err(|_| {
                    let _ = fs::remove_file(self.metadata_path(&metadata.id));
                    let _ = remove_tree(&final_path);
                })
            });
        drop(reservation);
        committed
            .map(|()| final_path)
            .map_err(|error| BackupError::Discarded {
                id: metadata.id.clone(),
                source: Box::new(error),
            })
    }

    /// Writes `metadata` atomically (locked temporary file, fsync, rename,
    /// directory fsync); on failure the temporary file is removed.
    pub fn write_metadata(&self, metadata: &Metadata) -> Result<(), BackupError> {
        let path = self.metadata_path(&metadata.id);
        let temp = self
            .dir
            .join(format!(".{}{METADATA_SUFFIX}{PARTIAL_SUFFIX}", metadata.id));
        let json = serde_json::to_vec_pretty(metadata).map_err(|e| BackupError::Invalid {
            id: metadata.id.clone(),
            reason: e.to_string(),
        })?;
        let write = || -> std::io::Result<()> {
            let mut file = open_locked(&temp)?;
            let written = file
                .set_len(0)
                .and_then(|()| file.write_all(&json))
                .and_then(|()| file.sync_all())
                .and_then(|()| fs::rename(&temp, &path));
            if written.is_err() && same_file(&file, &temp) {
                let _ = fs::remove_file(&temp);
            }
            written?;
            File::open(&self.dir)?.sync_all()
        };
        write().map_err(BackupError::io("cannot write", path.clone()))
    }

    /// Where the metadata of backup `id` is.
    pub(crate) fn metadata_path(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}{METADATA_SUFFIX}"))
    }

    /// Every backup of this database, newest first, each checked against its SHA-256.
    pub fn list(&self) -> Result<Vec<Listed>, BackupError> {
        Ok(self
            .list_unchecked()?
            .into_iter()
            .map(|metadata| Listed {
                problem: self.check(&metadata),
                metadata,
            })
            .collect())
    }

    /// Every backup of this database with readable metadata, newest first,
    /// without reading the backup files (see [`Store::check`]).
    pub fn list_unchecked(&self) -> Result<Vec<Metadata>, BackupError> {
        let entries = match fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(error) => return Err(BackupError::io("cannot read", &self.dir)(error)),
        };
        let mut listed: Vec<Metadata> = entries
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| !name.starts_with('.') && name.ends_with(METADATA_SUFFIX))
            .filter_map(|name| self.read_metadata(&name))
            .collect();
        listed.sort_by(|a, b| {
            b.created_at
                .cmp(&a.created_at)
                .then_with(|| b.id.cmp(&a.id))
        });
        Ok(listed)
    }

    fn read_listed(&self, name: &str) -> Option<Listed> {
        let metadata = self.read_metadata(name)?;
        Some(Listed {
            problem: self.check(&metadata),
            metadata,
        })
    }

    fn read_metadata(&self, name: &str) -> Option<Metadata> {
        let text = fs::read_to_string(self.dir.join(name)).ok()?;
        let metadata: Metadata = serde_json::from_str(&text).ok()?;
        let ours = metadata.backend == self.backend && metadata.database == self.database;
        if !ours
            || id::validate(&metadata.id).is_err()
            || format!("{}{METADATA_SUFFIX}", metadata.id) != name
        {
            return None;
        }
        Some(metadata)
    }

    /// What is wrong with a backup's file, if anything: missing, wrong size, wrong SHA-256.
    pub fn check(&self, metadata: &Metadata) -> Option<String> {
        if metadata.file.contains('/') || metadata.file.starts_with('.') {
            return Some("its metadata names a file outside the backup directory".to_owned());
        }
        let path = self.file_path(metadata);
        if !path.exists() {
            return Some(format!("{} is missing", metadata.file));
        }
        if let Ok(info) = fs::metadata(&path)
            && info.is_file()
            && info.len() != metadata.file_size
        {
            return Some(format!(
                "{} is {} bytes, expected {}",
                metadata.file,
                info.len(),
                metadata.file_size
            ));
        }
        match hash_path(&path) {
            Ok((sha, size)) if sha == metadata.sha256 && size == metadata.file_size => None,
            Ok(_) => Some(format!(
                "{}'s SHA-256 does not match its metadata",
                metadata.file
            )),
            Err(error) => Some(format!("{} cannot be read: {error}", metadata.file)),
        }
    }

    /// The valid backup `id`, or for `latest` the newest valid one not taken
    /// by a restore (a restore's safety backup is chosen by its id, so a
    /// repeated `restore latest` restores the same backup again).
    pub fn find_valid(&self, wanted: &str) -> Result<Metadata, BackupError> {
        let not_found = || BackupError::NotFound(wanted.to_owned(), self.dir.display().to_string());
        if wanted == "latest" {
            return self
                .list_unchecked()?
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

    /// The backup `id`, valid or not.
    pub fn find(&self, wanted: &str) -> Result<Listed, BackupError> {
        let id = id::validate(wanted)?;
        self.read_listed(&format!("{id}{METADATA_SUFFIX}"))
            .ok_or_else(|| BackupError::NotFound(wanted.to_owned(), self.dir.display().to_string()))
    }

    /// Deletes a backup: metadata first (so a half-deleted backup is never valid), then the file.
    pub fn remove(&self, metadata: &Metadata) -> Result<(), BackupError> {
        let meta = self.metadata_path(&metadata.id);
        fs::remove_file(&meta).map_err(BackupError::io("cannot delete", meta))?;
        let file = self.file_path(metadata);
        let removed = if file.is_dir() {
            fs::remove_dir_all(&file)
        } else {
            fs::remove_file(&file)
        };
        match removed {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
                Err(BackupError::io("cannot delete", file)(error))
            }
            _ => Ok(()),
        }
    }

    /// Tightens a file's (or, recursively, a directory's files') permissions to `0600` (`0700` for directories).
    pub fn restrict(path: &Path) -> Result<(), BackupError> {
        let mode = if path.is_dir() { 0o700 } else { 0o600 };
        fs::set_permissions(path, fs::Permissions::from_mode(mode))
            .map_err(BackupError::io("cannot set permissions on", path))?;
        if path.is_dir() {
            for entry in fs::read_dir(path).map_err(BackupError::io("cannot read", path))? {
                let entry = entry.map_err(BackupError::io("cannot read", path))?;
                Self::restrict(&entry.path())?;
            }
        }
        Ok(())
    }
}

/// fsyncs a file, or every file of a directory and the directory itself.
fn sync_tree(path: &Path) -> std::io::Result<()> {
    if path.is_dir() {
        for entry in fs::read_dir(path)? {
            sync_tree(&entry?.path())?;
        }
    }
    File::open(path)?.sync_all()
}

//! The backup directory, the local [`Store`]: reserving names, committing a
//! verified dump atomically (file renamed, then metadata written last, or
//! nothing left on failure), listing backups with their checksums checked,
//! pinning and deleting. What interrupted backups leave behind is
//! [`leftovers`]' business, free space [`space`]'s.

pub(crate) mod leftovers;
mod space;

use std::collections::BTreeSet;
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::staging::{PARTIAL_SUFFIX, Reservation, remove_tree, same_file};
use super::{Listed, Orphan, Store};
use crate::hashing::hash_path;
use crate::id::{self, Reason};
use crate::{BackupError, Metadata};

/// The extension of a backup's metadata file, `<id>.metadata.json`.
pub(crate) const METADATA_EXTENSION: &str = "metadata.json";
const METADATA_SUFFIX: &str = ".metadata.json";

/// The backups of one database in a local backup directory (a directory
/// may hold backups of several databases; each store sees only its own).
#[derive(Debug, Clone)]
pub struct LocalDirectory {
    dir: PathBuf,
    backend: String,
    database: String,
}

/// Opens `path` for writing (creating it `0600`) and locks it, so
/// [`leftovers`] never takes it for a leftover while it is written.
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

impl LocalDirectory {
    /// The backup directory `dir`, for the backups of `database` on
    /// `backend`; nothing is created until the first backup is written.
    pub fn new(dir: &Path, backend: &str, database: &str) -> Self {
        Self {
            dir: dir.to_path_buf(),
            backend: backend.to_owned(),
            database: database.to_owned(),
        }
    }

    /// The directory.
    pub(crate) fn dir(&self) -> &Path {
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
    fn file_path(&self, metadata: &Metadata) -> PathBuf {
        self.dir.join(&metadata.file)
    }

    /// Writes `metadata` atomically (locked temporary file, fsync, rename,
    /// directory fsync); on failure the temporary file is removed.
    fn write_metadata(&self, metadata: &Metadata) -> Result<(), BackupError> {
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

    fn read_listed(&self, name: &str) -> Option<Listed> {
        let metadata = self.read_metadata(name)?;
        Some(Listed {
            problem: self.check(&metadata),
            metadata,
        })
    }

    /// The databases, as `(backend, database)`, that have backups with
    /// readable metadata in `dir`; none when `dir` does not exist.
    pub fn databases(dir: &Path) -> Result<BTreeSet<(String, String)>, BackupError> {
        Ok(metadata_names(dir)?
            .iter()
            .filter_map(|name| parse_metadata(dir, name))
            .map(|metadata| (metadata.backend, metadata.database))
            .collect())
    }

    fn read_metadata(&self, name: &str) -> Option<Metadata> {
        let metadata = parse_metadata(&self.dir, name)?;
        let ours = metadata.backend == self.backend && metadata.database == self.database;
        ours.then_some(metadata)
    }
}

impl Store for LocalDirectory {
    /// The directory's path.
    fn location(&self) -> String {
        self.dir.display().to_string()
    }

    /// Creates the directory (`0700`) if it is missing, then reserves
    /// `.<id>.<ext>.partial` by creating it exclusively.
    fn reserve(
        &self,
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
            let id = id::compose(&self.database, now, reason, attempt);
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
        Err(BackupError::BadId(format!(
            "{} (no free id)",
            self.database
        )))
    }

    /// Makes a verified temporary file a backup: fsync, rename to its final
    /// name, then write the metadata (the commit marker) atomically. The
    /// reservation stays locked until the metadata is written; on any failure
    /// the file, the metadata and the temporary files are removed.
    fn put(&self, reservation: Reservation, metadata: &Metadata) -> Result<PathBuf, BackupError> {
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

    fn find(&self, wanted: &str) -> Result<Listed, BackupError> {
        let id = id::validate(wanted)?;
        self.read_listed(&format!("{id}{METADATA_SUFFIX}"))
            .ok_or_else(|| BackupError::NotFound(wanted.to_owned(), self.location()))
    }

    fn list_metadata(&self) -> Result<Vec<Metadata>, BackupError> {
        let mut listed: Vec<Metadata> = metadata_names(&self.dir)?
            .iter()
            .filter_map(|name| self.read_metadata(name))
            .collect();
        listed.sort_by(|a, b| {
            b.created_at
                .cmp(&a.created_at)
                .then_with(|| b.id.cmp(&a.id))
        });
        Ok(listed)
    }

    fn check(&self, metadata: &Metadata) -> Option<String> {
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

    /// The file itself, in the directory.
    fn local_path(&self, metadata: &Metadata) -> Result<PathBuf, BackupError> {
        Ok(self.file_path(metadata))
    }

    fn update(&self, metadata: &Metadata) -> Result<(), BackupError> {
        self.write_metadata(metadata)
    }

    fn delete(&self, metadata: &Metadata) -> Result<(), BackupError> {
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

    fn orphans(&self) -> Result<Vec<Orphan>, BackupError> {
        leftovers::find(self)
    }

    fn prune_orphans(&self, dry_run: bool) -> Result<Vec<Orphan>, BackupError> {
        let mut removed = Vec::new();
        for orphan in self.orphans()? {
            if dry_run || leftovers::remove(self, &orphan)? {
                removed.push(orphan);
            }
        }
        Ok(removed)
    }

    fn remove_partials(&self) -> Vec<Orphan> {
        leftovers::remove_partials(self)
    }

    fn ensure_room(&self, needed: u64) -> Result<(), BackupError> {
        space::ensure_room(&self.dir, needed)
    }

    fn explain_full_disk(&self, error: BackupError) -> BackupError {
        space::explain_full_disk(&self.dir, error)
    }
}

/// The names of the metadata files in `dir`; none when it does not exist.
fn metadata_names(dir: &Path) -> Result<Vec<String>, BackupError> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(BackupError::io("cannot read", dir)(error)),
    };
    Ok(entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with('.') && name.ends_with(METADATA_SUFFIX))
        .collect())
}

/// The metadata in file `name`, of whatever database, if it is readable
/// and names the backup the file is named for.
fn parse_metadata(dir: &Path, name: &str) -> Option<Metadata> {
    let text = fs::read_to_string(dir.join(name)).ok()?;
    let metadata: Metadata = serde_json::from_str(&text).ok()?;
    if id::validate(&metadata.id).is_err() || format!("{}{METADATA_SUFFIX}", metadata.id) != name {
        return None;
    }
    Some(metadata)
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

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use chrono::TimeZone;

    use super::*;

    /// Stores `content` as a backup of `app` taken `seconds` into 2025 for `reason`.
    fn backup(store: &LocalDirectory, seconds: i64, reason: &str, content: &[u8]) -> Metadata {
        let now = Utc
            .timestamp_opt(1_735_689_600 + seconds, 0)
            .single()
            .unwrap();
        let mut reservation = store.reserve(&Reason::new(reason), "sqlite", now).unwrap();
        reservation.file.write_all(content).unwrap();
        let (sha256, file_size) = hash_path(&reservation.temp).unwrap();
        let metadata = Metadata {
            id: reservation.id.clone(),
            backend: "sqlite".to_owned(),
            database: "app".to_owned(),
            database_size: file_size,
            server_version: "3".to_owned(),
            tool: "test".to_owned(),
            tool_version: "1".to_owned(),
            format: "sqlite".to_owned(),
            table_count: 0,
            row_counts: BTreeMap::new(),
            columns: BTreeMap::new(),
            created_at: now,
            expires_at: None,
            pinned: false,
            file: reservation.file_name.clone(),
            file_size,
            sha256,
            migration_head: None,
            reason: reason.to_owned(),
            command: "test".to_owned(),
            toolkit_version: "0".to_owned(),
            database_properties: None,
        };
        store.put(reservation, &metadata).unwrap();
        metadata
    }

    #[test]
    fn a_committed_backup_is_found_by_id_and_as_latest() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalDirectory::new(dir.path(), "sqlite", "app");
        let older = backup(&store, 0, "manual", b"older");
        let newer = backup(&store, 60, "manual", b"newer");
        assert_eq!(store.find(&older.id).unwrap().metadata, older);
        assert_eq!(store.find_valid("latest").unwrap(), newer);
        let listed: Vec<String> = store
            .list()
            .unwrap()
            .into_iter()
            .map(|l| l.metadata.id)
            .collect();
        assert_eq!(listed, [newer.id, older.id]);
    }

    #[test]
    fn latest_skips_safety_backups_and_damaged_ones() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalDirectory::new(dir.path(), "sqlite", "app");
        let good = backup(&store, 0, "manual", b"good");
        let damaged = backup(&store, 60, "manual", b"damaged");
        backup(&store, 120, crate::id::PRE_RESTORE, b"safety");
        fs::write(dir.path().join(&damaged.file), b"changed").unwrap();
        assert_eq!(store.find_valid("latest").unwrap(), good);
        assert!(!store.find(&damaged.id).unwrap().is_valid());
        assert!(matches!(
            store.find_valid(&damaged.id),
            Err(BackupError::Invalid { .. })
        ));
    }

    #[test]
    fn a_deleted_backup_is_not_found_where_the_store_is() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalDirectory::new(dir.path(), "sqlite", "app");
        let gone = backup(&store, 0, "manual", b"gone");
        store.delete(&gone).unwrap();
        let error = store.find(&gone.id).unwrap_err().to_string();
        assert!(error.contains(&store.location()), "{error}");
        assert!(store.list().unwrap().is_empty());
    }

    #[test]
    fn a_pin_is_kept_in_the_metadata() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalDirectory::new(dir.path(), "sqlite", "app");
        let mut pinned = backup(&store, 0, "manual", b"kept");
        pinned.pinned = true;
        store.update(&pinned).unwrap();
        assert!(store.find_valid(&pinned.id).unwrap().pinned);
    }
}

//! SQLite: a consistent online copy with `VACUUM INTO` (never a raw copy of
//! a file in use), checked with `PRAGMA integrity_check`, restored by
//! renaming a verified copy over the database file.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};

use crate::engine::{Dump, Engine, Scratch, blocking, scratch_suffix};
use crate::hashing::hash_file;
use crate::inventory;
use crate::metering::watch_size;
use crate::progress::Meter;
use crate::store::Reservation;
use database::DatabaseUrl;

use crate::{BackupError, Metadata, Target};

/// The SQLite engine.
pub struct Sqlite {
    target: Target,
}

impl Sqlite {
    /// The engine for `target`.
    pub fn new(target: Target) -> Self {
        Self { target }
    }

    async fn open(path: &Path, mode: &str) -> Result<DatabaseConnection, BackupError> {
        database::connection::open(&format!("sqlite://{}?mode={mode}", path.display()))
            .await
            .map_err(BackupError::database(format!(
                "cannot open {}",
                path.display()
            )))
    }
}

#[async_trait::async_trait]
impl Engine for Sqlite {
    fn extension(&self) -> &'static str {
        "sqlite"
    }

    async fn dump(
        &self,
        db: &DatabaseConnection,
        reservation: &Reservation,
        meter: Box<dyn Meter>,
    ) -> Result<Dump, BackupError> {
        let path = reservation.temp.display().to_string().replace('\'', "''");
        // SQLite writes the copy itself: its size is the progress.
        let watch = watch_size(reservation.temp.clone(), meter);
        db.execute_raw(Statement::from_string(
            db.get_database_backend(),
            format!("VACUUM INTO '{path}'"),
        ))
        .await
        .map_err(BackupError::database("VACUUM INTO failed"))?;
        drop(watch);
        // The inventory is taken of the copy itself, so it describes exactly what was saved.
        let copy = Self::open(&reservation.temp, "ro").await?;
        let inventory = inventory::describe(&copy).await?;
        copy.close()
            .await
            .map_err(BackupError::database("cannot close the copy"))?;
        let temp = reservation.temp.clone();
        let (sha256, size) = blocking(move || {
            hash_file(&temp).map_err(BackupError::io("cannot read", temp.clone()))
        })
        .await?;
        Ok(Dump {
            properties: None,
            tool: "sqlite VACUUM INTO".to_owned(),
            tool_version: inventory.server_version.clone(),
            inventory,
            format: "sqlite",
            sha256,
            size,
        })
    }

    async fn verify(&self, file: &Path, metadata: &Metadata) -> Result<(), BackupError> {
        let invalid = |reason: String| BackupError::Invalid {
            id: metadata.id.clone(),
            reason,
        };
        let copy = Self::open(file, "ro")
            .await
            .map_err(|e| invalid(e.to_string()))?;
        let check = copy
            .query_one_raw(Statement::from_string(
                copy.get_database_backend(),
                "PRAGMA integrity_check",
            ))
            .await
            .map_err(|e| invalid(e.to_string()))?
            .map(|row| row.try_get_by_index::<String>(0))
            .transpose()
            .map_err(|e| invalid(e.to_string()))?
            .unwrap_or_default();
        if check != "ok" {
            return Err(invalid(format!("integrity_check says: {check}")));
        }
        let tables = inventory::tables(&copy).await?;
        let _ = copy.close().await;
        if tables.len() != metadata.table_count {
            return Err(invalid(format!(
                "it has {} tables, its metadata says {}",
                tables.len(),
                metadata.table_count
            )));
        }
        Ok(())
    }

    async fn create_scratch(&self) -> Result<Scratch, BackupError> {
        let live = self.target.sqlite_path();
        let scratch = sibling(&live, &format!("restore-{}", scratch_suffix()));
        let url = DatabaseUrl::sqlite_file(&scratch, "rw").map_err(|e| BackupError::Io {
            action: "cannot address",
            path: scratch.clone(),
            source: std::io::Error::other(e),
        })?;
        Ok(Scratch {
            target: Target::new(url),
        })
    }

    async fn load(
        &self,
        scratch: &Scratch,
        file: &Path,
        meter: Box<dyn Meter>,
    ) -> Result<(), BackupError> {
        let (from, to) = (file.to_path_buf(), scratch.target.sqlite_path());
        // The kernel copies the file (the backup is private, and so is its
        // copy); its growing size is the progress.
        let _watch = watch_size(to.clone(), meter);
        blocking(move || {
            std::fs::copy(&from, &to)
                .map(drop)
                .map_err(BackupError::io("cannot copy the backup to", to.clone()))
        })
        .await
    }

    async fn apply_properties(
        &self,
        scratch: &Scratch,
        _metadata: &Metadata,
    ) -> Result<Vec<String>, BackupError> {
        let (live, copy) = (self.target.sqlite_path(), scratch.target.sqlite_path());
        blocking(move || keep_mode_and_owner(&live, &copy)).await
    }

    async fn swap_in(&self, scratch: Scratch) -> Result<(), BackupError> {
        let live = self.target.sqlite_path();
        let copy = scratch.target.sqlite_path();
        blocking(move || {
            // A journal left beside the old file would be replayed onto the new one.
            for suffix in ["-wal", "-shm", "-journal"] {
                let journal = PathBuf::from(format!("{}{suffix}", live.display()));
                if journal.exists() {
                    std::fs::remove_file(&journal)
                        .map_err(BackupError::io("cannot remove", journal))?;
                }
            }
            std::fs::rename(&copy, &live)
                .map_err(BackupError::io("cannot move the restored copy to", live))
        })
        .await
    }

    async fn discard(&self, scratch: Scratch) {
        let _ = std::fs::remove_file(scratch.target.sqlite_path());
    }
}

/// Gives `copy` the mode and owner of the `live` file it is to replace, so
/// whoever could open the database still can; returns a note when the owner
/// cannot be given (only root may give a file to another user).
fn keep_mode_and_owner(live: &Path, copy: &Path) -> Result<Vec<String>, BackupError> {
    let was = match std::fs::metadata(live) {
        Ok(was) => was,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(BackupError::io("cannot read", live)(error)),
    };
    let owner = |info: &std::fs::Metadata| (info.uid(), info.gid());
    let read = |path: &Path| std::fs::metadata(path).map_err(BackupError::io("cannot read", path));
    let mut notes = Vec::new();
    if owner(&read(copy)?) != owner(&was)
        && let Err(error) = std::os::unix::fs::chown(copy, Some(was.uid()), Some(was.gid()))
    {
        // The group alone may still be one of ours.
        let _ = std::os::unix::fs::chown(copy, None, Some(was.gid()));
        let (uid, gid) = owner(&read(copy)?);
        let (was_uid, was_gid) = owner(&was);
        notes.push(format!(
            "{} is now owned by {uid}:{gid}, not {was_uid}:{was_gid} as before ({error}); \
             as root, run `chown {was_uid}:{was_gid} {}`",
            live.display(),
            live.display()
        ));
    }
    // After the owner: a change of owner clears the set-id bits.
    std::fs::set_permissions(copy, std::fs::Permissions::from_mode(was.mode() & 0o7777))
        .map_err(BackupError::io("cannot set the mode of", copy))?;
    Ok(notes)
}

/// A hidden file beside `path`: `.<name>.<tag>`.
fn sibling(path: &Path, tag: &str) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.{tag}"))
}

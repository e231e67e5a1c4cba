//! What interrupted backups leave in the backup directory: a backup file
//! without metadata (a commit that failed and could not be undone) and
//! temporary files (`.<file>.partial`, pg_dump's `.<file>.partial.d`,
//! SQLite's `.<file>.partial-journal`, `.<id>.metadata.json.partial`) that no
//! live process holds. `backup list` shows them, `backup prune` deletes them,
//! and every backup first deletes the temporary ones.
//!
//! A backup holds an exclusive `flock` on its temporary file from the moment
//! it reserves it until its metadata is written (renamed to its final name,
//! the file keeps the lock; a directory dump's lock stays on the temporary
//! file), and metadata is written under a lock too. So a lock anyone can take
//! means a dead writer: no waiting for files to go idle.

use std::fs::{self, File};
use std::path::Path;

use serde::Serialize;

use super::{LocalDirectory, METADATA_EXTENSION};
use crate::BackupError;
use crate::store::staging::{
    COMPANION_SUFFIXES, PARTIAL_SUFFIX, companions, remove_tree, same_file,
};

/// The endings of the names a backup gives directories: pg_dump's directory
/// format, in progress and committed.
const DIRECTORIES: [&str; 2] = [".partial.d", ".dir"];

/// Something of this database's in the backup directory that no backup owns
/// and no running process is writing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Orphan {
    /// Its name in the backup directory.
    #[serde(rename = "file")]
    pub name: String,
    /// Its size in bytes (a directory's: its files').
    pub size: u64,
    /// What it is.
    pub kind: OrphanKind,
}

/// What an [`Orphan`] was left by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum OrphanKind {
    /// A backup's file under its final name, without metadata: never committed.
    NoMetadata,
    /// A temporary file of a backup that did not finish.
    Partial,
}

impl OrphanKind {
    /// What it is, in a few words.
    pub fn describe(self) -> &'static str {
        match self {
            Self::NoMetadata => "a backup file without metadata, never committed",
            Self::Partial => "a temporary file of a backup that did not finish",
        }
    }
}

/// How a name in the backup directory relates to a backup.
#[derive(Debug, PartialEq, Eq)]
enum Name<'a> {
    /// `<id>.<ext>`: a backup's file or its metadata.
    Final { id: &'a str, ext: &'a str },
    /// A temporary name of a backup's file or metadata, whose writer holds
    /// the lock on `owner` (`.<id>.<ext>.partial`, maybe the name itself).
    Temporary {
        id: &'a str,
        ext: &'a str,
        owner: String,
    },
}

fn parse(name: &str) -> Option<Name<'_>> {
    let Some(hidden) = name.strip_prefix('.') else {
        let (id, ext) = name.split_once('.')?;
        return Some(Name::Final { id, ext });
    };
    let stem = std::iter::once("")
        .chain(COMPANION_SUFFIXES)
        .find_map(|suffix| hidden.strip_suffix(suffix)?.strip_suffix(PARTIAL_SUFFIX))?;
    let (id, ext) = stem.split_once('.')?;
    Some(Name::Temporary {
        id,
        ext,
        owner: format!(".{stem}{PARTIAL_SUFFIX}"),
    })
}

/// The orphans of `store`'s database, by name.
pub fn find(store: &LocalDirectory) -> Result<Vec<Orphan>, BackupError> {
    let entries = match fs::read_dir(store.dir()) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(BackupError::io("cannot read", store.dir())(error)),
    };
    let mut found: Vec<Orphan> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let (kind, _locks) = claim(store, &name)?;
            Some(Orphan {
                size: size(&entry.path()),
                name,
                kind,
            })
        })
        .collect();
    found.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(found)
}

/// Deletes `orphan` unless a process has taken it up since it was found;
/// returns whether it was deleted.
pub fn remove(store: &LocalDirectory, orphan: &Orphan) -> Result<bool, BackupError> {
    let Some((_, _locks)) = claim(store, &orphan.name) else {
        return Ok(false);
    };
    let path = store.dir().join(&orphan.name);
    // A temporary file goes after its companions: while it is there, its
    // lock is what tells a live dump from a dead one.
    for companion in companions(&path) {
        remove_tree(&companion).map_err(BackupError::io("cannot delete", companion))?;
    }
    remove_tree(&path).map_err(BackupError::io("cannot delete", path))?;
    Ok(true)
}

/// Deletes the temporary files of this database's backups that did not
/// finish (run before each backup); returns them.
pub fn remove_partials(store: &LocalDirectory) -> Vec<Orphan> {
    find(store)
        .unwrap_or_default()
        .into_iter()
        .filter(|orphan| orphan.kind == OrphanKind::Partial)
        .filter(|orphan| remove(store, orphan).unwrap_or(false))
        .collect()
}

/// What `name` is an orphan of, with the locks that keep any writer off it
/// while they are held; `None` when it is not an orphan of `store`'s
/// database or a live process holds it.
fn claim(store: &LocalDirectory, name: &str) -> Option<(OrphanKind, Vec<File>)> {
    let dir = store.dir();
    // Only what a backup writes: a directory where pg_dump writes one (its
    // directory format), a regular file anywhere else.
    let is_dir = match fs::symlink_metadata(dir.join(name)) {
        Ok(info) if info.is_dir() || info.is_file() => info.is_dir(),
        _ => return None,
    };
    if is_dir != DIRECTORIES.iter().any(|suffix| name.ends_with(suffix)) {
        return None;
    }
    match parse(name)? {
        Name::Final { id, ext } => {
            let committed = || store.metadata_path(id).exists();
            if !store.owns(id, ext) || ext == METADATA_EXTENSION || committed() {
                return None;
            }
            // The dump renamed into place keeps its lock until the metadata
            // is written; a directory dump's lock is its temporary file.
            let locks = [
                lock(&dir.join(name))?,
                lock(&dir.join(format!(".{name}{PARTIAL_SUFFIX}")))?,
            ];
            // Committed between the listing and the locks.
            if committed() {
                return None;
            }
            Some((
                OrphanKind::NoMetadata,
                locks.into_iter().flatten().collect(),
            ))
        }
        Name::Temporary { id, ext, owner } => {
            if !store.owns(id, ext) {
                return None;
            }
            let lock = lock(&dir.join(owner))?;
            Some((OrphanKind::Partial, lock.into_iter().collect()))
        }
    }
}

/// Locks `path`: `Some(None)` when there is nothing there, `None` when a
/// live process holds it.
fn lock(path: &Path) -> Option<Option<File>> {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Some(None),
        Err(_) => return None,
    };
    file.try_lock().ok()?;
    // Renamed or replaced between the open and the lock: look again later.
    same_file(&file, path).then_some(Some(file))
}

/// The bytes in a file, or in the files under a directory.
fn size(path: &Path) -> u64 {
    match fs::symlink_metadata(path) {
        Ok(info) if info.is_dir() => fs::read_dir(path)
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .map(|entry| size(&entry.path()))
            .sum(),
        Ok(info) => info.len(),
        Err(_) => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_final_name_is_an_id_and_an_extension() {
        assert_eq!(
            parse("app_20250101_000000_manual.sql.gz"),
            Some(Name::Final {
                id: "app_20250101_000000_manual",
                ext: "sql.gz"
            })
        );
        assert_eq!(parse("notes"), None);
    }

    #[test]
    fn every_temporary_name_is_held_through_its_partial_file() {
        for name in [
            ".app_20250101_000000_manual.dump.partial",
            ".app_20250101_000000_manual.dump.partial.d",
            ".app_20250101_000000_manual.dump.partial-journal",
            ".app_20250101_000000_manual.dump.partial-wal",
            ".app_20250101_000000_manual.dump.partial-shm",
        ] {
            assert_eq!(
                parse(name),
                Some(Name::Temporary {
                    id: "app_20250101_000000_manual",
                    ext: "dump",
                    owner: ".app_20250101_000000_manual.dump.partial".to_owned()
                }),
                "{name}"
            );
        }
    }

    #[test]
    fn a_metadata_being_written_is_temporary() {
        assert_eq!(
            parse(".app_20250101_000000_manual.metadata.json.partial"),
            Some(Name::Temporary {
                id: "app_20250101_000000_manual",
                ext: "metadata.json",
                owner: ".app_20250101_000000_manual.metadata.json.partial".to_owned()
            })
        );
    }

    #[test]
    fn other_hidden_files_are_not_leftovers() {
        for name in [".git", ".partial", ".app.dump.partial.old", ".app.dump.d"] {
            assert_eq!(parse(name), None, "{name}");
        }
    }
}

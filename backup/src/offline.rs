//! Verifying every backup in a directory without a database connection,
//! whatever its database and backend: what a host holding copies of the
//! backups can check (each file's SHA-256 against its metadata, then what
//! its format shows offline, with the engine its metadata's backend names).

use std::path::Path;

use crate::engine::{self, EngineOptions};
use crate::store::{self, Store};
use crate::{BackupError, Metadata};

/// What checking one backup found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The file matches its metadata and reads as a complete dump.
    Ok,
    /// The backup is damaged or incomplete; why.
    Failed(String),
    /// The backup could not be checked here (a tool is missing or too old); why.
    Skipped(String),
}

/// One backup and what checking it found.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The backup's metadata.
    pub metadata: Metadata,
    /// What the check found.
    pub verdict: Verdict,
}

/// Checks every backup in `dir` with readable metadata, of every database
/// and backend, newest first, connecting to no database.
pub async fn verify_directory(
    dir: &Path,
    options: &EngineOptions,
) -> Result<Vec<Checked>, BackupError> {
    let mut checked = Vec::new();
    for (backend, database) in store::databases(dir)? {
        let store = store::open(dir, &backend, &database);
        for listed in store.list()? {
            let verdict = match listed.problem {
                Some(problem) => Verdict::Failed(problem),
                None => verdict(verify_file(store.as_ref(), &listed.metadata, options).await),
            };
            checked.push(Checked {
                metadata: listed.metadata,
                verdict,
            });
        }
    }
    checked.sort_by(|a, b| {
        (b.metadata.created_at, &b.metadata.id).cmp(&(a.metadata.created_at, &a.metadata.id))
    });
    Ok(checked)
}

/// Checks the file of a backup whose SHA-256 matched, as its backend's engine does.
async fn verify_file(
    store: &dyn Store,
    metadata: &Metadata,
    options: &EngineOptions,
) -> Result<(), BackupError> {
    let file = store.local_path(metadata)?;
    engine::for_backup(metadata, &file, options)?
        .verify(&file, metadata)
        .await
}

/// The verdict on a backup whose checks ended with `result`: a tool this
/// host lacks says nothing about the backup, so it is skipped, not failed.
fn verdict(result: Result<(), BackupError>) -> Verdict {
    match result {
        Ok(()) => Verdict::Ok,
        Err(
            error @ (BackupError::ToolMissing { .. }
            | BackupError::ToolNotInDir { .. }
            | BackupError::ToolTooOld { .. }),
        ) => Verdict::Skipped(error.to_string()),
        Err(BackupError::Invalid { reason, .. }) => Verdict::Failed(reason),
        Err(error) => Verdict::Failed(error.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_backup_whose_tool_is_missing_is_skipped_not_failed() {
        let missing = BackupError::ToolMissing {
            tool: "pg_restore".to_owned(),
            package: "postgresql-client-17".to_owned(),
        };
        assert!(
            matches!(verdict(Err(missing)), Verdict::Skipped(why) if why.contains("pg_restore"))
        );
    }

    #[test]
    fn a_backup_whose_tool_is_too_old_is_skipped_not_failed() {
        let old = BackupError::ToolTooOld {
            tool: "pg_restore".to_owned(),
            tool_major: 15,
            server_major: 17,
            package: "postgresql-client-17".to_owned(),
        };
        assert!(matches!(verdict(Err(old)), Verdict::Skipped(_)));
    }

    #[test]
    fn a_damaged_backup_fails_with_what_is_wrong_with_it() {
        let damaged = BackupError::Invalid {
            id: "app_20250101_000000_manual".to_owned(),
            reason: "the dump is incomplete (no completion marker)".to_owned(),
        };
        assert_eq!(
            verdict(Err(damaged)),
            Verdict::Failed("the dump is incomplete (no completion marker)".to_owned())
        );
    }

    #[tokio::test]
    async fn an_empty_or_missing_directory_has_nothing_to_check() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("backups");
        let checked = verify_directory(&missing, &EngineOptions::default())
            .await
            .unwrap();
        assert!(checked.is_empty());
    }
}

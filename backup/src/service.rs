//! The backup operations the CLI offers, over one backend engine and one
//! store: create (dump, verify, commit, prune), list, find, verify (deep:
//! restore into a scratch database), prune, pin, and restore.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::Utc;
use sea_orm::DatabaseConnection;

use crate::engine::{self, Engine, EngineOptions, Scratch};
use crate::hashing::hash_path;
use crate::id::{PRE_RESTORE, Reason};
use crate::inventory;
use crate::progress::{Meter, Total};
use crate::retention::{self, Candidate, Policy};
use crate::store::{self, Listed, Orphan, Store};
use crate::{BackupError, Metadata, Target};

/// How backups are made and kept.
#[derive(Debug, Clone)]
pub struct Config {
    /// The backup directory.
    pub dir: PathBuf,
    /// The retention policy.
    pub policy: Policy,
    /// Engine settings (tool locations).
    pub engine: EngineOptions,
    /// The migration tracking table, for the migration head.
    pub tracking_table: String,
    /// The toolkit's version, recorded in metadata.
    pub toolkit_version: String,
}

/// Backups of one database.
pub struct Backups {
    config: Config,
    store: Box<dyn Store>,
    target: Target,
    engine: Box<dyn Engine>,
}

/// A restore that finished.
#[derive(Debug)]
pub struct Restored {
    /// The `pre-restore` safety backup it took first.
    pub safety: Created,
    /// What it was not permitted to give back (a database owner, a role's
    /// setting, a file's owner), one sentence each.
    pub notes: Vec<String>,
}

/// A backup that was just taken.
#[derive(Debug)]
pub struct Created {
    /// Its metadata.
    pub metadata: Metadata,
    /// Its file.
    pub path: PathBuf,
    /// Backups retention deleted afterwards.
    pub pruned: Vec<String>,
}

impl Backups {
    /// Backups of `target`, kept in `config.dir` (created `0700` if missing).
    pub fn new(config: Config, target: Target) -> Result<Self, BackupError> {
        let store = store::open(
            &config.dir,
            target.backend().driver_scheme(),
            &target.database(),
        );
        let engine = engine::for_target(&target, &config.engine);
        Ok(Self {
            config,
            store,
            target,
            engine,
        })
    }

    /// Where the backups are kept, for messages and JSON.
    pub fn location(&self) -> String {
        self.store.location()
    }

    /// The backup `id`, valid or not.
    pub fn find(&self, id: &str) -> Result<Listed, BackupError> {
        self.store.find(id)
    }

    /// The valid backup `id`, or for `latest` the newest valid one not taken
    /// by a restore (see [`Store::find_valid`]).
    pub fn find_valid(&self, id: &str) -> Result<Metadata, BackupError> {
        self.store.find_valid(id)
    }

    /// Takes a verified backup through `db`, then prunes expired ones.
    pub async fn create(
        &self,
        db: &DatabaseConnection,
        reason: &Reason,
        command: &str,
    ) -> Result<Created, BackupError> {
        let mut created = self.take(db, reason, command).await?;
        created.pruned = self.prune_now()?;
        Ok(created)
    }

    /// Phase `name` of a backup or restore, shown until the meter is dropped.
    fn phase(&self, name: &str, total: Option<Total>) -> Box<dyn Meter> {
        self.config.engine.progress.phase(name, total)
    }

    /// Deletes the backups retention lets go, as the `prune` phase; their ids.
    fn prune_now(&self) -> Result<Vec<String>, BackupError> {
        let _phase = self.phase("prune", None);
        Ok(self.prune(false)?.into_iter().map(|m| m.id).collect())
    }

    /// Takes a verified backup through `db`, without pruning. Refuses to
    /// start when the newest backup of the database is bigger than the free
    /// space; leaves either a committed backup or nothing.
    async fn take(
        &self,
        db: &DatabaseConnection,
        reason: &Reason,
        command: &str,
    ) -> Result<Created, BackupError> {
        for orphan in self.store.remove_partials() {
            tracing::info!(file = %orphan.name, "deleted a temporary file of a backup that did not finish");
        }
        if let Some(last) = self.store.list_metadata()?.first() {
            self.store.ensure_room(last.file_size)?;
        }
        let full = |error| self.store.explain_full_disk(error);
        let migration_head = inventory::migration_head(db, &self.config.tracking_table).await?;
        let now = Utc::now();
        let reservation = self
            .store
            .reserve(reason, self.engine.extension(), now)
            .map_err(full)?;
        let result = async {
            // The server's figure for the database, before it is dumped: an
            // estimate, as a dump is compressed and leaves out indexes and bloat.
            let size = inventory::size(db).await?;
            let expected = Some(Total::estimate(size));
            let dump = self
                .engine
                .dump(db, &reservation, self.phase("dump", expected))
                .await?;
            let _phase = self.phase("verify", None);
            let content = reservation.content();
            let metadata = Metadata {
                id: reservation.id.clone(),
                backend: self.target.backend().driver_scheme().to_owned(),
                database: self.target.database(),
                database_size: size,
                server_version: dump.inventory.server_version.clone(),
                tool: dump.tool,
                tool_version: dump.tool_version,
                format: dump.format.to_owned(),
                table_count: dump.inventory.row_counts.len(),
                row_counts: dump.inventory.row_counts,
                columns: dump.inventory.columns,
                created_at: now,
                expires_at: Some(now + self.config.policy.max_age),
                pinned: false,
                file: reservation.file_name.clone(),
                file_size: dump.size,
                sha256: dump.sha256,
                migration_head,
                reason: reason.as_str().to_owned(),
                command: command.to_owned(),
                toolkit_version: self.config.toolkit_version.clone(),
                database_properties: dump.properties,
            };
            let (on_disk, _) =
                hash_path(&content).map_err(BackupError::io("cannot read", content.clone()))?;
            if on_disk != metadata.sha256 {
                return Err(BackupError::Invalid {
                    id: metadata.id,
                    reason: "the file on disk differs from what was written".to_owned(),
                });
            }
            self.engine.verify_new(&content, &metadata).await?;
            Ok(metadata)
        }
        .await;
        let metadata = match result {
            Ok(metadata) => metadata,
            Err(error) => {
                drop(reservation);
                return Err(full(error));
            }
        };
        let path = self.store.put(reservation, &metadata).map_err(full)?;
        Ok(Created {
            metadata,
            path,
            pruned: Vec::new(),
        })
    }

    /// Every backup with metadata, newest first, valid or not.
    pub fn list(&self) -> Result<Vec<Listed>, BackupError> {
        self.store.list()
    }

    /// Every backup's metadata, newest first, without reading the backup
    /// files (so without checking them).
    pub fn metadata(&self) -> Result<Vec<Metadata>, BackupError> {
        self.store.list_metadata()
    }

    /// What interrupted backups left in the store, by name (see [`Store::orphans`]).
    pub fn orphans(&self) -> Result<Vec<Orphan>, BackupError> {
        self.store.orphans()
    }

    /// Deletes (or with `dry_run` only names) every orphan no process has taken up.
    pub fn prune_orphans(&self, dry_run: bool) -> Result<Vec<Orphan>, BackupError> {
        self.store.prune_orphans(dry_run)
    }

    /// Checks a backup: its checksum and completeness; with `deep`, also
    /// restores it into a scratch database and compares row counts.
    pub async fn verify(&self, id: &str, deep: bool) -> Result<Metadata, BackupError> {
        let metadata = self.store.find_valid(id)?;
        let file = self.store.local_path(&metadata)?;
        let verify = self.phase("verify", None);
        self.engine.verify(&file, &metadata).await?;
        drop(verify);
        if deep {
            let scratch = self.engine.create_scratch().await?;
            let checked = self.load_and_check(&scratch, &file, &metadata).await;
            self.engine.discard(scratch).await;
            checked?;
        }
        Ok(metadata)
    }

    /// Deletes (or with `dry_run` only names) the backups retention lets go.
    pub fn prune(&self, dry_run: bool) -> Result<Vec<Metadata>, BackupError> {
        let policy = self.config.policy;
        let now = Utc::now();
        let all = self.store.list_metadata()?;
        // Reading every backup through at every prune would cost gigabytes:
        // only the newest ones up to `keep_min` valid, and expired ones, need
        // their checksum checked for the policy to decide.
        let mut valid_seen = 0;
        let mut candidates = Vec::with_capacity(all.len());
        for metadata in &all {
            let expired = !metadata.pinned && now - metadata.created_at > policy.max_age;
            let valid = if valid_seen < policy.keep_min || expired {
                self.store.check(metadata).is_none()
            } else {
                true
            };
            valid_seen += usize::from(valid);
            candidates.push(Candidate {
                id: metadata.id.clone(),
                created_at: metadata.created_at,
                pinned: metadata.pinned,
                valid,
                size: metadata.file_size,
            });
        }
        let doomed = retention::expired(&candidates, policy, now);
        let mut removed = Vec::new();
        for metadata in all.into_iter().filter(|m| doomed.contains(&m.id)) {
            if !dry_run {
                self.store.delete(&metadata)?;
            }
            removed.push(metadata);
        }
        Ok(removed)
    }

    /// Pins (keeps forever) or unpins a valid backup.
    pub fn set_pinned(&self, id: &str, pinned: bool) -> Result<Metadata, BackupError> {
        let mut metadata = self.store.find_valid(id)?;
        metadata.pinned = pinned;
        metadata.expires_at = (!pinned).then(|| metadata.created_at + self.config.policy.max_age);
        self.store.update(&metadata)?;
        Ok(metadata)
    }

    /// Restores backup `id` (already validated by [`Backups::find_valid`]):
    /// takes a `pre-restore` safety backup through `db`, closes `db`, loads
    /// the backup beside the live database, checks it, gives it the
    /// database's properties, swaps it in and checks the result.
    pub async fn restore(
        &self,
        db: DatabaseConnection,
        metadata: &Metadata,
        command: &str,
    ) -> Result<Restored, BackupError> {
        // The store checked the SHA-256; loading reads every byte of the archive.
        let file = self.store.local_path(metadata)?;
        let scratch = self.engine.create_scratch().await?;
        // The safety backup reads the live database while the backup loads into
        // the scratch one; neither changes the live database. No pruning until
        // the restore is done: it could delete the backup being restored.
        let reason = Reason::new(PRE_RESTORE);
        let (safety, loaded) = tokio::join!(
            self.take(&db, &reason, command),
            self.load_and_check(&scratch, &file, metadata)
        );
        let _ = db.close().await;
        let mut safety = match safety {
            Ok(safety) => safety,
            Err(error) => {
                self.engine.discard(scratch).await;
                return Err(error);
            }
        };
        let failed = |reason: String| BackupError::RestoreFailed {
            id: metadata.id.clone(),
            reason,
            safety: safety.metadata.id.clone(),
        };
        if let Err(error) = loaded {
            self.engine.discard(scratch).await;
            return Err(failed(error.to_string()));
        }
        let swap = self.phase("swap", None);
        let notes = match self.engine.apply_properties(&scratch, metadata).await {
            Ok(notes) => notes,
            Err(error) => {
                self.engine.discard(scratch).await;
                return Err(failed(error.to_string()));
            }
        };
        self.engine
            .swap_in(scratch)
            .await
            .map_err(|error| match error {
                // The live database is not where it was: the error says where it is.
                BackupError::SwapFailed(_) => error,
                error => failed(error.to_string()),
            })?;
        drop(swap);
        // The swapped-in database is the checked copy renamed: its tables and
        // head are checked again, its row counts need not be recounted.
        let checks = self.phase("checks", None);
        self.check(&self.target, metadata, false)
            .await
            .map_err(|e| failed(format!("after the swap: {e}")))?;
        drop(checks);
        safety.pruned = self.prune_now()?;
        Ok(Restored { safety, notes })
    }

    /// Loads the backup into `scratch` and checks it against the metadata.
    async fn load_and_check(
        &self,
        scratch: &Scratch,
        file: &Path,
        metadata: &Metadata,
    ) -> Result<(), BackupError> {
        let size = Total::exact(metadata.file_size);
        self.engine
            .load(scratch, file, self.phase("load", Some(size)))
            .await?;
        let _phase = self.phase("checks", None);
        self.check(&scratch.target, metadata, true).await
    }

    /// Checks that `target`'s tables, migration head and (with `counts`) row
    /// counts equal the metadata's.
    async fn check(
        &self,
        target: &Target,
        metadata: &Metadata,
        counts: bool,
    ) -> Result<(), BackupError> {
        let db = database::connection::open(target.connection_url())
            .await
            .map_err(|e| BackupError::Database {
                context: format!("cannot connect to `{}`", target.database()),
                message: self.target.scrub(&e.to_string()),
            })?;
        let tables = inventory::tables(&db).await?;
        let mut found = BTreeMap::new();
        for table in tables {
            let count = match counts {
                true => Some(inventory::count_rows(&db, &table).await?),
                false => None,
            };
            found.insert(table.to_string(), count);
        }
        let head = inventory::migration_head(&db, &self.config.tracking_table).await?;
        let _ = db.close().await;
        let invalid = |reason: String| BackupError::Invalid {
            id: metadata.id.clone(),
            reason,
        };
        let difference = describe_difference(&metadata.row_counts, &found);
        if !difference.is_empty() {
            return Err(invalid(format!(
                "the restored tables and row counts differ from the metadata: {difference}"
            )));
        }
        if head != metadata.migration_head {
            return Err(invalid(format!(
                "the restored migration head is {:?}, the metadata says {:?}",
                head, metadata.migration_head
            )));
        }
        Ok(())
    }
}

/// How `actual` (tables, with their row counts when counted) differs from
/// `expected`; empty when it does not.
fn describe_difference(
    expected: &BTreeMap<String, u64>,
    actual: &BTreeMap<String, Option<u64>>,
) -> String {
    let mut parts = Vec::new();
    for (table, count) in expected {
        match actual.get(table) {
            None => parts.push(format!("{table} missing")),
            Some(Some(found)) if found != count => {
                parts.push(format!("{table} has {found} rows, expected {count}"))
            }
            _ => {}
        }
    }
    for table in actual.keys().filter(|t| !expected.contains_key(*t)) {
        parts.push(format!("{table} should not exist"));
    }
    parts.join(", ")
}

//! The JSON document written beside every backup. It is written last and
//! atomically: its presence is what makes a backup a backup.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::database_properties::DatabaseProperties;
use crate::id::PRE_RESTORE;

/// Everything known about one backup. Never holds a password or a full connection URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metadata {
    /// The backup's id, the stem of its file names.
    pub id: String,
    /// `postgres`, `mysql` or `sqlite`.
    pub backend: String,
    /// The database name (the file stem for SQLite).
    pub database: String,
    /// The database's size on the server, in bytes.
    pub database_size: u64,
    /// The server's version string.
    pub server_version: String,
    /// The dump tool used.
    pub tool: String,
    /// The dump tool's version.
    pub tool_version: String,
    /// `custom` (pg_dump -Fc), `sql.gz` or `sqlite`.
    pub format: String,
    /// Number of tables dumped.
    pub table_count: usize,
    /// Row count of every table at backup time.
    pub row_counts: BTreeMap<String, u64>,
    /// The column names of each table of the connection's schema at backup
    /// time, so that a later rollback can name the columns added since;
    /// empty in backups taken before they were recorded.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub columns: BTreeMap<String, BTreeSet<String>>,
    /// When the backup was taken.
    pub created_at: DateTime<Utc>,
    /// When retention may delete it; `null` when pinned.
    pub expires_at: Option<DateTime<Utc>>,
    /// Kept forever regardless of age.
    #[serde(default)]
    pub pinned: bool,
    /// The backup file's name, in the same directory.
    pub file: String,
    /// The backup file's size in bytes.
    pub file_size: u64,
    /// SHA-256 of the backup file, lowercase hex.
    pub sha256: String,
    /// The newest applied migration at backup time, if any.
    pub migration_head: Option<String>,
    /// Why it was taken: `pre-up`, `pre-down`, `pre-restore`, `manual`, ...
    pub reason: String,
    /// The command that triggered it, e.g. `migration up`.
    pub command: String,
    /// The version of the toolkit that took it.
    pub toolkit_version: String,
    /// PostgreSQL: the database's owner, privileges, settings, comment and
    /// connection limit, which a restore gives back; absent for the other
    /// backends and in backups taken before they were recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database_properties: Option<DatabaseProperties>,
}

impl Metadata {
    /// How long ago the backup was taken, for people: `just now`, `12 min ago`, `5 h ago`, `3 days ago`.
    pub fn age(&self) -> String {
        let minutes = (chrono::Utc::now() - self.created_at).num_minutes().max(0);
        match minutes {
            0 => "just now".to_owned(),
            m if m < 120 => format!("{m} min ago"),
            m if m < 48 * 60 => format!("{} h ago", m / 60),
            m => format!("{} days ago", m / (24 * 60)),
        }
    }

    /// Whether a restore took it as its safety backup: `latest` never means
    /// one of those (restoring it would undo the restore), an id does.
    pub fn taken_by_restore(&self) -> bool {
        self.reason == PRE_RESTORE
    }
}

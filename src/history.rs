//! The run history: our own table beside the stock tracking table
//! (`<tracking>_history`, e.g. `seaql_migrations_history`), one row per
//! event, never updated. Dirty state and recorded checksums are read from it.

use std::collections::{BTreeMap, BTreeSet};

use sea_orm::sea_query::{Alias, ColumnDef, Order, Query, Table};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, DbErr, DynIden, Statement};
use serde::Serialize;

/// What happened to a migration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// A migration without a transaction began (so a crash leaves a trace).
    Started,
    /// `up()` finished and was recorded.
    Applied,
    /// `down()` finished and the record was removed.
    RolledBack,
    /// Marked applied without running.
    Stamped,
    /// It failed; see `error`.
    Failed,
    /// A human confirmed the state; checksums re-recorded, dirty state cleared.
    Repaired,
    /// The database was restored from backup `backup_id`; `version` is the
    /// head it was restored to (`base` when none). See [`dirty`] for how it folds.
    Restored,
    /// The checksum of a migration applied before checksums came from the
    /// migration's source was re-recorded from its source (once).
    Rebased,
}

impl Action {
    /// The name stored in the table.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Started => "started",
            Self::Applied => "applied",
            Self::RolledBack => "rolled_back",
            Self::Stamped => "stamped",
            Self::Failed => "failed",
            Self::Repaired => "repaired",
            Self::Restored => "restored",
            Self::Rebased => "rebased",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        [
            Self::Started,
            Self::Applied,
            Self::RolledBack,
            Self::Stamped,
            Self::Failed,
            Self::Repaired,
            Self::Restored,
            Self::Rebased,
        ]
        .into_iter()
        .find(|a| a.as_str() == text)
    }
}

/// One row of the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryEvent {
    /// The migration.
    pub version: String,
    /// What happened.
    pub action: Action,
    /// SHA-256 of the migration's SQL, when known.
    pub checksum: Option<String>,
    /// When it started, Unix milliseconds.
    pub started_at: i64,
    /// How long it took, in milliseconds.
    pub duration_ms: Option<i64>,
    /// When it finished, Unix milliseconds (`started_at` + `duration_ms`; not stored).
    pub finished_at: Option<i64>,
    /// OS user and host that ran it.
    pub run_by: String,
    /// The toolkit version.
    pub toolkit_version: String,
    /// The backup taken before the run, if any.
    pub backup_id: Option<String>,
    /// The error, for `failed`.
    pub error: Option<String>,
}

impl HistoryEvent {
    /// An event of `action` on `version` by this process, starting at
    /// `started_at` and taking no time; checksum, backup and error unset.
    pub fn new(version: &str, action: Action, started_at: i64) -> Self {
        Self {
            version: version.to_owned(),
            action,
            checksum: None,
            started_at,
            duration_ms: Some(0),
            finished_at: None,
            run_by: run_by(),
            toolkit_version: env!("CARGO_PKG_VERSION").to_owned(),
            backup_id: None,
            error: None,
        }
    }
}

/// A migration left half-done by a run without a transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dirty {
    /// The migration.
    pub version: String,
    /// When it started, Unix milliseconds.
    pub started_at: i64,
    /// The error, if the run got as far as recording it.
    pub error: Option<String>,
    /// The backup taken before the run, if any.
    pub backup_id: Option<String>,
    /// Whether the history had the migration applied when the run started:
    /// the run was rolling it back (else applying it).
    pub was_applied: bool,
}

/// The history table of one tracking table.
#[derive(Clone)]
pub struct History {
    name: DynIden,
}

const COLUMNS: [&str; 9] = [
    "version",
    "action",
    "checksum",
    "started_at",
    "duration_ms",
    "run_by",
    "toolkit_version",
    "backup_id",
    "error",
];

impl History {
    /// The history beside tracking table `tracking`.
    pub fn new(tracking: &str) -> Self {
        Self {
            name: Alias::new(format!("{tracking}_history")).into(),
        }
    }

    /// The table's name.
    pub fn name(&self) -> String {
        self.name.to_string()
    }

    /// Creates the table if it does not exist.
    pub async fn install<C: ConnectionTrait>(&self, db: &C) -> Result<(), DbErr> {
        let backend = db.get_database_backend();
        db.execute_raw(self.create(backend)).await.map(drop)
    }

    /// `CREATE TABLE IF NOT EXISTS` for the table on `backend`.
    pub fn create(&self, backend: DbBackend) -> Statement {
        let stmt = Table::create()
            .table(self.name.clone())
            .if_not_exists()
            .col(
                ColumnDef::new("id")
                    .integer()
                    .not_null()
                    .auto_increment()
                    .primary_key(),
            )
            .col(ColumnDef::new("version").string_len(255).not_null())
            .col(ColumnDef::new("action").string_len(32).not_null())
            .col(ColumnDef::new("checksum").string_len(64).null())
            .col(ColumnDef::new("started_at").big_integer().not_null())
            .col(ColumnDef::new("duration_ms").big_integer().null())
            .col(ColumnDef::new("run_by").string_len(255).not_null())
            .col(ColumnDef::new("toolkit_version").string_len(32).not_null())
            .col(ColumnDef::new("backup_id").string_len(255).null())
            .col(ColumnDef::new("error").text().null())
            .to_owned();
        backend.build(&stmt)
    }

    /// Appends `event`.
    pub async fn record<C: ConnectionTrait>(
        &self,
        db: &C,
        event: &HistoryEvent,
    ) -> Result<(), DbErr> {
        let backend = db.get_database_backend();
        db.execute_raw(self.insert(backend, event)).await.map(drop)
    }

    /// The statement that appends `event`.
    pub fn insert(&self, backend: DbBackend, event: &HistoryEvent) -> Statement {
        let mut stmt = Query::insert();
        stmt.into_table(self.name.clone())
            .columns(COLUMNS.map(Alias::new));
        // As many values as columns: sea-query refuses only a count mismatch.
        let _ = stmt.values([
            event.version.clone().into(),
            event.action.as_str().into(),
            event.checksum.clone().into(),
            event.started_at.into(),
            event.duration_ms.into(),
            event.run_by.clone().into(),
            event.toolkit_version.clone().into(),
            event.backup_id.clone().into(),
            event.error.clone().into(),
        ]);
        backend.build(&stmt)
    }

    /// Every event, oldest first; the table must exist (the engine asks
    /// the catalog first, see [`database::catalog`]).
    pub async fn events(&self, db: &DatabaseConnection) -> Result<Vec<HistoryEvent>, DbErr> {
        let stmt = Query::select()
            .columns(COLUMNS.map(Alias::new))
            .from(self.name.clone())
            .order_by(Alias::new("id"), Order::Asc)
            .to_owned();
        db.query_all(&stmt)
            .await?
            .iter()
            .map(|row| {
                let action: String = row.try_get("", "action")?;
                let started_at: i64 = row.try_get("", "started_at")?;
                let duration_ms: Option<i64> = row.try_get("", "duration_ms")?;
                Ok(HistoryEvent {
                    version: row.try_get("", "version")?,
                    action: Action::parse(&action).unwrap_or(Action::Failed),
                    checksum: row.try_get("", "checksum")?,
                    started_at,
                    duration_ms,
                    finished_at: duration_ms.map(|d| started_at.saturating_add(d)),
                    run_by: row.try_get("", "run_by")?,
                    toolkit_version: row.try_get("", "toolkit_version")?,
                    backup_id: row.try_get("", "backup_id")?,
                    error: row.try_get("", "error")?,
                })
            })
            .collect()
    }
}

/// The events that describe the database as it is: all but the ones a
/// restore carried over.
///
/// `restore` appends a `restored` event and, after it, the events of the
/// replaced database's history that the backup did not have, with their
/// original times. Those happened to a database the restore threw away, so
/// the events directly after a `restored` event that started no later than
/// it do not count; the fold stands as it was when the backup was taken.
/// The first event that started after it ends the carried-over block, so a
/// later run is always counted, even one recorded with an earlier clock.
fn current(events: &[HistoryEvent]) -> impl Iterator<Item = &HistoryEvent> {
    let mut restored_at: Option<i64> = None;
    events.iter().filter(move |event| {
        if restored_at.is_some_and(|at| event.started_at <= at) {
            return false;
        }
        restored_at = (event.action == Action::Restored).then_some(event.started_at);
        true
    })
}

/// Migrations left dirty: a `started` with no later `applied`,
/// `rolled_back`, `stamped` or `repaired` for the same version, ignoring
/// the events a restore carried over from the database it replaced; each
/// with whether the history had it applied when that run started.
pub fn dirty(events: &[HistoryEvent]) -> Vec<Dirty> {
    let mut open: BTreeMap<&str, Dirty> = BTreeMap::new();
    let mut applied: BTreeSet<&str> = BTreeSet::new();
    for event in current(events) {
        let version = event.version.as_str();
        match event.action {
            Action::Started => {
                open.insert(
                    version,
                    Dirty {
                        version: event.version.clone(),
                        started_at: event.started_at,
                        error: None,
                        backup_id: event.backup_id.clone(),
                        was_applied: applied.contains(version),
                    },
                );
            }
            Action::Failed => {
                if let Some(dirty) = open.get_mut(version) {
                    dirty.error = event.error.clone();
                }
            }
            Action::Applied | Action::Stamped => {
                applied.insert(version);
                open.remove(version);
            }
            Action::RolledBack => {
                applied.remove(version);
                open.remove(version);
            }
            Action::Repaired => {
                open.remove(version);
            }
            Action::Restored | Action::Rebased => {}
        }
    }
    open.into_values().collect()
}

/// A checksum as the history recorded it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recorded {
    /// The checksum of the migration's source (or none was recorded).
    Source(Option<String>),
    /// Recorded before checksums came from the source (toolkit 0.1): the
    /// checksum of the SQL its code emitted, which cannot be compared
    /// without running that code.
    Sql(String),
}

/// The checksum last recorded for each version by `applied`, `stamped`,
/// `repaired` or `rebased`, ignoring the events a restore carried over (see [`dirty`]).
pub fn recorded_checksums(events: &[HistoryEvent]) -> BTreeMap<String, Recorded> {
    let mut recorded = BTreeMap::new();
    for event in current(events) {
        if matches!(
            event.action,
            Action::Applied | Action::Stamped | Action::Repaired | Action::Rebased
        ) {
            let checksum = match (&event.checksum, event.toolkit_version.starts_with("0.1.")) {
                (Some(sql), true) => Recorded::Sql(sql.clone()),
                (checksum, _) => Recorded::Source(checksum.clone()),
            };
            recorded.insert(event.version.clone(), checksum);
        }
    }
    recorded
}

/// `user@host` of this process, for the history: `$USER` (else `$LOGNAME`),
/// else the name of the effective uid in the user database (`uid <n>` when
/// it has none, as in a container run under an arbitrary uid); the host name.
pub fn run_by() -> String {
    let env = |name: &str| std::env::var(name).ok();
    let user = user(
        &env,
        || whoami::username().ok(),
        || rustix::process::geteuid().as_raw(),
    );
    // gethostname(2) fails only for names longer than 255 bytes.
    let host = whoami::hostname()
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".to_owned());
    format!("{user}@{host}")
}

/// The user named by the environment `env`, else by the user database
/// (`account`), else the uid.
fn user(
    env: &dyn Fn(&str) -> Option<String>,
    account: impl FnOnce() -> Option<String>,
    uid: impl FnOnce() -> u32,
) -> String {
    env("USER")
        .into_iter()
        .chain(env("LOGNAME"))
        .chain(std::iter::once_with(account).flatten())
        .find(|name| !name.is_empty())
        .unwrap_or_else(|| format!("uid {}", uid()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(version: &str, action: Action) -> HistoryEvent {
        HistoryEvent {
            version: version.to_owned(),
            action,
            checksum: Some(format!("{version}-{}", action.as_str())),
            started_at: 1,
            duration_ms: None,
            finished_at: None,
            run_by: "u@h".to_owned(),
            toolkit_version: "0".to_owned(),
            backup_id: None,
            error: (action == Action::Failed).then(|| "boom".to_owned()),
        }
    }

    #[test]
    fn a_started_migration_without_an_end_is_dirty() {
        let events = [event("m1", Action::Applied), event("m2", Action::Started)];
        let dirty = dirty(&events);
        assert_eq!(dirty.len(), 1);
        assert_eq!(dirty[0].version, "m2");
        assert_eq!(dirty[0].error, None);
    }

    #[test]
    fn a_failure_after_start_stays_dirty_with_its_error() {
        let events = [event("m2", Action::Started), event("m2", Action::Failed)];
        assert_eq!(dirty(&events)[0].error.as_deref(), Some("boom"));
    }

    #[test]
    fn a_transactional_failure_is_not_dirty() {
        assert!(dirty(&[event("m2", Action::Failed)]).is_empty());
    }

    #[test]
    fn repair_clears_dirty_state() {
        let events = [
            event("m2", Action::Started),
            event("m2", Action::Failed),
            event("m2", Action::Repaired),
        ];
        assert!(dirty(&events).is_empty());
    }

    fn at(started_at: i64, event: HistoryEvent) -> HistoryEvent {
        HistoryEvent {
            started_at,
            ..event
        }
    }

    #[test]
    fn every_action_reads_back_as_its_stored_name() {
        for action in [
            Action::Started,
            Action::Applied,
            Action::RolledBack,
            Action::Stamped,
            Action::Failed,
            Action::Repaired,
            Action::Restored,
            Action::Rebased,
        ] {
            assert_eq!(Action::parse(action.as_str()), Some(action));
        }
        assert_eq!(Action::Restored.as_str(), "restored");
    }

    #[test]
    fn a_half_done_migration_carried_over_by_a_restore_is_not_dirty() {
        let events = [
            at(1, event("m1", Action::Applied)),
            at(10, event("base", Action::Restored)),
            at(5, event("m2", Action::Started)),
            at(5, event("m2", Action::Failed)),
        ];
        assert!(dirty(&events).is_empty());
    }

    #[test]
    fn a_checksum_carried_over_by_a_restore_is_not_recorded() {
        let events = [
            at(1, event("m1", Action::Applied)),
            at(10, event("m1", Action::Restored)),
            at(5, event("m1", Action::Repaired)),
            at(6, event("m2", Action::Applied)),
        ];
        let recorded = recorded_checksums(&events);
        assert_eq!(
            recorded["m1"],
            Recorded::Source(Some("m1-applied".to_owned()))
        );
        assert!(!recorded.contains_key("m2"));
    }

    #[test]
    fn a_restore_keeps_the_dirty_state_the_backup_had() {
        let events = [
            at(1, event("m2", Action::Started)),
            at(10, event("m1", Action::Restored)),
        ];
        assert_eq!(dirty(&events)[0].version, "m2");
    }

    #[test]
    fn runs_after_a_restore_count_even_when_their_clock_is_behind() {
        let events = [
            at(10, event("base", Action::Restored)),
            at(5, event("m1", Action::Started)),
            at(20, event("m2", Action::Started)),
            at(8, event("m3", Action::Started)),
        ];
        let versions: Vec<String> = dirty(&events).into_iter().map(|d| d.version).collect();
        assert_eq!(versions, ["m2", "m3"]);
    }

    #[test]
    fn a_restore_carried_over_by_a_later_restore_does_not_count() {
        let events = [
            at(100, event("base", Action::Restored)),
            at(20, event("m1", Action::Applied)),
            at(50, event("m1", Action::Restored)),
            at(60, event("m2", Action::Started)),
        ];
        assert!(dirty(&events).is_empty());
        assert!(recorded_checksums(&events).is_empty());
    }

    #[test]
    fn the_user_comes_from_user_then_logname() {
        let uid = || panic!("the uid is not needed");
        let env = |name: &str| (name == "USER").then(|| "ci".to_owned());
        assert_eq!(user(&env, || None, uid), "ci");
        let env = |name: &str| (name == "LOGNAME").then(|| "ops".to_owned());
        assert_eq!(user(&env, || None, uid), "ops");
    }

    #[test]
    fn without_user_variables_the_account_of_the_uid_is_the_user() {
        let env = |name: &str| (name == "USER").then(String::new);
        assert_eq!(user(&env, || Some("deploy".to_owned()), || 1000), "deploy");
    }

    #[test]
    fn a_uid_without_an_account_is_named_by_its_number() {
        assert_eq!(user(&|_| None, || None, || 1000650000), "uid 1000650000");
    }

    #[test]
    fn the_latest_recorded_checksum_wins() {
        let events = [
            event("m1", Action::Applied),
            event("m1", Action::Failed),
            event("m1", Action::Repaired),
        ];
        assert_eq!(
            recorded_checksums(&events)["m1"],
            Recorded::Source(Some("m1-repaired".to_owned()))
        );
    }

    #[test]
    fn a_checksum_recorded_by_toolkit_0_1_is_of_sql_until_rebased() {
        let old = HistoryEvent {
            toolkit_version: "0.1.0".to_owned(),
            ..event("m1", Action::Applied)
        };
        let recorded = recorded_checksums(std::slice::from_ref(&old));
        assert_eq!(recorded["m1"], Recorded::Sql("m1-applied".to_owned()));
        let rebased = recorded_checksums(&[old, event("m1", Action::Rebased)]);
        assert_eq!(
            rebased["m1"],
            Recorded::Source(Some("m1-rebased".to_owned()))
        );
    }
}

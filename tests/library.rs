//! The library API alone, with no binary: a Rust program that calls
//! `migrate_kit::run::run` gets the lock, the verified backup and the run
//! history exactly as the command line does, and sees the run as events.

use std::time::Duration;

use migrate_kit::config::{DatabaseUrl, Settings};
use migrate_kit::confirm::AssumeYes;
use migrate_kit::engine::Command;
use migrate_kit::events::{Event, Observer};
use migrate_kit::lock::MigrationLock;
use migrate_kit::plan::UpTarget;
use migrate_kit::{ErrorClass, run};

use crate::support::fixture::BaselineMigrator;
use crate::support::inspect::rows;
use crate::support::{Backend, TestDb};

/// Records each event as a short name, in order.
#[derive(Default)]
struct Recorder(Vec<String>);

impl Observer for Recorder {
    fn on_event(&mut self, event: &Event<'_>) {
        let name = match event {
            Event::LockAcquired { .. } => "lock acquired".to_owned(),
            Event::Reconciled { .. } => "reconciled".to_owned(),
            Event::NothingToDo => "nothing to do".to_owned(),
            Event::BackupStarted => "backup started".to_owned(),
            Event::BackupTaken { id, .. } => format!("backup taken {id}"),
            Event::BackupSkipped => "backup skipped".to_owned(),
            Event::Started(plan) => format!("started {} steps", plan.steps.len()),
            Event::StepStarted(step) => format!("step started: {step}"),
            Event::StepFinished { step, .. } => format!("step finished: {step}"),
            Event::LockWait { version, .. } => format!("lock wait {version}"),
            Event::Swapped { .. } => "swapped".to_owned(),
            Event::Released => "released".to_owned(),
        };
        self.0.push(name);
    }
}

/// The settings for `db` with backups in `backups`.
fn settings(db: &TestDb, backups: &std::path::Path) -> Settings {
    let mut settings = Settings::for_url(DatabaseUrl::parse(&db.url).expect("test URL"));
    settings.backup.dir = backups.to_path_buf();
    settings
}

/// The history as the CLI would leave it, but for times, durations, user and backup id.
async fn history(db: &TestDb) -> Vec<Vec<String>> {
    rows(
        &db.connect().await,
        "SELECT version, action, checksum, toolkit_version, error \
         FROM seaql_migrations_history ORDER BY id",
        5,
    )
    .await
}

async fn a_rust_caller_gets_the_lock_the_backup_and_the_history_the_cli_gets(backend: Backend) {
    // As the `migration` binary's main does: the checksums its build embedded.
    migrate_kit::checksum::register(migration::SOURCE_CHECKSUMS);
    let db = TestDb::create(backend).await;
    let backups = tempfile::tempdir().expect("temp dir");
    let settings = settings(&db, backups.path());
    let mut events = Recorder::default();
    let outcome = run::run::<BaselineMigrator>(
        &settings,
        Command::Up(UpTarget::All),
        &mut AssumeYes,
        &mut events,
    )
    .await
    .expect("the run succeeds");

    let backup = outcome
        .backup
        .expect("a backup was taken before the change");
    let baseline = "m20251023_000007_initial_schema_baseline";
    assert_eq!(
        events.0,
        [
            "lock acquired".to_owned(),
            "backup started".to_owned(),
            format!("backup taken {backup}"),
            "started 1 steps".to_owned(),
            format!("step started: applying migration `{baseline}`"),
            format!("step finished: applying migration `{baseline}`"),
            "released".to_owned(),
        ]
    );
    let listed = settings
        .backups("seaql_migrations")
        .expect("backups")
        .list()
        .expect("list");
    assert!(
        listed
            .iter()
            .any(|b| b.metadata.id == backup && b.is_valid() && b.metadata.reason == "pre-up"),
        "{listed:?}"
    );
    let recorded = rows(
        &db.connect().await,
        "SELECT DISTINCT backup_id FROM seaql_migrations_history",
        1,
    )
    .await;
    assert_eq!(recorded, [[backup]]);

    let by_cli = TestDb::create(backend).await;
    by_cli.run(&["up"]).success();
    assert_eq!(history(&db).await, history(&by_cli).await);
}

on_every_backend!(a_rust_caller_gets_the_lock_the_backup_and_the_history_the_cli_gets);

#[tokio::test]
async fn a_rust_caller_waits_for_the_lock_another_run_holds() {
    let db = TestDb::create(Backend::Postgres).await;
    let holder = db.connect().await;
    let lock = MigrationLock::acquire(
        &holder,
        &db.name,
        "seaql_migrations",
        None,
        Duration::from_secs(5),
    )
    .await
    .expect("take the lock");
    let backups = tempfile::tempdir().expect("temp dir");
    let mut settings = settings(&db, backups.path());
    settings.lock_wait = Duration::from_millis(300);
    let refused = run::run::<BaselineMigrator>(
        &settings,
        Command::Up(UpTarget::All),
        &mut AssumeYes,
        &mut Recorder::default(),
    )
    .await
    .expect_err("the lock is held");
    assert_eq!(refused.class(), ErrorClass::LockTimeout, "{refused}");
    lock.release(&holder).await.expect("release");
}

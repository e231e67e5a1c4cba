//! Scenario 6, a production deployment: the binary run as the release
//! binary is, with its settings only from the environment: `--version`,
//! `status`, `up --json` parsed, its exit codes, a second `up` waiting on
//! the lock, and SIGTERM during a long migration.

use std::process::Stdio;

use migrate_kit::lock::LockKey;
use sea_orm::ConnectionTrait;

use super::{Guide, VALIDATE};
use crate::support::inspect::wait_for_rows;
use crate::support::{Backend, Run, sleeping_migration};

#[tokio::test]
async fn version_names_the_newest_migration_the_binary_holds() {
    let guide = Guide::workflow(Backend::Postgres).await;
    guide
        .run(&["--version"])
        .success()
        .says(&format!("(newest migration: {VALIDATE})"));
}

#[tokio::test]
async fn status_before_the_deploy_lists_every_migration_pending() {
    let guide = Guide::workflow(Backend::Postgres).await;
    guide
        .run(&["status"])
        .success()
        .says("0 applied, 8 pending");
}

#[tokio::test]
async fn up_json_reports_every_step_and_the_backup_it_took() {
    let guide = Guide::workflow(Backend::Postgres).await;
    let json = guide.run(&["up", "--json"]).success().json();
    assert_eq!(json["result"], "applied", "{json}");
    assert_eq!(json["steps"].as_array().map(Vec::len), Some(8), "{json}");
    assert!(json["error"].is_null(), "{json}");
    let path = json["backup"]["path"].as_str().expect("backup path");
    assert!(
        std::path::Path::new(path).starts_with(guide.backup_dir()),
        "the backup is not in MIGRATION_BACKUP_DIR: {path}"
    );
    assert!(std::path::Path::new(path).is_file(), "{path}");
}

#[tokio::test]
async fn a_second_deploy_finds_nothing_to_do_and_exits_0() {
    let guide = Guide::workflow(Backend::Postgres).await;
    guide.run(&["up", "--json"]).success();
    let json = guide.run(&["up", "--json"]).success().json();
    assert_eq!(json["result"], "nothing_to_do", "{json}");
}

#[tokio::test]
async fn a_database_that_does_not_exist_exits_3() {
    let guide = Guide::workflow(Backend::Postgres).await;
    let missing = guide
        .db
        .url
        .replace(&guide.db.name, "mk_test_no_such_database");
    let run = Run::of(
        guide
            .command(None)
            .env("DATABASE_URL", missing)
            .args(["up", "--json"]),
    );
    assert_eq!(run.code, 3, "{run:#?}");
    assert_eq!(run.json()["result"], "failed", "{run:#?}");
}

#[tokio::test]
async fn concurrent_deploys_wait_on_the_lock_and_migrate_once() {
    let guide = Guide::workflow(Backend::Postgres).await;
    let holder = guide.db.connect().await;
    let key = LockKey::new(&guide.db.name, "seaql_migrations").as_i64();
    holder
        .execute_unprepared(&format!("SELECT pg_advisory_lock({key})"))
        .await
        .expect("take the lock");
    let deploys: Vec<_> = (0..2)
        .map(|_| {
            guide
                .command(None)
                .args(["up", "--json"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("start up")
        })
        .collect();
    // Both wait: their sessions are open, and nothing is migrated while the lock is held.
    let waiting = format!(
        "SELECT 'both' FROM pg_stat_activity WHERE datname = '{}' AND application_name = 'migrate-kit' \
         HAVING COUNT(*) = 2",
        guide.db.name
    );
    let admin = guide.db.connect().await;
    wait_for_rows(&admin, &waiting, "both deploys connecting").await;
    assert!(!guide.has_windows_table().await);
    // Closing the session releases its lock (an unlock could run on
    // another of the pool's connections).
    holder.close().await.expect("release the lock");
    let mut results: Vec<String> = deploys
        .into_iter()
        .map(|child| {
            let run = Run::from(child.wait_with_output().expect("wait"));
            assert_eq!(run.code, 0, "{run:#?}");
            run.json()["result"].as_str().expect("result").to_owned()
        })
        .collect();
    results.sort();
    assert_eq!(results, ["applied", "nothing_to_do"]);
    let backups = guide.run(&["backup", "list", "--json"]).success().json();
    assert_eq!(backups["backups"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn sigterm_during_a_long_migration_exits_143_and_leaves_it_pending() {
    let guide = Guide::workflow(Backend::Postgres).await;
    let mut command = sleeping_migration(guide.dir.path(), 600.0);
    let child = command
        .env("DATABASE_URL", &guide.db.url)
        .env("MIGRATION_BACKUP_DIR", guide.backup_dir())
        .args(["up", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start up");
    let sleeping = format!(
        "SELECT pid::text FROM pg_stat_activity WHERE datname = '{}' AND query LIKE 'SELECT pg_sleep%'",
        guide.db.name
    );
    let admin = guide.db.connect().await;
    wait_for_rows(&admin, &sleeping, "the long migration").await;
    let sent = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(sent.success());
    let run = Run::from(child.wait_with_output().expect("wait"));
    run.fails_with(
        143,
        "interrupted by SIGTERM: a migration running in a transaction was rolled back",
    );
    let status = Run::of(
        sleeping_migration(guide.dir.path(), 600.0)
            .env("DATABASE_URL", &guide.db.url)
            .args(["status", "--json"]),
    )
    .success()
    .json();
    assert_eq!(status["summary"]["applied"], 0, "{status}");
    assert_eq!(status["valid"], true, "{status}");
}

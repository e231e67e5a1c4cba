//! The migration lock: concurrent runs on every backend, and a lock held
//! by someone else timing out with the holder named.

use migrate_kit::lock::LockKey;
use sea_orm::ConnectionTrait;

use crate::support::inspect::wait_for_rows;
use crate::support::{Backend, Run, TestDb, migration, sleeping_migration};

const TRACKING: &str = "seaql_migrations";

async fn eight_concurrent_ups_apply_the_baseline_once_with_one_backup(backend: Backend) {
    let db = TestDb::create(backend).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let children: Vec<_> = (0..8)
        .map(|_| {
            migration(dir.path())
                .args(["-u", &db.url, "up"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("spawn")
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().expect("wait");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let applied = crate::support::inspect::rows(
        &db.connect().await,
        &format!("SELECT version FROM {TRACKING}"),
        1,
    )
    .await;
    assert_eq!(applied, [["m20251023_000007_initial_schema_baseline"]]);
    let list =
        Run::of(migration(dir.path()).args(["-u", &db.url, "backup", "list", "--json"])).success();
    let json: serde_json::Value = serde_json::from_str(&list.stdout).expect("json");
    assert_eq!(json["backups"].as_array().map(Vec::len), Some(1), "{json}");
    let applied = crate::support::inspect::rows(
        &db.connect().await,
        "SELECT version FROM seaql_migrations_history WHERE action = 'applied'",
        1,
    )
    .await;
    assert_eq!(
        applied,
        [["m20251023_000007_initial_schema_baseline"]],
        "one `applied` event"
    );
}

on_every_backend!(eight_concurrent_ups_apply_the_baseline_once_with_one_backup);

fn up_with_short_wait(db: &TestDb) -> Run {
    db.run(&["up", "--lock-wait", "2s"])
}

#[tokio::test]
async fn a_held_postgres_lock_times_out_naming_the_holder() {
    let db = TestDb::create(Backend::Postgres).await;
    let holder = db.connect().await;
    let key = LockKey::new(&db.name, TRACKING).as_i64();
    holder
        .execute_unprepared(&format!(
            "SET application_name = 'lock-holder-test'; SELECT pg_advisory_lock({key})"
        ))
        .await
        .expect("take the lock");
    let run = up_with_short_wait(&db);
    run.fails_with(4, "another migration run holds the lock");
    assert!(
        run.stderr.contains("application 'lock-holder-test'"),
        "{run:#?}"
    );
    assert!(run.stderr.contains("pid "), "{run:#?}");
    assert!(
        crate::support::inspect::tables(&db.connect().await, Backend::Postgres)
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn a_held_mysql_lock_times_out_naming_the_holder() {
    let db = TestDb::create(Backend::Mysql).await;
    let holder = db.connect().await;
    let name = LockKey::new(&db.name, TRACKING).as_name();
    holder
        .execute_unprepared(&format!("SELECT GET_LOCK('{name}', 0)"))
        .await
        .expect("take the lock");
    let run = up_with_short_wait(&db);
    run.fails_with(
        4,
        "another migration run holds the lock on this database (connection ",
    );
}

#[tokio::test]
async fn a_held_sqlite_lock_times_out_naming_the_holder() {
    let db = TestDb::create(Backend::Sqlite).await;
    let lock_path = format!("{}.migrate-lock", db.name);
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(true)
        .write(true)
        .open(&lock_path)
        .expect("open lock file");
    file.lock().expect("lock");
    std::fs::write(&lock_path, "pid 4242, since test").expect("write holder");
    let run = up_with_short_wait(&db);
    run.fails_with(4, "pid 4242");
    drop(file);
}

#[tokio::test]
async fn the_lock_is_released_after_a_failed_migration() {
    let db = TestDb::create(Backend::Postgres).await;
    db.execute("CREATE TABLE cloudflare_zones (id integer)")
        .await;
    up_with_short_wait(&db).fails_with(1, "failed");
    let key = LockKey::new(&db.name, TRACKING).as_i64();
    let free = crate::support::inspect::rows(
        &db.connect().await,
        &format!("SELECT pg_try_advisory_lock({key})::text"),
        1,
    )
    .await;
    assert_eq!(free, [["true"]]);
}

#[tokio::test]
async fn ctrl_c_while_waiting_for_the_lock_exits_130_and_changes_nothing() {
    let db = TestDb::create(Backend::Postgres).await;
    let holder = db.connect().await;
    let key = LockKey::new(&db.name, TRACKING).as_i64();
    holder
        .execute_unprepared(&format!("SELECT pg_advisory_lock({key})"))
        .await
        .expect("take the lock");
    let dir = tempfile::tempdir().expect("temp dir");
    let child = migration(dir.path())
        .args(["-u", &db.url, "up", "--lock-wait", "60s"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    let sent = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(sent.success());
    let output = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("error: interrupted"), "{stderr}");
    assert!(
        crate::support::inspect::tables(&db.connect().await, Backend::Postgres)
            .await
            .is_empty()
    );
}

/// Starts `up` of the migration that sleeps for `seconds`, and waits until
/// its statement runs; returns the process, and the statement's server session
/// (PostgreSQL pid, MySQL connection id).
async fn sleeping_up(db: &TestDb, seconds: f64) -> (std::process::Child, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let child = sleeping_migration(dir.path(), seconds)
        .args(["-u", &db.url, "--no-backup", "up"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    let sql = match db.backend {
        Backend::Postgres => format!(
            "SELECT pid::text FROM pg_stat_activity WHERE datname = '{}' AND query LIKE 'SELECT pg_sleep%'",
            db.name
        ),
        _ => format!(
            "SELECT CAST(id AS CHAR) FROM information_schema.processlist WHERE db = '{}' AND info LIKE 'SELECT SLEEP%'",
            db.name
        ),
    };
    let session = wait_for_rows(&db.connect().await, &sql, "the sleeping statement").await;
    (child, session[0][0].clone())
}

#[tokio::test]
async fn a_killed_run_releases_the_postgres_lock_while_its_statement_would_still_run() {
    let db = TestDb::create(Backend::Postgres).await;
    let (mut child, _) = sleeping_up(&db, 60.0).await;
    child.kill().expect("kill -9");
    child.wait().expect("reap");
    // The server notices the dead client within seconds, not after the 60 s statement.
    let released = format!(
        "SELECT 'free' WHERE NOT EXISTS (SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid \
         WHERE l.locktype = 'advisory' AND a.datname = '{}')",
        db.name
    );
    let admin = db.connect().await;
    let started = std::time::Instant::now();
    wait_for_rows(&admin, &released, "the lock's release").await;
    assert!(
        started.elapsed() < std::time::Duration::from_secs(30),
        "held until the statement ended"
    );
}

#[tokio::test]
async fn a_mysql_lock_timeout_names_the_holders_statement_and_how_to_end_it() {
    let db = TestDb::create(Backend::Mysql).await;
    let (mut child, session) = sleeping_up(&db, 60.0).await;
    child.kill().expect("kill -9");
    child.wait().expect("reap");
    let run = up_with_short_wait(&db);
    db.execute(&format!("KILL {session}")).await;
    run.fails_with(4, "running `SELECT SLEEP(60)`");
    assert!(run.stderr.contains(&format!("KILL {session}")), "{run:#?}");
}

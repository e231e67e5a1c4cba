//! Dry-run and offline SQL: the statements a plan would run, without
//! changing anything; offline output is compared with golden files
//! (regenerate them with `UPDATE_GOLDEN=1`, see `support::golden`).

use crate::support::inspect::{rows, snapshot, tables};
use crate::support::{Backend, Run, TestDb, golden, migration};

/// Replaces run-time values (Unix times, who ran it) so output is stable.
fn normalise(sql: &str) -> String {
    let sql = sql.replace(&migrate_kit::history::run_by(), "<run-by>");
    let mut out = String::with_capacity(sql.len());
    let mut digits = String::new();
    for c in sql.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        if digits.len() >= 9 {
            out.push_str("<unix-time>");
        } else {
            out.push_str(&digits);
        }
        digits.clear();
        out.push(c);
    }
    out.push_str(&digits);
    out
}

fn offline(args: &[&str]) -> Run {
    let dir = tempfile::tempdir().expect("temp dir");
    Run::of(migration(dir.path()).arg("sql").args(args))
}

/// Compares `actual` with the golden file `tests/golden/<name>` (or, with
/// `UPDATE_GOLDEN`, rewrites it).
fn check_golden(name: &str, actual: &str) {
    golden::check(&format!("tests/golden/{name}"), actual, "offline_sql");
}

#[test]
fn offline_sql_matches_the_golden_files() {
    for backend in ["postgres", "mysql", "sqlite"] {
        for direction in ["up", "down"] {
            let run = offline(&[direction, "--backend", backend]).success();
            check_golden(
                &format!("{direction}_{backend}.sql"),
                &normalise(&run.stdout),
            );
        }
    }
}

#[test]
fn offline_sql_needs_no_database() {
    let run = offline(&[
        "up",
        "--backend",
        "postgres",
        "-u",
        "postgres://nobody@127.0.0.1:1/none",
    ])
    .success();
    assert!(
        run.stdout.contains("CREATE TABLE \"organizations\""),
        "{run:#?}"
    );
}

#[test]
fn offline_sql_wraps_postgres_migrations_in_a_transaction_only() {
    let postgres = offline(&["up", "--backend", "postgres"]).success().stdout;
    let mysql = offline(&["up", "--backend", "mysql"]).success().stdout;
    assert!(postgres.contains("BEGIN;") && postgres.contains("COMMIT;"));
    assert!(!mysql.contains("BEGIN;"));
}

#[test]
fn offline_sql_with_an_unknown_version_is_a_usage_error() {
    offline(&["up", "--backend", "mysql", "--to", "m2999"])
        .fails_with(2, "unknown migration version `m2999`");
}

#[test]
fn offline_sql_up_from_the_last_migration_is_empty() {
    let run = offline(&[
        "up",
        "--backend",
        "sqlite",
        "--from",
        "m20251023_000007_initial_schema_baseline",
    ])
    .success();
    assert!(!run.stdout.contains("CREATE TABLE"), "{run:#?}");
}

async fn dry_run_prints_the_sql_and_changes_nothing(backend: Backend) {
    let db = TestDb::create(backend).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let run = |args: &[&str]| Run::of(migration(dir.path()).args(["-u", &db.url]).args(args));
    let conn = db.connect().await;
    let empty = snapshot(&conn, backend).await;
    let up = run(&["up", "--dry-run"]).success();
    assert!(up.stdout.contains("CREATE TABLE"), "{up:#?}");
    assert!(
        up.stdout
            .contains("-- applying migration `m20251023_000007_initial_schema_baseline`")
    );
    assert_eq!(
        snapshot(&conn, backend).await,
        empty,
        "up --dry-run changed the schema"
    );
    assert!(
        !dir.path().join("backups").exists(),
        "up --dry-run took a backup"
    );

    run(&["up"]).success();
    let applied = snapshot(&conn, backend).await;
    let down = run(&["down", "--dry-run", "-n", "1"]).success();
    assert!(down.stdout.contains("DROP TABLE"), "{down:#?}");
    assert_eq!(
        snapshot(&conn, backend).await,
        applied,
        "down --dry-run changed the schema"
    );
    assert_eq!(tables(&conn, backend).await.len(), 13);
}

on_every_backend!(dry_run_prints_the_sql_and_changes_nothing);

/// The server's own client for `db`, reading a script on stdin and
/// stopping at its first error.
fn client(db: &TestDb) -> std::process::Command {
    let mut command = match db.backend {
        Backend::Postgres => {
            let mut psql = std::process::Command::new("psql");
            psql.args(["-X", "-q", "-v", "ON_ERROR_STOP=1", &db.url]);
            psql
        }
        _ => {
            let mut mariadb = std::process::Command::new("mariadb");
            mariadb.args(["-h", "127.0.0.1", "-u", "root", &db.name]);
            mariadb
        }
    };
    command
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null());
    command
}

/// Feeds `script` to `db`'s client, which must accept all of it.
fn apply_with_the_client(db: &TestDb, script: &str) {
    let mut child = client(db).spawn().expect("run the client");
    std::io::Write::write_all(&mut child.stdin.take().expect("stdin"), script.as_bytes())
        .expect("feed the script");
    assert!(
        child.wait().expect("wait").success(),
        "the client rejected the script:\n{script}"
    );
}

/// What `up` leaves behind that does not depend on when or by whom it ran:
/// the schema, the tracking table's versions, and the history's rows
/// without their times, durations and user.
async fn records(db: &TestDb) -> (Vec<Vec<String>>, Vec<Vec<String>>, Vec<Vec<String>>) {
    let conn = db.connect().await;
    (
        snapshot(&conn, db.backend).await,
        rows(
            &conn,
            "SELECT version FROM seaql_migrations ORDER BY version",
            1,
        )
        .await,
        rows(
            &conn,
            "SELECT version, action, checksum, toolkit_version, backup_id, error \
             FROM seaql_migrations_history ORDER BY id",
            6,
        )
        .await,
    )
}

/// A fresh database migrated by `up` (without a backup, as a script takes none).
async fn migrated_by_up(backend: Backend) -> TestDb {
    let db = TestDb::create(backend).await;
    db.run(&["--no-backup", "up"]).success();
    db
}

/// `sql up --backend <name>`, fed to the server's own client, leaves the
/// same schema, tracking rows and history as `up`.
async fn offline_script_applied_by_the_client_leaves_what_up_leaves(backend: Backend, name: &str) {
    let script = offline(&["up", "--backend", name]).success().stdout;
    let by_script = TestDb::create(backend).await;
    apply_with_the_client(&by_script, &script);
    let by_up = migrated_by_up(backend).await;
    assert_eq!(records(&by_script).await, records(&by_up).await);
}

#[tokio::test]
async fn offline_postgres_script_builds_the_same_schema_as_up() {
    offline_script_applied_by_the_client_leaves_what_up_leaves(Backend::Postgres, "postgres").await;
}

#[tokio::test]
async fn offline_mysql_script_builds_the_same_schema_as_up() {
    offline_script_applied_by_the_client_leaves_what_up_leaves(Backend::Mysql, "mysql").await;
}

/// `up --dry-run` on a fresh database prints exactly what `up` executes:
/// fed to the server's own client, it leaves the same schema, the same
/// tracking rows and the same history as `up` itself.
async fn dry_run_fed_to_the_client_leaves_what_up_leaves(backend: Backend) {
    let by_dry_run = TestDb::create(backend).await;
    let script = by_dry_run.run(&["up", "--dry-run"]).success().stdout;
    let timeout = match backend {
        Backend::Postgres => "SET LOCAL lock_timeout",
        _ => "SET SESSION lock_wait_timeout",
    };
    assert!(
        script.contains(timeout),
        "the dry run omits the timeouts the engine sets:\n{script}"
    );
    apply_with_the_client(&by_dry_run, &script);
    let by_up = migrated_by_up(backend).await;
    assert_eq!(records(&by_dry_run).await, records(&by_up).await);
}

#[tokio::test]
async fn dry_run_fed_to_psql_leaves_what_up_leaves() {
    dry_run_fed_to_the_client_leaves_what_up_leaves(Backend::Postgres).await;
}

#[tokio::test]
async fn dry_run_fed_to_mariadb_leaves_what_up_leaves() {
    dry_run_fed_to_the_client_leaves_what_up_leaves(Backend::Mysql).await;
}

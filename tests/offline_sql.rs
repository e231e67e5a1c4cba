//! Dry-run and offline SQL: the statements a plan would run, without
//! changing anything; offline output is compared with golden files
//! (regenerate them with `UPDATE_GOLDEN=1 cargo test --workspace`).

use std::path::PathBuf;

use crate::support::inspect::{snapshot, tables};
use crate::support::{Backend, Run, TestDb, migration};

/// Replaces run-time values (the `applied_at` Unix time) so output is stable.
fn normalise(sql: &str) -> String {
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

fn check_golden(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).expect("write golden file");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run with UPDATE_GOLDEN=1 to create it",
            path.display()
        )
    });
    assert!(
        expected == actual,
        "{} differs from the output; review and run with UPDATE_GOLDEN=1 to accept:\n{actual}",
        path.display()
    );
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

/// Applies `sql up --backend <name>` with the server's own client, and checks
/// the schema equals what `up` builds.
async fn offline_script_applied_by_the_client_builds_the_same_schema(
    backend: Backend,
    name: &str,
    client: &dyn Fn(&TestDb) -> std::process::Command,
) {
    let script = offline(&["up", "--backend", name]).success().stdout;
    let by_script = TestDb::create(backend).await;
    let mut command = client(&by_script);
    let mut child = command
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("run the client");
    std::io::Write::write_all(&mut child.stdin.take().expect("stdin"), script.as_bytes())
        .expect("feed the script");
    assert!(
        child.wait().expect("wait").success(),
        "the client rejected the script"
    );
    let by_up = TestDb::create(backend).await;
    by_up.run(&["--no-backup", "up"]).success();
    // The run history is the engine's own record, not part of the script.
    by_up.execute("DROP TABLE seaql_migrations_history").await;
    assert_eq!(
        snapshot(&by_script.connect().await, backend).await,
        snapshot(&by_up.connect().await, backend).await
    );
}

#[tokio::test]
async fn offline_postgres_script_builds_the_same_schema_as_up() {
    offline_script_applied_by_the_client_builds_the_same_schema(
        Backend::Postgres,
        "postgres",
        &|db| {
            let mut command = std::process::Command::new("psql");
            command.args(["-X", "-q", "-v", "ON_ERROR_STOP=1", &db.url]);
            command
        },
    )
    .await;
}

#[tokio::test]
async fn offline_mysql_script_builds_the_same_schema_as_up() {
    offline_script_applied_by_the_client_builds_the_same_schema(Backend::Mysql, "mysql", &|db| {
        let mut command = std::process::Command::new("mariadb");
        command.args(["-h", "127.0.0.1", "-u", "root", &db.name]);
        command
    })
    .await;
}

//! Every bad input a user can give: one error line, a non-zero exit code,
//! the database untouched.

use crate::support::{Backend, Run, TestDb, migration};

const USAGE: i32 = 2;
const FAILURE: i32 = 1;
const CONNECTION: i32 = 3;

fn run_with_url(url: &str, args: &[&str]) -> Run {
    let dir = tempfile::tempdir().expect("temp dir");
    Run::of(migration(dir.path()).arg("-u").arg(url).args(args))
}

#[test]
fn malformed_url_is_a_usage_error() {
    run_with_url("postgres://app:pw@host:notaport/db", &["status"])
        .fails_with(USAGE, "malformed database URL");
}

#[test]
fn unknown_scheme_is_a_usage_error() {
    run_with_url("oracle://app@host/db", &["status"])
        .fails_with(USAGE, "unsupported database URL scheme `oracle`");
}

#[test]
fn unreachable_host_is_a_connection_error() {
    run_with_url("postgres://postgres@127.0.0.1:1/db", &["status"])
        .fails_with(CONNECTION, "cannot reach the database");
}

#[test]
fn wrong_credentials_are_a_connection_error() {
    run_with_url(
        "mysql://root:wrong-password@127.0.0.1:3306/test",
        &["status"],
    )
    .fails_with(CONNECTION, "refused the credentials");
}

#[test]
fn missing_postgres_database_is_a_connection_error() {
    run_with_url(
        "postgres://postgres@127.0.0.1:5432/mk_no_such_database",
        &["status"],
    )
    .fails_with(CONNECTION, "database `mk_no_such_database` does not exist");
}

#[test]
fn missing_mysql_database_is_a_connection_error() {
    run_with_url(
        "mysql://root@127.0.0.1:3306/mk_no_such_database",
        &["status"],
    )
    .fails_with(CONNECTION, "database `mk_no_such_database` does not exist");
}

#[test]
fn missing_sqlite_file_is_a_connection_error() {
    run_with_url("sqlite:///nonexistent-dir/ops.sqlite", &["status"])
        .fails_with(CONNECTION, "add ?mode=rwc");
}

#[test]
fn non_numeric_step_count_is_a_usage_error() {
    run_with_url("sqlite::memory:", &["up", "-n", "abc"]).fails_with(USAGE, "invalid value 'abc'");
}

#[test]
fn unknown_subcommand_is_a_usage_error() {
    run_with_url("sqlite::memory:", &["upp"]).fails_with(USAGE, "unrecognized subcommand");
}

#[tokio::test]
async fn up_to_an_unknown_version_is_a_usage_error() {
    let db = TestDb::create(Backend::Postgres).await;
    run_with_url(&db.url, &["up", "--to", "m29990101_000000_nope"])
        .fails_with(USAGE, "unknown migration version `m29990101_000000_nope`");
    let status = run_with_url(&db.url, &["status", "--json"]).success();
    assert!(status.stdout.contains("\"applied\": 0"), "{status:#?}");
}

#[tokio::test]
async fn down_to_an_unknown_version_is_a_usage_error() {
    let db = TestDb::create(Backend::Sqlite).await;
    run_with_url(&db.url, &["up"]).success();
    run_with_url(&db.url, &["down", "--to", "m1999", "--yes"])
        .fails_with(USAGE, "unknown migration version `m1999`");
}

async fn record_missing_version(db: &TestDb) {
    db.execute("INSERT INTO seaql_migrations (version, applied_at) VALUES ('m20240101_000000_deleted_file', 1)").await;
}

#[tokio::test]
async fn applied_version_without_migration_file_stops_up() {
    let db = TestDb::create(Backend::Mysql).await;
    run_with_url(&db.url, &["up"]).success();
    record_missing_version(&db).await;
    run_with_url(&db.url, &["up"]).fails_with(FAILURE, "m20240101_000000_deleted_file");
    run_with_url(&db.url, &["down", "--yes"]).fails_with(FAILURE, "restore the migration file");
}

#[tokio::test]
async fn status_lists_an_applied_version_without_migration_file_as_missing() {
    let db = TestDb::create(Backend::Sqlite).await;
    run_with_url(&db.url, &["up"]).success();
    record_missing_version(&db).await;
    let run = run_with_url(&db.url, &["status"]);
    assert_eq!(run.code, FAILURE);
    assert!(
        run.stdout
            .contains("missing  m20240101_000000_deleted_file"),
        "{run:#?}"
    );
}

#[tokio::test]
async fn failing_migration_reports_what_failed_and_leaves_postgres_untouched() {
    let db = TestDb::create(Backend::Postgres).await;
    // A table the baseline wants to create already exists: the baseline fails half-way.
    db.execute("CREATE TABLE cloudflare_zones (id integer)")
        .await;
    let run = run_with_url(&db.url, &["up"]);
    run.fails_with(
        FAILURE,
        "applying migration `m20251023_000007_initial_schema_baseline` failed",
    );
    assert!(run.stderr.contains("rolled back"), "{run:#?}");
    let tables = crate::support::inspect::tables(&db.connect().await, Backend::Postgres).await;
    assert_eq!(
        tables,
        [
            "cloudflare_zones",
            "seaql_migrations",
            "seaql_migrations_history"
        ]
    );
}

//! Every bad input a user can give: one error line, a non-zero exit code,
//! the database untouched.

use crate::support::{Backend, Run, TestDb, migration, run_with_url};

const USAGE: i32 = 2;
const FAILURE: i32 = 1;
/// A missing, changed or dirty migration: the recorded state cannot be trusted.
const VALIDATION: i32 = 5;
const CONNECTION: i32 = 3;

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
    db.run(&["up", "--to", "m29990101_000000_nope"])
        .fails_with(USAGE, "unknown migration version `m29990101_000000_nope`");
    let status = db.run(&["status", "--json"]).success();
    assert!(status.stdout.contains("\"applied\": 0"), "{status:#?}");
}

#[tokio::test]
async fn down_to_an_unknown_version_is_a_usage_error() {
    let db = TestDb::create(Backend::Sqlite).await;
    db.run(&["up"]).success();
    db.run(&["down", "--to", "m1999", "--yes"])
        .fails_with(USAGE, "unknown migration version `m1999`");
}

async fn record_missing_version(db: &TestDb) {
    db.execute("INSERT INTO seaql_migrations (version, applied_at) VALUES ('m20240101_000000_deleted_file', 1)").await;
}

#[tokio::test]
async fn applied_version_without_migration_file_stops_up_down_and_validate_alike() {
    let db = TestDb::create(Backend::Mysql).await;
    db.run(&["up"]).success();
    record_missing_version(&db).await;
    db.run(&["up"])
        .fails_with(VALIDATION, "m20240101_000000_deleted_file");
    db.run(&["down", "--yes"])
        .fails_with(VALIDATION, "restore the migration file");
    db.run(&["validate"])
        .fails_with(VALIDATION, "restore the migration file");
}

#[tokio::test]
async fn status_lists_an_applied_version_without_migration_file_as_missing() {
    let db = TestDb::create(Backend::Sqlite).await;
    db.run(&["up"]).success();
    record_missing_version(&db).await;
    let run = db.run(&["status"]);
    assert_eq!(run.code, VALIDATION);
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
    let run = db.run(&["up"]);
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

#[test]
fn a_schema_change_on_a_temporary_sqlite_database_is_a_usage_error() {
    for url in ["sqlite:", "sqlite::memory:"] {
        for args in [
            &["up"][..],
            &["down", "--yes"],
            &["stamp", "base", "--yes"],
            &["repair", "--yes"],
        ] {
            run_with_url(url, args).fails_with(USAGE, "on a temporary SQLite database");
        }
    }
}

#[tokio::test]
async fn an_invalid_migration_yes_is_a_usage_error_naming_it() {
    let db = TestDb::create(Backend::Sqlite).await;
    db.run(&["up"]).success();
    let dir = tempfile::tempdir().expect("temp dir");
    Run::of(
        migration(dir.path())
            .env("MIGRATION_YES", "maybe")
            .args(["-u", &db.url, "down"]),
    )
    .fails_with(USAGE, "MIGRATION_YES is `maybe`");
    let status = db.run(&["status", "--json"]).success().json();
    assert_eq!(status["summary"]["applied"], 1, "nothing may change");
}

#[test]
fn an_overlong_lock_wait_is_a_usage_error() {
    run_with_url(
        "sqlite::memory:",
        &["status", "--lock-wait", "99999999999999999999h"],
    )
    .fails_with(USAGE, "too long");
}

#[test]
fn verifying_an_empty_backup_id_is_a_usage_error() {
    run_with_url("sqlite::memory:", &["backup", "verify", ""])
        .fails_with(USAGE, "is not a backup id");
}

#[test]
fn a_backup_id_with_a_newline_is_shown_escaped_on_one_line() {
    run_with_url("sqlite::memory:", &["backup", "show", "a\nb"])
        .fails_with(USAGE, "`a\\nb` is not a backup id");
}

#[test]
fn a_dotenv_that_is_not_a_file_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join(".env")).expect("mkdir");
    Run::of(migration(dir.path()).arg("status")).fails_with(USAGE, ".env is a directory");
    let fifo = tempfile::tempdir().expect("temp dir");
    let made = std::process::Command::new("mkfifo")
        .arg(fifo.path().join(".env"))
        .status()
        .expect("mkfifo");
    assert!(made.success());
    Run::of(migration(fifo.path()).arg("status")).fails_with(USAGE, ".env is a FIFO");
}

#[test]
fn a_schema_name_with_a_control_character_is_a_usage_error() {
    run_with_url(
        "postgres://postgres@127.0.0.1:5432/postgres",
        &["-s", "public\nx", "status"],
    )
    .fails_with(USAGE, "contains a control character");
}

#[tokio::test]
async fn a_schema_name_with_a_space_is_one_schema() {
    let db = TestDb::create(Backend::Postgres).await;
    db.execute("CREATE SCHEMA \"my schema\"").await;
    db.run(&["-s", "my schema", "up"]).success();
    let tables = crate::support::inspect::rows(
        &db.connect().await,
        "SELECT count(*)::text FROM pg_tables WHERE schemaname = 'my schema'",
        1,
    )
    .await;
    assert_eq!(tables, [["13"]], "11 tables and the two migration tables");
}

#[test]
fn an_overlong_migration_name_is_a_usage_error() {
    let workspace = tempfile::tempdir().expect("temp dir");
    let src = workspace.path().join("src");
    std::fs::create_dir_all(&src).expect("mkdir");
    std::fs::write(src.join("lib.rs"), include_str!("../migration/src/lib.rs")).expect("write");
    Run::of(migration(workspace.path()).args(["generate", &"a".repeat(400)]))
        .fails_with(USAGE, "invalid migration name");
}

#[tokio::test]
async fn a_pg_bin_dir_without_the_tools_is_named_in_the_error() {
    let db = TestDb::create(Backend::Postgres).await;
    db.run(&["--pg-bin-dir", "/nonexistent", "backup", "create"])
        .fails_with(FAILURE, "is not in /nonexistent");
}

#[test]
fn alembics_upgrade_is_a_usage_error_that_names_up() {
    run_with_url("sqlite::memory:", &["upgrade", "head"]).fails_with(
        USAGE,
        "unrecognized subcommand 'upgrade'; did you mean `up`? (Alembic's `upgrade head` is `migration up`)",
    );
}

#[test]
fn alembics_sql_flag_is_a_usage_error_that_names_dry_run() {
    run_with_url("sqlite::memory:", &["up", "--sql"])
        .fails_with(USAGE, "did you mean `--dry-run`?");
}

#[test]
fn a_mistyped_flag_is_one_line_with_the_similar_flag() {
    run_with_url("sqlite::memory:", &["up", "--dryrun"])
        .fails_with(USAGE, "(did you mean `--dry-run`?; see --help)");
}

//! Configuration through the real binary: precedence, the SQLite default,
//! POSTGRES_* with a difficult password, and no password in any output.

use crate::support::{Backend, Run, TestDb, migration, run_with_url};

/// A password with every character that breaks naive URL building.
const PASSWORD: &str = "p@ss:w/rd%Zq#9?&=";

#[test]
fn no_configuration_uses_the_sqlite_file_in_the_working_directory() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = Run::of(migration(dir.path()).arg("up")).success();
    assert!(dir.path().join("ops_center.sqlite").is_file());
    let notices: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("ops_center.sqlite"))
        .collect();
    assert_eq!(notices.len(), 1, "{run:#?}");
}

#[test]
fn a_sqlite_url_that_asks_to_create_its_file_creates_its_directory_too() {
    let dir = tempfile::tempdir().expect("temp dir");
    Run::of(migration(dir.path()).args(["-u", "sqlite://data/nested/ops.sqlite?mode=rwc", "up"]))
        .success();
    assert!(dir.path().join("data/nested/ops.sqlite").is_file());
}

#[test]
fn a_read_only_command_creates_no_directory_for_a_sqlite_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    Run::of(migration(dir.path()).args(["-u", "sqlite://data/ops.sqlite?mode=rwc", "status"]))
        .success();
    assert!(!dir.path().join("data").exists());
}

#[tokio::test]
async fn flag_wins_over_database_url() {
    let db = TestDb::create(Backend::Sqlite).await;
    let dir = tempfile::tempdir().expect("temp dir");
    Run::of(
        migration(dir.path())
            .env(
                "DATABASE_URL",
                "postgres://postgres@127.0.0.1:1/unreachable",
            )
            .args(["-u", &db.url, "up"]),
    )
    .success();
}

#[tokio::test]
async fn database_url_wins_over_postgres_variables() {
    let db = TestDb::create(Backend::Mysql).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let run = Run::of(
        migration(dir.path())
            .env("DATABASE_URL", &db.url)
            .env("POSTGRES_HOST", "127.0.0.1")
            .env("POSTGRES_PORT", "1")
            .args(["status"]),
    )
    .success();
    assert!(run.stdout.contains("MySQL"), "{run:#?}");
}

#[tokio::test]
async fn dotenv_file_is_read() {
    let db = TestDb::create(Backend::Sqlite).await;
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join(".env"),
        format!("DATABASE_URL={}\n", db.url),
    )
    .expect("write .env");
    let run = Run::of(migration(dir.path()).arg("up")).success();
    assert!(!dir.path().join("ops_center.sqlite").exists(), "{run:#?}");
}

fn postgres_vars(command: &mut std::process::Command, role: &str, database: &str) {
    command
        .env("POSTGRES_HOST", "127.0.0.1")
        .env("POSTGRES_PORT", "5432")
        .env("POSTGRES_USER", role)
        .env("POSTGRES_PASSWORD", PASSWORD)
        .env("POSTGRES_DB", database);
}

#[tokio::test]
async fn postgres_variables_with_special_password_work_and_never_show_it() {
    let db = TestDb::create(Backend::Postgres).await;
    let role = db.create_login(PASSWORD).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut outputs = String::new();
    for args in [
        &["-v", "up"][..],
        &["status"],
        &["status", "--json"],
        &["down", "--yes"],
    ] {
        let mut command = migration(dir.path());
        postgres_vars(&mut command, &role, &db.name);
        let run = Run::of(command.args(args)).success();
        outputs.push_str(&run.all_output());
    }
    // A failing run prints the URL in its error: still without the password.
    let mut command = migration(dir.path());
    postgres_vars(&mut command, &role, "mk_no_such_database");
    let failed = Run::of(command.arg("status"));
    assert_eq!(failed.code, 3, "{failed:#?}");
    outputs.push_str(&failed.all_output());

    assert!(outputs.contains(&format!("{role}:***@")), "{outputs}");
    for secret in [PASSWORD, "p%40ss", "w/rd%"] {
        assert!(!outputs.contains(secret), "`{secret}` leaked: {outputs}");
    }
}

#[test]
fn password_in_a_bad_url_is_never_shown() {
    for url in [
        "postgres://app:hunter2secret@127.0.0.1:1/db",
        "oracle://app:hunter2secret@host/db",
        "postgres://app:hunter2secret@host:bad/db",
        "mysql://root:hunter2secret@127.0.0.1:3306/test",
    ] {
        let run = run_with_url(url, &["status"]);
        assert_ne!(run.code, 0);
        assert!(!run.all_output().contains("hunter2secret"), "{run:#?}");
    }
}

#[tokio::test]
async fn database_schema_flag_migrates_into_that_postgres_schema() {
    let db = TestDb::create(Backend::Postgres).await;
    db.execute("CREATE SCHEMA ops").await;
    db.run(&["-s", "ops", "up"]).success();
    let per_schema = crate::support::inspect::rows(
        &db.connect().await,
        "SELECT schemaname::text, count(*) FROM pg_tables \
         WHERE schemaname IN ('ops', 'public') GROUP BY 1 ORDER BY 1",
        2,
    )
    .await;
    assert_eq!(per_schema, [["ops", "13"]]);
}

#[test]
fn malformed_dotenv_is_a_usage_error_that_does_not_echo_the_value() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join(".env"),
        "POSTGRES_PASSWORD=\"hunter2secret\n",
    )
    .expect("write .env");
    let run = Run::of(migration(dir.path()).arg("status"));
    run.fails_with(
        2,
        "cannot read .env: the line setting `POSTGRES_PASSWORD` cannot be parsed",
    );
    assert!(!run.all_output().contains("hunter2secret"), "{run:#?}");
}

//! Every line a command prints on stderr is its own (`error:`, `warning:`,
//! `note:`): the driver's logs stay out of it, even for slow statements and
//! lost connections.

use crate::support::inspect::{rows, wait_for_rows};
use crate::support::{Backend, Run, TestDb, sleeping_migration};

/// Asserts that every stderr line of `run` is one of the command's own.
fn assert_only_own_lines(run: &Run) {
    for line in run.stderr.lines() {
        assert!(
            ["error: ", "warning: ", "note: "]
                .iter()
                .any(|prefix| line.starts_with(prefix)),
            "a stray stderr line: {line:?} in {run:#?}"
        );
    }
}

async fn a_slow_statement_leaves_stderr_clean(backend: Backend) {
    let db = TestDb::create(backend).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let run = Run::of(sleeping_migration(dir.path(), 1.2).args(["-u", &db.url, "up"])).success();
    assert_only_own_lines(&run);
    assert!(!run.all_output().contains("slow statement"), "{run:#?}");
}

mod a_slow_statement_leaves_stderr_clean {
    use crate::support::Backend;

    #[tokio::test]
    async fn postgres() {
        super::a_slow_statement_leaves_stderr_clean(Backend::Postgres).await;
    }

    #[tokio::test]
    async fn mysql() {
        super::a_slow_statement_leaves_stderr_clean(Backend::Mysql).await;
    }
}

#[tokio::test]
async fn with_verbose_a_slow_statement_is_logged_at_debug_level() {
    let db = TestDb::create(Backend::Postgres).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let run =
        Run::of(sleeping_migration(dir.path(), 1.2).args(["-u", &db.url, "-v", "up"])).success();
    let slow = run
        .stderr
        .lines()
        .find(|l| l.contains("slow statement"))
        .unwrap_or_else(|| panic!("no slow statement logged: {run:#?}"));
    assert!(slow.contains("DEBUG"), "{slow}");
}

#[tokio::test]
async fn a_lost_connection_gives_one_error_line_and_no_unlocked_history() {
    let db = TestDb::create(Backend::Postgres).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let child = sleeping_migration(dir.path(), 60.0)
        .args(["-u", &db.url, "up"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let admin = db.connect().await;
    let sleeping = format!(
        "SELECT pid::int8 FROM pg_stat_activity WHERE datname = '{}' AND query LIKE 'SELECT pg_sleep%'",
        db.name
    );
    wait_for_rows(&admin, &sleeping, "the migration's statement").await;
    rows(
        &admin,
        &format!(
            "SELECT pg_terminate_backend(pid)::text FROM pg_stat_activity WHERE datname = '{}' AND query LIKE 'SELECT pg_sleep%'",
            db.name
        ),
        1,
    )
    .await;
    let output = child.wait_with_output().expect("wait");
    let run = Run::from(output);
    run.fails_with(1, "the connection was lost");
    assert_only_own_lines(&run);
    let failed = rows(
        &admin,
        "SELECT version FROM seaql_migrations_history WHERE action = 'failed'",
        1,
    )
    .await;
    assert!(
        failed.is_empty(),
        "history written without the lock: {failed:?}"
    );
}

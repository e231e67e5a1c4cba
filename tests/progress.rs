//! The one progress display of a backup or restore on a terminal (captured
//! with util-linux `script`): each phase named as it runs, the dump's
//! estimated total and the load's size, one line at a time, and nothing
//! left on screen when the run ends, in success or failure (a signal:
//! `cli_terminal`).

use std::path::Path;

use crate::support::terminal::{Screen, on_terminal};
use crate::support::tools::{real_postgres_tool, script};
use crate::support::{Backend, Run, TestDb, migration};

/// A PostgreSQL database with the fixture's migrations applied and a table
/// of a few megabytes, so that its dump takes long enough to be drawn.
async fn filled_database() -> TestDb {
    let db = TestDb::create(Backend::Postgres).await;
    db.run(&["up"]).success();
    db.execute(
        "CREATE TABLE bulk AS SELECT g AS id, md5(g::text) || md5((g + 1)::text) AS payload \
         FROM generate_series(1, 200000) g",
    )
    .await;
    db
}

/// Runs `args` on a terminal in `dir`; asserts success and returns what the screen showed.
fn drawn(db: &TestDb, dir: &Path, args: &str) -> Screen {
    let output = on_terminal(dir, &db.url, args, "", true);
    let screen = Screen::after(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{screen:#?}");
    screen
}

/// Asserts that a frame named `phase` was drawn.
fn assert_phase_drawn(screen: &Screen, phase: &str) {
    assert!(
        screen
            .progress_frames
            .iter()
            .any(|frame| frame.contains(&format!(" {phase} "))),
        "no `{phase}` frame: {screen:#?}"
    );
}

/// Asserts that one progress line at most was on screen at any time, and
/// none is left: the last line is the run's own, starting with `last`.
fn assert_one_line_then_clean(screen: &Screen, last: &str) {
    assert!(
        !screen.progress_frames.is_empty(),
        "nothing drawn: {screen:#?}"
    );
    assert_eq!(screen.most_progress_lines, 1, "{screen:#?}");
    let lines = screen.lines();
    assert!(
        !lines.iter().any(|line| Screen::is_progress(line)),
        "a progress line is left on screen: {lines:#?}"
    );
    assert!(
        lines.last().is_some_and(|line| line.starts_with(last)),
        "the last line is not `{last}...`: {lines:#?}"
    );
}

#[tokio::test]
async fn a_backup_shows_its_dump_with_the_databases_estimated_size_then_its_verify_and_prune() {
    let db = filled_database().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let screen = drawn(&db, dir.path(), "backup create");
    assert!(
        screen
            .progress_frames
            .iter()
            .any(|frame| frame.contains(" dump ") && frame.contains(" of ~")),
        "no dump frame with its estimated total: {screen:#?}"
    );
    assert_phase_drawn(&screen, "verify");
    assert_phase_drawn(&screen, "prune");
    assert_one_line_then_clean(&screen, "backup ");
}

#[tokio::test]
async fn a_restore_shows_its_load_sized_by_the_backup_and_its_other_phases_on_one_line() {
    let db = filled_database().await;
    let dir = tempfile::tempdir().expect("temp dir");
    Run::of(migration(dir.path()).args(["-u", &db.url, "backup", "create"])).success();
    let screen = drawn(&db, dir.path(), "restore --yes latest");
    let loads: Vec<&String> = screen
        .progress_frames
        .iter()
        .filter(|frame| frame.contains(" load "))
        .collect();
    assert!(
        !loads.is_empty() && loads.iter().all(|frame| frame.contains(" of ")),
        "no load frame with the backup's size: {screen:#?}"
    );
    assert!(
        !loads.iter().any(|frame| frame.contains(" load 0 B")),
        "the load counter is stuck: {screen:#?}"
    );
    assert!(
        screen
            .progress_frames
            .iter()
            .any(|frame| frame.contains(" load ") && frame.contains(" dump ")),
        "the load and the safety backup's dump never shared the line: {screen:#?}"
    );
    for phase in ["verify", "checks", "swap", "prune"] {
        assert_phase_drawn(&screen, phase);
    }
    assert_one_line_then_clean(&screen, "history: recorded the restore");
}

#[tokio::test]
async fn down_shows_the_backup_it_takes_first_and_leaves_only_its_own_lines() {
    let db = filled_database().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let screen = drawn(&db, dir.path(), "down --yes");
    for phase in ["dump", "verify", "prune"] {
        assert_phase_drawn(&screen, phase);
    }
    assert_one_line_then_clean(&screen, "done in ");
}

#[tokio::test]
async fn a_backup_that_fails_leaves_only_its_error_on_screen() {
    let db = TestDb::create(Backend::Postgres).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let bin = tempfile::tempdir().expect("temp dir");
    let pg_dump = real_postgres_tool(&db, "pg_dump").await.path;
    let pg_restore = real_postgres_tool(&db, "pg_restore").await.path;
    // Drawn for a while, then failing.
    script(
        bin.path(),
        "pg_dump",
        &format!(
            "case \"$1\" in --version) exec '{}' \"$@\";; esac\nsleep 0.5\necho 'pg_dump: error: the disk caught fire' >&2\nexit 1",
            pg_dump.display()
        ),
    );
    script(
        bin.path(),
        "pg_restore",
        &format!("exec '{}' \"$@\"", pg_restore.display()),
    );
    let args = format!("--pg-bin-dir '{}' backup create", bin.path().display());
    let output = on_terminal(dir.path(), &db.url, &args, "", true);
    let screen = Screen::after(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{screen:#?}");
    assert_phase_drawn(&screen, "dump");
    assert_one_line_then_clean(&screen, "error: ");
}

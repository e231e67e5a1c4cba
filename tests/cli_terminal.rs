//! Behaviour on a real terminal (a pseudo-terminal from util-linux `script`):
//! confirmation prompts and colour.

use std::process::{Command, Stdio};

use crate::support::{Backend, Run, TestDb, migration, terminal};

const ESC: &str = "\u{1b}[";

/// Whether `text` sets a colour or style (an SGR sequence, `ESC [ ... m`);
/// the progress line's erasures and cursor moves are not colour.
fn coloured(text: &str) -> bool {
    text.split(ESC).skip(1).any(|sequence| {
        sequence
            .trim_start_matches(|c: char| c.is_ascii_digit() || c == ';')
            .starts_with('m')
    })
}

/// Runs the binary with `args` inside a pseudo-terminal, typing `input`.
fn on_terminal(db: &TestDb, args: &str, input: &str, no_color: bool) -> Run {
    let dir = tempfile::tempdir().expect("temp dir");
    Run::from(terminal::on_terminal(
        dir.path(),
        &db.url,
        args,
        input,
        no_color,
    ))
}

fn applied(db: &TestDb) -> u64 {
    let json = db.run(&["status", "--json"]).success().json();
    json["summary"]["applied"].as_u64().expect("count")
}

async fn applied_database() -> TestDb {
    let db = TestDb::create(Backend::Sqlite).await;
    db.run(&["up"]).success();
    db
}

#[tokio::test]
async fn down_on_a_terminal_asks_and_proceeds_on_yes() {
    let db = applied_database().await;
    let run = on_terminal(&db, "down", "y\n", true);
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(run.stdout.contains("[y/N]"), "{run:#?}");
    assert_eq!(applied(&db), 0);
}

#[tokio::test]
async fn the_down_question_says_a_backup_is_taken_first() {
    let db = applied_database().await;
    let run = on_terminal(&db, "down", "n\n", true);
    assert!(
        run.stdout.contains("after taking a verified backup?"),
        "{run:#?}"
    );
}

#[tokio::test]
async fn down_on_a_terminal_changes_nothing_when_declined() {
    let db = applied_database().await;
    let run = on_terminal(&db, "down", "n\n", true);
    assert_eq!(run.code, 1, "{run:#?}");
    assert!(
        run.stdout.contains("aborted: nothing was changed"),
        "{run:#?}"
    );
    assert_eq!(applied(&db), 1);
}

#[tokio::test]
async fn restore_with_yes_on_a_terminal_never_asks() {
    let db = applied_database().await;
    let dir = tempfile::tempdir().expect("temp dir");
    Run::of(migration(dir.path()).args(["-u", &db.url, "backup", "create"])).success();
    let run = Run::from(terminal::on_terminal(
        dir.path(),
        &db.url,
        "restore --yes latest",
        "",
        true,
    ));
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(!run.stdout.contains("[y/N]"), "{run:#?}");
    assert!(
        !run.stdout.contains("replacing everything in it?"),
        "{run:#?}"
    );
    assert!(run.stdout.contains("restored "), "{run:#?}");
}

#[tokio::test]
async fn up_on_a_terminal_never_asks() {
    let db = TestDb::create(Backend::Sqlite).await;
    let run = on_terminal(&db, "up", "", true);
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(!run.stdout.contains("[y/N]"), "{run:#?}");
    assert_eq!(applied(&db), 1);
}

#[tokio::test]
async fn output_is_coloured_on_a_terminal() {
    let db = TestDb::create(Backend::Sqlite).await;
    let run = on_terminal(&db, "up", "", false);
    assert!(coloured(&run.stdout), "{run:#?}");
}

#[tokio::test]
async fn no_color_turns_colour_off_on_a_terminal() {
    let db = TestDb::create(Backend::Sqlite).await;
    let run = on_terminal(&db, "-v up", "", true);
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(!coloured(&run.stdout), "{run:#?}");
}

#[tokio::test]
async fn output_is_plain_when_not_a_terminal() {
    let db = TestDb::create(Backend::Sqlite).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let run = Run::of(
        migration(dir.path())
            .env_remove("NO_COLOR")
            .args(["-u", &db.url, "-v", "up"]),
    )
    .success();
    assert!(!run.all_output().contains(ESC), "{run:#?}");
}

#[tokio::test]
async fn ctrl_c_during_a_backup_clears_the_progress_line_and_says_the_backup_stopped() {
    use crate::support::tools::{real_postgres_tool, script};
    let db = TestDb::create(Backend::Postgres).await;
    let work = tempfile::tempdir().expect("temp dir");
    let bin = tempfile::tempdir().expect("temp dir");
    let marker = work.path().join("dumping");
    let pg_dump = real_postgres_tool(&db, "pg_dump").await.path;
    let pg_restore = real_postgres_tool(&db, "pg_restore").await.path;
    script(
        bin.path(),
        "pg_dump",
        &format!(
            "case \"$1\" in --version) exec '{real}' \"$@\";; esac\ntouch '{marker}'\nsleep 60\nexec '{real}' \"$@\"",
            real = pg_dump.display(),
            marker = marker.display()
        ),
    );
    script(
        bin.path(),
        "pg_restore",
        &format!("exec '{}' \"$@\"", pg_restore.display()),
    );
    let binary = env!("CARGO_BIN_EXE_fixture-migration");
    let line = format!(
        "{binary} -u '{}' --pg-bin-dir '{}' backup create",
        db.url,
        bin.path().display()
    );
    let child = Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .current_dir(work.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env("TERM", "xterm")
        .env("NO_COLOR", "1")
        .spawn()
        .expect("run `script` (util-linux)");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !marker.exists() {
        assert!(
            std::time::Instant::now() < deadline,
            "pg_dump never started"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    // Long enough for the progress line to be drawn a few times.
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    let sent = Command::new("pkill")
        .args(["-INT", "-f", &format!("^{binary} -u '?{}", db.url)])
        .status()
        .expect("pkill");
    assert!(sent.success(), "the binary was not found");
    let output = child.wait_with_output().expect("wait");
    let screen = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(130), "{screen:?}");
    let error = screen.find("error: ").expect("an error line");
    let last_frame = screen[..error]
        .rfind("dump of ~")
        .expect("a progress frame");
    let cleared = screen[..error].rfind("\u{1b}[2K").expect("a cleared line");
    assert!(
        cleared > last_frame,
        "the error follows a progress frame: {screen:?}"
    );
    assert!(
        screen[error..].starts_with(
            "error: interrupted by Ctrl-C (SIGINT): the backup or check in progress was stopped"
        ),
        "{screen:?}"
    );
}

//! Scenario 6, a production deployment: the binary run as the release
//! binary is, with its settings only from the environment: `--version`,
//! `status`, `up --json` parsed, the backup it takes and restores, its exit
//! codes (1 without the dump tools, 3, 4 after `--lock-wait`, 2 for a
//! `down` without `--yes` or `MIGRATION_YES`), a second `up` waiting on the
//! lock, and SIGTERM during a long migration.
//!
//! [`Server`] runs the shipped `migration` binary the way the guide deploys
//! it: copied out of the workspace into a fresh directory and run from
//! there with no cargo or Rust on its `PATH`, no `.env` and no source, its
//! settings in the environment. The guide builds it with `--release`; the
//! suite copies the binary it has already built, the same code in another
//! profile, because a release build inside the tests would take minutes.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use migrate_kit::engine::Migrations;
use migrate_kit::lock::LockKey;
use sea_orm::ConnectionTrait;

use super::{Guide, VALIDATE};
use crate::support::inspect::{tables, wait_for_rows};
use crate::support::{Backend, Run, TestDb, root, sleeping_migration};

/// The `PATH` of a server without cargo or rustup: the system's directories only.
const SERVER_PATH: &str = "/usr/bin:/bin";

/// A server the guide deploys to: the shipped `migration` binary copied
/// into a directory of its own outside the workspace, which is also where
/// it runs, a home directory, persistent storage for the backups, and a
/// database of its own.
struct Server {
    db: TestDb,
    dir: tempfile::TempDir,
    storage: tempfile::TempDir,
}

impl Server {
    /// Copies the binary onto a new server with a new, empty database.
    async fn new(backend: Backend) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        assert!(
            !dir.path()
                .starts_with(root().canonicalize().expect("workspace root")),
            "the server's directory must be outside the workspace"
        );
        let binary = dir.path().join("migration");
        // Copied by `cp`, not by this process: a file this process held open
        // for writing would be inherited by every child another test forks
        // meanwhile, and starting the copy would fail with "Text file busy".
        let copied = std::process::Command::new("cp")
            .arg(env!("CARGO_BIN_EXE_migration"))
            .arg(&binary)
            .status()
            .expect("run cp");
        assert!(copied.success(), "copy the binary");
        std::fs::set_permissions(&binary, std::fs::Permissions::from_mode(0o755))
            .expect("make the copy executable");
        std::fs::create_dir(dir.path().join("home")).expect("create HOME");
        Self {
            db: TestDb::create(backend).await,
            dir,
            storage: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// `MIGRATION_BACKUP_DIR`: a directory on persistent storage that does not exist yet.
    fn backup_dir(&self) -> PathBuf {
        self.storage.path().join("ops-center/backups")
    }

    /// The copied binary with the settings the guide exports, and nothing
    /// else in its environment.
    fn command(&self) -> Command {
        let mut command = Command::new(self.dir.path().join("migration"));
        command
            .env_clear()
            .env("PATH", SERVER_PATH)
            .env("HOME", self.dir.path().join("home"))
            .env("DATABASE_URL", &self.db.url)
            .env("MIGRATION_BACKUP_DIR", self.backup_dir())
            .current_dir(self.dir.path())
            .stdin(Stdio::null());
        command
    }

    /// Runs `args` to completion.
    fn run(&self, args: &[&str]) -> Run {
        Run::of(self.command().args(args))
    }

    /// What the server's directory holds after the runs, besides the binary and home.
    fn left_in_working_dir(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.dir.path())
            .expect("read the server's directory")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| name != "migration" && name != "home")
            .collect();
        names.sort();
        names
    }

    /// The tables of the server's database.
    async fn tables(&self) -> Vec<String> {
        tables(&self.db.connect().await, self.db.backend).await
    }
}

/// How many migrations the shipped binary holds, and the newest one.
fn shipped_migrations() -> (usize, String) {
    let mut versions = Migrations::of::<migration::Migrator>().versions();
    let newest = versions.pop().expect("at least one migration");
    (versions.len() + 1, newest)
}

#[tokio::test]
async fn the_copied_binary_names_the_newest_migration_it_holds() {
    let server = Server::new(Backend::Sqlite).await;
    let (_, newest) = shipped_migrations();
    let run = server.run(&["--version"]).success();
    assert_eq!(
        run.stdout.trim_end(),
        format!(
            "migration {} (newest migration: {newest})",
            env!("CARGO_PKG_VERSION")
        )
    );
}

/// The guide's deploy on a server: `status`, then `up --json`, whose
/// document says what was applied and where the backup went.
async fn the_copied_binary_deploys_with_its_settings_from_the_environment(backend: Backend) {
    let server = Server::new(backend).await;
    let (count, newest) = shipped_migrations();
    server
        .run(&["status"])
        .success()
        .says(&format!("0 applied, {count} pending"));
    let json = server.run(&["up", "--json"]).success().json();
    assert_eq!(json["result"], "applied", "{json}");
    assert!(json["error"].is_null(), "{json}");
    let steps = json["steps"].as_array().expect("steps");
    assert_eq!(steps.len(), count, "{json}");
    assert!(
        steps
            .iter()
            .all(|step| step["action"] == "applied" && step["duration_ms"].is_u64()),
        "{json}"
    );
    assert_eq!(steps[count - 1]["version"], newest.as_str(), "{json}");
    let backup = Path::new(json["backup"]["path"].as_str().expect("backup.path"));
    assert!(
        backup.starts_with(server.backup_dir()) && backup.exists(),
        "the backup is not in MIGRATION_BACKUP_DIR: {json}"
    );
    let mode = std::fs::metadata(server.backup_dir())
        .expect("the backup directory")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o700, "the backup directory is not private");
    assert_eq!(server.left_in_working_dir(), Vec::<String>::new());
    let status = server.run(&["status", "--json"]).success().json();
    assert_eq!(status["summary"]["applied"], count, "{status}");
    assert_eq!(status["summary"]["pending"], 0, "{status}");
}

on_every_backend!(the_copied_binary_deploys_with_its_settings_from_the_environment);

#[tokio::test]
async fn the_backup_id_up_json_reports_is_what_an_emergency_restore_takes() {
    let server = Server::new(Backend::Postgres).await;
    let json = server.run(&["up", "--json"]).success().json();
    let id = json["backup"]["id"].as_str().expect("backup.id");
    assert!(!server.tables().await.is_empty());
    server.run(&["backup", "verify", id]).success();
    server.run(&["restore", id, "--yes"]).success();
    let status = server.run(&["status", "--json"]).success().json();
    let (count, _) = shipped_migrations();
    assert_eq!(status["summary"]["applied"], 0, "{status}");
    assert_eq!(status["summary"]["pending"], count, "{status}");
}

#[tokio::test]
async fn without_the_dump_tools_up_exits_1_and_changes_nothing() {
    let server = Server::new(Backend::Postgres).await;
    let no_tools = server.dir.path().join("no-tools");
    std::fs::create_dir(&no_tools).expect("mkdir");
    let run = Run::of(
        server
            .command()
            .env("MIGRATION_PG_BIN_DIR", &no_tools)
            .args(["up", "--json"]),
    );
    assert_eq!(run.code, 1, "{run:#?}");
    let json = run.json();
    assert_eq!(json["result"], "failed", "{json}");
    assert!(
        json["error"]
            .as_str()
            .is_some_and(|e| e.contains("pg_dump")),
        "{json}"
    );
    assert_eq!(json["steps"].as_array().map(Vec::len), Some(0), "{json}");
    assert_eq!(server.tables().await, Vec::<String>::new());
}

#[tokio::test]
async fn a_deploy_that_waits_longer_than_lock_wait_exits_4_and_changes_nothing() {
    let server = Server::new(Backend::Postgres).await;
    let holder = server.db.connect().await;
    let key = LockKey::new(&server.db.name, "seaql_migrations").as_i64();
    holder
        .execute_unprepared(&format!("SELECT pg_advisory_lock({key})"))
        .await
        .expect("take the lock");
    let run = server.run(&["up", "--json", "--lock-wait", "1s"]);
    assert_eq!(run.code, 4, "{run:#?}");
    assert_eq!(run.json()["result"], "failed", "{run:#?}");
    holder.close().await.expect("release the lock");
    assert_eq!(server.tables().await, Vec::<String>::new());
}

#[tokio::test]
async fn a_pipeline_rolls_back_with_migration_yes_and_is_refused_without_it() {
    let server = Server::new(Backend::Postgres).await;
    server.run(&["up"]).success();
    let refused = server.run(&["down"]);
    assert_eq!(refused.code, 2, "{refused:#?}");
    let json = Run::of(
        server
            .command()
            .env("MIGRATION_YES", "1")
            .args(["down", "--json"]),
    )
    .success()
    .json();
    assert_eq!(json["result"], "rolled_back", "{json}");
}

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
async fn sigterm_during_a_long_migration_exits_143_releases_the_lock_and_leaves_it_pending() {
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
    let released = "SELECT 'released' WHERE NOT EXISTS (SELECT 1 FROM pg_locks l \
         JOIN pg_database d ON d.oid = l.database \
         WHERE l.locktype = 'advisory' AND d.datname = current_database())";
    wait_for_rows(&admin, released, "the migration lock released").await;
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

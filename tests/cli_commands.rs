//! The commands, run through the real binary: status (text and JSON),
//! `--to` both ways, the destructive commands, `MIGRATION_YES`, `init` and
//! `generate`.

use sea_orm_migration::MigratorTrait;

use crate::support::fixture::BaselineMigrator as Migrator;
use crate::support::inspect::tables;
use crate::support::{Backend, Run, TestDb, migration};

const BASELINE: &str = "m20251023_000007_initial_schema_baseline";

fn status_json(db: &TestDb) -> serde_json::Value {
    db.run(&["status", "--json"]).success().json()
}

async fn status_reports_pending_then_applied(backend: Backend) {
    let db = TestDb::create(backend).await;
    let before = status_json(&db);
    assert_eq!(before["schema_version"], 1);
    assert_eq!(before["summary"]["pending"], 1);
    assert_eq!(before["current"], serde_json::Value::Null);
    assert_eq!(before["migrations"][0]["state"], "pending");
    let text = db.run(&["status"]).success().stdout;
    assert!(text.contains(&format!("pending  {BASELINE}")), "{text}");

    db.run(&["up"]).success();
    let after = status_json(&db);
    assert_eq!(after["summary"]["applied"], 1);
    assert_eq!(after["summary"]["pending"], 0);
    assert_eq!(after["current"], BASELINE);
    assert_eq!(after["migrations"][0]["state"], "applied");
    assert!(after["migrations"][0]["applied_at"].as_str().is_some());
    let text = db.run(&["status"]).success().stdout;
    assert!(text.contains(&format!("applied  {BASELINE}")), "{text}");
}

on_every_backend!(status_reports_pending_then_applied);

#[tokio::test]
async fn status_does_not_create_the_tracking_table() {
    let db = TestDb::create(Backend::Postgres).await;
    db.run(&["status"]).success();
    assert!(
        tables(&db.connect().await, Backend::Postgres)
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn up_to_a_version_applies_up_to_it_and_down_to_base_reverts_it() {
    let db = TestDb::create(Backend::Postgres).await;
    let up = db.run(&["up", "--to", BASELINE]).success();
    assert!(
        up.stdout.contains(&format!("applied     {BASELINE}")),
        "{up:#?}"
    );
    let noop = db.run(&["down", "--to", BASELINE, "--yes"]).success();
    assert!(noop.stdout.contains("nothing to roll back"), "{noop:#?}");
    let down = db.run(&["down", "--to", "base", "--yes"]).success();
    assert!(
        down.stdout.contains(&format!("rolled back {BASELINE}")),
        "{down:#?}"
    );
    assert_eq!(status_json(&db)["summary"]["pending"], 1);
}

#[tokio::test]
async fn up_to_accepts_a_unique_prefix_of_the_version() {
    let db = TestDb::create(Backend::Sqlite).await;
    db.run(&["up", "--to", "m20251023"]).success();
    assert_eq!(status_json(&db)["current"], BASELINE);
}

#[tokio::test]
async fn up_with_nothing_pending_says_so() {
    let db = TestDb::create(Backend::Sqlite).await;
    db.run(&["up"]).success();
    let again = db.run(&["up"]).success();
    assert!(again.stdout.contains("nothing to apply"), "{again:#?}");
}

#[tokio::test]
async fn no_subcommand_means_up() {
    let db = TestDb::create(Backend::Sqlite).await;
    db.run(&[]).success();
    assert_eq!(status_json(&db)["summary"]["applied"], 1);
}

#[tokio::test]
async fn destructive_commands_refuse_without_a_terminal_or_yes() {
    let db = TestDb::create(Backend::Sqlite).await;
    db.run(&["up"]).success();
    for command in ["down", "fresh", "refresh", "reset"] {
        db.run(&[command]).fails_with(2, "pass --yes");
    }
    assert_eq!(
        status_json(&db)["summary"]["applied"],
        1,
        "nothing may change"
    );
}

#[tokio::test]
async fn migration_yes_in_the_environment_confirms_like_yes() {
    let db = TestDb::create(Backend::Sqlite).await;
    db.run(&["up"]).success();
    let dir = tempfile::tempdir().expect("temp dir");
    let down = Run::of(
        migration(dir.path())
            .env("MIGRATION_YES", "1")
            .args(["-u", &db.url, "down"]),
    )
    .success();
    assert!(
        down.stdout.contains(&format!("rolled back {BASELINE}")),
        "{down:#?}"
    );
    assert_eq!(status_json(&db)["summary"]["applied"], 0);
}

async fn fresh_refresh_and_reset_work(backend: Backend) {
    let db = TestDb::create(backend).await;
    db.run(&["up"]).success();
    let fresh = db.run(&["fresh", "--yes"]).success();
    assert!(
        fresh.stdout.contains("dropped     every table"),
        "{fresh:#?}"
    );
    assert_eq!(status_json(&db)["summary"]["applied"], 1);
    let refresh = db.run(&["refresh", "--yes"]).success();
    assert!(refresh.stdout.contains("rolled back"), "{refresh:#?}");
    assert_eq!(status_json(&db)["summary"]["applied"], 1);
    db.run(&["reset", "--yes"]).success();
    // The run history outlives `reset`: it is the audit log.
    assert_eq!(
        tables(&db.connect().await, backend).await,
        ["seaql_migrations_history"]
    );
}

on_every_backend!(fresh_refresh_and_reset_work);

#[tokio::test]
async fn a_database_migrated_by_stock_sea_orm_migration_is_up_to_date_for_us() {
    let db = TestDb::create(Backend::Postgres).await;
    Migrator::up(&db.connect().await, None)
        .await
        .expect("stock up");
    let again = db.run(&["up"]).success();
    assert!(again.stdout.contains("nothing to apply"), "{again:#?}");
}

#[tokio::test]
async fn a_database_migrated_by_us_is_up_to_date_for_stock_sea_orm_migration() {
    let db = TestDb::create(Backend::Mysql).await;
    db.run(&["up"]).success();
    let pending = Migrator::get_pending_migrations(&db.connect().await)
        .await
        .expect("stock status");
    assert!(pending.is_empty());
}

#[tokio::test]
async fn generate_from_the_workspace_root_writes_and_registers_a_migration() {
    let workspace = tempfile::tempdir().expect("temp dir");
    let src = workspace.path().join("migration").join("src");
    std::fs::create_dir_all(&src).expect("mkdir");
    let lib = include_str!("../migration/src/lib.rs");
    std::fs::write(src.join("lib.rs"), lib).expect("write lib.rs");

    let run = Run::of(migration(workspace.path()).args(["generate", "add user avatar"])).success();

    let lib_after = std::fs::read_to_string(src.join("lib.rs")).expect("read lib.rs");
    let file = std::fs::read_dir(&src)
        .expect("read dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|name| name.ends_with("_add_user_avatar.rs"))
        .unwrap_or_else(|| panic!("no migration file written: {run:#?}"));
    let module = file.trim_end_matches(".rs");
    assert!(module.starts_with('m') && module.len() == "m20251124_101500_add_user_avatar".len());
    assert!(lib_after.contains(&format!("mod {module};")), "{lib_after}");
    assert!(
        lib_after.contains(&format!("Box::new({module}::Migration)")),
        "{lib_after}"
    );
    assert!(
        lib_after.contains(&format!("Box::new({BASELINE}::Migration)")),
        "{lib_after}"
    );
}

#[tokio::test]
async fn generate_needs_no_database() {
    let workspace = tempfile::tempdir().expect("temp dir");
    let src = workspace.path().join("src");
    std::fs::create_dir_all(&src).expect("mkdir");
    std::fs::write(src.join("lib.rs"), include_str!("../migration/src/lib.rs")).expect("write");
    let run = Run::of(migration(workspace.path()).args([
        "-u",
        "postgres://nobody@127.0.0.1:1/none",
        "generate",
        "first",
    ]))
    .success();
    assert!(!run.stderr.contains("error"), "{run:#?}");
}

#[tokio::test]
async fn up_and_down_report_json() {
    let db = TestDb::create(Backend::Postgres).await;
    let up = db.run(&["up", "--json"]).success().json();
    assert_eq!(up["schema_version"], 1);
    assert_eq!(up["result"], "applied");
    assert_eq!(up["steps"][0]["action"], "applied");
    assert_eq!(up["steps"][0]["version"], BASELINE);
    assert!(
        up["backup"]["id"]
            .as_str()
            .is_some_and(|id| id.ends_with("_pre-up")),
        "{up}"
    );
    assert_eq!(
        db.run(&["up", "--json"]).success().json()["result"],
        "nothing_to_do"
    );
    let down = db.run(&["down", "--json", "--yes"]).success().json();
    assert_eq!(down["result"], "rolled_back");
    assert_eq!(down["steps"][0]["action"], "rolled_back");
}

#[tokio::test]
async fn a_failed_up_reports_json_and_a_non_zero_exit() {
    let db = TestDb::create(Backend::Postgres).await;
    db.execute("CREATE TABLE cloudflare_zones (id integer)")
        .await;
    let failed = db.run(&["up", "--json"]);
    assert_eq!(failed.code, 1, "{failed:#?}");
    let report = failed.json();
    assert_eq!(report["result"], "failed");
    assert!(
        report["error"]
            .as_str()
            .is_some_and(|e| e.contains("already exists")),
        "{report}"
    );
}

#[tokio::test]
async fn the_shipped_binary_applies_and_rolls_back_every_ops_center_migration() {
    let db = TestDb::create(Backend::Sqlite).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let shipped = |args: &[&str]| {
        Run::of(
            crate::support::ops_center_migration(dir.path())
                .arg("-u")
                .arg(&db.url)
                .args(args),
        )
        .success()
    };
    let count = migration::Migrator::migrations().len();
    shipped(&["up"]);
    let status = shipped(&["status", "--json"]).json();
    assert_eq!(status["summary"]["applied"], count, "{status}");
    assert_eq!(status["summary"]["pending"], 0, "{status}");
    shipped(&["down", "--to", "base", "--yes"]);
    let status = shipped(&["status", "--json"]).json();
    assert_eq!(status["summary"]["pending"], count, "{status}");
}

/// The files `init` writes, relative to the crate's directory.
const INIT_FILES: [&str; 4] = ["Cargo.toml", "src/lib.rs", "src/main.rs", "README.md"];

#[test]
fn init_writes_a_migration_crate_that_generate_registers_migrations_in() {
    let workspace = tempfile::tempdir().expect("temp dir");
    let run = Run::of(migration(workspace.path()).arg("init")).success();
    let crate_dir = workspace.path().join("migration");
    for file in INIT_FILES {
        assert!(crate_dir.join(file).is_file(), "no {file}: {run:#?}");
    }
    let main = std::fs::read_to_string(crate_dir.join("src/main.rs")).expect("read main.rs");
    assert!(
        main.contains("migrate_kit::cli::main::<migration::Migrator>()"),
        "{main}"
    );
    let manifest = std::fs::read_to_string(crate_dir.join("Cargo.toml")).expect("read");
    assert!(manifest.contains("name = \"migration\""), "{manifest}");
    assert!(manifest.contains("migrate-kit = "), "{manifest}");
    assert!(manifest.contains("sea-orm-migration = "), "{manifest}");

    let elsewhere = tempfile::tempdir().expect("temp dir");
    Run::of(
        migration(elsewhere.path())
            .args(["generate", "create_users", "--migration-dir"])
            .arg(&crate_dir),
    )
    .success();
    let lib = std::fs::read_to_string(crate_dir.join("src/lib.rs")).expect("read lib.rs");
    let module = lib
        .lines()
        .find_map(|line| line.strip_prefix("mod ")?.strip_suffix(";"))
        .unwrap_or_else(|| panic!("no migration registered: {lib}"));
    assert!(module.ends_with("_create_users"), "{lib}");
    assert!(
        lib.contains(&format!("Box::new({module}::Migration)")),
        "{lib}"
    );
    assert!(crate_dir.join("src").join(format!("{module}.rs")).is_file());
}

#[test]
fn init_into_a_directory_that_is_not_empty_refuses_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("Cargo.toml"), "mine").expect("write");
    Run::of(migration(dir.path()).args(["init", "--migration-dir", "."]))
        .fails_with(2, "is not empty, and `init` never overwrites anything");
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .expect("read dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(left, ["Cargo.toml"]);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("Cargo.toml")).expect("read"),
        "mine"
    );
}

#[tokio::test]
async fn current_is_status_under_alembics_name() {
    let db = TestDb::create(Backend::Sqlite).await;
    db.run(&["up"]).success();
    let current = db.run(&["current"]).success();
    assert_eq!(current.stdout, db.run(&["status"]).success().stdout);
    assert!(
        current.stdout.contains(&format!("applied  {BASELINE}")),
        "{current:#?}"
    );
}

#[test]
fn version_names_the_toolkit_and_the_newest_migration_of_the_binary() {
    let dir = tempfile::tempdir().expect("temp dir");
    let version = Run::of(migration(dir.path()).arg("--version")).success();
    assert_eq!(
        version.stdout,
        format!(
            "migration {} (newest migration: {BASELINE})\n",
            env!("CARGO_PKG_VERSION")
        )
    );
}

//! The commands, run through the real binary: status (text and JSON),
//! `--to` both ways, the destructive commands and `generate`.

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

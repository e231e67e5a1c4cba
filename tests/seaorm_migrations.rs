//! SeaORM migrations behave exactly as their authors expect: a set of the
//! kinds in SeaORM's own tests (DDL, a seed through an `ActiveModel`, a
//! schema probe, a PostgreSQL enum, one outside a transaction) moves freely
//! between the stock sea-orm-migration CLI and ours, its code runs once per
//! application, and a dry run says which of it needs a database.

use std::path::PathBuf;

use sea_orm_migration::{MigrationName, MigratorTrait};

use crate::support::fixture::{
    AddCakeGlutenFree, CALLS_FILE, IndexCakeName, SeaOrmMigrator, SeedCake,
};
use crate::support::{
    Backend, Run, TestDb, run_command_with_url, seaorm_migration, stock_migration,
};

/// The set's versions, oldest first.
fn versions() -> Vec<String> {
    SeaOrmMigrator::migrations()
        .iter()
        .map(|m| m.name().to_owned())
        .collect()
}

/// Our CLI over the set, on `db`.
fn ours(db: &TestDb, args: &[&str]) -> Run {
    run_command_with_url(seaorm_migration, &db.url, args)
}

/// The stock CLI over the same set, on `db`.
fn stock(db: &TestDb, args: &[&str]) -> Run {
    run_command_with_url(stock_migration, &db.url, args)
}

async fn stock_up_then_ours(backend: Backend) {
    let db = TestDb::create(backend).await;
    stock(&db, &["up"]).success();

    let status = ours(&db, &["status", "--json"]).success().json();
    assert_eq!(status["summary"]["applied"], 5, "{status}");
    assert_eq!(status["summary"]["pending"], 0, "{status}");
    // The stock CLI records no checksum: nothing to verify, nothing wrong.
    let validate = ours(&db, &["validate", "--json"]).success().json();
    assert_eq!(validate["problems"], serde_json::json!([]), "{validate}");
    assert_eq!(
        validate["unchecked"],
        serde_json::json!(versions()),
        "{validate}"
    );
    let up = ours(&db, &["up"]).success();
    assert!(up.stdout.contains("nothing to apply"), "{up:#?}");
    ours(&db, &["down", "-n", "1", "--yes"]).success();
    ours(&db, &["up"]).success();
}

on_every_backend!(stock_up_then_ours);

async fn ours_up_then_stock(backend: Backend) {
    let db = TestDb::create(backend).await;
    ours(&db, &["up"]).success();

    let status = stock(&db, &["status"]).success();
    for version in versions() {
        assert!(
            status
                .stdout
                .contains(&format!("Migration '{version}'... Applied")),
            "{status:#?}"
        );
    }
    stock(&db, &["down", "-n", "1"]).success();

    let after = ours(&db, &["status", "--json"]).success().json();
    assert_eq!(after["summary"]["applied"], 4, "{after}");
    assert_eq!(after["summary"]["pending"], 1, "{after}");
    let newest = &after["migrations"][4];
    assert_eq!(newest["version"], IndexCakeName.name(), "{after}");
    assert_eq!(newest["state"], "pending", "{after}");
}

on_every_backend!(ours_up_then_stock);

/// The file the set's migrations append `<version> up|down` to whenever
/// their code runs, in a temp dir of its own.
struct Calls {
    dir: tempfile::TempDir,
}

impl Calls {
    fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    fn path(&self) -> PathBuf {
        self.dir.path().join("calls")
    }

    /// Our CLI over the set on `db`, its migrations recording their runs here.
    fn ours(&self, db: &TestDb, args: &[&str]) -> Run {
        let with_calls = |dir: &std::path::Path| {
            let mut command = seaorm_migration(dir);
            command.env(CALLS_FILE, self.path());
            command
        };
        run_command_with_url(with_calls, &db.url, args)
    }

    /// Every run recorded so far, in order.
    fn lines(&self) -> Vec<String> {
        match std::fs::read_to_string(self.path()) {
            Ok(text) => text.lines().map(str::to_owned).collect(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => panic!("read the calls file: {e}"),
        }
    }
}

async fn each_migration_runs_once_per_application(backend: Backend) {
    let db = TestDb::create(backend).await;
    let calls = Calls::new();

    calls.ours(&db, &["up"]).success();
    let applied: Vec<String> = versions().iter().map(|v| format!("{v} up")).collect();
    assert_eq!(calls.lines(), applied, "`up` runs each up() exactly once");

    for args in [&["up"][..], &["status"], &["validate"], &["history"]] {
        calls.ours(&db, args).success();
        assert_eq!(
            calls.lines(),
            applied,
            "`{}` ran migration code",
            args.join(" ")
        );
    }

    calls.ours(&db, &["down", "-n", "1", "--yes"]).success();
    assert_eq!(
        calls.lines()[applied.len()..],
        [format!("{} down", IndexCakeName.name())],
        "`down -n 1` runs the newest down() exactly once"
    );
}

on_every_backend!(each_migration_runs_once_per_application);

async fn dry_run_of_the_whole_set_marks_what_needs_a_database(backend: Backend) {
    let db = TestDb::create(backend).await;
    let run = ours(&db, &["up", "--dry-run"]).success();
    let has_line = |start: &str, containing: &str| {
        run.stdout
            .lines()
            .any(|line| line.starts_with(start) && line.contains(containing))
    };

    assert!(has_line("CREATE TABLE", "cake"), "{run:#?}");
    assert!(has_line("CREATE INDEX", "idx-cake-name"), "{run:#?}");
    assert_eq!(
        has_line("CREATE TYPE", "tea"),
        backend == Backend::Postgres,
        "{run:#?}"
    );
    for data_reading in [SeedCake.name(), AddCakeGlutenFree.name()] {
        let marker = format!("-- migration `{data_reading}` needs a database to be rendered: ");
        assert!(has_line(&marker, ""), "no `{marker}` line: {run:#?}");
    }
}

on_every_backend!(dry_run_of_the_whole_set_marks_what_needs_a_database);

/// `--dry-run --exact` renders the data-reading migrations too, from what
/// their code ran on a scratch database, and leaves the live one untouched.
async fn exact_dry_run_renders_what_needs_a_database_from_a_scratch_database(backend: Backend) {
    let db = TestDb::create(backend).await;
    let run = ours(&db, &["up", "--dry-run", "--exact"]).success();
    for data_reading in [SeedCake.name(), AddCakeGlutenFree.name()] {
        let marker = format!(
            "-- migration `{data_reading}` needs a database: what it ran on a scratch database follows"
        );
        assert!(run.stdout.contains(&marker), "no `{marker}`: {run:#?}");
    }
    assert!(
        run.stdout
            .lines()
            .any(|line| line.starts_with("INSERT INTO") && line.contains("Cheesecake")),
        "the seed is not shown: {run:#?}"
    );
    let status = ours(&db, &["status", "--json"]).success().json();
    assert_eq!(status["summary"]["applied"], 0, "{status}");
}

on_every_backend!(exact_dry_run_renders_what_needs_a_database_from_a_scratch_database);

/// On MariaDB (no transactional DDL) a migration fails half-way and is left
/// dirty; after the cause is fixed the stock CLI applies it. Ours then finds
/// nothing wrong, records once that it finished elsewhere, and is clean.
#[tokio::test]
async fn a_dirty_migration_the_stock_cli_then_applied_ends_clean() {
    let db = TestDb::create(Backend::Mysql).await;
    let versions = versions();
    ours(&db, &["up", "--to", &versions[3]]).success();
    db.execute("CREATE INDEX `idx-cake-name` ON cake (name)")
        .await;
    ours(&db, &["up"]).fails_with(1, IndexCakeName.name());
    ours(&db, &["validate"]).fails_with(5, "did not finish");

    db.execute("DROP INDEX `idx-cake-name` ON cake").await;
    stock(&db, &["up"]).success();

    ours(&db, &["status"])
        .success()
        .says("then another tool finished it");
    let up = ours(&db, &["up"]).success();
    assert!(
        up.stdout.contains(&format!(
            "recorded {} as applied: a run of it stopped half-way, then another tool applied it",
            IndexCakeName.name()
        )),
        "{up:#?}"
    );
    let validate = ours(&db, &["validate"]).success();
    assert!(!validate.stdout.contains("did not finish"), "{validate:#?}");
}

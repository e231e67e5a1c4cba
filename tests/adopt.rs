//! `stamp` and `adopt-alembic`: recording migrations without running them,
//! and taking over the database Alembic left at revision f6570c470a28.

use crate::support::inspect::{rows, tables};
use crate::support::{Backend, TestDb};

const BASELINE: &str = "m20251023_000007_initial_schema_baseline";

/// The database as Alembic left it: the 11 tables and `alembic_version`
/// at `revision`, no migrate-kit bookkeeping.
async fn alembic_era_database(backend: Backend, revision: &str) -> TestDb {
    let db = TestDb::create(backend).await;
    db.run(&["--no-backup", "up"]).success();
    db.execute("DROP TABLE seaql_migrations").await;
    db.execute("DROP TABLE seaql_migrations_history").await;
    db.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
        .await;
    db.execute(&format!(
        "INSERT INTO alembic_version (version_num) VALUES ('{revision}')"
    ))
    .await;
    db
}

fn applied(db: &TestDb) -> serde_json::Value {
    db.run(&["status", "--json"]).json()["summary"]["applied"].clone()
}

async fn adopting_the_alembic_database_stamps_the_baseline(backend: Backend) {
    let db = alembic_era_database(backend, "f6570c470a28").await;
    let adopt = db.run(&["adopt-alembic", "--yes"]).success();
    assert!(
        adopt.stdout.contains(&format!("stamped     {BASELINE}")),
        "{adopt:#?}"
    );
    assert_eq!(applied(&db), 1);
    let up = db.run(&["up"]).success();
    assert!(up.stdout.contains("nothing to apply"), "{up:#?}");
    assert!(
        tables(&db.connect().await, backend)
            .await
            .contains(&"alembic_version".to_owned())
    );
    let history = rows(
        &db.connect().await,
        "SELECT action FROM seaql_migrations_history",
        1,
    )
    .await;
    assert_eq!(history, [["stamped"]]);
}

on_every_backend!(adopting_the_alembic_database_stamps_the_baseline);

#[tokio::test]
async fn adopt_alembic_can_drop_the_alembic_table() {
    let db = alembic_era_database(Backend::Postgres, "f6570c470a28").await;
    db.run(&["adopt-alembic", "--drop-alembic-table", "--yes"])
        .success();
    assert!(
        !tables(&db.connect().await, Backend::Postgres)
            .await
            .contains(&"alembic_version".to_owned())
    );
}

#[tokio::test]
async fn a_different_alembic_revision_is_refused() {
    let db = alembic_era_database(Backend::Postgres, "0123456789ab").await;
    db.run(&["adopt-alembic", "--yes"])
        .fails_with(5, "alembic_version is at 0123456789ab");
    assert_eq!(applied(&db), 0);
}

#[tokio::test]
async fn a_schema_that_differs_from_the_baseline_is_refused_with_its_differences() {
    let db = alembic_era_database(Backend::Postgres, "f6570c470a28").await;
    db.execute("ALTER TABLE organizations DROP COLUMN plan")
        .await;
    db.execute("CREATE TABLE legacy_notes (id integer)").await;
    let run = db.run(&["adopt-alembic", "--yes"]);
    run.fails_with(5, "organizations.plan is missing");
    assert!(
        run.stderr
            .contains("table legacy_notes is not in the baseline"),
        "{run:#?}"
    );
    assert_eq!(applied(&db), 0);
}

#[tokio::test]
async fn a_database_without_alembic_version_is_refused() {
    let db = TestDb::create(Backend::Sqlite).await;
    db.run(&["adopt-alembic", "--yes"])
        .fails_with(1, "no alembic_version table");
}

async fn stamp_marks_without_running_and_to_base_clears(backend: Backend) {
    let db = TestDb::create(backend).await;
    db.run(&["stamp", "--baseline"]).fails_with(2, "pass --yes");
    db.run(&["stamp", "--baseline", "--yes"]).success();
    assert_eq!(applied(&db), 1);
    let created = tables(&db.connect().await, backend).await;
    assert!(
        !created.contains(&"organizations".to_owned()),
        "stamp must not run the migration"
    );
    db.run(&["stamp", "--to", "base", "--yes"]).success();
    assert_eq!(applied(&db), 0);
    db.run(&["stamp", BASELINE, "--yes"]).success();
    assert_eq!(applied(&db), 1);
}

on_every_backend!(stamp_marks_without_running_and_to_base_clears);

#[tokio::test]
async fn stamp_refuses_over_a_dirty_state() {
    let db = TestDb::create(Backend::Sqlite).await;
    db.run(&["up"]).success();
    db.record_unfinished_run(BASELINE, None).await;
    db.run(&["stamp", "--to", "base", "--yes"])
        .fails_with(5, "did not finish");
}

#[tokio::test]
async fn stamp_with_an_unknown_version_is_a_usage_error() {
    let db = TestDb::create(Backend::Sqlite).await;
    db.run(&["stamp", "m2999", "--yes"])
        .fails_with(2, "unknown migration version `m2999`");
}

#[tokio::test]
async fn adopt_alembic_reports_json_like_a_migration_run() {
    let db = alembic_era_database(Backend::Postgres, "f6570c470a28").await;
    let adopt = db
        .run(&["adopt-alembic", "--drop-alembic-table", "--yes", "--json"])
        .success()
        .json();
    assert_eq!(adopt["command"], "adopt-alembic");
    assert_eq!(adopt["result"], "adopted");
    assert_eq!(adopt["steps"][0]["action"], "stamped");
    assert_eq!(adopt["steps"][0]["version"], BASELINE);
    assert_eq!(adopt["steps"][1]["action"], "dropped_table");
    assert_eq!(adopt["steps"][1]["table"], "alembic_version");
}

#[tokio::test]
async fn stamp_and_repair_report_json_like_a_migration_run() {
    let db = TestDb::create(Backend::Sqlite).await;
    db.run(&["up"]).success();
    let unstamped = db
        .run(&["stamp", "base", "--yes", "--json"])
        .success()
        .json();
    assert_eq!(unstamped["result"], "stamped");
    assert_eq!(unstamped["steps"][0]["action"], "unstamped");
    let stamped = db
        .run(&["stamp", "--baseline", "--yes", "--json"])
        .success()
        .json();
    assert_eq!(stamped["steps"][0]["action"], "stamped");
    assert_eq!(stamped["steps"][0]["version"], BASELINE);
    let repaired = db.run(&["repair", "--yes", "--json"]).success().json();
    assert_eq!(repaired["command"], "repair");
    assert_eq!(repaired["result"], "repaired");
    assert_eq!(repaired["steps"][0]["action"], "repaired");
    let nothing = db
        .run(&["stamp", "--baseline", "--yes", "--json"])
        .success()
        .json();
    assert_eq!(nothing["result"], "nothing_to_do");
}

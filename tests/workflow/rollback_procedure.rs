//! docs/ROLLBACK_PROCEDURE.md's four scenarios and its manual rollback:
//! `down` after a bad deploy; `restore latest` after a migration that
//! dropped data; a half-applied MySQL migration (dirty, `validate`, fixed
//! by hand and `repair`ed, or restored); a backup loaded by hand with
//! `createdb` and `pg_restore` into a new database; dropped values copied
//! back by hand from the pre-up backup; `sql down` run by `psql`.

use std::process::Command;

use super::{BACKFILL, DROP_REASON, Guide, KIND, RENAME};
use crate::support::tools::real_postgres_tool;
use crate::support::{Backend, Run};

#[test]
fn the_guide_shows_the_migrations_the_fixture_applies() {
    for version in [DROP_REASON, KIND] {
        let source = super::migration_source(version);
        assert!(
            super::guide("ROLLBACK_PROCEDURE.md").contains(version),
            "ROLLBACK_PROCEDURE.md does not name {version}"
        );
        assert!(source.contains("impl MigrationTrait for Migration"));
    }
}

#[tokio::test]
async fn a_bad_migration_caught_after_deploy_is_rolled_back_with_down() {
    let guide = Guide::rollback(Backend::Postgres).await;
    guide.at(BACKFILL, &["up"]).success();
    guide.add_windows(3, "note").await;
    guide.at(RENAME, &["up"]).success();
    guide.at(RENAME, &["status"]).success().says(RENAME);
    guide.at(RENAME, &["down", "--yes"]).success();
    assert!(guide.window_columns().await.contains(&"note".to_owned()));
    assert_eq!(guide.versions(Some(RENAME), "pending"), [RENAME]);
}

/// The rollback crate applied up to `DROP_REASON`: three windows whose
/// reasons the drop destroyed.
async fn dropped_reasons() -> Guide {
    let guide = Guide::rollback(Backend::Postgres).await;
    guide.at(BACKFILL, &["up"]).success();
    guide.add_windows(3, "note").await;
    guide
        .db
        .execute("UPDATE maintenance_windows SET reason = 'kept ' || id")
        .await;
    guide.at(DROP_REASON, &["up"]).success();
    guide
}

#[tokio::test]
async fn down_of_a_migration_that_dropped_data_brings_the_column_back_empty() {
    let guide = dropped_reasons().await;
    guide.at(DROP_REASON, &["down", "--yes"]).success();
    assert_eq!(guide.windows_without_reason().await, "3");
}

#[tokio::test]
async fn restore_latest_brings_back_the_data_a_migration_dropped() {
    let guide = dropped_reasons().await;
    guide.at(DROP_REASON, &["backup", "list"]).success();
    guide
        .at(DROP_REASON, &["restore", "latest", "--yes"])
        .success();
    assert_eq!(
        guide
            .value("SELECT reason FROM maintenance_windows WHERE id = 2")
            .await,
        "kept 2"
    );
    assert!(
        guide
            .versions(Some(DROP_REASON), "pending")
            .contains(&DROP_REASON.to_owned())
    );
    guide.at(DROP_REASON, &["status"]).success();
}

/// On MySQL, the rollback crate up to the drop, an index named as the next
/// migration's made by hand, and that migration's `up` failed half-way.
async fn half_applied_on_mysql() -> Guide {
    let guide = Guide::rollback(Backend::Mysql).await;
    guide.at(DROP_REASON, &["up"]).success();
    guide
        .db
        .execute("CREATE INDEX idx_maintenance_windows_kind ON maintenance_windows (description)")
        .await;
    guide.run(&["up"]).fails_with(
        1,
        &format!(
            "applying migration `{KIND}` failed: Duplicate key name 'idx_maintenance_windows_kind'"
        ),
    );
    guide
}

#[tokio::test]
async fn a_half_applied_mysql_migration_leaves_its_first_statement_and_is_dirty() {
    let guide = half_applied_on_mysql().await;
    assert!(guide.window_columns().await.contains(&"kind".to_owned()));
    guide.run(&["validate"]).fails_with(
        5,
        &format!("migration `{KIND}` ran without a transaction and did not finish"),
    );
    guide.run(&["up"]).fails_with(5, KIND);
}

#[tokio::test]
async fn a_half_applied_mysql_migration_fixed_by_hand_and_repaired_applies_again() {
    let guide = half_applied_on_mysql().await;
    guide
        .db
        .execute(
            "ALTER TABLE maintenance_windows DROP COLUMN kind; \
             DROP INDEX idx_maintenance_windows_kind ON maintenance_windows",
        )
        .await;
    guide.run(&["repair", "--yes"]).success();
    guide.run(&["validate"]).success();
    assert_eq!(guide.versions(None, "pending"), [KIND]);
    guide.run(&["up"]).success();
    assert!(guide.window_columns().await.contains(&"kind".to_owned()));
}

#[tokio::test]
async fn a_half_applied_mysql_migration_restored_from_its_backup_is_not_dirty() {
    let guide = half_applied_on_mysql().await;
    guide.run(&["restore", "latest", "--yes"]).success();
    guide.run(&["validate"]).success();
    assert!(!guide.window_columns().await.contains(&"kind".to_owned()));
    assert_eq!(guide.versions(None, "pending"), [KIND]);
}

/// The server's URL with the database `name`.
fn url_of(db_url: &str, name: &str) -> String {
    let mut url = url::Url::parse(db_url).expect("URL");
    url.set_path(&format!("/{name}"));
    url.to_string()
}

#[tokio::test]
async fn a_backup_loaded_by_hand_into_a_new_database_validates() {
    let guide = Guide::workflow(Backend::Postgres).await;
    guide.run(&["up"]).success();
    let created = guide
        .run(&["backup", "create", "--reason", "move"])
        .success();
    let list = guide.run(&["backup", "list", "--json"]).success().json();
    let file = guide.backup_dir().join(
        list["backups"][0]["file"]
            .as_str()
            .unwrap_or_else(|| panic!("no backup file: {list} {created:#?}")),
    );
    // A name the test database's cleanup drops with it.
    let copy = format!(
        "{}__copy",
        guide.db.name.chars().take(30).collect::<String>()
    );
    let pg_restore = real_postgres_tool(&guide.db, "pg_restore").await;
    let bin = pg_restore.path.parent().expect("bin dir");
    let created = Command::new(bin.join("createdb"))
        .args(["--maintenance-db", &guide.db.url, &copy])
        .status()
        .expect("createdb");
    assert!(created.success());
    let copy_url = url_of(&guide.db.url, &copy);
    let restored = Command::new(&pg_restore.path)
        .args(["--no-owner", "--exit-on-error", "--dbname", &copy_url])
        .arg(&file)
        .status()
        .expect("pg_restore");
    assert!(restored.success());
    let on_copy = |args: &[&str]| {
        Run::of(
            guide
                .command(None)
                .env("DATABASE_URL", &copy_url)
                .args(args),
        )
    };
    on_copy(&["status"]).success().says("8 applied, 0 pending");
    on_copy(&["validate"]).success();
}

#[tokio::test]
async fn the_printed_rollback_sql_run_by_psql_rolls_back_like_down() {
    let guide = Guide::workflow(Backend::Postgres).await;
    guide.run(&["up"]).success();
    let sql = guide
        .run(&["sql", "down", "--backend", "postgres", "--to", BACKFILL])
        .success()
        .stdout;
    let script = guide.dir.path().join("rollback.sql");
    std::fs::write(&script, sql).expect("write rollback.sql");
    let pg_restore = real_postgres_tool(&guide.db, "pg_restore").await;
    let psql = pg_restore.path.parent().expect("bin dir").join("psql");
    let ran = Command::new(psql)
        .args(["-q", "-v", "ON_ERROR_STOP=1", "-d", &guide.db.url, "-f"])
        .arg(&script)
        .output()
        .expect("psql");
    assert!(
        ran.status.success(),
        "{}",
        String::from_utf8_lossy(&ran.stderr)
    );
    guide.run(&["validate"]).success();
    assert_eq!(
        guide.versions(None, "applied").last().map(String::as_str),
        Some(BACKFILL)
    );
    assert!(guide.window_columns().await.contains(&"note".to_owned()));
}

#[tokio::test]
async fn a_half_applied_mysql_migration_finished_by_hand_is_repaired_then_stamped() {
    let guide = half_applied_on_mysql().await;
    // Finished by hand instead: the index the migration meant, under its name.
    guide
        .db
        .execute(
            "DROP INDEX idx_maintenance_windows_kind ON maintenance_windows; \
             CREATE INDEX idx_maintenance_windows_kind ON maintenance_windows (kind)",
        )
        .await;
    guide.run(&["repair", "--yes"]).success();
    assert_eq!(guide.versions(None, "pending"), [KIND]);
    guide.run(&["stamp", KIND, "--yes"]).success();
    assert!(guide.versions(None, "pending").is_empty());
    guide.run(&["validate"]).success();
}

/// Runs the PostgreSQL client tool `name` (beside the `pg_restore` the
/// toolkit picks for `guide`'s server) in the guide's directory with `args`;
/// panics with its stderr when it fails.
async fn pg_tool(guide: &Guide, name: &str, args: &[&str]) {
    let pg_restore = real_postgres_tool(&guide.db, "pg_restore").await;
    let tool = pg_restore.path.parent().expect("bin dir").join(name);
    let output = Command::new(tool)
        .current_dir(guide.dir.path())
        .args(args)
        .output()
        .expect("run the tool");
    assert!(
        output.status.success(),
        "{name} {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[tokio::test]
async fn dropped_values_are_copied_back_from_the_pre_up_backup_by_hand() {
    let guide = Guide::rollback(Backend::Postgres).await;
    guide.at(BACKFILL, &["up"]).success();
    guide.add_windows(3, "note").await;
    guide
        .db
        .execute("UPDATE maintenance_windows SET reason = 'kept ' || id")
        .await;
    let up = guide.at(DROP_REASON, &["up", "--json"]).success().json();
    let pre_up = up["backup"]["path"]
        .as_str()
        .expect("backup path")
        .to_owned();
    guide.at(DROP_REASON, &["down", "--yes"]).success();
    // Written after the deploy: kept by this way, lost by a restore.
    guide
        .db
        .execute(
            "INSERT INTO maintenance_windows (organization_id, starts_at, ends_at, description, reason) \
             VALUES (1, '2030-03-01 00:00:00+00', '2030-03-01 01:00:00+00', 'new', 'written since')",
        )
        .await;
    guide
        .at(
            DROP_REASON,
            &["backup", "create", "--reason", "before-data-fix"],
        )
        .success();
    let before = format!(
        "{}__before",
        guide.db.name.chars().take(30).collect::<String>()
    );
    let before_url = url_of(&guide.db.url, &before);
    let live = guide.db.url.as_str();
    pg_tool(&guide, "createdb", &["--maintenance-db", live, &before]).await;
    pg_tool(
        &guide,
        "pg_restore",
        &[
            "--no-owner",
            "--exit-on-error",
            "--dbname",
            &before_url,
            &pre_up,
        ],
    )
    .await;
    pg_tool(
        &guide,
        "psql",
        &[
            "-d",
            &before_url,
            "-c",
            "\\copy (SELECT id, reason FROM maintenance_windows) TO 'reasons.csv' CSV",
        ],
    )
    .await;
    pg_tool(
        &guide,
        "psql",
        &[
            "-d",
            live,
            "-c",
            "CREATE TABLE reasons_before (id integer PRIMARY KEY, reason varchar)",
            "-c",
            "\\copy reasons_before FROM 'reasons.csv' CSV",
        ],
    )
    .await;
    pg_tool(
        &guide,
        "psql",
        &[
            "-d",
            live,
            "-c",
            "UPDATE maintenance_windows w SET reason = b.reason FROM reasons_before b WHERE w.id = b.id",
        ],
    )
    .await;
    pg_tool(
        &guide,
        "psql",
        &["-d", live, "-c", "DROP TABLE reasons_before"],
    )
    .await;
    pg_tool(&guide, "dropdb", &["--maintenance-db", live, &before]).await;
    assert_eq!(
        guide
            .rows("SELECT reason FROM maintenance_windows ORDER BY id", 1)
            .await,
        [["kept 1"], ["kept 2"], ["kept 3"], ["written since"]]
    );
}

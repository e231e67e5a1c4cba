//! Scenario 5, rolling back after an error: a failed migration rolled back
//! by PostgreSQL and `up` again once the cause is fixed; `status` and `down
//! --yes` for a bad release; `backup list` and `restore ID --yes` when
//! `down` would lose data.

use super::{BACKFILL, CREATE, Guide, REASON, RENAME};
use crate::support::Backend;

#[tokio::test]
async fn a_failed_migration_is_rolled_back_and_names_the_backup_to_restore() {
    let guide = Guide::workflow(Backend::Postgres).await;
    guide.at(CREATE, &["up"]).success();
    // Someone added the column by hand.
    guide
        .db
        .execute("ALTER TABLE maintenance_windows ADD COLUMN reason text")
        .await;
    let run = guide.at(REASON, &["up"]);
    run.fails_with(
        1,
        &format!("applying migration `{REASON}` failed: column \"reason\" of relation \"maintenance_windows\" already exists; its changes were rolled back"),
    );
    assert!(run.stderr.contains("migration restore "), "{run:#?}");
    assert_eq!(guide.versions(Some(REASON), "pending"), [REASON]);
}

#[tokio::test]
async fn up_succeeds_once_the_cause_of_the_failure_is_fixed() {
    let guide = Guide::workflow(Backend::Postgres).await;
    guide.at(CREATE, &["up"]).success();
    guide
        .db
        .execute("ALTER TABLE maintenance_windows ADD COLUMN reason text")
        .await;
    assert_eq!(guide.at(REASON, &["up"]).code, 1);
    guide
        .db
        .execute("ALTER TABLE maintenance_windows DROP COLUMN reason")
        .await;
    guide.at(REASON, &["up"]).success();
    assert!(guide.versions(Some(REASON), "pending").is_empty());
}

async fn down_rolls_back_the_rename_with_every_value(backend: Backend) {
    let guide = Guide::workflow(backend).await;
    guide.at(BACKFILL, &["up"]).success();
    guide.add_windows(3, "note").await;
    guide.at(RENAME, &["up"]).success();
    guide.at(RENAME, &["status"]).success().says(RENAME);
    guide
        .at(RENAME, &["down", "--yes"])
        .success()
        .says(&format!("rolled back {RENAME}"));
    assert_eq!(
        guide
            .value("SELECT note FROM maintenance_windows WHERE id = 3")
            .await,
        "note 3"
    );
    assert_eq!(guide.versions(Some(RENAME), "pending"), [RENAME]);
}
on_every_backend!(down_rolls_back_the_rename_with_every_value);

async fn restore_brings_back_the_data_as_it_was_before_the_run(backend: Backend) {
    let guide = Guide::workflow(backend).await;
    guide.at(REASON, &["up"]).success();
    guide.add_windows(3, "note").await;
    let up = guide.at(BACKFILL, &["up", "--json"]).success().json();
    let backup = up["backup"]["id"].as_str().expect("backup id").to_owned();
    assert_eq!(guide.windows_without_reason().await, "0");
    guide
        .at(BACKFILL, &["backup", "list"])
        .success()
        .says(&backup);
    guide.at(BACKFILL, &["restore", &backup, "--yes"]).success();
    assert_eq!(
        guide.windows_without_reason().await,
        "3",
        "the reasons as they were before the backfill"
    );
    assert_eq!(guide.versions(Some(BACKFILL), "pending"), [BACKFILL]);
}
on_every_backend!(restore_brings_back_the_data_as_it_was_before_the_run);

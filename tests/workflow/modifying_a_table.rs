//! Scenario 2, modifying a table: the nullable column `reason` generated,
//! reviewed with `up --dry-run`, applied, rolled back and applied again.

use super::{CREATE, Guide, REASON};
use crate::support::Backend;

#[test]
fn the_guide_shows_the_migration_the_fixture_applies() {
    super::assert_guide_shows("MIGRATION_WORKFLOW.md", REASON);
}

#[tokio::test]
async fn generate_writes_the_migration_to_fill_in() {
    let guide = Guide::workflow(Backend::Sqlite).await;
    guide.with_migration_crate();
    guide
        .at(REASON, &["generate", "add_maintenance_windows_reason"])
        .success();
    let (_, _, registered) = guide.generated("add_maintenance_windows_reason");
    assert!(registered, "lib.rs does not register it");
}

async fn the_dry_run_shows_the_added_column_and_changes_nothing(backend: Backend) {
    let guide = Guide::workflow(backend).await;
    guide.at(CREATE, &["up"]).success();
    let run = guide.at(REASON, &["up", "--dry-run"]).success();
    let section = run
        .stdout
        .split(&format!("-- applying migration `{REASON}`"))
        .nth(1)
        .unwrap_or_else(|| panic!("no step for {REASON}: {run:#?}"));
    assert!(section.contains("ADD COLUMN"), "{run:#?}");
    assert!(section.contains("reason"), "{run:#?}");
    assert!(!guide.window_columns().await.contains(&"reason".to_owned()));
}
on_every_backend!(the_dry_run_shows_the_added_column_and_changes_nothing);

async fn the_column_is_added_removed_by_down_and_added_again(backend: Backend) {
    let guide = Guide::workflow(backend).await;
    guide.at(CREATE, &["up"]).success();
    guide.add_windows(3, "note").await;
    guide.at(REASON, &["up"]).success();
    assert!(guide.window_columns().await.contains(&"reason".to_owned()));
    assert_eq!(
        guide.windows_without_reason().await,
        "3",
        "existing rows get NULL"
    );
    guide
        .at(REASON, &["down", "--yes"])
        .success()
        .says(&format!("rolled back {REASON}"));
    assert!(!guide.window_columns().await.contains(&"reason".to_owned()));
    guide.at(REASON, &["up"]).success();
    assert!(guide.window_columns().await.contains(&"reason".to_owned()));
}
on_every_backend!(the_column_is_added_removed_by_down_and_added_again);

//! Scenario 1, adding a table: `generate`, the migration filled in, `up
//! --dry-run`, `up`, `status`, `down --yes`, `up`.

use super::{CREATE, Guide};
use crate::support::Backend;

#[tokio::test]
async fn generate_writes_an_empty_migration_and_registers_it() {
    let guide = Guide::workflow(Backend::Sqlite).await;
    guide.with_migration_crate();
    guide
        .at(CREATE, &["generate", "create_maintenance_windows"])
        .success();
    let (_, source, registered) = guide.generated("create_maintenance_windows");
    assert!(
        source.contains("impl MigrationTrait for Migration"),
        "{source}"
    );
    assert!(registered, "lib.rs does not register it");
}

#[test]
fn the_guide_shows_the_migration_the_fixture_applies() {
    super::assert_guide_shows("MIGRATION_WORKFLOW.md", CREATE);
}

async fn the_dry_run_shows_the_create_table_and_changes_nothing(backend: Backend) {
    let guide = Guide::workflow(backend).await;
    let run = guide.at(CREATE, &["up", "--dry-run"]).success();
    assert!(
        run.stdout
            .contains(&format!("-- applying migration `{CREATE}`")),
        "{run:#?}"
    );
    assert!(run.stdout.contains("CREATE TABLE"), "{run:#?}");
    assert!(run.stdout.contains("maintenance_windows"), "{run:#?}");
    assert!(!guide.has_windows_table().await);
}
on_every_backend!(the_dry_run_shows_the_create_table_and_changes_nothing);

async fn up_creates_the_table_and_status_lists_it_applied(backend: Backend) {
    let guide = Guide::workflow(backend).await;
    guide
        .at(CREATE, &["up"])
        .success()
        .says(&format!("applied     {CREATE}"));
    assert!(guide.has_windows_table().await);
    guide
        .at(CREATE, &["status"])
        .success()
        .says(CREATE)
        .says("2 applied, 0 pending");
}
on_every_backend!(up_creates_the_table_and_status_lists_it_applied);

async fn down_drops_the_table_and_up_creates_it_again(backend: Backend) {
    let guide = Guide::workflow(backend).await;
    guide.at(CREATE, &["up"]).success();
    guide
        .at(CREATE, &["down", "--yes"])
        .success()
        .says(&format!("rolled back {CREATE}"));
    assert!(!guide.has_windows_table().await);
    guide.at(CREATE, &["up"]).success();
    assert_eq!(
        guide.window_columns().await,
        ["ends_at", "id", "note", "organization_id", "starts_at"]
    );
}
on_every_backend!(down_drops_the_table_and_up_creates_it_again);

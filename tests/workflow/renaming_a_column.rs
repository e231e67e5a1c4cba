//! Scenario 4, renaming a column: the entity's `#[sea_orm(renamed_from =
//! "note")]`, `generate --autogenerate` (with `--dry-run` first) writing the
//! rename the guide shows, `up` keeping every value, and `check` passing.

use super::{BACKFILL, Guide, RENAME};
use crate::support::Backend;

#[test]
fn the_guide_shows_the_migration_the_fixture_applies() {
    super::assert_guide_shows("MIGRATION_WORKFLOW.md", RENAME);
}

#[test]
fn the_guide_shows_the_entity_field_the_fixture_registers() {
    let guide = super::guide("MIGRATION_WORKFLOW.md");
    let fixture = include_str!("../fixture/migrators.rs");
    let field = "#[sea_orm(renamed_from = \"note\")]\n        pub description: String,";
    assert!(fixture.contains(field), "the fixture's entity changed");
    assert!(
        guide.contains("#[sea_orm(renamed_from = \"note\")]\n   pub description: String,"),
        "the guide does not show the entity's field"
    );
}

async fn autogenerate_drafts_the_rename_the_guide_shows(backend: Backend) {
    let guide = Guide::workflow(backend).await;
    guide.at(BACKFILL, &["up"]).success();
    let run = guide
        .at(
            BACKFILL,
            &[
                "generate",
                "rename_maintenance_windows_note",
                "--autogenerate",
                "--dry-run",
            ],
        )
        .success();
    assert_eq!(run.stdout, super::migration_source(RENAME));
}
on_every_backend!(autogenerate_drafts_the_rename_the_guide_shows);

#[tokio::test]
async fn autogenerate_writes_and_registers_the_rename() {
    let guide = Guide::workflow(Backend::Postgres).await;
    guide.with_migration_crate();
    guide.at(BACKFILL, &["up"]).success();
    guide
        .at(
            BACKFILL,
            &[
                "generate",
                "rename_maintenance_windows_note",
                "--autogenerate",
            ],
        )
        .success();
    let (_, source, registered) = guide.generated("rename_maintenance_windows_note");
    assert_eq!(source, super::migration_source(RENAME));
    assert!(registered, "lib.rs does not register it");
}

async fn the_rename_keeps_every_value_and_check_passes(backend: Backend) {
    let guide = Guide::workflow(backend).await;
    guide.at(BACKFILL, &["up"]).success();
    guide.add_windows(3, "note").await;
    guide.at(RENAME, &["up"]).success();
    assert_eq!(
        guide
            .value("SELECT description FROM maintenance_windows WHERE id = 2")
            .await,
        "note 2"
    );
    assert!(!guide.window_columns().await.contains(&"note".to_owned()));
    guide.at(RENAME, &["check"]).success().says("check passed");
}
on_every_backend!(the_rename_keeps_every_value_and_check_passes);

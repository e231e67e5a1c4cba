//! Scenario 7, a zero-downtime migration on PostgreSQL: the index built
//! concurrently outside a transaction, the constraint added `NOT VALID`
//! (new rows checked, old rows not), then validated once every row obeys
//! it; each step applied with `up --to`, the last with `up`. The same
//! migrations apply and roll back on MySQL and SQLite too.

use super::{BACKFILL, CHECK, Guide, INDEX, VALIDATE};
use crate::support::Backend;

#[test]
fn the_guide_shows_the_migrations_the_fixture_applies() {
    for version in [INDEX, CHECK, VALIDATE] {
        super::assert_guide_shows("MIGRATION_WORKFLOW.md", version);
    }
}

/// The workflow applied up to the backfill, with three windows that have a reason.
async fn expanded() -> Guide {
    let guide = Guide::workflow(Backend::Postgres).await;
    guide.at(BACKFILL, &["up"]).success();
    guide.add_windows(3, "note").await;
    guide
        .db
        .execute("UPDATE maintenance_windows SET reason = note")
        .await;
    guide
}

/// Inserts a window without a reason, as an instance of the old release
/// would; returns whether the database accepted it.
async fn old_release_writes_a_window(guide: &Guide) -> bool {
    let db = guide.db.connect().await;
    let written = sea_orm::ConnectionTrait::execute_unprepared(
        &db,
        "INSERT INTO maintenance_windows (organization_id, starts_at, ends_at, description) \
         VALUES (1, '2030-02-01 00:00:00+00', '2030-02-01 01:00:00+00', 'no reason')",
    )
    .await
    .is_ok();
    let _ = db.close().await;
    written
}

#[tokio::test]
async fn the_dry_run_builds_the_index_concurrently_outside_a_transaction() {
    let guide = expanded().await;
    let run = guide.run(&["up", "--dry-run"]).success();
    let step = run
        .stdout
        .split(&format!(
            "-- applying migration `{INDEX}` (without a transaction"
        ))
        .nth(1)
        .unwrap_or_else(|| panic!("the index's step is not without a transaction: {run:#?}"));
    let step = step
        .split("-- applying migration")
        .next()
        .unwrap_or_default();
    assert!(step.contains("CREATE INDEX CONCURRENTLY"), "{step}");
    assert!(!step.contains("BEGIN;"), "{step}");
}

#[tokio::test]
async fn up_to_the_index_builds_a_valid_index() {
    let guide = expanded().await;
    guide.run(&["up", "--to", "m20300401_000005"]).success();
    assert_eq!(
        guide
            .value(
                "SELECT indisvalid::text FROM pg_index \
                 WHERE indexrelid = 'idx_maintenance_windows_starts_at'::regclass"
            )
            .await,
        "true"
    );
    assert_eq!(guide.versions(None, "pending"), [CHECK, VALIDATE]);
}

#[tokio::test]
async fn not_valid_accepts_old_rows_without_a_reason_and_rejects_new_ones() {
    let guide = expanded().await;
    guide.run(&["up", "--to", "m20300401_000005"]).success();
    assert!(old_release_writes_a_window(&guide).await);
    guide.run(&["up", "--to", "m20300401_000006"]).success();
    assert!(
        !old_release_writes_a_window(&guide).await,
        "a new row without a reason was accepted"
    );
}

#[tokio::test]
async fn validate_fails_and_rolls_back_while_an_old_row_violates_the_constraint() {
    let guide = expanded().await;
    guide.run(&["up", "--to", "m20300401_000005"]).success();
    assert!(old_release_writes_a_window(&guide).await);
    guide.run(&["up", "--to", "m20300401_000006"]).success();
    guide.run(&["up"]).fails_with(
        1,
        &format!("applying migration `{VALIDATE}` failed: check constraint \"maintenance_windows_reason_present\""),
    );
    assert_eq!(guide.versions(None, "pending"), [VALIDATE]);
}

#[tokio::test]
async fn validate_succeeds_once_every_row_has_a_reason() {
    let guide = expanded().await;
    guide.run(&["up", "--to", "m20300401_000005"]).success();
    assert!(old_release_writes_a_window(&guide).await);
    guide.run(&["up", "--to", "m20300401_000006"]).success();
    assert_eq!(guide.run(&["up"]).code, 1);
    guide
        .db
        .execute("UPDATE maintenance_windows SET reason = description WHERE reason IS NULL")
        .await;
    guide.run(&["up"]).success();
    assert_eq!(
        guide
            .value(
                "SELECT convalidated::text FROM pg_constraint \
                 WHERE conname = 'maintenance_windows_reason_present'"
            )
            .await,
        "true"
    );
}

async fn every_step_applies_and_rolls_back_to_base(backend: Backend) {
    let guide = Guide::workflow(backend).await;
    guide.run(&["up"]).success();
    guide.run(&["down", "--to", "base", "--yes"]).success();
    assert!(!guide.has_windows_table().await);
    guide.run(&["up"]).success();
    assert!(guide.versions(None, "pending").is_empty());
}
on_every_backend!(every_step_applies_and_rolls_back_to_base);

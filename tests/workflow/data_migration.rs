//! Scenario 3, a data migration: `reason` filled from `note` in batches of
//! 1000 ids, without a transaction, skipping rows already done; stopped
//! half-way, it keeps its finished batches, and after `validate`, `repair
//! --yes` and `up` it continues.

use super::{BACKFILL, Guide, REASON};
use crate::support::Backend;

#[test]
fn the_guide_shows_the_migration_the_fixture_applies() {
    super::assert_guide_shows("MIGRATION_WORKFLOW.md", BACKFILL);
}

/// 2500 windows without a reason (three batches), the backfill not yet applied.
async fn windows_to_fill(backend: Backend) -> Guide {
    let guide = Guide::workflow(backend).await;
    guide.at(REASON, &["up"]).success();
    guide.add_windows(2500, "note").await;
    guide
}

async fn the_backfill_fills_every_row_from_its_note(backend: Backend) {
    let guide = windows_to_fill(backend).await;
    guide
        .at(BACKFILL, &["up"])
        .success()
        .says(&format!("applied     {BACKFILL}"));
    assert_eq!(guide.windows_without_reason().await, "0");
    assert_eq!(
        guide
            .value("SELECT COUNT(*) FROM maintenance_windows WHERE reason = note")
            .await,
        "2500"
    );
}
on_every_backend!(the_backfill_fills_every_row_from_its_note);

#[tokio::test]
async fn the_dry_run_names_the_backfill_instead_of_printing_sql_it_cannot_know() {
    let guide = windows_to_fill(Backend::Postgres).await;
    guide
        .at(BACKFILL, &["up", "--dry-run"])
        .success()
        .says(&format!(
            "-- migration `{BACKFILL}` needs a database to be rendered"
        ));
    assert_eq!(guide.windows_without_reason().await, "2500");
}

#[tokio::test]
async fn the_backfill_runs_without_a_transaction() {
    let guide = windows_to_fill(Backend::Postgres).await;
    guide
        .at(BACKFILL, &["up", "--dry-run"])
        .success()
        .says(&format!(
            "-- applying migration `{BACKFILL}` (without a transaction"
        ));
}

/// The backfill, stopped in its second batch by a row it cannot write.
async fn a_stopped_backfill() -> Guide {
    let guide = windows_to_fill(Backend::Postgres).await;
    guide
        .db
        .execute(
            "UPDATE maintenance_windows SET note = 'bad' WHERE id = 1500; \
             ALTER TABLE maintenance_windows ADD CONSTRAINT no_bad_reason CHECK (reason <> 'bad')",
        )
        .await;
    guide.at(BACKFILL, &["up"]).fails_with(1, "no_bad_reason");
    guide
}

#[tokio::test]
async fn a_stopped_backfill_keeps_the_batches_it_finished() {
    let guide = a_stopped_backfill().await;
    assert_eq!(
        guide
            .value("SELECT COUNT(*) FROM maintenance_windows WHERE reason IS NOT NULL")
            .await,
        "1000",
        "the first batch committed, the second did not"
    );
}

#[tokio::test]
async fn a_stopped_backfill_is_dirty_until_repaired() {
    let guide = a_stopped_backfill().await;
    guide
        .at(BACKFILL, &["validate"])
        .fails_with(5, "ran without a transaction and did not finish");
    guide.at(BACKFILL, &["up"]).fails_with(5, BACKFILL);
}

#[tokio::test]
async fn after_the_fix_and_repair_up_continues_without_redoing_finished_rows() {
    let guide = a_stopped_backfill().await;
    // The fix: the row it could not write. Then a finished row changes, to
    // show that the re-run leaves the rows it already did alone.
    guide
        .db
        .execute(
            "UPDATE maintenance_windows SET note = 'fixed' WHERE id = 1500; \
             UPDATE maintenance_windows SET reason = 'edited since' WHERE id = 5",
        )
        .await;
    guide.at(BACKFILL, &["repair", "--yes"]).success();
    assert_eq!(guide.versions(Some(BACKFILL), "pending"), [BACKFILL]);
    guide.at(BACKFILL, &["up"]).success();
    assert_eq!(guide.windows_without_reason().await, "0");
    assert_eq!(
        guide
            .value("SELECT reason FROM maintenance_windows WHERE id = 5")
            .await,
        "edited since"
    );
    assert_eq!(
        guide
            .value("SELECT reason FROM maintenance_windows WHERE id = 1500")
            .await,
        "fixed"
    );
    guide.at(BACKFILL, &["validate"]).success();
}

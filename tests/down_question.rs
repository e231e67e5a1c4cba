//! `down`'s question names what the rollback drops, without running any
//! migration code: the tables and columns the database gained since the
//! newest backup taken at the version `down` returns to, with the rows and
//! values they hold now; and says so when no such backup exists.

use crate::support::Backend;
use crate::workflow::{CREATE, Guide, REASON};

/// The first migration of the guide's crate, which the others build on.
const BASELINE: &str = "m20251023_000007_initial_schema_baseline";

/// The guide's database with the baseline applied in one run and the
/// migrations up to `upto` in a second, each run after its own backup.
async fn applied_in_two_runs(backend: Backend, upto: &str) -> Guide {
    let guide = Guide::workflow(backend).await;
    guide.at(BASELINE, &["up"]).success();
    guide.at(upto, &["up"]).success();
    guide
}

async fn down_names_the_table_it_drops_with_its_rows(backend: Backend) {
    let guide = applied_in_two_runs(backend, CREATE).await;
    guide.add_windows(3, "note").await;
    guide
        .at(CREATE, &["down", "--yes"])
        .success()
        .says("rolling back normally drops what this migration created since backup ")
        .says(&format!(", at {BASELINE}):\n"))
        .says("\n  table maintenance_windows (3 rows)\n")
        .never_says("  table organizations");
}
on_every_backend!(down_names_the_table_it_drops_with_its_rows);

async fn down_names_the_column_it_drops_with_its_values(backend: Backend) {
    let guide = applied_in_two_runs(backend, CREATE).await;
    guide.add_windows(2, "note").await;
    guide.at(REASON, &["up"]).success();
    guide
        .db
        .execute("UPDATE maintenance_windows SET reason = 'audit' WHERE id = 1")
        .await;
    guide
        .at(REASON, &["down", "--yes"])
        .success()
        .says("\n  column maintenance_windows.reason (1 non-null value)\n")
        .never_says("  table maintenance_windows");
}
on_every_backend!(down_names_the_column_it_drops_with_its_values);

#[tokio::test]
async fn down_names_everything_the_rolled_back_migrations_created() {
    let guide = applied_in_two_runs(Backend::Postgres, REASON).await;
    guide
        .at(REASON, &["down", "-n", "2", "--yes"])
        .success()
        .says("rolling back normally drops what these migrations created since backup ")
        .says("\n  table maintenance_windows (0 rows)\n");
}

#[tokio::test]
async fn down_says_what_it_drops_is_unknown_without_a_backup_at_the_version_it_returns_to() {
    let guide = Guide::workflow(Backend::Postgres).await;
    // One run applies both: no backup shows the database at the baseline alone.
    guide.at(CREATE, &["up"]).success();
    let unknown = format!(
        "what this migration created is not known: no backup in {} was taken with the database at {BASELINE}; `migration down --dry-run` shows the SQL down() runs",
        guide.backup_dir().display()
    );
    guide
        .at(CREATE, &["down", "--yes"])
        .success()
        .says(&unknown);
    assert!(!guide.has_windows_table().await, "the rollback still ran");
}

#[tokio::test]
async fn down_to_base_compares_with_the_backup_taken_before_anything_was_applied() {
    let guide = Guide::workflow(Backend::Sqlite).await;
    guide.at(CREATE, &["up"]).success();
    guide
        .at(CREATE, &["down", "--to", "base", "--yes"])
        .success()
        .says(", at base):\n")
        .never_says("records no columns")
        .says("\n  table organizations (0 rows)\n")
        .says("\n  table maintenance_windows (0 rows)\n");
}

#[tokio::test]
async fn a_backup_older_than_recorded_columns_names_tables_and_says_columns_are_not_named() {
    let guide = applied_in_two_runs(Backend::Sqlite, CREATE).await;
    // The second run's backup (at the baseline), as a backup taken before
    // backups recorded their columns.
    for entry in std::fs::read_dir(guide.backup_dir()).expect("backup directory") {
        let path = entry.expect("entry").path();
        if !path.to_string_lossy().ends_with(".metadata.json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("metadata");
        let mut metadata: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        if metadata["migration_head"] == BASELINE {
            metadata.as_object_mut().expect("object").remove("columns");
            std::fs::write(&path, metadata.to_string()).expect("rewrite the metadata");
        }
    }
    guide
        .at(CREATE, &["down", "--yes"])
        .success()
        .says("\n  table maintenance_windows (0 rows)\n")
        .says("records no columns: added columns are not named)");
}

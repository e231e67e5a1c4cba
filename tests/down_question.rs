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
    let run = guide.at(CREATE, &["down", "--yes"]).success();
    assert!(
        run.stdout
            .contains("rolling back normally drops what this migration created since backup "),
        "{run:#?}"
    );
    assert!(
        run.stdout.contains(&format!(", at {BASELINE}):\n")),
        "{run:#?}"
    );
    assert!(
        run.stdout
            .contains("\n  table maintenance_windows (3 rows)\n"),
        "{run:#?}"
    );
    assert!(!run.stdout.contains("  table organizations"), "{run:#?}");
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
    let run = guide.at(REASON, &["down", "--yes"]).success();
    assert!(
        run.stdout
            .contains("\n  column maintenance_windows.reason (1 non-null value)\n"),
        "{run:#?}"
    );
    assert!(
        !run.stdout.contains("  table maintenance_windows"),
        "{run:#?}"
    );
}
on_every_backend!(down_names_the_column_it_drops_with_its_values);

#[tokio::test]
async fn down_names_everything_the_rolled_back_migrations_created() {
    let guide = applied_in_two_runs(Backend::Postgres, REASON).await;
    let run = guide.at(REASON, &["down", "-n", "2", "--yes"]).success();
    assert!(
        run.stdout
            .contains("rolling back normally drops what these migrations created since backup "),
        "{run:#?}"
    );
    assert!(
        run.stdout
            .contains("\n  table maintenance_windows (0 rows)\n"),
        "{run:#?}"
    );
}

#[tokio::test]
async fn down_says_what_it_drops_is_unknown_without_a_backup_at_the_version_it_returns_to() {
    let guide = Guide::workflow(Backend::Postgres).await;
    // One run applies both: no backup shows the database at the baseline alone.
    guide.at(CREATE, &["up"]).success();
    let run = guide.at(CREATE, &["down", "--yes"]).success();
    assert!(
        run.stdout.contains(&format!(
            "what this migration created is not known: no backup in {} was taken with the database at {BASELINE}; `migration down --dry-run` shows the SQL down() runs",
            guide.backup_dir().display()
        )),
        "{run:#?}"
    );
    assert!(!guide.has_windows_table().await, "the rollback still ran");
}

#[tokio::test]
async fn down_to_base_compares_with_the_backup_taken_before_anything_was_applied() {
    let guide = Guide::workflow(Backend::Sqlite).await;
    guide.at(CREATE, &["up"]).success();
    let run = guide
        .at(CREATE, &["down", "--to", "base", "--yes"])
        .success();
    assert!(run.stdout.contains(", at base):\n"), "{run:#?}");
    assert!(!run.stdout.contains("records no columns"), "{run:#?}");
    assert!(
        run.stdout.contains("\n  table organizations (0 rows)\n"),
        "{run:#?}"
    );
    assert!(
        run.stdout
            .contains("\n  table maintenance_windows (0 rows)\n"),
        "{run:#?}"
    );
}

#[tokio::test]
async fn with_a_backup_that_predates_recorded_columns_down_names_tables_and_says_columns_are_not_named()
 {
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
    let run = guide.at(CREATE, &["down", "--yes"]).success();
    assert!(
        run.stdout
            .contains("\n  table maintenance_windows (0 rows)\n"),
        "{run:#?}"
    );
    assert!(
        run.stdout
            .contains("records no columns: added columns are not named)"),
        "{run:#?}"
    );
}

//! `status` and `validate` tell the truth: every problem `up` would refuse
//! over, every migration they could not verify, the way out of an applied
//! migration edited afterwards, and no database created by merely looking.

use crate::support::fixture::BaselineMigrator;
use crate::support::inspect::tables;
use crate::support::{Backend, Run, TestDb, generated_migration, migration, run_with_url};
use sea_orm_migration::MigratorTrait;

const BASELINE: &str = "m20251023_000007_initial_schema_baseline";
const GENERATED: &str = "m20300101_000002_add_gadgets";
/// What `validate` says when every applied migration checks out.
const VALID: &str = "valid: every applied migration is present, unchanged and finished";

/// The commands that report the recorded state.
const READ_ONLY: [&[&str]; 4] = [
    &["status"],
    &["status", "--json"],
    &["validate"],
    &["history"],
];

async fn status_shows_every_problem_and_fails_as_up_would(backend: Backend) {
    let db = TestDb::create(backend).await;
    db.run(&["up"]).success();
    let zeros = "0".repeat(64);
    db.execute(&format!(
        "UPDATE seaql_migrations_history SET checksum = '{zeros}' WHERE action = 'applied'"
    ))
    .await;
    db.record_unfinished_run(BASELINE, None).await;

    let status = db.run(&["status"]);
    status.fails_with(5, BASELINE);
    assert!(
        status
            .stdout
            .contains(&format!("problem: migration `{BASELINE}` was edited")),
        "{status:#?}"
    );
    assert!(status.stdout.contains("did not finish"), "{status:#?}");

    let as_json = db.run(&["status", "--json"]);
    assert_eq!(as_json.code, 5, "{as_json:#?}");
    let report = as_json.json();
    assert_eq!(report["valid"], false, "{report}");
    let kinds: Vec<&str> = report["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .filter_map(|p| p["problem"].as_str())
        .collect();
    assert_eq!(kinds, ["dirty", "changed"], "{report}");

    db.run(&["up"]).fails_with(5, BASELINE);
}

on_every_backend!(status_shows_every_problem_and_fails_as_up_would);

async fn migrations_applied_by_another_tool_are_reported_as_not_verified(backend: Backend) {
    let db = TestDb::create(backend).await;
    BaselineMigrator::up(&db.connect().await, None)
        .await
        .expect("stock up");

    let validate = db.run(&["validate"]).success();
    assert!(
        validate.stdout.contains(&format!(
            "not verified  {BASELINE}: applied without a recorded checksum"
        )),
        "{validate:#?}"
    );
    assert!(
        validate
            .stdout
            .contains("1 applied migration was not verified"),
        "{validate:#?}"
    );
    let report = db.run(&["validate", "--json"]).success().json();
    assert_eq!(
        report["unchecked"],
        serde_json::json!([BASELINE]),
        "{report}"
    );
    let status = db.run(&["status", "--json"]).success().json();
    assert_eq!(status["valid"], true, "{status}");
    assert_eq!(
        status["unchecked"],
        serde_json::json!([BASELINE]),
        "{status}"
    );
}

on_every_backend!(migrations_applied_by_another_tool_are_reported_as_not_verified);

/// A generated migration applied empty, then filled in: `up` and `down`
/// refuse with the way out, `repair` shows what it would accept, and
/// `stamp` of the version before it followed by `up` runs the new code.
async fn a_migration_filled_in_after_it_was_applied_is_refused_with_the_way_out(backend: Backend) {
    let db = TestDb::create(backend).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let run = |filled_in: bool, args: &[&str]| {
        Run::of(
            generated_migration(dir.path(), filled_in)
                .arg("-u")
                .arg(&db.url)
                .args(args),
        )
    };
    run(false, &["up"]).success();

    let up = run(true, &["up"]);
    up.fails_with(5, &format!("`{GENERATED}` was edited after it was applied"));
    assert!(
        up.stderr
            .contains("run `migration stamp base` then `migration up`"),
        "{up:#?}"
    );
    run(true, &["down", "--yes"]).fails_with(5, "was edited after it was applied");
    let problems = run(true, &["validate", "--json"]).json()["problems"].clone();
    assert_eq!(
        problems.as_array().map(|p| p.len()),
        Some(1),
        "`down` ran and left a dirty state: {problems}"
    );

    let repair = run(true, &["repair"]);
    repair.fails_with(2, "pass --yes");
    assert!(
        repair.stdout.contains(&format!(
            "`{GENERATED}` as applied with its current code (checksum "
        )) && repair.stdout.contains("recorded when it ran"),
        "{repair:#?}"
    );

    run(true, &["stamp", "base", "--yes"]).success();
    run(true, &["up"]).success();
    assert!(
        tables(&db.connect().await, backend)
            .await
            .contains(&"gadgets".to_owned())
    );
    run(true, &["validate"]).success();
}

on_every_backend!(a_migration_filled_in_after_it_was_applied_is_refused_with_the_way_out);

/// Without running the migration's code (it runs once per application and
/// never otherwise), `repair` says its statements may have run and the
/// command that prints them.
#[tokio::test]
async fn repair_of_a_dirty_migration_says_how_to_see_the_statements_that_may_have_run() {
    let db = TestDb::create(Backend::Mysql).await;
    db.execute(
        "CREATE TABLE seaql_migrations_history (id int AUTO_INCREMENT PRIMARY KEY, version varchar(255) NOT NULL, \
         action varchar(32) NOT NULL, checksum varchar(64), started_at bigint NOT NULL, duration_ms bigint, \
         run_by varchar(255) NOT NULL, toolkit_version varchar(32) NOT NULL, backup_id varchar(255), error text)",
    )
    .await;
    db.record_unfinished_run(BASELINE, None).await;
    let repair = db.run(&["repair"]);
    repair.fails_with(2, "pass --yes");
    assert!(
        repair
            .stdout
            .contains("any of its statements may or may not have run"),
        "{repair:#?}"
    );
    assert!(
        repair.stdout.contains(&format!(
            "`migration sql up --to {BASELINE} --backend mysql` prints them"
        )),
        "{repair:#?}"
    );
}

#[tokio::test]
async fn commands_that_only_read_create_no_database_and_no_backup_directory() {
    let dir = tempfile::tempdir().expect("temp dir");
    for args in READ_ONLY.into_iter().chain([&["up", "--dry-run"][..]]) {
        let run = Run::of(migration(dir.path()).args(args)).success();
        assert!(
            run.stderr
                .contains("ops_center.sqlite does not exist yet, so nothing is applied"),
            "{run:#?}"
        );
    }
    let status = Run::of(migration(dir.path()).args(["status", "--json"])).success();
    assert_eq!(status.json()["summary"]["pending"], 1, "{status:#?}");
    Run::of(migration(dir.path()).args(["backup", "list"])).success();
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .expect("read dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    assert!(left.is_empty(), "created by reading: {left:?}");
}

#[tokio::test]
async fn a_role_that_cannot_read_the_migration_tables_is_told_so_not_told_nothing_is_applied() {
    let db = TestDb::create(Backend::Postgres).await;
    db.run(&["up"]).success();
    // A login with the database's default privileges only: CONNECT.
    let role = db.create_login("only-connect").await;
    db.execute(&format!("ALTER DATABASE {} OWNER TO postgres", db.name))
        .await;
    let mut url = url::Url::parse(&db.url).expect("test URL");
    url.set_username(&role).expect("user");
    url.set_password(Some("only-connect")).expect("password");
    let url = url.to_string();
    for args in READ_ONLY {
        run_with_url(&url, args).fails_with(1, "this database role may not read `seaql_migrations");
    }
}

/// A database migrated by toolkit 0.1, whose history holds checksums of
/// SQL: reading commands report those migrations as not verified (no false
/// alarm), and the next `up` records their source checksums, once.
async fn migrations_recorded_by_0_1_are_rebased_once_without_false_alarms(backend: Backend) {
    let db = TestDb::create(backend).await;
    db.run(&["up"]).success();
    let sql_checksum = "1".repeat(64);
    db.execute(&format!(
        "UPDATE seaql_migrations_history SET toolkit_version = '0.1.0', checksum = '{sql_checksum}'"
    ))
    .await;
    db.run(&["validate"])
        .success()
        .says("applied before checksums came from the migration's source");
    db.run(&["up"]).success().says(&format!(
        "recorded the source checksum of {BASELINE}, applied before checksums came from the source (once)"
    ));
    db.run(&["validate"]).success().says(VALID);
    let again = db.run(&["up"]).success();
    assert!(
        !again.stdout.contains("recorded the source checksum"),
        "{again:#?}"
    );
}

on_every_backend!(migrations_recorded_by_0_1_are_rebased_once_without_false_alarms);

/// A run that applied a migration stopped half-way (dirty), after which
/// another tool (the stock CLI) recorded it as applied: not a problem for
/// `status`, and the next `up` records in the history that it finished elsewhere.
async fn a_dirty_migration_another_tool_then_applied_is_reconciled(backend: Backend) {
    let db = TestDb::create(backend).await;
    db.run(&["up"]).success();
    // Our history knows only that a run started applying it; the tracking
    // table says it is applied, as the other tool left it.
    db.execute("DELETE FROM seaql_migrations_history").await;
    db.record_unfinished_run(BASELINE, None).await;
    db.run(&["status"])
        .success()
        .says("then another tool finished it");
    db.run(&["up"]).success().says(&format!(
        "recorded {BASELINE} as applied: a run of it stopped half-way, then another tool applied it"
    ));
    db.run(&["validate"]).success().says(VALID);
}

on_every_backend!(a_dirty_migration_another_tool_then_applied_is_reconciled);

/// A run that rolled a migration back stopped half-way, after which another
/// tool finished the rollback: reconciled as rolled back.
#[tokio::test]
async fn a_dirty_rollback_another_tool_then_finished_is_reconciled() {
    let db = TestDb::create(Backend::Sqlite).await;
    db.run(&["up"]).success();
    db.record_unfinished_run(BASELINE, None).await;
    db.execute("DELETE FROM seaql_migrations").await;
    db.run(&["stamp", "base", "--yes"]).success().says(&format!(
        "recorded {BASELINE} as rolled back: a run of it stopped half-way, then another tool rolled back it"
    ));
    db.run(&["validate"]).success().says(VALID);
}

#[test]
fn the_migration_crate_embeds_the_checksum_of_each_migration_file() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let versions: Vec<String> = migration::Migrator::migrations()
        .iter()
        .map(|m| m.name().to_owned())
        .collect();
    let embedded: Vec<&str> = migration::SOURCE_CHECKSUMS
        .iter()
        .map(|(name, _)| *name)
        .collect();
    assert_eq!(embedded, versions);
    for (name, checksum) in migration::SOURCE_CHECKSUMS {
        let file =
            std::fs::read_to_string(src.join(format!("{name}.rs"))).expect("the migration file");
        assert_eq!(*checksum, migrate_kit::checksum::digest(&file), "{name}");
    }
}

/// `status --json` shows a dirty migration with what to do about it.
#[tokio::test]
async fn status_json_says_what_to_do_about_a_dirty_migration() {
    let db = TestDb::create(Backend::Sqlite).await;
    db.run(&["up"]).success();
    db.record_unfinished_run(BASELINE, None).await;
    let status = db.run(&["status", "--json"]);
    assert_eq!(status.code, 5, "{status:#?}");
    let problem = &status.json()["problems"][0];
    assert_eq!(problem["problem"], "dirty", "{problem}");
    assert!(
        problem["message"]
            .as_str()
            .is_some_and(|m| m.contains("then run `migration repair`")),
        "{problem}"
    );
}

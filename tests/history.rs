//! Run history, checksums, dirty state, `validate` and `repair`: through the
//! real binary, and through the engine with test migrators whose SQL changes
//! or fails half-way.

use migrate_kit::Error;
use migrate_kit::engine::{Command, Engine, Migrations};
use migrate_kit::events::{Event, Observer};
use migrate_kit::plan::{DownTarget, UpTarget};
use migrate_kit::validate::Problem;
use sea_orm::ConnectionTrait;
use sea_orm_migration::prelude::*;

use crate::support::{Backend, TestDb};

const BASELINE: &str = "m20251023_000007_initial_schema_baseline";

async fn history_records_each_run_with_its_backup(backend: Backend) {
    let db = TestDb::create(backend).await;
    db.run(&["up"]).success();
    db.run(&["down", "--yes"]).success();
    let json: serde_json::Value =
        serde_json::from_str(&db.run(&["history", "--json"]).success().stdout).expect("json");
    let events = json["events"].as_array().expect("events");
    let actions: Vec<&str> = events.iter().filter_map(|e| e["action"].as_str()).collect();
    let expected: &[&str] = match backend {
        Backend::Postgres => &["rolled_back", "applied"],
        _ => &["rolled_back", "started", "applied", "started"],
    };
    assert_eq!(actions, expected, "{json}");
    let applied = events
        .iter()
        .find(|e| e["action"] == "applied")
        .expect("applied");
    assert_eq!(applied["version"], BASELINE);
    assert_eq!(applied["checksum"].as_str().map(str::len), Some(64));
    assert!(
        applied["backup_id"]
            .as_str()
            .is_some_and(|b| b.ends_with("_pre-up")),
        "{applied}"
    );
    assert!(applied["run_by"].as_str().is_some_and(|w| w.contains('@')));
    let text = db.run(&["history"]).success().stdout;
    assert!(
        text.lines()
            .next()
            .is_some_and(|l| l.contains("rolled_back")),
        "{text}"
    );
}

on_every_backend!(history_records_each_run_with_its_backup);

/// The stock CLI's `fresh` drops every table, the run history included;
/// dropping only the history is enough to see what it leaves.
async fn a_dropped_history_is_reported_as_lost_by_history_and_status(backend: Backend) {
    let db = TestDb::create(backend).await;
    db.run(&["up"]).success();
    db.execute("DROP TABLE seaql_migrations_history").await;
    let lost = "no run history, although 1 migration is applied: it was lost (the stock sea-orm-migration CLI's `fresh` drops it)";

    let history = db.run(&["history"]).success();
    assert!(history.stdout.starts_with(lost), "{history:#?}");
    assert!(!history.stdout.contains("no history yet"), "{history:#?}");
    assert_eq!(
        db.run(&["history", "--json"]).success().json()["history_lost"],
        true
    );

    let status = db.run(&["status"]).success();
    assert!(
        status.stdout.contains(&format!("note: {lost}")),
        "{status:#?}"
    );
    let json = db.run(&["status", "--json"]).success().json();
    assert_eq!(json["history_lost"], true, "{json}");
}

on_every_backend!(a_dropped_history_is_reported_as_lost_by_history_and_status);

#[tokio::test]
async fn a_kept_history_is_not_reported_as_lost() {
    let db = TestDb::create(Backend::Sqlite).await;
    let empty = db.run(&["history"]).success();
    assert_eq!(empty.stdout, "no history yet\n");
    db.run(&["up"]).success();
    let json = db.run(&["status", "--json"]).success().json();
    assert_eq!(json["history_lost"], false, "{json}");
    let status = db.run(&["status"]).success();
    assert!(!status.stdout.contains("note:"), "{status:#?}");
}

#[tokio::test]
async fn validate_passes_after_up() {
    let db = TestDb::create(Backend::Postgres).await;
    db.run(&["up"]).success();
    let run = db.run(&["validate"]).success();
    assert!(run.stdout.contains("valid:"), "{run:#?}");
}

#[tokio::test]
async fn a_changed_checksum_fails_validate_and_up_until_repair() {
    let db = TestDb::create(Backend::Mysql).await;
    db.run(&["up"]).success();
    db.execute(
        "UPDATE seaql_migrations_history SET checksum = REPEAT('0', 64) WHERE action = 'applied'",
    )
    .await;
    db.run(&["validate"]).fails_with(
        5,
        &format!("migration `{BASELINE}` was edited after it was applied"),
    );
    db.run(&["up"])
        .fails_with(5, "was edited after it was applied");
    db.run(&["repair"]).fails_with(2, "pass --yes");
    db.run(&["repair", "--yes"]).success();
    db.run(&["validate"]).success();
    db.run(&["up"]).success();
}

#[tokio::test]
async fn a_dirty_migration_blocks_up_and_down_until_repair() {
    let db = TestDb::create(Backend::Sqlite).await;
    db.run(&["up"]).success();
    db.record_unfinished_run(BASELINE, Some("the-backup")).await;
    db.run(&["up"]).fails_with(5, "did not finish");
    let down = db.run(&["down", "--yes"]);
    down.fails_with(5, "`migration restore the-backup`");
    db.run(&["repair", "--yes"]).success();
    db.run(&["down", "--yes"]).success();
}

/// Ignores engine events.
struct Quiet;

impl Observer for Quiet {
    fn on_event(&mut self, _event: &Event<'_>) {}
}

/// A migrator of one migration, whose source file is edited between two builds.
struct ChangingMigrator;

#[derive(DeriveIden)]
enum Widgets {
    Table,
    Id,
    Name,
}

struct CreateWidgets;

impl MigrationName for CreateWidgets {
    fn name(&self) -> &str {
        "m20300101_000001_create_widgets"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for CreateWidgets {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut table = Table::create();
        table
            .table(Widgets::Table)
            .col(
                ColumnDef::new(Widgets::Id)
                    .integer()
                    .not_null()
                    .primary_key(),
            )
            .col(ColumnDef::new(Widgets::Name).string().not_null());
        manager.create_table(table.to_owned()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Widgets::Table).to_owned())
            .await
    }
}

#[async_trait::async_trait]
impl MigratorTrait for ChangingMigrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![Box::new(CreateWidgets)]
    }
}

async fn up(engine: &Engine) -> Result<(), Error> {
    carry_out(engine, Command::Up(UpTarget::All)).await
}

async fn carry_out(engine: &Engine, command: Command) -> Result<(), Error> {
    let plan = engine.plan(command).await?;
    engine.execute(&plan, &mut Quiet, None).await
}

async fn problems_of(engine: &Engine) -> Vec<Problem> {
    engine.findings().await.expect("findings").problems
}

/// The engine for [`ChangingMigrator`] as a build whose migration file has
/// checksum `source` embeds it.
async fn build_with_source(db: &TestDb, source: &'static str) -> Engine {
    let sources: &'static [(&str, &str)] = match source {
        "first" => &[("m20300101_000001_create_widgets", "first")],
        _ => &[("m20300101_000001_create_widgets", "edited")],
    };
    Engine::with_migrations(
        db.connect().await,
        Migrations::of::<ChangingMigrator>().with_sources(sources),
    )
}

#[tokio::test]
async fn a_migration_whose_source_changed_fails_validation_naming_it_until_repair() {
    let db = TestDb::create(Backend::Postgres).await;
    let first = build_with_source(&db, "first").await;
    up(&first).await.expect("first up");
    assert!(problems_of(&first).await.is_empty());

    let engine = build_with_source(&db, "edited").await;
    let problems = problems_of(&engine).await;
    assert!(
        matches!(&problems[..], [Problem::Changed { version, .. }] if version == "m20300101_000001_create_widgets"),
        "{problems:?}"
    );
    let refused = up(&engine).await.expect_err("up must refuse");
    assert!(
        refused
            .to_string()
            .contains("m20300101_000001_create_widgets"),
        "{refused}"
    );

    carry_out(&engine, Command::Repair).await.expect("repair");
    assert!(problems_of(&engine).await.is_empty());
    up(&engine).await.expect("up after repair");
}

/// A migration whose second statement fails.
struct HalfDone;

impl MigrationName for HalfDone {
    fn name(&self) -> &str {
        "m20300101_000002_half_done"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for HalfDone {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("half_done"))
                    .col(
                        ColumnDef::new(Alias::new("id"))
                            .integer()
                            .not_null()
                            .primary_key(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared("ALTER TABLE no_such_table ADD COLUMN x INT")
            .await
            .map(drop)
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(
                Table::drop()
                    .table(Alias::new("half_done"))
                    .if_exists()
                    .to_owned(),
            )
            .await
    }
}

struct HalfDoneMigrator;

#[async_trait::async_trait]
impl MigratorTrait for HalfDoneMigrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![Box::new(HalfDone)]
    }
}

#[tokio::test]
async fn a_migration_failing_half_way_on_mysql_leaves_a_dirty_state_until_repair() {
    let db = TestDb::create(Backend::Mysql).await;
    let engine = Engine::new::<HalfDoneMigrator>(db.connect().await);
    let failed = up(&engine).await.expect_err("the second statement fails");
    assert!(
        failed
            .to_string()
            .contains("some of its statements may have taken effect"),
        "{failed}"
    );

    let problems = problems_of(&engine).await;
    assert!(
        matches!(&problems[..], [Problem::Dirty { version, error: Some(_), .. }] if version == "m20300101_000002_half_done"),
        "{problems:?}"
    );
    let refused = up(&engine)
        .await
        .expect_err("up refuses over a dirty state");
    assert!(
        refused.to_string().contains("run `migration repair`"),
        "{refused}"
    );
    let plan = engine.plan(Command::Down(DownTarget::Steps(1))).await;
    assert!(
        matches!(plan, Err(Error::Invalid(_))),
        "down must refuse too"
    );

    // The human fixes the database by hand, then repairs.
    db.execute("DROP TABLE half_done").await;
    carry_out(&engine, Command::Repair).await.expect("repair");
    assert!(problems_of(&engine).await.is_empty());
}

/// Creates `gadgets`, then alters it: the second migration needs an
/// exclusive lock on a table others may be using.
struct GadgetMigrator;

struct CreateGadgets;

impl MigrationName for CreateGadgets {
    fn name(&self) -> &str {
        "m20300101_000003_create_gadgets"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for CreateGadgets {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("CREATE TABLE gadgets (id integer PRIMARY KEY)")
            .await
            .map(drop)
    }
}

struct ColourGadgets;

impl MigrationName for ColourGadgets {
    fn name(&self) -> &str {
        "m20300101_000004_colour_gadgets"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for ColourGadgets {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("ALTER TABLE gadgets ADD COLUMN colour varchar(20)")
            .await
            .map(drop)
    }
}

#[async_trait::async_trait]
impl MigratorTrait for GadgetMigrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![Box::new(CreateGadgets), Box::new(ColourGadgets)]
    }
}

/// Keeps the lock waits it is told about.
#[derive(Default)]
struct LockWaits(Vec<(u32, String)>);

impl Observer for LockWaits {
    fn on_event(&mut self, event: &Event<'_>) {
        if let Event::LockWait {
            attempt, blockers, ..
        } = event
        {
            self.0.push((*attempt, (*blockers).to_owned()));
        }
    }
}

#[tokio::test]
async fn a_migration_blocked_by_a_long_transaction_times_out_retries_and_succeeds() {
    use migrate_kit::config::Timeouts;
    use sea_orm::TransactionTrait;
    use std::time::Duration;

    let db = TestDb::create(Backend::Postgres).await;
    let engine = Engine::new::<GadgetMigrator>(db.connect().await).with_timeouts(Timeouts {
        lock_timeout: Duration::from_millis(300),
        statement_timeout: None,
        retries: 5,
    });
    let first = engine
        .plan(Command::Up(UpTarget::Steps(1)))
        .await
        .expect("plan");
    engine
        .execute(&first, &mut Quiet, None)
        .await
        .expect("create gadgets");

    // A long transaction reading the table holds a lock the ALTER must wait for.
    let blocker = db.connect().await;
    let txn = blocker.begin().await.expect("begin");
    txn.execute_unprepared("SELECT count(*) FROM gadgets")
        .await
        .expect("read");
    let release = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(1500)).await;
        txn.commit().await.expect("commit");
    });
    // Meanwhile other sessions keep reading; they give up (and fail) if
    // blocked for longer than 1 s, which a waiting ALTER would cause.
    let reader = db.connect().await;
    reader
        .execute_unprepared("SET lock_timeout = '1s'")
        .await
        .expect("reader timeout");
    let reads = tokio::spawn(async move {
        let mut failures = Vec::new();
        for _ in 0..30 {
            if let Err(error) = reader
                .execute_unprepared("SELECT count(*) FROM gadgets")
                .await
            {
                failures.push(error.to_string());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        failures
    });

    let mut waits = LockWaits::default();
    let rest = engine.plan(Command::Up(UpTarget::All)).await.expect("plan");
    engine
        .execute(&rest, &mut waits, None)
        .await
        .expect("succeeds once the blocker commits");
    release.await.expect("blocker task");
    assert!(!waits.0.is_empty(), "the migration never timed out waiting");
    assert!(
        waits.0[0].1.contains("pid "),
        "blockers not described: {:?}",
        waits.0
    );
    assert_eq!(reads.await.expect("reader task"), Vec::<String>::new());
    let column = crate::support::inspect::rows(
        &db.connect().await,
        "SELECT column_name::text FROM information_schema.columns WHERE table_name = 'gadgets' AND column_name = 'colour'",
        1,
    )
    .await;
    assert_eq!(column, [["colour"]]);
}

//! Trace mode on PostgreSQL: migrations written by hand traced on a scratch
//! database beside a test database, through the library alone; what each
//! statement locks and rewrites, the diagnostics, and the scratch database
//! dropped whatever happens.

use migrate_kit::config::{DatabaseUrl, Settings};
use migrate_kit::lint_trace::{self, HeldLock, LockMode, RelationKind, Severity, StepTrace};
use migrate_kit::{Error, ErrorClass};
use sea_orm_migration::prelude::*;

use crate::support::inspect::rows;
use crate::support::{Backend, TestDb};

/// A migration whose `up()` executes fixed SQL statements, one call each.
struct Sql {
    name: &'static str,
    up: &'static [&'static str],
}

impl MigrationName for Sql {
    fn name(&self) -> &str {
        self.name
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Sql {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for sql in self.up {
            manager.get_connection().execute_unprepared(sql).await?;
        }
        Ok(())
    }
}

/// Declares a migrator `$name` of [`Sql`] migrations, each a version and its statements.
macro_rules! migrator {
    ($name:ident { $($version:literal => [$($sql:literal),* $(,)?]),* $(,)? }) => {
        struct $name;

        #[async_trait::async_trait]
        impl MigratorTrait for $name {
            fn migrations() -> Vec<Box<dyn MigrationTrait>> {
                vec![$(Box::new(Sql { name: $version, up: &[$($sql),*] })),*]
            }
        }
    };
}

const ORDERS: &str = "m20260101_000001_orders";

migrator!(IndexMigrator {
    "m20260101_000001_orders" => ["CREATE TABLE orders (id serial PRIMARY KEY, customer int, placed date)"],
    "m20260101_000002_index" => ["CREATE INDEX orders_customer ON orders (customer)"],
});

migrator!(TwoIndexesMigrator {
    "m20260101_000001_orders" => ["CREATE TABLE orders (id serial PRIMARY KEY, customer int, placed date)"],
    "m20260101_000002_indexes" => [
        "CREATE INDEX orders_customer ON orders (customer)",
        "CREATE INDEX orders_placed ON orders (placed)",
    ],
});

migrator!(BigintMigrator {
    "m20260101_000001_orders" => ["CREATE TABLE orders (id serial PRIMARY KEY, quantity int)"],
    "m20260101_000002_bigint" => ["ALTER TABLE orders ALTER COLUMN quantity TYPE bigint"],
});

migrator!(WidenMigrator {
    "m20260101_000001_orders" => ["CREATE TABLE orders (id serial PRIMARY KEY, note varchar(50))"],
    "m20260101_000002_widen" => ["ALTER TABLE orders ALTER COLUMN note TYPE varchar(100)"],
});

migrator!(ForeignKeyMigrator {
    "m20260101_000001_orders" => [
        "CREATE TABLE customers (id serial PRIMARY KEY)",
        "CREATE TABLE orders (id serial PRIMARY KEY, customer_id int)",
    ],
    "m20260101_000002_foreign_key" => [
        "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id)",
    ],
});

migrator!(FailingMigrator {
    "m20260101_000001_orders" => ["CREATE TABLE orders (id serial PRIMARY KEY)"],
    "m20260101_000002_broken" => ["ALTER TABLE no_such_table ADD COLUMN x int"],
});

fn settings(db: &TestDb) -> Settings {
    Settings::for_url(DatabaseUrl::parse(&db.url).expect("test URL"))
}

/// Traces `M`'s migrations after the first (which creates the tables) beside `db`.
async fn trace_second<M: MigratorTrait>(db: &TestDb) -> StepTrace {
    let versions: Vec<String> = M::migrations()
        .iter()
        .skip(1)
        .map(|m| m.name().to_owned())
        .collect();
    let mut traces = lint_trace::trace::<M>(&settings(db), &versions)
        .await
        .expect("the trace succeeds");
    assert_eq!(traces.len(), 1, "{traces:#?}");
    traces.remove(0)
}

fn table_lock(relation: &str, mode: LockMode) -> HeldLock {
    HeldLock {
        relation: relation.to_owned(),
        kind: RelationKind::Table,
        mode,
    }
}

fn codes(trace: &StepTrace) -> Vec<&'static str> {
    trace.diagnostics.iter().map(|d| d.code).collect()
}

/// The databases on the server named as the scratch databases beside `db` are.
async fn scratch_databases(db: &TestDb) -> Vec<String> {
    let prefix: String = db.name.chars().take(30).collect();
    rows(
        &db.connect().await,
        "SELECT datname::text FROM pg_database",
        1,
    )
    .await
    .into_iter()
    .map(|row| row[0].clone())
    .filter(|name| name.starts_with(&format!("{prefix}__")))
    .collect()
}

#[tokio::test]
async fn an_index_built_without_concurrently_holds_a_share_lock_on_its_table() {
    let db = TestDb::create(Backend::Postgres).await;
    let trace = trace_second::<IndexMigrator>(&db).await;
    assert!(trace.transactional);
    assert_eq!(trace.statements.len(), 1);
    let statement = &trace.statements[0];
    assert_eq!(
        statement.sql,
        "CREATE INDEX orders_customer ON orders (customer)"
    );
    assert!(
        statement
            .locks
            .contains(&table_lock("orders", LockMode::Share)),
        "{statement:#?}"
    );
    assert!(statement.rewritten.is_empty(), "{statement:#?}");
    let strongest = trace.strongest.as_ref().expect("a lock was taken");
    // The new index itself is locked ACCESS EXCLUSIVE by its own creation.
    assert_eq!(strongest.lock.mode, LockMode::AccessExclusive);
    assert_eq!(strongest.statement, 0);
    assert!(strongest.statements <= strongest.held, "{strongest:#?}");
}

#[tokio::test]
async fn a_lock_held_on_a_table_the_live_database_fills_names_its_row_count() {
    let db = TestDb::create(Backend::Postgres).await;
    db.execute(
        "CREATE TABLE orders (id serial PRIMARY KEY, customer int, placed date); \
         INSERT INTO orders (customer) SELECT n FROM generate_series(1, 300) AS n; \
         ANALYZE orders",
    )
    .await;
    let trace = trace_second::<TwoIndexesMigrator>(&db).await;
    assert_eq!(codes(&trace), ["TR101"], "{trace:#?}");
    let diagnostic = &trace.diagnostics[0];
    assert_eq!(diagnostic.severity, Severity::Warning);
    assert_eq!(diagnostic.migration, "m20260101_000002_indexes");
    assert_eq!(
        diagnostic.statement,
        "CREATE INDEX orders_customer ON orders (customer)"
    );
    assert!(
        diagnostic
            .message
            .contains("SHARE lock on `orders` (about 300 rows)"),
        "{diagnostic:#?}"
    );
}

#[tokio::test]
async fn a_table_the_live_database_holds_empty_is_not_existing() {
    let db = TestDb::create(Backend::Postgres).await;
    db.execute("CREATE TABLE orders (id serial PRIMARY KEY, customer int, placed date)")
        .await;
    let trace = trace_second::<TwoIndexesMigrator>(&db).await;
    assert!(trace.diagnostics.is_empty(), "{trace:#?}");
    // The lock is still reported: only the diagnostic depends on the rows.
    assert!(
        trace.statements[1]
            .locks
            .contains(&table_lock("orders", LockMode::Share))
    );
}

#[tokio::test]
async fn a_type_change_from_int_to_bigint_rewrites_the_table() {
    let db = TestDb::create(Backend::Postgres).await;
    let trace = trace_second::<BigintMigrator>(&db).await;
    let rewritten: Vec<&str> = trace.statements[0]
        .rewritten
        .iter()
        .map(|r| r.relation.as_str())
        .collect();
    assert!(rewritten.contains(&"orders"), "{trace:#?}");
    assert!(rewritten.contains(&"orders_pkey"), "{trace:#?}");
    assert!(
        trace.statements[0]
            .locks
            .contains(&table_lock("orders", LockMode::AccessExclusive))
    );
    // The live database does not hold the table: its row count is unknown.
    assert_eq!(codes(&trace), ["TR102"], "{trace:#?}");
    assert_eq!(trace.diagnostics[0].severity, Severity::Error);
}

#[tokio::test]
async fn widening_a_varchar_rewrites_nothing() {
    let db = TestDb::create(Backend::Postgres).await;
    let trace = trace_second::<WidenMigrator>(&db).await;
    assert!(trace.statements[0].rewritten.is_empty(), "{trace:#?}");
    assert!(trace.diagnostics.is_empty(), "{trace:#?}");
}

#[tokio::test]
async fn a_foreign_key_without_not_valid_locks_both_tables_share_row_exclusive() {
    let db = TestDb::create(Backend::Postgres).await;
    let trace = trace_second::<ForeignKeyMigrator>(&db).await;
    let locks = &trace.statements[0].locks;
    for table in ["orders", "customers"] {
        assert!(
            locks.contains(&table_lock(table, LockMode::ShareRowExclusive)),
            "{table}: {locks:#?}"
        );
    }
    // Validated by a full scan, and no index on orders (customer_id).
    assert_eq!(codes(&trace), ["TR103", "TR104"], "{trace:#?}");
    assert!(
        trace.diagnostics[0]
            .message
            .contains("SHARE ROW EXCLUSIVE on `customers` and SHARE ROW EXCLUSIVE on `orders`"),
        "{trace:#?}"
    );
}

#[tokio::test]
async fn the_baseline_traces_on_an_empty_database_without_an_error() {
    let db = TestDb::create(Backend::Postgres).await;
    let versions = vec!["m20251023_000007_initial_schema_baseline".to_owned()];
    let traces = lint_trace::trace::<migration::Migrator>(&settings(&db), &versions)
        .await
        .expect("the baseline traces");
    assert_eq!(traces.len(), 1);
    let trace = &traces[0];
    assert!(trace.statements.len() > 10, "{trace:#?}");
    let errors: Vec<_> = trace
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert!(trace.preamble[0].contains("lock_timeout"), "{trace:#?}");
}

#[tokio::test]
async fn the_scratch_database_is_dropped_after_a_trace() {
    let db = TestDb::create(Backend::Postgres).await;
    trace_second::<IndexMigrator>(&db).await;
    assert_eq!(scratch_databases(&db).await, Vec::<String>::new());
}

#[tokio::test]
async fn the_scratch_database_is_dropped_after_a_failing_migration() {
    let db = TestDb::create(Backend::Postgres).await;
    let versions = vec!["m20260101_000002_broken".to_owned()];
    let error = lint_trace::trace::<FailingMigrator>(&settings(&db), &versions)
        .await
        .expect_err("the migration fails");
    assert!(matches!(error, Error::TraceFailed { .. }), "{error:?}");
    assert!(error.to_string().contains("no_such_table"), "{error}");
    assert_eq!(scratch_databases(&db).await, Vec::<String>::new());
}

#[tokio::test]
async fn trace_mode_is_refused_on_another_backend() {
    let db = TestDb::create(Backend::Sqlite).await;
    let versions = vec![ORDERS.to_owned()];
    let error = lint_trace::trace::<IndexMigrator>(&settings(&db), &versions)
        .await
        .expect_err("SQLite has no pg_locks");
    assert_eq!(error.class(), ErrorClass::Usage);
    assert!(
        error.to_string().starts_with("trace mode is PostgreSQL's"),
        "{error}"
    );
}

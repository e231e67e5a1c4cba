//! `migration lint`: the static rules over the program the engine would
//! execute, through the real binary, offline (`--backend`) and against
//! real databases; the fixture migrator `lint` holds dangerous migrations.

use std::path::Path;
use std::process::Command;

use crate::support::{Backend, Run, TestDb, migration, run_command_with_url};

/// The fixture binary over the dangerous migrations (`FIXTURE_MIGRATOR=lint`).
fn dangerous(dir: &Path) -> Command {
    let mut command = migration(dir);
    command.env("FIXTURE_MIGRATOR", "lint");
    command
}

/// `lint args` over the dangerous migrations, without a database.
fn offline(args: &[&str]) -> Run {
    let dir = tempfile::tempdir().expect("temp dir");
    Run::of(dangerous(dir.path()).arg("lint").args(args))
}

/// The codes of a `lint --json` document.
fn codes(json: &serde_json::Value) -> Vec<String> {
    json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["code"].as_str().expect("code").to_owned())
        .collect()
}

async fn the_baseline_lints_clean_on_an_empty_database(backend: Backend) {
    let db = TestDb::create(backend).await;
    let run = db.run(&["lint", "--json"]).success();
    let json = run.json();
    assert_eq!(json["errors"], 0, "{run:#?}");
    let human = db.run(&["lint"]).success();
    assert!(human.stdout.contains("lint passed: 0 errors"), "{human:#?}");
}
on_every_backend!(the_baseline_lints_clean_on_an_empty_database);

#[test]
fn the_baseline_lints_clean_offline_on_every_backend() {
    for backend in ["postgres", "mysql", "sqlite"] {
        let dir = tempfile::tempdir().expect("temp dir");
        let run =
            Run::of(migration(dir.path()).args(["lint", "--all", "--json", "--backend", backend]))
                .success();
        assert_eq!(run.json()["errors"], 0, "{backend}: {run:#?}");
    }
}

#[test]
fn lint_json_is_one_document_with_stable_fields() {
    let run = offline(&[
        "--backend",
        "postgres",
        "--from",
        "m20300501_000001_create_orders",
        "--json",
    ]);
    assert_eq!(run.code, 7, "{run:#?}");
    let json = run.json();
    assert_eq!(json["schema_version"], 1);
    let diagnostics = json["diagnostics"].as_array().expect("diagnostics");
    let errors = diagnostics
        .iter()
        .filter(|d| d["severity"] == "error")
        .count();
    let warnings = diagnostics
        .iter()
        .filter(|d| d["severity"] == "warning")
        .count();
    assert_eq!(json["errors"], errors);
    assert_eq!(json["warnings"], warnings);
    for d in diagnostics {
        // serde_json's map sorts the keys.
        let keys: Vec<&str> = d
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            [
                "code",
                "message",
                "migration",
                "safer",
                "severity",
                "statement"
            ],
            "{d}"
        );
    }
    let found = codes(&json);
    for code in ["PG101", "PG104", "ALL102"] {
        assert!(found.iter().any(|c| c == code), "{code} missing: {found:?}");
    }
}

#[test]
fn the_plan_creates_the_tables_so_linting_every_migration_flags_no_index() {
    let run = offline(&["--backend", "postgres", "--all", "--json"]);
    let found = codes(&run.json());
    assert!(
        !found.iter().any(|c| c == "PG101" || c == "ALL102"),
        "{found:?}"
    );
}

#[test]
fn github_format_prints_one_workflow_annotation_per_diagnostic() {
    let run = offline(&[
        "--backend",
        "postgres",
        "--from",
        "m20300501_000001_create_orders",
        "--format",
        "github",
    ]);
    assert_eq!(run.code, 7, "{run:#?}");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(!lines.is_empty());
    assert!(
        lines
            .iter()
            .all(|l| l.starts_with("::error file=migration/src/m20300501_")
                || l.starts_with("::warning file=migration/src/m20300501_")),
        "{run:#?}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with(
            "::error file=migration/src/m20300501_000002_index_orders_customer.rs,title=PG101::"
        )),
        "{run:#?}"
    );
}

/// `lint args` offline on PostgreSQL over the migrator whose index
/// migration allows PG101 for itself, `orders` taken as existing.
fn allowed(args: &[&str]) -> Run {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut command = migration(dir.path());
    command.env("FIXTURE_MIGRATOR", "lint_allowed").args([
        "lint",
        "--backend",
        "postgres",
        "--from",
        "m20300501_000001_create_orders",
    ]);
    Run::of(command.args(args))
}

/// The reason `m20300501_000006_index_orders_note` gives for its index.
const ALLOWED_REASON: &str =
    "orders is written by the nightly import only; the index is built before it starts";

#[test]
fn a_rule_the_migration_allows_with_a_reason_does_not_fail_lint() {
    let run = allowed(&[]).success();
    assert!(!run.stdout.contains("PG101"), "{run:#?}");
    assert!(
        run.stdout
            .ends_with("lint passed: 0 errors, 0 warnings, 1 allowed by their migration\n"),
        "{run:#?}"
    );
}

#[test]
fn verbose_lint_shows_the_allowed_diagnostic_with_its_reason() {
    let run = allowed(&["--verbose"]).success();
    assert!(
        run.stdout
            .contains("PG101 error m20300501_000006_index_orders_note\n"),
        "{run:#?}"
    );
    assert!(
        run.stdout
            .contains(&format!("  allowed by the migration: {ALLOWED_REASON}\n")),
        "{run:#?}"
    );
}

#[test]
fn lint_json_gives_the_reason_of_an_allowed_diagnostic() {
    let json = allowed(&["--json"]).success().json();
    assert_eq!(json["errors"], 0, "{json}");
    assert_eq!(json["allowed"], 1, "{json}");
    let diagnostic = &json["diagnostics"][0];
    assert_eq!(diagnostic["code"], "PG101", "{json}");
    assert_eq!(diagnostic["allowed"], ALLOWED_REASON, "{json}");
}

#[test]
fn sarif_format_is_one_log_with_the_allowed_diagnostic_suppressed_in_source() {
    let sarif = allowed(&["--format", "sarif"]).success().json();
    assert_eq!(sarif["version"], "2.1.0", "{sarif}");
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "PG101", "{sarif}");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "migration/src/m20300501_000006_index_orders_note.rs"
    );
    assert_eq!(result["suppressions"][0]["kind"], "inSource", "{sarif}");
    assert_eq!(
        result["suppressions"][0]["justification"], ALLOWED_REASON,
        "{sarif}"
    );
}

#[test]
fn sarif_format_fails_on_an_error_like_every_format() {
    let run = offline(&[
        "--backend",
        "postgres",
        "--from",
        "m20300501_000001_create_orders",
        "--format",
        "sarif",
    ]);
    assert_eq!(run.code, 7, "{run:#?}");
    let results = run.json()["runs"][0]["results"].clone();
    assert!(
        results
            .as_array()
            .expect("results")
            .iter()
            .any(|r| r["ruleId"] == "PG101"
                && r["level"] == "error"
                && r.get("suppressions").is_none()),
        "{results}"
    );
}

#[test]
fn an_unparseable_statement_is_reported() {
    let run = offline(&["--backend", "postgres", "--json"]);
    let json = run.json();
    let unparsed = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["code"] == "LINT001")
        .unwrap_or_else(|| panic!("no LINT001: {json}"));
    assert_eq!(unparsed["migration"], "m20300501_000005_reindex_orders");
    assert_eq!(unparsed["statement"], r#"REINDEX TABLE "orders""#);
    assert_eq!(unparsed["severity"], "warning");
}

#[test]
fn a_migration_that_needs_a_database_is_reported_as_not_analysed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = Run::of(
        migration(dir.path())
            .env("FIXTURE_MIGRATOR", "seaorm")
            .args(["lint", "--backend", "sqlite", "--json"]),
    )
    .success();
    let json = run.json();
    let not_analysed: Vec<&str> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "LINT002")
        .map(|d| d["migration"].as_str().expect("migration"))
        .collect();
    assert_eq!(
        not_analysed,
        [
            "m20300301_000002_seed_cake",
            "m20300301_000003_add_cake_gluten_free"
        ],
        "{json}"
    );
}

/// The fixture binary over the SeaORM-style migrations, some of which read
/// data or inspect the schema (`FIXTURE_MIGRATOR=seaorm`).
fn seaorm(dir: &Path) -> Command {
    let mut command = migration(dir);
    command.env("FIXTURE_MIGRATOR", "seaorm");
    command
}

async fn exact_lint_analyses_the_migrations_that_need_a_database(backend: Backend) {
    let db = TestDb::create(backend).await;
    let before = db.beside().await;
    let run = run_command_with_url(seaorm, &db.url, &["lint", "--exact", "--json"]).success();
    let json = run.json();
    let found = codes(&json);
    assert!(!found.iter().any(|c| c == "LINT002"), "{json}");
    let plain = run_command_with_url(seaorm, &db.url, &["lint", "--json"]).success();
    assert!(
        codes(&plain.json()).iter().any(|c| c == "LINT002"),
        "{plain:#?}"
    );
    let connection = db.connect().await;
    let tables = crate::support::inspect::tables(&connection, backend).await;
    assert!(
        tables.is_empty(),
        "lint --exact changed the database: {tables:?}"
    );
    assert_eq!(
        db.beside().await,
        before,
        "the scratch database was dropped"
    );
}
on_every_backend!(exact_lint_analyses_the_migrations_that_need_a_database);

/// A PostgreSQL database with the dangerous migrator's first migration
/// applied and 500 analysed rows in `orders`: its later migrations are
/// pending on a table with rows.
async fn orders_with_rows() -> TestDb {
    let db = TestDb::create(Backend::Postgres).await;
    run_command_with_url(
        dangerous,
        &db.url,
        &[
            "up",
            "--to",
            "m20300501_000001_create_orders",
            "--no-backup",
        ],
    )
    .success();
    db.execute(
        "INSERT INTO customers (id) VALUES (1); \
         INSERT INTO orders (customer_id, note) SELECT 1, 'n' FROM generate_series(1, 500); \
         ANALYZE orders",
    )
    .await;
    db
}

#[tokio::test]
async fn pending_migrations_on_a_table_with_rows_fail_with_exit_7() {
    let db = orders_with_rows().await;
    let run = run_command_with_url(dangerous, &db.url, &["lint"]);
    assert_eq!(run.code, 7, "{run:#?}");
    assert!(
        run.stdout
            .contains("PG101 error m20300501_000002_index_orders_customer"),
        "{run:#?}"
    );
    assert!(run.stdout.contains("(about 500 rows)"), "{run:#?}");
    assert!(run.stdout.contains("lint failed: "), "{run:#?}");
}

/// The versions recorded as applied on `db`, oldest first.
async fn applied(db: &TestDb) -> Vec<String> {
    let connection = db.connect().await;
    crate::support::inspect::rows(
        &connection,
        "SELECT version FROM seaql_migrations ORDER BY version",
        1,
    )
    .await
    .into_iter()
    .map(|row| row[0].clone())
    .collect()
}

#[tokio::test]
async fn up_with_lint_refuses_migrations_with_a_lint_error_and_changes_nothing() {
    let db = orders_with_rows().await;
    let run = run_command_with_url(dangerous, &db.url, &["up", "--lint"]);
    assert_eq!(run.code, 7, "{run:#?}");
    assert!(
        run.stderr
            .contains("PG101 error m20300501_000002_index_orders_customer"),
        "{run:#?}"
    );
    assert!(
        run.stderr.contains("error: lint found ") && run.stderr.contains("nothing was changed"),
        "{run:#?}"
    );
    assert!(
        !run.stdout.contains("backup"),
        "no backup was taken: {run:#?}"
    );
    assert_eq!(applied(&db).await, ["m20300501_000001_create_orders"]);
}

#[tokio::test]
async fn up_with_lint_and_json_reports_the_refusal_in_its_document() {
    let db = orders_with_rows().await;
    let run = run_command_with_url(dangerous, &db.url, &["up", "--lint", "--json"]);
    assert_eq!(run.code, 7, "{run:#?}");
    let json = run.json();
    assert_eq!(json["result"], "failed", "{json}");
    assert!(
        json["error"]
            .as_str()
            .is_some_and(|e| e.starts_with("lint found ")),
        "{json}"
    );
    assert!(run.stderr.contains("PG101 error"), "{run:#?}");
}

#[tokio::test]
async fn up_with_lint_applies_migrations_whose_only_findings_they_allow() {
    let db = orders_with_rows().await;
    let allowed = |dir: &Path| {
        let mut command = migration(dir);
        command.env("FIXTURE_MIGRATOR", "lint_allowed");
        command
    };
    let run = run_command_with_url(allowed, &db.url, &["up", "--lint", "--no-backup"]).success();
    assert!(
        run.stderr
            .contains("lint passed: 0 errors, 0 warnings, 1 allowed by their migration"),
        "{run:#?}"
    );
    assert_eq!(
        applied(&db).await,
        [
            "m20300501_000001_create_orders",
            "m20300501_000006_index_orders_note"
        ]
    );
}

async fn up_with_lint_applies_the_baseline_on_an_empty_database(backend: Backend) {
    let db = TestDb::create(backend).await;
    let run = db.run(&["up", "--lint", "--no-backup"]).success();
    assert!(run.stderr.contains("lint passed: 0 errors"), "{run:#?}");
    assert_eq!(applied(&db).await.len(), 1, "{run:#?}");
}
on_every_backend!(up_with_lint_applies_the_baseline_on_an_empty_database);

#[tokio::test]
async fn check_with_lint_fails_on_a_lint_error_in_the_pending_migrations() {
    let db = orders_with_rows().await;
    run_command_with_url(dangerous, &db.url, &["check"]).success();
    let run = run_command_with_url(dangerous, &db.url, &["check", "--lint"]);
    assert_eq!(run.code, 6, "{run:#?}");
    assert!(
        run.stdout
            .contains("  PG101 (error) in m20300501_000002_index_orders_customer"),
        "{run:#?}"
    );
    let json = run_command_with_url(dangerous, &db.url, &["check", "--lint", "--json"]).json();
    assert_eq!(json["passed"], false, "{json}");
    assert!(
        json["lint"]
            .as_array()
            .expect("lint")
            .iter()
            .any(|d| d["code"] == "PG101"),
        "{json}"
    );
}

#[tokio::test]
async fn lint_trace_shows_the_locks_each_statement_takes_and_fails_on_a_validating_foreign_key() {
    let db = orders_with_rows().await;
    let run = run_command_with_url(dangerous, &db.url, &["lint", "--trace"]);
    assert_eq!(run.code, 7, "{run:#?}");
    assert!(
        run.stdout
            .contains("trace m20300501_000002_index_orders_customer (in a transaction)"),
        "{run:#?}"
    );
    assert!(
        run.stdout
            .contains("    locks: idx-orders-customer_id ACCESS EXCLUSIVE, orders SHARE"),
        "{run:#?}"
    );
    assert!(
        run.stdout
            .contains("TR103 error m20300501_000003_orders_customer_key"),
        "{run:#?}"
    );
    let json = run_command_with_url(dangerous, &db.url, &["lint", "--trace", "--json"]).json();
    let traced = json["trace"].as_array().expect("trace");
    assert_eq!(traced.len(), 4, "{json}");
    assert_eq!(
        traced[0]["version"], "m20300501_000002_index_orders_customer",
        "{json}"
    );
}

#[tokio::test]
async fn an_analysed_empty_table_needs_no_concurrently() {
    let db = TestDb::create(Backend::Postgres).await;
    run_command_with_url(
        dangerous,
        &db.url,
        &[
            "up",
            "--to",
            "m20300501_000001_create_orders",
            "--no-backup",
        ],
    )
    .success();
    db.execute("ANALYZE orders").await;
    let run = run_command_with_url(
        dangerous,
        &db.url,
        &[
            "lint",
            "--to",
            "m20300501_000002_index_orders_customer",
            "--from",
            "m20300501_000001_create_orders",
            "--json",
        ],
    )
    .success();
    assert!(codes(&run.json()).is_empty(), "{run:#?}");
}

/// The codes `lint` finds in `M`'s migrations after its first (the corpus's
/// base, whose tables therefore exist), offline on `backend`.
async fn change_codes<M: sea_orm_migration::MigratorTrait>(
    backend: migrate_kit::Backend,
) -> Vec<&'static str> {
    use migrate_kit::config::Timeouts;
    use migrate_kit::engine::Migrations;
    use migrate_kit::engine::program::Builder;
    use migrate_kit::lint::{self, Facts};
    use migrate_kit::plan::{self, Revision};

    let migrations = Migrations::of::<M>();
    let versions = migrations.versions();
    let base = Revision::parse(&versions[0]);
    let steps = plan::plan_offline(&versions, true, Some(&base), None).expect("plan");
    let program = Builder::new(backend.into(), &migrations, Timeouts::default())
        .program(&steps)
        .expect("program");
    let targets = lint::targets(&program).await.expect("targets");
    lint::lint(&targets, &Facts::offline())
        .into_iter()
        .map(|d| d.code)
        .collect()
}

/// The codes `lint` finds in `M`'s migrations after its first (the
/// corpus's base), with the facts of `db`, where the base was applied: the
/// live column types and NOT NULL columns are known.
async fn live_change_codes<M: sea_orm_migration::MigratorTrait>(
    db: &sea_orm::DatabaseConnection,
) -> Vec<&'static str> {
    use migrate_kit::config::Timeouts;
    use migrate_kit::engine::Migrations;
    use migrate_kit::engine::program::Builder;
    use migrate_kit::lint::{self, facts};
    use migrate_kit::plan::{self, Revision};

    let migrations = Migrations::of::<M>();
    let versions = migrations.versions();
    let base = Revision::parse(&versions[0]);
    let steps = plan::plan_offline(&versions, true, Some(&base), None).expect("plan");
    let backend = migrate_kit::Backend::from(db.get_database_backend());
    let program = Builder::new(backend.into(), &migrations, Timeouts::default())
        .program(&steps)
        .expect("program");
    let targets = lint::targets(&program).await.expect("targets");
    let facts = facts::read(db).await.expect("facts");
    lint::lint(&targets, &facts)
        .into_iter()
        .map(|d| d.code)
        .collect()
}

/// For each change of the entity-first corpus drafted on `$backend`: the
/// codes its migration gets, as a DBA expects them.
macro_rules! corpus_codes {
    ($codes:ident($on:expr), $module:ident, { $($change:ident => [$($code:literal),*],)* }) => {{
        use crate::entity_first::goldens::$module;
        let mut wrong = Vec::new();
        $(
            let found = $codes::<$module::$change>($on).await;
            let expected: Vec<&str> = vec![$($code),*];
            if found != expected {
                wrong.push(format!("{}: expected {expected:?}, found {found:?}", stringify!($change)));
            }
        )*
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }};
    ($backend:expr, $module:ident, { $($change:ident => [$($code:literal),*],)* }) => {{
        corpus_codes!(change_codes($backend), $module, { $($change => [$($code),*],)* })
    }};
}

// Every statement sea-query emits for the corpus parses (no LINT001). Only
// the change is linted, offline, so the base's columns are not known:
// sea-query's `modify_column` restates NOT NULL (PG106) and, on MySQL, the
// column's type (MY103), which the rules cannot tell from a real change
// (with a database they can: see the `with_a_live_database_...` tests).
#[tokio::test]
async fn the_entity_first_corpus_parses_and_its_dangerous_changes_are_flagged_on_postgres() {
    corpus_codes!(migrate_kit::Backend::Postgres, postgres, {
        AddTable => [],
        DropTable => ["ALL101"],
        RenameTable => ["ALL103"],
        AddNullableColumn => [],
        AddNotNullColumnWithDefault => [],
        ChangeColumnType => ["PG106", "PG109"],
        MakeColumnNullable => [],
        MakeColumnNotNull => ["PG106"],
        ChangeDefault => ["PG106"],
        AddIndex => ["PG101"],
        DropIndex => ["PG102"],
        AddUniqueConstraint => ["PG101"],
        AddForeignKey => ["PG104", "PG110"],
        ChangeOnDelete => ["PG104", "PG110"],
        AddEnumValue => [],
        AddEnumAndColumn => [],
        RenameColumn => ["ALL104"],
    });
}

#[tokio::test]
async fn the_entity_first_corpus_parses_and_its_dangerous_changes_are_flagged_on_mysql() {
    corpus_codes!(migrate_kit::Backend::Mysql, mysql, {
        AddTable => [],
        DropTable => ["ALL101"],
        RenameTable => ["ALL103"],
        AddNullableColumn => [],
        AddNotNullColumnWithDefault => [],
        ChangeColumnType => ["MY103"],
        MakeColumnNullable => ["MY103"],
        MakeColumnNotNull => ["MY103"],
        ChangeDefault => ["MY103"],
        AddIndex => [],
        DropIndex => [],
        AddUniqueConstraint => [],
        AddForeignKey => [],
        ChangeOnDelete => [],
        AddEnumValue => ["MY101"],
        AddEnumAndColumn => [],
        RenameColumn => ["ALL104"],
    });
}

#[tokio::test]
async fn the_entity_first_corpus_parses_and_its_dangerous_changes_are_flagged_on_sqlite() {
    corpus_codes!(migrate_kit::Backend::Sqlite, sqlite, {
        AddTable => [],
        DropTable => ["ALL101"],
        RenameTable => ["ALL103"],
        AddNullableColumn => [],
        AddNotNullColumnWithDefault => [],
        MakeColumnNullable => [],
        MakeColumnNotNull => [],
        ChangeDefault => [],
        AddIndex => [],
        DropIndex => [],
        AddUniqueConstraint => [],
        AddForeignKey => [],
        ChangeOnDelete => [],
        AddEnumAndColumn => [],
        RenameColumn => ["ALL104"],
    });
}

/// A database with the corpus's base migration (drafted for `backend`) applied.
async fn corpus_base(backend: Backend) -> (TestDb, sea_orm::DatabaseConnection) {
    use sea_orm_migration::MigratorTrait;
    let db = TestDb::create(backend).await;
    let connection = db.connect().await;
    match backend {
        Backend::Postgres => {
            crate::entity_first::goldens::postgres::Base::up(&connection, None).await
        }
        Backend::Mysql => crate::entity_first::goldens::mysql::Base::up(&connection, None).await,
        Backend::Sqlite => crate::entity_first::goldens::sqlite::Base::up(&connection, None).await,
    }
    .expect("apply the corpus's base");
    (db, connection)
}

// Against a database where the base is applied, the rules know the live
// column types and NOT NULL columns: restating them is not flagged.
#[tokio::test]
async fn with_a_live_database_the_corpus_changes_are_judged_on_the_live_columns_on_postgres() {
    let (_db, connection) = corpus_base(Backend::Postgres).await;
    corpus_codes!(live_change_codes(&connection), postgres, {
        AddTable => [],
        DropTable => ["ALL101"],
        RenameTable => ["ALL103"],
        AddNullableColumn => [],
        AddNotNullColumnWithDefault => [],
        ChangeColumnType => ["PG109"],
        MakeColumnNullable => [],
        MakeColumnNotNull => ["PG106"],
        ChangeDefault => [],
        AddIndex => ["PG101"],
        DropIndex => ["PG102"],
        AddUniqueConstraint => ["PG101"],
        AddForeignKey => ["PG104", "PG110"],
        ChangeOnDelete => ["PG104", "PG110"],
        AddEnumValue => [],
        AddEnumAndColumn => [],
        RenameColumn => ["ALL104"],
    });
}

#[tokio::test]
async fn with_a_live_database_the_corpus_changes_are_judged_on_the_live_columns_on_mysql() {
    let (_db, connection) = corpus_base(Backend::Mysql).await;
    corpus_codes!(live_change_codes(&connection), mysql, {
        AddTable => [],
        DropTable => ["ALL101"],
        RenameTable => ["ALL103"],
        AddNullableColumn => [],
        AddNotNullColumnWithDefault => [],
        ChangeColumnType => ["MY103"],
        MakeColumnNullable => [],
        MakeColumnNotNull => [],
        ChangeDefault => [],
        AddIndex => [],
        DropIndex => [],
        AddUniqueConstraint => [],
        AddForeignKey => [],
        ChangeOnDelete => [],
        AddEnumValue => ["MY101"],
        AddEnumAndColumn => [],
        RenameColumn => ["ALL104"],
    });
}

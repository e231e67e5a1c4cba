//! `check` and `generate --autogenerate` through the real binaries: the
//! shipped `migration` over this repository, and `fixture-migration` over
//! the corpus's application (`FIXTURE_MIGRATOR=entity_first`, its entities
//! chosen by `FIXTURE_ENTITIES`). Exit codes, the lines a user reads, the
//! JSON a machine reads, the questions asked on a terminal, the files
//! written, and the scratch databases left behind (none).

use std::path::Path;
use std::process::{Command, Stdio};

use sea_orm::ConnectionTrait;

use crate::support::inspect::wait_for_rows;
use crate::support::terminal::in_terminal;
use crate::support::{
    Backend, Run, TestDb, entity_first_migration, generated_migration, ops_center_migration,
    run_command_with_url, sleeping_migration,
};

/// Runs the corpus's application with the entities after `change` (`None`:
/// the base set) against `db` with `args`.
fn on_db(db: &TestDb, change: Option<&str>, args: &[&str]) -> Run {
    run_command_with_url(|dir| entity_first_migration(dir, change), &db.url, args)
}

/// A database on `backend` with the corpus's base migration applied.
async fn migrated(backend: Backend) -> TestDb {
    let db = TestDb::create(backend).await;
    on_db(&db, None, &["--no-backup", "up"]).success();
    db
}

/// Runs `generate add_things --autogenerate` with `args` for the entities
/// after `change`, with no database configured (scratch SQLite files in a
/// temp dir of its own).
fn autogenerate(change: &str, args: &[&str]) -> Run {
    let dir = tempfile::tempdir().expect("temp dir");
    Run::of(
        entity_first_migration(dir.path(), Some(change))
            .args(["generate", "add_things", "--autogenerate"])
            .args(args),
    )
}

/// Every file under `dir`, relative to it, sorted.
fn files_under(dir: &Path) -> Vec<String> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(next) = pending.pop() {
        for entry in std::fs::read_dir(&next).expect("read dir") {
            let path = entry.expect("directory entry").path();
            match path.is_dir() {
                true => pending.push(path),
                false => files.push(
                    path.strip_prefix(dir)
                        .expect("under dir")
                        .display()
                        .to_string(),
                ),
            }
        }
    }
    files.sort();
    files
}

/// A minimal migration crate in a new temp dir: `src/lib.rs` listing one
/// migration.
fn migration_crate() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let src = dir.path().join("src");
    std::fs::create_dir_all(&src).expect("mkdir src");
    std::fs::write(
        src.join("lib.rs"),
        "pub use sea_orm_migration::prelude::*;\n\n\
         mod m20260101_000001_base;\n\n\
         pub struct Migrator;\n\n\
         #[async_trait::async_trait]\n\
         impl MigratorTrait for Migrator {\n    \
             fn migrations() -> Vec<Box<dyn MigrationTrait>> {\n        \
                 vec![Box::new(m20260101_000001_base::Migration)]\n    \
             }\n\
         }\n",
    )
    .expect("write lib.rs");
    dir
}

/// Runs the corpus's application with the entities after `change` and
/// `args` inside a pseudo-terminal (util-linux `script`) in a temp dir of
/// its own, with no database configured, typing `input`.
fn on_terminal(change: &str, args: &str, input: &str) -> Run {
    let dir = tempfile::tempdir().expect("temp dir");
    let binary = entity_first_migration(dir.path(), Some(change));
    Run::from(in_terminal(&binary, args, input, true))
}

// `check`

async fn the_shipped_binary_checks_this_repository_and_passes(backend: Backend) {
    let db = TestDb::create(backend).await;
    run_command_with_url(ops_center_migration, &db.url, &["--no-backup", "up"]).success();
    let run = run_command_with_url(ops_center_migration, &db.url, &["check"]);
    run.success().says("check passed");
}
on_every_backend!(the_shipped_binary_checks_this_repository_and_passes);

async fn the_shipped_binary_checks_this_repository_in_json_and_passes(backend: Backend) {
    let db = TestDb::create(backend).await;
    run_command_with_url(ops_center_migration, &db.url, &["--no-backup", "up"]).success();
    let json = run_command_with_url(ops_center_migration, &db.url, &["check", "--json"])
        .success()
        .json();
    assert_eq!(json["passed"], true, "{json}");
    assert_eq!(json["differences"], serde_json::json!([]), "{json}");
}
on_every_backend!(the_shipped_binary_checks_this_repository_in_json_and_passes);

#[test]
fn check_without_a_database_passes_says_none_was_checked_and_leaves_no_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = Run::of(entity_first_migration(dir.path(), None).arg("check"));
    run.success()
        .says("no database was checked")
        .says("check passed");
    assert_eq!(files_under(dir.path()), Vec::<String>::new());
}

async fn check_fails_on_an_entity_change_without_its_migration(backend: Backend) {
    let db = migrated(backend).await;
    let run = on_db(&db, Some("add_nullable_column"), &["check"]);
    assert_eq!(run.code, 6, "{run:#?}");
    assert!(
        run.stdout.contains("  add column widgets.color ("),
        "{run:#?}"
    );
    assert!(run.stdout.contains("check failed"), "{run:#?}");
}
on_every_backend!(check_fails_on_an_entity_change_without_its_migration);

async fn check_json_lists_an_entity_change_as_from_the_entities(backend: Backend) {
    let db = migrated(backend).await;
    let run = on_db(&db, Some("add_nullable_column"), &["check", "--json"]);
    assert_eq!(run.code, 6, "{run:#?}");
    let json = run.json();
    assert_eq!(json["passed"], false, "{json}");
    let differences = json["differences"].as_array().expect("differences");
    assert_eq!(differences.len(), 1, "{json}");
    assert_eq!(differences[0]["source"], "entities", "{json}");
    assert_eq!(differences[0]["change"], "add_column", "{json}");
    assert_eq!(differences[0]["table"], "widgets", "{json}");
    assert_eq!(differences[0]["column"]["name"], "color", "{json}");
}
on_every_backend!(check_json_lists_an_entity_change_as_from_the_entities);

async fn check_fails_on_a_migration_edited_after_it_was_applied(backend: Backend) {
    let db = TestDb::create(backend).await;
    run_command_with_url(|dir| generated_migration(dir, false), &db.url, &["up"]).success();
    let run = run_command_with_url(|dir| generated_migration(dir, true), &db.url, &["check"]);
    assert_eq!(run.code, 6, "{run:#?}");
    assert!(
        run.stdout
            .contains("migration `m20300101_000002_add_gadgets` was edited after it was applied"),
        "{run:#?}"
    );
    assert!(run.stdout.contains("check failed"), "{run:#?}");
}
on_every_backend!(check_fails_on_a_migration_edited_after_it_was_applied);

/// Adds a column and an index to `db` by hand, outside the migrations.
async fn change_by_hand(db: &TestDb) {
    db.execute("ALTER TABLE gadgets ADD COLUMN color varchar(20)")
        .await;
    db.execute("CREATE INDEX idx_manual ON gadgets (label)")
        .await;
}

async fn check_fails_on_a_column_and_an_index_added_by_hand(backend: Backend) {
    let db = migrated(backend).await;
    change_by_hand(&db).await;
    let run = on_db(&db, None, &["check"]);
    assert_eq!(run.code, 6, "{run:#?}");
    assert!(
        run.stdout
            .contains("its schema differs from what its applied migrations produce"),
        "{run:#?}"
    );
    assert!(
        run.stdout.contains("  add column gadgets.color ("),
        "{run:#?}"
    );
    assert!(
        run.stdout
            .contains("  add index idx_manual on gadgets (label)"),
        "{run:#?}"
    );
}
on_every_backend!(check_fails_on_a_column_and_an_index_added_by_hand);

async fn check_json_lists_changes_made_by_hand_as_live(backend: Backend) {
    let db = migrated(backend).await;
    change_by_hand(&db).await;
    let run = on_db(&db, None, &["check", "--json"]);
    assert_eq!(run.code, 6, "{run:#?}");
    let json = run.json();
    let differences = json["differences"].as_array().expect("differences");
    let changes: Vec<(&str, &str)> = differences
        .iter()
        .map(|d| {
            (
                d["source"].as_str().expect("source"),
                d["change"].as_str().expect("change"),
            )
        })
        .collect();
    assert_eq!(
        changes,
        [("live", "add_column"), ("live", "add_index")],
        "{json}"
    );
}
on_every_backend!(check_json_lists_changes_made_by_hand_as_live);

#[tokio::test]
async fn check_needs_only_read_access_to_the_database() {
    let db = migrated(Backend::Postgres).await;
    let role = db.create_login("read-only").await;
    db.execute(&format!(
        "ALTER DATABASE {name} OWNER TO postgres; \
         ALTER ROLE {role} NOCREATEDB; \
         GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}",
        name = db.name
    ))
    .await;
    let mut url = url::Url::parse(&db.url).expect("test URL");
    url.set_username(&role).expect("user");
    url.set_password(Some("read-only")).expect("password");
    let reader = sea_orm::Database::connect(url.as_str())
        .await
        .expect("connect as the read-only login");
    let write = reader
        .execute_unprepared("UPDATE seaql_migrations SET version = version")
        .await;
    assert!(write.is_err(), "the login can write");
    let _ = reader.close().await;
    // The scratch databases go beside a database the role cannot create
    // databases beside: `--dev-url` names another server login's.
    let run = run_command_with_url(
        |dir| entity_first_migration(dir, None),
        url.as_str(),
        &["check", "--dev-url", &db.url],
    );
    run.success().says("check passed");
}

// `generate --autogenerate`

async fn generate_dry_run_prints_the_migration_and_writes_nothing(backend: Backend) {
    let db = TestDb::create(backend).await;
    let krate = migration_crate();
    let before = files_under(krate.path());
    let run = Run::of(
        entity_first_migration(krate.path(), Some("add_nullable_column"))
            .args(["-u", &db.url, "generate", "add_color", "--autogenerate"])
            .arg("--dry-run"),
    )
    .success();
    assert!(run.stdout.contains("manager"), "{run:#?}");
    assert!(run.stdout.contains("async fn down"), "{run:#?}");
    assert!(run.stdout.contains("color"), "{run:#?}");
    assert_eq!(files_under(krate.path()), before);
}
on_every_backend!(generate_dry_run_prints_the_migration_and_writes_nothing);

#[test]
fn generate_with_nothing_to_change_says_no_changes_and_writes_nothing() {
    let krate = migration_crate();
    let before = files_under(krate.path());
    let run = Run::of(entity_first_migration(krate.path(), None).args([
        "generate",
        "nothing",
        "--autogenerate",
    ]))
    .success();
    assert!(run.stdout.starts_with("no changes"), "{run:#?}");
    assert_eq!(files_under(krate.path()), before);
}

#[test]
fn generate_writes_the_migration_into_the_migration_dir_and_registers_it() {
    let krate = migration_crate();
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let run = Run::of(
        entity_first_migration(elsewhere.path(), Some("add_nullable_column"))
            .args(["generate", "add_color", "--autogenerate", "--migration-dir"])
            .arg(krate.path()),
    )
    .success();
    let written: Vec<String> = files_under(krate.path())
        .into_iter()
        .filter(|file| file != "src/lib.rs")
        .collect();
    assert_eq!(written.len(), 1, "{written:?}: {run:#?}");
    let module = written[0]
        .strip_prefix("src/")
        .and_then(|file| file.strip_suffix(".rs"))
        .expect("a file in src/");
    assert!(
        module.starts_with('m')
            && module.ends_with("_add_color")
            && module.len() == "m20260101_000001_add_color".len(),
        "{module}"
    );
    let source = std::fs::read_to_string(krate.path().join(&written[0])).expect("read");
    assert!(source.contains("async fn down"), "{source}");
    let lib = std::fs::read_to_string(krate.path().join("src/lib.rs")).expect("read lib.rs");
    assert!(lib.contains(&format!("mod {module};")), "{lib}");
    assert!(
        lib.contains(&format!("Box::new({module}::Migration)")),
        "{lib}"
    );
    assert!(
        run.stdout.contains("  add column widgets.color"),
        "{run:#?}"
    );
    assert_eq!(files_under(elsewhere.path()), Vec::<String>::new());
}

const RENAME_QUESTION: &str = "did you rename widgets.name to title?";

#[test]
fn on_a_terminal_a_rename_is_asked_and_yes_drafts_rename_column() {
    let run = on_terminal(
        "rename_column_undeclared",
        "generate retitle --autogenerate --dry-run",
        "y\n",
    );
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(run.stdout.contains(RENAME_QUESTION), "{run:#?}");
    assert!(run.stdout.contains("rename_column"), "{run:#?}");
    assert!(!run.stdout.contains("drop_column"), "{run:#?}");
}

#[test]
fn on_a_terminal_a_declined_rename_is_refused_as_destructive() {
    let run = on_terminal(
        "rename_column_undeclared",
        "generate retitle --autogenerate --dry-run",
        "n\n",
    );
    assert_eq!(run.code, 2, "{run:#?}");
    assert!(run.stdout.contains(RENAME_QUESTION), "{run:#?}");
    assert!(
        run.stdout
            .contains("error: the migration would drop column widgets.name"),
        "{run:#?}"
    );
    assert!(run.stdout.contains("--allow-destructive"), "{run:#?}");
}

#[test]
fn without_a_terminal_an_undeclared_rename_is_refused_naming_both_ways_on() {
    let run = autogenerate("rename_column_undeclared", &["--dry-run"]);
    run.fails_with(2, "--rename widgets.name=title");
    assert!(run.stderr.contains("--allow-destructive"), "{run:#?}");
}

#[test]
fn the_rename_flag_drafts_a_rename() {
    let run = autogenerate(
        "rename_column_undeclared",
        &["--dry-run", "--rename", "widgets.name=title"],
    )
    .success();
    assert!(run.stdout.contains("rename_column"), "{run:#?}");
    assert!(!run.stdout.contains("drop_column"), "{run:#?}");
}

#[test]
fn a_dropped_table_is_refused_without_allow_destructive() {
    let run = autogenerate("drop_table", &["--dry-run"]);
    run.fails_with(2, "--allow-destructive");
    assert!(run.stderr.contains("drop table gadgets"), "{run:#?}");
}

#[test]
fn a_dropped_table_is_drafted_with_allow_destructive_and_marked_destructive() {
    let run = autogenerate("drop_table", &["--dry-run", "--allow-destructive"]).success();
    assert!(run.stdout.contains("drop_table"), "{run:#?}");
    assert!(run.stdout.contains("// DESTRUCTIVE:"), "{run:#?}");
}

#[test]
fn a_not_null_column_without_a_default_is_refused_without_a_terminal() {
    let run = autogenerate("add_not_null_column", &["--dry-run"]);
    run.fails_with(2, "--default widgets.price=VALUE");
}

#[test]
fn a_not_null_column_without_a_default_is_drafted_with_the_value_given() {
    let run = autogenerate(
        "add_not_null_column",
        &["--dry-run", "--default", "widgets.price=42"],
    )
    .success();
    assert!(run.stdout.contains("price"), "{run:#?}");
    assert!(run.stdout.contains("42"), "{run:#?}");
}

// Scratch databases

async fn scratch_databases_are_dropped_when_the_draft_fails(backend: Backend) {
    let db = TestDb::create(backend).await;
    let before = db.beside().await;
    let run = on_db(
        &db,
        Some("register_a_table_twice"),
        &["generate", "twice", "--autogenerate", "--dry-run"],
    );
    run.fails_with(1, "the entities' DDL failed");
    assert_eq!(db.beside().await, before);
}
on_every_backend!(scratch_databases_are_dropped_when_the_draft_fails);

/// `check` interrupted with Ctrl-C while the scratch database's `up` runs
/// (the migration sleeps there): exit 130, and no scratch database left.
async fn ctrl_c_during_check_exits_130_and_drops_the_scratch_database(backend: Backend) {
    let db = TestDb::create(backend).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let child = sleeping_migration(dir.path(), 60.0)
        .args(["-u", &db.url, "check"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let scratch = db.beside_pattern();
    let sleeping = match backend {
        Backend::Postgres => format!(
            "SELECT pid::text FROM pg_stat_activity WHERE datname LIKE {scratch} AND query LIKE 'SELECT pg_sleep%'"
        ),
        _ => format!(
            "SELECT CAST(id AS CHAR) FROM information_schema.processlist WHERE db LIKE {scratch} AND info LIKE 'SELECT SLEEP%'"
        ),
    };
    wait_for_rows(
        &db.connect().await,
        &sleeping,
        "the migration sleeping in a scratch database",
    )
    .await;
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(sent.success());
    let run = Run::from(child.wait_with_output().expect("wait"));
    assert_eq!(run.code, 130, "{run:#?}");
    assert!(run.stderr.contains("error: interrupted"), "{run:#?}");
    assert_eq!(db.beside().await, Vec::<String>::new());
}

// The migration that sleeps does not sleep on SQLite.
mod ctrl_c_during_check_exits_130_and_drops_the_scratch_database {
    use crate::support::Backend;

    #[tokio::test]
    async fn postgres() {
        super::ctrl_c_during_check_exits_130_and_drops_the_scratch_database(Backend::Postgres)
            .await;
    }

    #[tokio::test]
    async fn mysql() {
        super::ctrl_c_during_check_exits_130_and_drops_the_scratch_database(Backend::Mysql).await;
    }
}

//! docs/MIGRATION_WORKFLOW.md and docs/ROLLBACK_PROCEDURE.md, scenario by
//! scenario: each module runs its scenario's documented commands, in order,
//! through the real binary, over the guide's migrations (the fixture's
//! `workflow` and `rollback` migrators, whose files the guide shows).

mod adding_a_table;
mod data_migration;
mod modifying_a_table;
mod production_deployment;
mod renaming_a_column;
mod rollback_procedure;
mod rolling_back_after_an_error;
mod zero_downtime_migration;

use std::path::PathBuf;
use std::process::Command;

use crate::support::inspect::rows;
use crate::support::{Backend, Run, TestDb, migration, root};

pub const CREATE: &str = "m20300401_000001_create_maintenance_windows";
pub const REASON: &str = "m20300401_000002_add_maintenance_windows_reason";
pub const BACKFILL: &str = "m20300401_000003_backfill_maintenance_windows_reason";
pub const RENAME: &str = "m20300401_000004_rename_maintenance_windows_note";
pub const INDEX: &str = "m20300401_000005_index_maintenance_windows_starts_at";
pub const CHECK: &str = "m20300401_000006_check_maintenance_windows_reason";
pub const VALIDATE: &str = "m20300401_000007_validate_maintenance_windows_reason";
pub const DROP_REASON: &str = "m20300402_000001_drop_maintenance_windows_reason";
pub const KIND: &str = "m20300402_000002_add_maintenance_windows_kind";

/// A guide's database, and the guide's migration crate as it stands at
/// some step, run as the guide runs it: `DATABASE_URL` and
/// `MIGRATION_BACKUP_DIR` from the environment, in a directory of its own.
pub struct Guide {
    pub db: TestDb,
    pub dir: tempfile::TempDir,
    migrator: &'static str,
}

impl Guide {
    /// MIGRATION_WORKFLOW.md's migrations on a new database.
    pub async fn workflow(backend: Backend) -> Self {
        Self::with("workflow", backend).await
    }

    /// ROLLBACK_PROCEDURE.md's migrations (the workflow's, then two) on a new database.
    pub async fn rollback(backend: Backend) -> Self {
        Self::with("rollback", backend).await
    }

    async fn with(migrator: &'static str, backend: Backend) -> Self {
        Self {
            db: TestDb::create(backend).await,
            dir: tempfile::tempdir().expect("temp dir"),
            migrator,
        }
    }

    pub fn backup_dir(&self) -> PathBuf {
        self.dir.path().join("backups")
    }

    /// The binary as a build of the guide's crate whose newest migration
    /// is `upto` (every migration when `None`), configured from the environment.
    pub fn command(&self, upto: Option<&str>) -> Command {
        let mut command = migration(self.dir.path());
        command
            .env("FIXTURE_MIGRATOR", self.migrator)
            .env("DATABASE_URL", &self.db.url)
            .env("MIGRATION_BACKUP_DIR", self.backup_dir());
        if let Some(upto) = upto {
            command.env("FIXTURE_WORKFLOW_UPTO", upto);
        }
        command
    }

    /// Runs `args` on the crate as it stands at `upto`.
    pub fn at(&self, upto: &str, args: &[&str]) -> Run {
        Run::of(self.command(Some(upto)).args(args))
    }

    /// Runs `args` on the crate with every migration.
    pub fn run(&self, args: &[&str]) -> Run {
        Run::of(self.command(None).args(args))
    }

    /// Rows of `sql`, `columns` strings each.
    pub async fn rows(&self, sql: &str, columns: usize) -> Vec<Vec<String>> {
        let db = self.db.connect().await;
        let found = rows(&db, sql, columns).await;
        let _ = db.close().await;
        found
    }

    /// The first column of `sql`'s one row.
    pub async fn value(&self, sql: &str) -> String {
        let found = self.rows(sql, 1).await;
        assert_eq!(found.len(), 1, "{sql}: {found:?}");
        found[0][0].clone()
    }

    /// The columns of `maintenance_windows`, sorted.
    pub async fn window_columns(&self) -> Vec<String> {
        let sql = match self.db.backend {
            Backend::Postgres => {
                "SELECT column_name::text FROM information_schema.columns \
                 WHERE table_schema = 'public' AND table_name = 'maintenance_windows'"
            }
            Backend::Mysql => {
                "SELECT CAST(column_name AS CHAR) FROM information_schema.columns \
                 WHERE table_schema = DATABASE() AND table_name = 'maintenance_windows'"
            }
            Backend::Sqlite => "SELECT name FROM pragma_table_info('maintenance_windows')",
        };
        let mut names: Vec<String> = self
            .rows(sql, 1)
            .await
            .into_iter()
            .map(|mut r| r.remove(0))
            .collect();
        names.sort();
        names
    }

    /// Whether `maintenance_windows` exists.
    pub async fn has_windows_table(&self) -> bool {
        crate::support::inspect::tables(&self.db.connect().await, self.db.backend)
            .await
            .contains(&"maintenance_windows".to_owned())
    }

    /// One organization (id 1) and `count` maintenance windows of it, ids
    /// 1 to `count`, whose text column (`note`, or `description` after the
    /// rename) reads `note <id>`.
    pub async fn add_windows(&self, count: u32, text_column: &str) {
        self.db
            .execute(
                "INSERT INTO organizations (name, slug, owner_user_id, plan, max_members, is_active, settings, created_at, updated_at) \
                 VALUES ('Acme', 'acme', 'u1', 'pro', 10, true, '{}', '2030-01-01 00:00:00', '2030-01-01 00:00:00')",
            )
            .await;
        let columns = format!("organization_id, starts_at, ends_at, {text_column}");
        let sql = match self.db.backend {
            Backend::Postgres => format!(
                "INSERT INTO maintenance_windows ({columns}) \
                 SELECT 1, '2030-01-01 00:00:00+00', '2030-01-01 01:00:00+00', 'note ' || i FROM generate_series(1, {count}) i"
            ),
            // MariaDB stops a recursive query after 1000 rounds by default.
            Backend::Mysql => format!(
                "SET SESSION max_recursive_iterations = {count}; \
                 INSERT INTO maintenance_windows ({columns}) \
                 WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {count}) \
                 SELECT 1, '2030-01-01 00:00:00', '2030-01-01 01:00:00', CONCAT('note ', i) FROM s"
            ),
            Backend::Sqlite => format!(
                "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {count}) \
                 INSERT INTO maintenance_windows ({columns}) \
                 SELECT 1, '2030-01-01 00:00:00+00:00', '2030-01-01 01:00:00+00:00', 'note ' || i FROM s"
            ),
        };
        self.db.execute(&sql).await;
    }

    /// Puts the workspace's `migration/src/lib.rs` into this guide's
    /// directory, which then stands for the workspace root `generate` runs in.
    pub fn with_migration_crate(&self) {
        let src = self.dir.path().join("migration/src");
        std::fs::create_dir_all(&src).expect("mkdir");
        std::fs::write(
            src.join("lib.rs"),
            include_str!("../../migration/src/lib.rs"),
        )
        .expect("write lib.rs");
    }

    /// The migration `generate` wrote whose name ends in `_<name>`: its
    /// module name and its source; and whether `lib.rs` registers it.
    pub fn generated(&self, name: &str) -> (String, String, bool) {
        let src = self.dir.path().join("migration/src");
        let file = std::fs::read_dir(&src)
            .expect("read migration/src")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .find(|file| file.ends_with(&format!("_{name}.rs")))
            .unwrap_or_else(|| panic!("no migration named {name} written"));
        let module = file.trim_end_matches(".rs").to_owned();
        let source = std::fs::read_to_string(src.join(&file)).expect("read the migration");
        let lib = std::fs::read_to_string(src.join("lib.rs")).expect("read lib.rs");
        let registered = lib.contains(&format!("mod {module};"))
            && lib.contains(&format!("Box::new({module}::Migration)"));
        (module, source, registered)
    }

    /// How many windows have no reason.
    pub async fn windows_without_reason(&self) -> String {
        self.value("SELECT COUNT(*) FROM maintenance_windows WHERE reason IS NULL")
            .await
    }

    /// The versions `status --json` reports in `state`.
    pub fn versions(&self, upto: Option<&str>, state: &str) -> Vec<String> {
        let status = Run::of(self.command(upto).args(["status", "--json"])).json();
        status["migrations"]
            .as_array()
            .expect("migrations")
            .iter()
            .filter(|m| m["state"] == state)
            .map(|m| m["version"].as_str().expect("version").to_owned())
            .collect()
    }
}

/// The text of docs/`name`.
pub fn guide(name: &str) -> String {
    std::fs::read_to_string(root().join("docs").join(name)).expect("read the guide")
}

/// The source of the guide's migration `version`, as the fixture builds it.
pub fn migration_source(version: &str) -> String {
    std::fs::read_to_string(
        root()
            .join("tests/fixture/workflow")
            .join(format!("{version}.rs")),
    )
    .expect("read the migration")
}

/// The ```rust blocks of `text`, each without the indentation of its fence.
fn rust_blocks(text: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<(usize, Vec<String>)> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        match current.take() {
            None if trimmed == "```rust" => current = Some((indent, Vec::new())),
            None => {}
            Some((_, lines)) if trimmed == "```" => blocks.push(lines.join("\n") + "\n"),
            Some((fence, mut lines)) => {
                lines.push(line.get(fence..).unwrap_or("").to_owned());
                current = Some((fence, lines));
            }
        }
    }
    blocks
}

/// Asserts that the guide `name` shows migration `version`'s file exactly.
pub fn assert_guide_shows(name: &str, version: &str) {
    let source = migration_source(version);
    assert!(
        rust_blocks(&guide(name)).contains(&source),
        "docs/{name} does not show tests/fixture/workflow/{version}.rs as it is"
    );
}

#[test]
fn every_migration_the_workflow_guide_shows_is_a_file_the_fixture_runs() {
    let blocks = rust_blocks(&guide("MIGRATION_WORKFLOW.md"));
    let migrations: Vec<&String> = blocks
        .iter()
        .filter(|b| b.contains("impl MigrationTrait for Migration"))
        .collect();
    assert_eq!(migrations.len(), 7, "one migration per step of the guide");
    for version in [CREATE, REASON, BACKFILL, RENAME, INDEX, CHECK, VALIDATE] {
        assert_guide_shows("MIGRATION_WORKFLOW.md", version);
    }
}

//! The wrappers with the old system's script names (`scripts/database/`):
//! each does what its name said, by running our binary (here the fixture
//! binary, through `MIGRATION_BIN`) with the environment it was given.

use std::path::Path;
use std::process::Command;

use crate::support::{Backend, Run, TestDb, migration, old_script};

const BASELINE: &str = "m20251023_000007_initial_schema_baseline";

/// A SQLite database, the fixture migrator to run on it, and a temp dir to
/// run the scripts in, its backups in `backups/`.
struct Fixture {
    db: TestDb,
    migrator: &'static str,
    dir: tempfile::TempDir,
}

impl Fixture {
    /// Over the one-migration baseline.
    async fn new() -> Self {
        Self::with_migrator("baseline").await
    }

    /// Over the five SeaORM-like migrations, all applied.
    async fn seaorm_applied() -> Self {
        let fixture = Self::with_migrator("seaorm").await;
        fixture.migration(&["up"]).success();
        fixture
    }

    async fn with_migrator(migrator: &'static str) -> Self {
        Self {
            db: TestDb::create(Backend::Sqlite).await,
            migrator,
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// Runs the script `name` with `args`, the database in `DATABASE_URL`.
    fn script(&self, name: &str, args: &[&str]) -> Run {
        self.run(old_script(name, self.dir.path()).args(args))
    }

    /// Runs the binary itself with `args`, configured like [`Fixture::script`].
    fn migration(&self, args: &[&str]) -> Run {
        self.run(migration(self.dir.path()).args(args))
    }

    fn run(&self, command: &mut Command) -> Run {
        Run::of(
            command
                .env("DATABASE_URL", &self.db.url)
                .env("MIGRATION_BACKUP_DIR", self.backup_dir())
                .env("FIXTURE_MIGRATOR", self.migrator),
        )
    }

    fn backup_dir(&self) -> std::path::PathBuf {
        self.dir.path().join("backups")
    }

    /// How many migrations `status --json` counts as applied.
    fn applied(&self) -> u64 {
        let status = self.migration(&["status", "--json"]).success().json();
        status["summary"]["applied"]
            .as_u64()
            .expect("applied count")
    }

    /// The ids of the backups `backup list --json` shows, newest first.
    fn backups(&self) -> Vec<String> {
        let listed = self
            .migration(&["backup", "list", "--json"])
            .success()
            .json();
        listed["backups"]
            .as_array()
            .expect("backups")
            .iter()
            .map(|b| b["id"].as_str().expect("id").to_owned())
            .collect()
    }
}

#[tokio::test]
async fn run_migrations_takes_a_backup_then_applies_the_pending_migrations() {
    let f = Fixture::new().await;
    f.script("run_migrations.sh", &[])
        .success()
        .says(&format!("applied     {BASELINE}"));
    assert_eq!((f.backups().len(), f.applied()), (1, 1));
}

#[tokio::test]
async fn run_migrations_dry_run_prints_the_sql_and_applies_nothing() {
    let f = Fixture::new().await;
    f.script("run_migrations.sh", &["--dry-run"])
        .success()
        .says("CREATE TABLE");
    assert_eq!(f.applied(), 0);
    assert!(!f.backup_dir().exists(), "a dry run takes no backup");
}

#[tokio::test]
async fn migration_status_lists_the_baseline() {
    let f = Fixture::new().await;
    let status = f.script("migration_status.sh", &[]).success().stdout;
    assert!(status.contains(&format!("pending  {BASELINE}")), "{status}");
}

#[tokio::test]
async fn backup_database_takes_a_verified_backup() {
    let f = Fixture::new().await;
    f.script("backup_database.sh", &[])
        .success()
        .says("verified");
    assert_eq!(f.backups().len(), 1);
}

#[tokio::test]
async fn rollback_migration_with_yes_rolls_back_the_newest_migration() {
    let f = Fixture::seaorm_applied().await;
    let run = f.script("rollback_migration.sh", &["--yes"]).success();
    assert!(
        run.stdout
            .contains("Roll back 1 migration (m20300301_000005_"),
        "{run:#?}"
    );
    assert_eq!(f.applied(), 4);
}

#[tokio::test]
async fn rollback_migration_rolls_back_as_many_migrations_as_its_first_argument_says() {
    let f = Fixture::seaorm_applied().await;
    f.script("rollback_migration.sh", &["3", "-y"]).success();
    assert_eq!(f.applied(), 2);
}

#[tokio::test]
async fn rollback_migration_asks_for_confirmation_and_without_a_terminal_refuses() {
    let f = Fixture::seaorm_applied().await;
    f.script("rollback_migration.sh", &[])
        .fails_with(2, "pass --yes");
    assert_eq!(f.applied(), 5);
}

#[tokio::test]
async fn restore_database_restores_the_backup_with_that_id() {
    let f = Fixture::new().await;
    f.script("backup_database.sh", &[]).success();
    let id = f.backups().remove(0);
    f.migration(&["up"]).success();
    f.script("restore_database.sh", &[&id, "--yes"])
        .success()
        .says(&format!("restored {id}"));
    assert_eq!(f.applied(), 0);
}

#[tokio::test]
async fn create_migration_writes_and_registers_a_migration_file() {
    let f = Fixture::new().await;
    let crate_dir = f.dir.path().join("migration");
    let src = crate_dir.join("src");
    std::fs::create_dir_all(&src).expect("mkdir");
    std::fs::write(src.join("lib.rs"), include_str!("../migration/src/lib.rs")).expect("write");
    let dir = crate_dir.to_str().expect("UTF-8 temp path");
    f.script(
        "create_migration.sh",
        &["add_widgets", "--migration-dir", dir],
    )
    .success();
    let written = std::fs::read_dir(&src)
        .expect("read dir")
        .filter_map(Result::ok)
        .any(|e| e.file_name().to_string_lossy().ends_with("_add_widgets.rs"));
    assert!(written, "no migration file in {}", src.display());
    let lib = std::fs::read_to_string(src.join("lib.rs")).expect("read lib.rs");
    assert!(lib.contains("_add_widgets::Migration)"), "{lib}");
}

#[test]
fn every_wrapper_is_executable_and_names_the_command_it_runs() {
    let scripts = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/database");
    for (script, command) in [
        ("run_migrations.sh", "migration up"),
        ("rollback_migration.sh", "migration down"),
        ("migration_status.sh", "migration status"),
        ("backup_database.sh", "migration backup create"),
        ("restore_database.sh", "migration restore"),
        ("create_migration.sh", "migration generate"),
    ] {
        use std::os::unix::fs::PermissionsExt;
        let path = scripts.join(script);
        let mode = std::fs::metadata(&path)
            .expect("script")
            .permissions()
            .mode();
        assert!(mode & 0o111 != 0, "{script} is not executable");
        let text = std::fs::read_to_string(&path).expect("read script");
        assert!(
            text.contains(&format!("runs `{command}")),
            "{script}: {text}"
        );
    }
}

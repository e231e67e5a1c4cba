//! Running the real `migration` binary with a clean environment.

use std::ffi::OsStr;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Variables that would leak the developer's configuration into a test.
const CONFIG_VARS: [&str; 24] = [
    "DATABASE_URL",
    "DATABASE_SCHEMA",
    "POSTGRES_HOST",
    "POSTGRES_PORT",
    "POSTGRES_USER",
    "POSTGRES_PASSWORD",
    "POSTGRES_DB",
    "MIGRATION_DIR",
    "MIGRATION_YES",
    "RUST_LOG",
    "MIGRATION_BACKUP_DIR",
    "MIGRATION_BACKUP_RETENTION_DAYS",
    "MIGRATION_BACKUP_KEEP_MIN",
    "MIGRATION_BACKUP_MAX_TOTAL_SIZE",
    "MIGRATION_PG_BIN_DIR",
    "MIGRATION_BACKUP_JOBS",
    "NO_COLOR",
    "PGPASSWORD",
    "FIXTURE_MIGRATOR",
    "FIXTURE_SLEEP_SECS",
    "FIXTURE_FILLED_IN",
    "FIXTURE_CALLS_FILE",
    "FIXTURE_ENTITIES",
    "FIXTURE_WORKFLOW_UPTO",
];

/// The CLI over the suite's fixed baseline migrator (`fixture-migration`),
/// run in `dir` with none of the configuration variables set. Most tests use
/// it, so adding a migration to `migration/` changes none of their expectations.
pub fn migration(dir: &Path) -> Command {
    clean(env!("CARGO_BIN_EXE_fixture-migration"), dir)
}

/// The CLI over the fixed migrator that sleeps ([`crate::support::fixture::Sleep`])
/// for `seconds`, run like [`migration`].
pub fn sleeping_migration(dir: &Path, seconds: f64) -> Command {
    let mut command = migration(dir);
    command
        .env("FIXTURE_MIGRATOR", "sleep")
        .env(crate::support::fixture::SLEEP_SECS, seconds.to_string());
    command
}

/// The CLI over the fixed migrator with one generated migration
/// ([`crate::support::fixture::Generated`]), empty or, with `filled_in`,
/// as its author filled it in; run like [`migration`].
pub fn generated_migration(dir: &Path, filled_in: bool) -> Command {
    let mut command = migration(dir);
    command.env("FIXTURE_MIGRATOR", "generated");
    if filled_in {
        command.env(crate::support::fixture::FILLED_IN, "1");
    }
    command
}

/// The CLI over the fixed migrator of SeaORM-like migrations
/// ([`crate::support::fixture::SeaOrmMigrator`]), run like [`migration`].
pub fn seaorm_migration(dir: &Path) -> Command {
    let mut command = migration(dir);
    command.env("FIXTURE_MIGRATOR", "seaorm");
    command
}

/// The CLI over the entity-first corpus's base migration (drafted on
/// PostgreSQL) with the application's entities after change `entities`
/// (`tests/entity_first/app.rs`, `after`), or its base entities when `None`;
/// run like [`migration`].
pub fn entity_first_migration(dir: &Path, entities: Option<&str>) -> Command {
    let mut command = migration(dir);
    command.env("FIXTURE_MIGRATOR", "entity_first");
    if let Some(change) = entities {
        command.env("FIXTURE_ENTITIES", change);
    }
    command
}

/// sea-orm-migration's own CLI (`run_cli`) over the same SeaORM-like
/// migrator (`stock-fixture`), run like [`migration`].
pub fn stock_migration(dir: &Path) -> Command {
    clean(env!("CARGO_BIN_EXE_stock-fixture"), dir)
}

/// The shipped `migration` binary over ops-center's live migrator, run like [`migration`].
pub fn ops_center_migration(dir: &Path) -> Command {
    clean(env!("CARGO_BIN_EXE_migration"), dir)
}

/// The old system's script `name`, one of the wrappers in `scripts/database/`,
/// over the fixture binary (`MIGRATION_BIN`), run like [`migration`].
pub fn old_script(name: &str, dir: &Path) -> Command {
    let script = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../scripts/database")
        .join(name);
    let mut command = clean(script, dir);
    command.env("MIGRATION_BIN", env!("CARGO_BIN_EXE_fixture-migration"));
    command
}

/// `binary`, run in `dir` with none of the configuration variables set.
pub fn clean(binary: impl AsRef<OsStr>, dir: &Path) -> Command {
    let mut command = Command::new(binary);
    command.current_dir(dir).stdin(Stdio::null());
    for var in CONFIG_VARS {
        command.env_remove(var);
    }
    command
}

/// Runs [`migration`] against the database at `url` (`-u url`) with `args`,
/// to completion, in a temp dir of its own: a backup the command takes lands
/// there and is removed with it.
pub fn run_with_url(url: &str, args: &[&str]) -> Run {
    run_command_with_url(migration, url, args)
}

/// Runs the command `binary` makes for a directory (one of the constructors
/// above, or a closure adding to one) like [`run_with_url`].
pub fn run_command_with_url(
    binary: impl FnOnce(&Path) -> Command,
    url: &str,
    args: &[&str],
) -> Run {
    let dir = tempfile::tempdir().expect("temp dir");
    Run::of(binary(dir.path()).arg("-u").arg(url).args(args))
}

/// What a finished run printed and how it exited.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    /// The run that printed and exited as `output` says, for a child the test
    /// waited for itself (signalled, or on a terminal); a signalled child's code is -1.
    fn from(output: Output) -> Self {
        Self {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

impl Run {
    /// Runs `command` to completion.
    pub fn of(command: &mut Command) -> Self {
        command.output().expect("run the migration binary").into()
    }

    /// What stdout holds, as JSON; panics showing the whole run when it is not JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {self:#?}"))
    }

    /// Asserts exit code 0 and returns self.
    pub fn success(self) -> Self {
        assert_eq!(self.code, 0, "expected success, got {self:#?}");
        self
    }

    /// Everything printed, stdout then stderr.
    pub fn all_output(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }

    /// Asserts that stdout contains `needle`, and returns the run.
    pub fn says(self, needle: &str) -> Self {
        assert!(
            self.stdout.contains(needle),
            "expected `{needle}` on stdout: {self:#?}"
        );
        self
    }

    /// Asserts that stdout does not contain `needle`.
    pub fn never_says(self, needle: &str) -> Self {
        assert!(
            !self.stdout.contains(needle),
            "did not expect `{needle}` on stdout: {self:#?}"
        );
        self
    }

    /// Asserts `code`, and that stderr holds exactly one line, starting with `error:`,
    /// that contains `needle`.
    pub fn fails_with(&self, code: i32, needle: &str) {
        assert_eq!(self.code, code, "wrong exit code: {self:#?}");
        let lines: Vec<&str> = self
            .stderr
            .lines()
            .filter(|l| !l.starts_with("note:"))
            .collect();
        assert_eq!(lines.len(), 1, "expected one error line: {self:#?}");
        assert!(lines[0].starts_with("error: "), "{self:#?}");
        assert!(
            lines[0].contains(needle),
            "expected `{needle}` in: {self:#?}"
        );
    }
}

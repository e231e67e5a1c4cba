//! Backups and restores on every backend, with the real dump tools:
//! round trips, the automatic backup before changes, failure handling,
//! corruption, metadata and plain `pg_restore` (secrets: tests/secrets.rs).

use std::path::{Path, PathBuf};

use crate::support::inspect::{rows, snapshot, tables};
use crate::support::tools::{real_postgres_tool, script, server_major};
use crate::support::{Backend, Run, TestDb, migration};

/// A database plus a working directory (whose `backups/` holds its backups).
pub struct Fixture {
    pub db: TestDb,
    pub dir: tempfile::TempDir,
}

impl Fixture {
    pub async fn new(backend: Backend) -> Self {
        Self {
            db: TestDb::create(backend).await,
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// The binary with `args`, against the database as the test server's superuser.
    pub fn command(&self, args: &[&str]) -> std::process::Command {
        let mut command = migration(self.dir.path());
        command.arg("-u").arg(&self.db.url).args(args);
        command
    }

    /// Runs [`Fixture::command`].
    pub fn run(&self, args: &[&str]) -> Run {
        Run::of(&mut self.command(args))
    }

    /// Runs the binary against the database through `url`.
    pub fn run_as(&self, url: &str, args: &[&str]) -> Run {
        Run::of(migration(self.dir.path()).arg("-u").arg(url).args(args))
    }

    pub fn backup_dir(&self) -> PathBuf {
        self.dir.path().join("backups")
    }

    pub fn listed(&self) -> Vec<serde_json::Value> {
        self.list_json("backups")
    }

    /// What `backup list --json` shows as orphans.
    pub fn orphans(&self) -> Vec<serde_json::Value> {
        self.list_json("orphans")
    }

    fn list_json(&self, key: &str) -> Vec<serde_json::Value> {
        let run = self.run(&["backup", "list", "--json"]).success();
        let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("list --json");
        json[key].as_array().cloned().unwrap_or_default()
    }

    pub fn latest_file(&self) -> PathBuf {
        let listed = self.listed();
        let file = listed[0]["file"].as_str().expect("file name");
        self.backup_dir().join(file)
    }

    pub async fn execute(&self, sql: &str) {
        self.db.execute(sql).await;
    }

    async fn organizations(&self) -> Vec<Vec<String>> {
        rows(
            &self.db.connect().await,
            "SELECT slug, plan FROM organizations ORDER BY slug",
            2,
        )
        .await
    }
}

const ORGS: &str = "INSERT INTO organizations (name, slug, owner_user_id, plan, max_members, is_active, settings, created_at, updated_at) VALUES \
    ('Acme', 'acme', 'u1', 'pro', 5, TRUE, '{\"a\": 1}', '2025-01-01 00:00:00', '2025-01-01 00:00:00'), \
    ('Beta', 'beta', 'u2', 'free', 1, FALSE, '{}', '2025-01-01 00:00:00', '2025-01-01 00:00:00')";

async fn restore_brings_back_data_and_schema_exactly(backend: Backend) {
    let f = Fixture::new(backend).await;
    f.run(&["up"]).success();
    f.execute(ORGS).await;
    f.run(&["backup", "create"]).success();
    let conn = f.db.connect().await;
    let schema = snapshot(&conn, backend).await;
    let data = f.organizations().await;
    let tracking = rows(&conn, "SELECT version FROM seaql_migrations", 1).await;
    drop(conn);

    f.execute("DELETE FROM organizations WHERE slug = 'acme'")
        .await;
    f.execute("CREATE TABLE added_later (id INTEGER PRIMARY KEY)")
        .await;
    f.execute("UPDATE organizations SET plan = 'changed'").await;

    let run = f.run(&["restore", "latest", "--yes"]).success();
    assert!(run.stdout.contains("restored"), "{run:#?}");
    let conn = f.db.connect().await;
    assert_eq!(snapshot(&conn, backend).await, schema);
    assert_eq!(f.organizations().await, data);
    assert_eq!(
        rows(&conn, "SELECT version FROM seaql_migrations", 1).await,
        tracking
    );
    assert!(
        !tables(&conn, backend)
            .await
            .contains(&"added_later".to_owned())
    );
}

on_every_backend!(restore_brings_back_data_and_schema_exactly);

#[tokio::test]
async fn parallel_directory_backup_restores_exactly() {
    let f = Fixture::new(Backend::Postgres).await;
    f.run(&["up"]).success();
    f.execute(ORGS).await;
    let run = f.run(&["--jobs", "2", "backup", "create"]).success();
    let listed = f.listed();
    assert_eq!(listed[0]["format"], "directory", "{run:#?}");
    assert!(f.latest_file().is_dir());
    let schema = snapshot(&f.db.connect().await, Backend::Postgres).await;
    let data = f.organizations().await;
    f.execute("DELETE FROM organizations").await;
    f.run(&["restore", "latest", "--yes"]).success();
    assert_eq!(
        snapshot(&f.db.connect().await, Backend::Postgres).await,
        schema
    );
    assert_eq!(f.organizations().await, data);
}

#[tokio::test]
async fn a_changed_file_in_a_directory_backup_fails_verification() {
    let f = Fixture::new(Backend::Postgres).await;
    f.run(&["up"]).success();
    f.execute(ORGS).await;
    f.run(&["--jobs", "2", "backup", "create"]).success();
    let dir = f.latest_file();
    let id = f.listed()[0]["id"].as_str().expect("id").to_owned();
    let data = std::fs::read_dir(&dir)
        .expect("read dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.file_name().is_some_and(|n| n != "toc.dat"))
        .expect("a data file");
    flip_a_byte(&data);
    f.run(&["backup", "verify", &id])
        .fails_with(1, "failed verification");
}

#[tokio::test]
async fn backups_started_in_the_same_second_do_not_collide() {
    let f = Fixture::new(Backend::Sqlite).await;
    f.run(&["--no-backup", "up"]).success();
    let children: Vec<_> = (0..4)
        .map(|_| {
            migration(f.dir.path())
                .args(["-u", &f.db.url, "backup", "create"])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .expect("spawn")
        })
        .collect();
    for mut child in children {
        assert!(child.wait().expect("wait").success());
    }
    let listed = f.listed();
    assert_eq!(listed.len(), 4, "{listed:?}");
    assert!(listed.iter().all(|b| b["valid"] == true));
}

#[tokio::test]
async fn a_failed_migration_names_the_backup_to_restore() {
    let f = Fixture::new(Backend::Postgres).await;
    f.execute("CREATE TABLE cloudflare_zones (id integer)")
        .await;
    let run = f.run(&["up"]);
    let id = f.listed()[0]["id"].as_str().expect("id").to_owned();
    run.fails_with(
        1,
        &format!("to undo, restore the backup taken before it: `migration restore {id}`"),
    );
}

async fn restoring_the_pre_up_backup_undoes_the_migration(backend: Backend) {
    let f = Fixture::new(backend).await;
    let up = f.run(&["up"]).success();
    let listed = f.listed();
    assert_eq!(listed.len(), 1, "{listed:?}");
    let id = listed[0]["id"].as_str().expect("id");
    assert!(id.ends_with("_pre-up"), "{id}");
    assert!(up.stdout.contains(&format!("(backup {id} at ")), "{up:#?}");
    f.run(&["restore", id, "--yes"]).success();
    let conn = f.db.connect().await;
    // Only the history is left: the restore carries it over (tests/audit.rs).
    assert_eq!(
        tables(&conn, backend).await,
        ["seaql_migrations_history"],
        "the migration's tables must be gone"
    );
}

on_every_backend!(restoring_the_pre_up_backup_undoes_the_migration);

async fn down_takes_a_backup_and_a_no_op_up_does_not(backend: Backend) {
    let f = Fixture::new(backend).await;
    f.run(&["up"]).success();
    let noop = f.run(&["up"]).success();
    assert!(noop.stdout.contains("no backup was taken"), "{noop:#?}");
    assert_eq!(f.listed().len(), 1);
    f.run(&["down", "--yes"]).success();
    let listed = f.listed();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0]["reason"], "pre-down");
}

on_every_backend!(down_takes_a_backup_and_a_no_op_up_does_not);

#[tokio::test]
async fn no_backup_flag_skips_the_backup_with_a_warning() {
    let f = Fixture::new(Backend::Sqlite).await;
    let run = f.run(&["--no-backup", "up"]).success();
    assert!(run.stderr.contains("warning: --no-backup"), "{run:#?}");
    assert!(f.listed().is_empty());
}

async fn unwritable_backup_directory_stops_the_migration(backend: Backend) {
    let f = Fixture::new(backend).await;
    let blocker = f.dir.path().join("a-file");
    std::fs::write(&blocker, "not a directory").expect("write");
    let dir = blocker.join("backups");
    let run = f.run(&["--backup-dir", dir.to_str().expect("utf-8"), "up"]);
    run.fails_with(1, "the backup before `up` failed, so nothing was changed");
    assert!(tables(&f.db.connect().await, backend).await.is_empty());
}

on_every_backend!(unwritable_backup_directory_stops_the_migration);

#[tokio::test]
async fn missing_pg_dump_stops_the_migration() {
    let f = Fixture::new(Backend::Postgres).await;
    let empty = tempfile::tempdir().expect("temp dir");
    let run = f.run(&["--pg-bin-dir", empty.path().to_str().expect("utf-8"), "up"]);
    run.fails_with(1, "`pg_dump` is not in ");
    let package = format!(
        "apt-get install postgresql-client-{}",
        server_major(&f.db).await
    );
    assert!(run.stderr.contains(&package), "{run:#?}");
    assert!(
        tables(&f.db.connect().await, Backend::Postgres)
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn missing_mariadb_dump_stops_the_migration() {
    let f = Fixture::new(Backend::Mysql).await;
    let empty = tempfile::tempdir().expect("temp dir");
    let run = Run::of(
        migration(f.dir.path())
            .env("PATH", empty.path())
            .args(["-u", &f.db.url, "up"]),
    );
    run.fails_with(1, "`mariadb-dump or mysqldump` is not installed");
    assert!(
        tables(&f.db.connect().await, Backend::Mysql)
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn pg_dump_older_than_the_server_is_refused_naming_both_versions() {
    let f = Fixture::new(Backend::Postgres).await;
    let bin = tempfile::tempdir().expect("temp dir");
    script(bin.path(), "pg_dump", "echo 'pg_dump (PostgreSQL) 13.9'");
    let run = f.run(&[
        "--pg-bin-dir",
        bin.path().to_str().expect("utf-8"),
        "backup",
        "create",
    ]);
    run.fails_with(
        1,
        &format!(
            "is version 13 but the server is version {}",
            server_major(&f.db).await
        ),
    );
}

/// Damages the latest backup's file with `damage`, then checks every way of using it refuses.
async fn damaged_backup_is_refused(backend: Backend, damage: fn(&Path)) {
    let f = Fixture::new(backend).await;
    f.run(&["up"]).success();
    f.execute(ORGS).await;
    f.run(&["backup", "create"]).success();
    let id = f.listed()[0]["id"].as_str().expect("id").to_owned();
    damage(&f.latest_file());

    f.run(&["backup", "verify", &id])
        .fails_with(1, "failed verification");
    let listed = f.listed();
    let entry = listed
        .iter()
        .find(|b| b["id"] == id.as_str())
        .expect("listed");
    assert_eq!(entry["valid"], false, "{entry}");
    f.run(&["restore", &id, "--yes"])
        .fails_with(1, "failed verification");
    let latest = f.run(&["restore", "latest", "--yes"]).success();
    assert!(
        !latest.stdout.contains(&format!("restored {id}")),
        "{latest:#?}"
    );
}

fn truncate(path: &Path) {
    let len = std::fs::metadata(path).expect("stat").len();
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .expect("open");
    file.set_len(len / 2).expect("truncate");
}

/// Changes one byte in the middle of the file at `path`.
pub fn flip_a_byte(path: &Path) {
    let mut bytes = std::fs::read(path).expect("read");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    std::fs::write(path, bytes).expect("write");
}

async fn truncated_backup_is_refused(backend: Backend) {
    damaged_backup_is_refused(backend, truncate).await;
}

on_every_backend!(truncated_backup_is_refused);

async fn backup_with_a_flipped_byte_is_refused(backend: Backend) {
    damaged_backup_is_refused(backend, flip_a_byte).await;
}

on_every_backend!(backup_with_a_flipped_byte_is_refused);

async fn deep_verify_restores_into_a_scratch_database(backend: Backend) {
    let f = Fixture::new(backend).await;
    f.run(&["up"]).success();
    f.execute(ORGS).await;
    f.run(&["backup", "create"]).success();
    let run = f.run(&["backup", "verify", "--deep"]).success();
    assert!(run.stdout.contains("row counts match"), "{run:#?}");
}

on_every_backend!(deep_verify_restores_into_a_scratch_database);

#[tokio::test]
async fn ids_that_are_not_ours_are_refused() {
    let f = Fixture::new(Backend::Sqlite).await;
    f.run(&["up"]).success();
    for id in ["../../etc/passwd", "/etc/passwd", "*"] {
        f.run(&["restore", id, "--yes"])
            .fails_with(2, "is not a backup id");
        f.run(&["backup", "show", id])
            .fails_with(2, "is not a backup id");
    }
}

#[tokio::test]
async fn pinned_backups_survive_prune() {
    let f = Fixture::new(Backend::Sqlite).await;
    f.run(&["up"]).success();
    let id = f.listed()[0]["id"].as_str().expect("id").to_owned();
    f.run(&["backup", "pin", &id]).success();
    let pruned = f
        .run(&[
            "--retention-days",
            "0",
            "--keep-min",
            "0",
            "backup",
            "prune",
        ])
        .success();
    assert!(pruned.stdout.contains("nothing to prune"), "{pruned:#?}");
    f.run(&["backup", "unpin", &id]).success();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let pruned = f
        .run(&[
            "--retention-days",
            "0",
            "--keep-min",
            "0",
            "backup",
            "prune",
            "--dry-run",
        ])
        .success();
    assert!(
        pruned.stdout.contains(&format!("would delete {id}")),
        "{pruned:#?}"
    );
    assert_eq!(f.listed().len(), 1, "--dry-run deletes nothing");
}

#[tokio::test]
async fn metadata_records_what_the_backup_holds() {
    use std::os::unix::fs::PermissionsExt;
    let f = Fixture::new(Backend::Postgres).await;
    f.run(&["up"]).success();
    f.execute(ORGS).await;
    f.run(&["backup", "create", "--reason", "before import"])
        .success();
    let m = f.listed()[0].clone();
    let file = f.latest_file();
    let bytes = std::fs::read(&file).expect("read");
    let sha = Run::of(std::process::Command::new("sha256sum").arg(&file))
        .success()
        .stdout;
    assert_eq!(m["sha256"].as_str(), sha.split_whitespace().next());
    assert_eq!(m["file_size"], bytes.len());
    assert_eq!(m["backend"], "postgres");
    assert_eq!(m["database"], f.db.name.as_str());
    assert_eq!(m["reason"], "before-import");
    assert_eq!(m["command"], "migration backup create");
    assert_eq!(m["tool"], "pg_dump");
    assert_eq!(m["format"], "custom");
    assert_eq!(m["table_count"], 13);
    assert_eq!(m["row_counts"]["organizations"], 2);
    assert_eq!(m["row_counts"]["seaql_migrations"], 1);
    assert_eq!(
        m["migration_head"],
        "m20251023_000007_initial_schema_baseline"
    );
    assert_eq!(m["toolkit_version"], env!("CARGO_PKG_VERSION"));
    let major = server_major(&f.db).await;
    assert!(
        m["server_version"]
            .as_str()
            .expect("version")
            .starts_with(&format!("{major}.")),
        "{m}"
    );
    assert_eq!(
        m["tool_version"],
        real_postgres_tool(&f.db, "pg_dump").await.version
    );
    assert!(m["database_size"].as_u64().expect("size") > 0);
    let created = chrono::DateTime::parse_from_rfc3339(m["created_at"].as_str().expect("created"))
        .expect("rfc3339");
    let expires = chrono::DateTime::parse_from_rfc3339(m["expires_at"].as_str().expect("expires"))
        .expect("rfc3339");
    assert_eq!(expires - created, chrono::Duration::days(7));
    assert!(m["id"].as_str().expect("id").ends_with("_before-import"));
    let mode = |p: &Path| std::fs::metadata(p).expect("stat").permissions().mode() & 0o777;
    assert_eq!(mode(&f.backup_dir()), 0o700);
    assert_eq!(mode(&file), 0o600);
}

/// The by-hand PostgreSQL restore docs/BACKUP_RESTORE.md gives: its
/// `createdb` and `pg_restore` lines, joined to run one after the other.
fn documented_pg_restore_commands() -> String {
    let docs = include_str!("../docs/BACKUP_RESTORE.md");
    let commands: Vec<&str> = docs
        .lines()
        .map(str::trim)
        .filter(|line| line.starts_with("createdb ") || line.starts_with("pg_restore "))
        .collect();
    assert_eq!(commands.len(), 2, "docs/BACKUP_RESTORE.md: {commands:?}");
    commands.join(" && ")
}

/// The backup file the by-hand restore in docs/BACKUP_RESTORE.md names.
const DOCUMENTED_PG_BACKUP: &str = "backups/ops_center_20251125_101500_pre-up.dump";

#[tokio::test]
async fn postgres_backup_restores_with_plain_pg_restore_as_documented() {
    let f = Fixture::new(Backend::Postgres).await;
    f.run(&["up"]).success();
    f.execute(ORGS).await;
    f.run(&["backup", "create"]).success();
    // The documented commands, verbatim but for the database's name, in a
    // directory holding the backup under the documented name.
    let copy = TestDb::create(Backend::Postgres).await;
    let here = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(here.path().join("backups")).expect("backups dir");
    std::fs::copy(f.latest_file(), here.path().join(DOCUMENTED_PG_BACKUP)).expect("copy");
    let script = documented_pg_restore_commands().replace("ops_center_copy", &copy.name);
    let server = url::Url::parse(&copy.url).expect("test URL");
    let mut command = std::process::Command::new("sh");
    command
        .args(["-c", &format!("dropdb {} && {script}", copy.name)])
        .current_dir(here.path())
        .env("PGHOST", server.host_str().unwrap_or("localhost"))
        .env("PGPORT", server.port().unwrap_or(5432).to_string())
        .env("PGUSER", server.username());
    if let Some(password) = server.password() {
        command.env("PGPASSWORD", password);
    }
    let run = Run::of(&mut command);
    assert_eq!(run.code, 0, "{run:#?}");
    let original = snapshot(&f.db.connect().await, Backend::Postgres).await;
    assert_eq!(
        snapshot(&copy.connect().await, Backend::Postgres).await,
        original
    );
}

#[tokio::test]
async fn restore_never_prunes_the_backup_it_restores() {
    let f = Fixture::new(Backend::Sqlite).await;
    f.run(&["up"]).success();
    let id = f.listed()[0]["id"].as_str().expect("id").to_owned();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    f.run(&[
        "--retention-days",
        "0",
        "--keep-min",
        "1",
        "restore",
        &id,
        "--yes",
    ])
    .success();
}

#[tokio::test]
async fn a_restore_that_fails_half_way_leaves_the_database_as_it_was() {
    let f = Fixture::new(Backend::Postgres).await;
    f.run(&["up"]).success();
    f.execute(ORGS).await;
    f.run(&["backup", "create"]).success();
    f.execute("DELETE FROM organizations WHERE slug = 'acme'")
        .await;
    let before = snapshot(&f.db.connect().await, Backend::Postgres).await;
    let data = f.organizations().await;
    // pg_restore that dies while loading into the scratch database.
    let bin = tempfile::tempdir().expect("temp dir");
    let pg_dump = real_postgres_tool(&f.db, "pg_dump").await;
    let pg_restore = real_postgres_tool(&f.db, "pg_restore").await;
    script(
        bin.path(),
        "pg_dump",
        &format!("exec '{}' \"$@\"", pg_dump.path.display()),
    );
    script(
        bin.path(),
        "pg_restore",
        &format!(
            "case \"$*\" in *--dbname*) echo 'pg_restore: error: disk full' >&2; exit 1;; esac\nexec '{}' \"$@\"",
            pg_restore.path.display()
        ),
    );
    let run = f.run(&[
        "--pg-bin-dir",
        bin.path().to_str().expect("utf-8"),
        "restore",
        "latest",
        "--yes",
    ]);
    run.fails_with(
        1,
        "the database was left as it was before the restore (safety backup: ",
    );
    assert!(run.stderr.contains("disk full"), "{run:#?}");
    assert_eq!(
        snapshot(&f.db.connect().await, Backend::Postgres).await,
        before
    );
    assert_eq!(f.organizations().await, data);
    let scratch = rows(
        &f.db.connect().await,
        &format!(
            "SELECT datname::text FROM pg_database WHERE datname LIKE '{}\\_\\_%'",
            f.db.name
        ),
        1,
    )
    .await;
    assert!(
        scratch.is_empty(),
        "scratch databases left behind: {scratch:?}"
    );
}

#[tokio::test]
async fn backup_list_is_a_table_with_a_header_and_aligned_columns() {
    let f = Fixture::new(Backend::Sqlite).await;
    f.run(&["up"]).success();
    f.run(&["backup", "create", "--reason", "a-much-longer-reason"])
        .success();
    let text = f.run(&["backup", "list"]).success().stdout;
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert!(lines[3].starts_with("2 backups in "), "{text}");
    assert!(
        lines[0].starts_with("ID ") && lines[0].contains("  TAKEN "),
        "{text}"
    );
    let column = |line: &str, needle: &str| line.find(needle).expect(needle);
    let taken = column(lines[0], "TAKEN");
    let status = column(lines[0], "STATUS");
    for line in &lines[1..3] {
        assert_eq!(column(line, " UTC") - 19, taken, "{text}");
        assert_eq!(column(line, "valid"), status, "{text}");
    }
}

#[tokio::test]
async fn backup_show_gives_times_in_whole_seconds_utc_and_counts_one_row_as_a_row() {
    let f = Fixture::new(Backend::Sqlite).await;
    f.run(&["up"]).success();
    f.run(&["backup", "create"]).success();
    let shown = f.run(&["backup", "show", "latest"]).success().stdout;
    let taken = shown
        .lines()
        .find_map(|line| line.strip_prefix("taken:"))
        .expect("taken")
        .trim_start();
    // `2025-11-25 10:15:00 UTC (just now) ...`, as `backup list` shows it.
    assert!(
        chrono::NaiveDateTime::parse_from_str(&taken[..23], "%Y-%m-%d %H:%M:%S UTC").is_ok(),
        "{shown}"
    );
    let tracking = shown
        .lines()
        .find(|line| line.trim_start().starts_with("seaql_migrations "))
        .expect("the tracking table's row count");
    assert!(tracking.ends_with(" 1 row"), "{shown}");
}

#[tokio::test]
async fn restore_with_yes_does_not_print_the_question_it_answers() {
    let f = Fixture::new(Backend::Sqlite).await;
    f.run(&["up"]).success();
    let restore = f.run(&["restore", "latest", "--yes"]).success();
    assert!(
        !restore.stdout.contains("replacing everything in it?"),
        "{restore:#?}"
    );
    assert!(restore.stdout.contains("restored "), "{restore:#?}");
}

#[tokio::test]
async fn a_total_size_cap_prunes_the_oldest_backups_but_never_the_newest() {
    let f = Fixture::new(Backend::Sqlite).await;
    f.run(&["up"]).success();
    f.run(&["backup", "create"]).success();
    let created = f
        .run(&[
            "backup",
            "create",
            "--reason",
            "newest",
            "--max-total-size",
            "1",
        ])
        .success();
    assert!(
        created.stdout.contains("pruned expired backup"),
        "{created:#?}"
    );
    let listed = f.run(&["backup", "list", "--json"]).success().json();
    let backups = listed["backups"].as_array().expect("backups");
    assert_eq!(backups.len(), 1, "{listed}");
    assert!(
        backups[0]["id"]
            .as_str()
            .is_some_and(|id| id.ends_with("_newest")),
        "{listed}"
    );
    assert_eq!(listed["total_size"], backups[0]["file_size"], "{listed}");
}

//! A backup that fails leaves either a complete, listed backup or nothing:
//! a full disk is named as such (and refused up front when the last backup
//! would not fit), a failed metadata write takes its dump with it, and what
//! killed backups leave behind is listed, pruned, and cleaned by the next
//! backup unless a running backup holds it.

use std::fs::{self, File};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{DateTime, Utc};

use crate::backups::Fixture;
use crate::support::{Backend, Run};

/// A tmpfs of `size` mounted on a directory for as long as this lives;
/// unmounted on drop, also when the test fails.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(dir: &Path, size: &str) -> Self {
        fs::create_dir_all(dir).expect("create the mount point");
        let options = format!("size={size},mode=0700");
        let run = Run::of(
            Command::new("mount")
                .args(["-t", "tmpfs", "-o", &options, "tmpfs"])
                .arg(dir),
        );
        assert_eq!(run.code, 0, "cannot mount a tmpfs (needs root): {run:#?}");
        Self(dir.to_owned())
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let unmounted = Command::new("umount")
            .arg(&self.0)
            .status()
            .is_ok_and(|status| status.success());
        if !unmounted {
            // Still busy: detached now, gone when the last file there closes.
            let _ = Command::new("umount").arg("--lazy").arg(&self.0).status();
        }
    }
}

/// The names in `dir`, sorted.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("read the backup directory")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

/// The id a backup of `f`'s database taken at `at` for `reason` gets.
fn id_at(f: &Fixture, at: DateTime<Utc>, reason: &str) -> String {
    let database = match f.db.backend {
        // The SQLite file's stem, as the toolkit names SQLite databases.
        Backend::Sqlite => Path::new(&f.db.name)
            .file_stem()
            .expect("a file name")
            .to_string_lossy()
            .into_owned(),
        _ => f.db.name.clone(),
    };
    backup::id::compose(&database, at, &backup::Reason::new(reason), 1)
}

/// A moment long before any test ran, for ids of backups killed long ago.
fn a_long_time_ago() -> DateTime<Utc> {
    DateTime::from_timestamp(1_735_689_600, 0).expect("2025-01-01")
}

/// Fills `f`'s database with a table whose dump takes well over 2 MiB in
/// every format (hex digits compress to about half).
async fn fill_beyond_two_mib(f: &Fixture) {
    let sql = match f.db.backend {
        Backend::Postgres => {
            "CREATE TABLE filler (id integer PRIMARY KEY, body text); \
             INSERT INTO filler SELECT i, md5(i::text) || md5((i + 1)::text) \
             FROM generate_series(1, 300000) i"
        }
        Backend::Mysql => {
            "SET SESSION max_recursive_iterations = 1000000; \
             CREATE TABLE filler (id integer PRIMARY KEY, body text); \
             INSERT INTO filler WITH RECURSIVE n(i) AS \
             (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000) \
             SELECT i, CONCAT(MD5(i), MD5(i + 1)) FROM n"
        }
        Backend::Sqlite => {
            "CREATE TABLE filler (id integer PRIMARY KEY, body text); \
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000) \
             INSERT INTO filler SELECT i, hex(randomblob(32)) FROM n"
        }
    };
    f.execute(sql).await;
}

/// `backup create` with `options` on a 2 MiB backup directory, for a dump
/// bigger than that.
async fn full_disk_is_named_and_leaves_nothing(backend: Backend, options: &[&str]) {
    let f = Fixture::new(backend).await;
    fill_beyond_two_mib(&f).await;
    let _disk = Tmpfs::mount(&f.backup_dir(), "2m");
    let run = f.run(&[options, &["backup", "create"]].concat());
    run.fails_with(1, "the backup directory's disk is full (");
    assert_eq!(names_in(&f.backup_dir()), Vec::<String>::new(), "{run:#?}");
    assert!(f.listed().is_empty());
    assert!(f.orphans().is_empty());
}

async fn a_full_disk_is_named_and_leaves_nothing(backend: Backend) {
    full_disk_is_named_and_leaves_nothing(backend, &[]).await;
}

on_every_backend!(a_full_disk_is_named_and_leaves_nothing);

#[tokio::test]
async fn a_full_disk_under_a_parallel_directory_dump_is_named_and_leaves_nothing() {
    full_disk_is_named_and_leaves_nothing(Backend::Postgres, &["--jobs", "2"]).await;
}

#[tokio::test]
async fn a_backup_bigger_than_the_free_space_is_refused_before_dumping() {
    let f = Fixture::new(Backend::Postgres).await;
    f.execute(
        "CREATE TABLE filler (id integer PRIMARY KEY, body text); \
         INSERT INTO filler SELECT i, md5(i::text) FROM generate_series(1, 20000) i",
    )
    .await;
    let _disk = Tmpfs::mount(&f.backup_dir(), "2m");
    f.run(&["backup", "create"]).success();
    let before = names_in(&f.backup_dir());
    // Fill the disk: the write stops when nothing is free.
    let _ = fs::write(f.backup_dir().join("filler"), vec![0u8; 2 << 20]);
    // A pg_dump that leaves a mark if it is ever started.
    let bin = tempfile::tempdir().expect("temp dir");
    let mark = bin.path().join("pg_dump-ran");
    let pg_dump = bin.path().join("pg_dump");
    fs::write(
        &pg_dump,
        format!("#!/bin/sh\ntouch '{}'\nexit 1\n", mark.display()),
    )
    .expect("write pg_dump");
    fs::set_permissions(&pg_dump, fs::Permissions::from_mode(0o755)).expect("chmod");
    let run = f.run(&[
        "--pg-bin-dir",
        bin.path().to_str().expect("utf-8"),
        "backup",
        "create",
    ]);
    run.fails_with(1, "the backup directory's disk is full (");
    assert!(
        run.stderr.contains("the last backup of this database took"),
        "{run:#?}"
    );
    assert!(!mark.exists(), "pg_dump was started");
    let mut expected = [before, vec!["filler".to_owned()]].concat();
    expected.sort();
    assert_eq!(names_in(&f.backup_dir()), expected);
    assert_eq!(f.listed().len(), 1);
}

/// A backup whose metadata cannot be written: a directory stands at the
/// metadata's temporary name for every second the backup may start in.
async fn a_failed_metadata_write_leaves_no_backup_file(backend: Backend) {
    let f = Fixture::new(backend).await;
    f.execute("CREATE TABLE kept (id integer PRIMARY KEY)")
        .await;
    let now = Utc::now();
    let blockers: Vec<String> = (-2..120)
        .map(|second| {
            let id = id_at(&f, now + chrono::Duration::seconds(second), "manual");
            format!(".{id}.metadata.json.partial")
        })
        .collect();
    for blocker in &blockers {
        fs::create_dir_all(f.backup_dir().join(blocker)).expect("create a blocker");
    }
    let run = f.run(&["backup", "create"]);
    run.fails_with(1, "was discarded: cannot write");
    let left: Vec<String> = names_in(&f.backup_dir())
        .into_iter()
        .filter(|name| !blockers.contains(name))
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
    assert!(f.listed().is_empty());
    assert!(f.orphans().is_empty());
}

on_every_backend!(a_failed_metadata_write_leaves_no_backup_file);

#[tokio::test]
async fn a_backup_file_without_metadata_is_listed_and_pruned() {
    let f = Fixture::new(Backend::Postgres).await;
    f.execute("CREATE TABLE kept (id integer PRIMARY KEY)")
        .await;
    f.run(&["backup", "create"]).success();
    let file = f.latest_file();
    let name = file
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    let id = name.trim_end_matches(".dump").to_owned();
    fs::remove_file(f.backup_dir().join(format!("{id}.metadata.json"))).expect("remove");

    assert!(f.listed().is_empty());
    let orphans = f.orphans();
    assert_eq!(orphans.len(), 1, "{orphans:?}");
    assert_eq!(orphans[0]["file"], name.as_str());
    assert_eq!(orphans[0]["kind"], "no-metadata");
    assert_eq!(orphans[0]["size"], fs::metadata(&file).expect("stat").len());
    let text = f.run(&["backup", "list"]).success();
    assert!(
        text.stdout.contains(&format!("{name}  "))
            && text
                .stdout
                .contains("ORPHAN: a backup file without metadata"),
        "{text:#?}"
    );

    let dry = f.run(&["backup", "prune", "--dry-run"]).success();
    assert!(
        dry.stdout.contains(&format!("would delete {name}")),
        "{dry:#?}"
    );
    assert!(file.exists(), "--dry-run deletes nothing");
    let pruned = f.run(&["backup", "prune"]).success();
    assert!(
        pruned.stdout.contains(&format!("deleted {name}")),
        "{pruned:#?}"
    );
    assert!(!file.exists());
    assert!(f.orphans().is_empty());
}

#[tokio::test]
async fn temporary_files_of_a_killed_backup_are_deleted_by_the_next_backup() {
    let f = Fixture::new(Backend::Postgres).await;
    let dir = f.backup_dir();
    let id = id_at(&f, a_long_time_ago(), "pre-up");
    let partials = [
        format!(".{id}.dump.partial"),
        format!(".{id}.dir.partial"),
        format!(".{id}.dir.partial.d"),
        format!(".{id}.metadata.json.partial"),
    ];
    fs::create_dir_all(dir.join(&partials[2])).expect("create");
    for name in [&partials[0], &partials[1], &partials[3]] {
        fs::write(dir.join(name), "half a dump").expect("write");
    }
    fs::write(dir.join(&partials[2]).join("toc.dat"), "half a toc").expect("write");
    let orphans = f.orphans();
    let listed: Vec<&str> = orphans.iter().filter_map(|o| o["file"].as_str()).collect();
    let mut expected: Vec<&str> = partials.iter().map(String::as_str).collect();
    expected.sort();
    assert_eq!(listed, expected);
    assert!(
        orphans.iter().all(|o| o["kind"] == "partial"),
        "{orphans:?}"
    );

    f.run(&["backup", "create"]).success();
    assert_eq!(f.listed().len(), 1);
    for name in &partials {
        assert!(!dir.join(name).exists(), "{name} is still there");
    }
}

#[tokio::test]
async fn a_temporary_file_a_running_backup_holds_is_left_alone() {
    let f = Fixture::new(Backend::Sqlite).await;
    let partial = f.backup_dir().join(format!(
        ".{}.sqlite.partial",
        id_at(&f, Utc::now(), "manual")
    ));
    fs::create_dir_all(f.backup_dir()).expect("create");
    // Locked as a running backup locks it.
    let held = File::create(&partial).expect("create");
    held.lock().expect("lock");
    assert!(f.orphans().is_empty());
    f.run(&["backup", "create"]).success();
    f.run(&["backup", "prune"]).success();
    assert!(
        partial.exists(),
        "a live backup's temporary file was deleted"
    );
    drop(held);
    assert_eq!(f.orphans().len(), 1);
}

#[tokio::test]
async fn sqlite_journals_of_a_killed_copy_are_deleted_by_the_next_backup() {
    let f = Fixture::new(Backend::Sqlite).await;
    let dir = f.backup_dir();
    fs::create_dir_all(&dir).expect("create");
    let killed = id_at(&f, a_long_time_ago(), "pre-up");
    let finished = id_at(&f, a_long_time_ago(), "pre-down");
    let leftovers = [
        // A copy killed half-way, with its rollback journal.
        format!(".{killed}.sqlite.partial"),
        format!(".{killed}.sqlite.partial-journal"),
        // A journal whose copy is gone.
        format!(".{finished}.sqlite.partial-journal"),
    ];
    for name in &leftovers {
        fs::write(dir.join(name), "pages").expect("write");
    }
    assert_eq!(f.orphans().len(), 3);
    f.run(&["backup", "create"]).success();
    for name in &leftovers {
        assert!(!dir.join(name).exists(), "{name} is still there");
    }
    assert!(f.orphans().is_empty());
}

#[tokio::test]
async fn files_of_another_database_are_not_its_orphans() {
    let f = Fixture::new(Backend::Postgres).await;
    let dir = f.backup_dir();
    fs::create_dir_all(&dir).expect("create");
    let other = format!("{}_old_20250101_000000_manual", f.db.name);
    for name in [
        format!("{other}.dump"),
        format!(".{other}.dump.partial"),
        "notes.txt".to_owned(),
    ] {
        fs::write(dir.join(&name), "not ours").expect("write");
    }
    assert!(f.orphans().is_empty());
    f.run(&["backup", "create"]).success();
    f.run(&["backup", "prune"]).success();
    assert_eq!(names_in(&dir).len(), 5, "{:?}", names_in(&dir));
}

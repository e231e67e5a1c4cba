//! A backup host: a directory holding copies of several databases' backups,
//! checked by `backup verify --all` with no database configured.

use std::path::Path;

use crate::backups::{Fixture, flip_a_byte};
use crate::support::{Backend, Run, migration};

/// One backup of a migrated PostgreSQL, MariaDB and SQLite database each,
/// taken by the real binary into `dir`; their ids, in that order.
async fn backups_of_every_backend(dir: &Path) -> Vec<String> {
    let mut ids = Vec::new();
    for backend in [Backend::Postgres, Backend::Mysql, Backend::Sqlite] {
        let f = Fixture::new(backend).await;
        f.run(&["--no-backup", "up"]).success();
        let backup_dir = dir.to_str().expect("a UTF-8 path");
        let run = f
            .run(&["--backup-dir", backup_dir, "backup", "create"])
            .success();
        let id = run.stdout.split_whitespace().nth(1).expect("the backup id");
        ids.push(id.to_owned());
    }
    ids
}

/// `backup verify --all --backup-dir dir`, run in an empty directory with
/// no database configured (no `-u`, no `DATABASE_URL`).
fn verify_all_on_a_backup_host(dir: &Path) -> Run {
    let elsewhere = tempfile::tempdir().expect("temp dir");
    Run::of(
        migration(elsewhere.path())
            .args(["backup", "verify", "--all", "--backup-dir"])
            .arg(dir),
    )
}

#[tokio::test]
async fn verify_all_checks_every_database_and_backend_without_a_database() {
    let copies = tempfile::tempdir().expect("temp dir");
    let ids = backups_of_every_backend(copies.path()).await;
    let run = verify_all_on_a_backup_host(copies.path())
        .success()
        .says("3 ok, 0 failed, 0 skipped");
    for id in &ids {
        assert!(run.stdout.contains(&format!("ok      {id}\n")), "{run:#?}");
    }
}

#[tokio::test]
async fn verify_all_fails_the_one_damaged_copy_and_passes_the_others() {
    let copies = tempfile::tempdir().expect("temp dir");
    let ids = backups_of_every_backend(copies.path()).await;
    let damaged = &ids[1];
    flip_a_byte(&copies.path().join(format!("{damaged}.sql.gz")));
    let run = verify_all_on_a_backup_host(copies.path());
    run.fails_with(1, "1 of 3 backups failed verification");
    assert!(
        run.stdout.contains(&format!(
            "FAILED  {damaged}: {damaged}.sql.gz's SHA-256 does not match"
        )),
        "{run:#?}"
    );
    for id in [&ids[0], &ids[2]] {
        assert!(run.stdout.contains(&format!("ok      {id}\n")), "{run:#?}");
    }
    assert!(
        run.stdout.ends_with("2 ok, 1 failed, 0 skipped\n"),
        "{run:#?}"
    );
}

//! `backup create|list|show|verify|prune|pin|unpin`.

use backup::offline::{Checked, Verdict};
use backup::store::Listed;
use backup::{BackupError, Reason};
use sea_orm_migration::MigratorTrait;

use crate::Error;
use crate::cli::views::backups::{Entry, ListReport, details, size, table, total_size};
use crate::cli::views::{plural, print_json};
use crate::cli::{BackupCommand, Exit};
use crate::config::Settings;
use crate::connect::Access;
use crate::engine::Engine;

/// Runs one `backup` subcommand.
pub async fn run<M: MigratorTrait>(
    settings: &Settings,
    command: BackupCommand,
) -> Result<Exit, Error> {
    let backups = settings.backups(&M::migration_table_name().to_string())?;
    match command {
        BackupCommand::Create { reason } => {
            let engine = Engine::open::<M>(settings, Access::ReadWrite).await?;
            let created = backups
                .create(
                    engine.connection(),
                    &Reason::new(&reason),
                    "migration backup create",
                )
                .await?;
            let tables = created.metadata.table_count as u64;
            let rows = created.metadata.row_counts.values().sum::<u64>();
            println!(
                "backup {} written to {} ({}, {tables} {}, {rows} {}; verified)",
                created.metadata.id,
                created.path.display(),
                size(created.metadata.file_size),
                plural(tables, "table", "tables"),
                plural(rows, "row", "rows"),
            );
            for id in created.pruned {
                println!("pruned expired backup {id}");
            }
            Ok(Exit::Success)
        }
        BackupCommand::List { json } => {
            let listed = backups.list()?;
            let orphans = backups.orphans()?;
            if json {
                print_json(&ListReport {
                    schema_version: 1,
                    directory: backups.location(),
                    backups: listed.iter().map(Entry::from).collect(),
                    total_size: total_size(&listed),
                    orphans: &orphans,
                })?;
            } else if listed.is_empty() && orphans.is_empty() {
                println!("no backups in {}", backups.location());
            } else {
                print!("{}", table(&listed, &orphans));
                println!(
                    "{} {} in {}, {} in all",
                    listed.len(),
                    plural(listed.len() as u64, "backup", "backups"),
                    backups.location(),
                    size(total_size(&listed))
                );
            }
            Ok(Exit::Success)
        }
        BackupCommand::Show { id, json } => {
            let listed = if id == "latest" {
                Listed {
                    metadata: backups.find_valid("latest")?,
                    problem: None,
                }
            } else {
                backups.find(&id)?
            };
            if json {
                print_json(&Entry::from(&listed))?;
            } else {
                print!("{}", details(&listed));
            }
            Ok(Exit::Success)
        }
        // Needs no database: every backup in the directory, whatever its database.
        BackupCommand::Verify {
            all: true,
            deep: false,
            ..
        } => verify_directory(settings).await,
        BackupCommand::Verify { id, all, deep } => {
            let ids: Vec<String> = if all {
                backups.list()?.into_iter().map(|l| l.metadata.id).collect()
            } else {
                let id = id.unwrap_or_else(|| "latest".to_owned());
                if id != "latest" {
                    backup::id::validate(&id)?;
                }
                vec![id]
            };
            let mut failures = 0;
            for id in &ids {
                match backups.verify(id, deep).await {
                    Ok(metadata) => println!(
                        "ok      {}{}",
                        metadata.id,
                        if deep {
                            " (restored into a scratch database: row counts match)"
                        } else {
                            ""
                        }
                    ),
                    Err(error) => {
                        failures += 1;
                        println!("FAILED  {id}: {error}");
                    }
                }
            }
            if failures == 0 {
                Ok(Exit::Success)
            } else {
                Err(BackupError::SomeInvalid {
                    failed: failures,
                    skipped: 0,
                    checked: ids.len(),
                }
                .into())
            }
        }
        BackupCommand::Prune { dry_run } => {
            let removed = backups.prune(dry_run)?;
            let orphans = backups.prune_orphans(dry_run)?;
            let verb = if dry_run { "would delete" } else { "deleted" };
            for metadata in &removed {
                println!("{verb} {} (taken {})", metadata.id, metadata.age());
            }
            for orphan in &orphans {
                println!("{verb} {} ({})", orphan.name, orphan.kind.describe());
            }
            if removed.is_empty() && orphans.is_empty() {
                println!("nothing to prune");
            }
            Ok(Exit::Success)
        }
        BackupCommand::Pin { id } => {
            let metadata = backups.set_pinned(&id, true)?;
            println!("pinned {}: retention will keep it", metadata.id);
            Ok(Exit::Success)
        }
        BackupCommand::Unpin { id } => {
            let metadata = backups.set_pinned(&id, false)?;
            println!("unpinned {}: retention applies to it again", metadata.id);
            Ok(Exit::Success)
        }
    }
}

/// `backup verify --all`: every backup in the backup directory, of every
/// database and backend, checked without a connection; one line each, then
/// how many were ok, failed and skipped. Any failed or skipped one fails the command.
async fn verify_directory(settings: &Settings) -> Result<Exit, Error> {
    let dir = &settings.backup.dir;
    let checked = backup::offline::verify_directory(dir, &settings.backup.engine).await?;
    let (mut failed, mut skipped) = (0, 0);
    for Checked { metadata, verdict } in &checked {
        match verdict {
            Verdict::Ok => println!("ok      {}", metadata.id),
            Verdict::Failed(why) => {
                failed += 1;
                println!("FAILED  {}: {why}", metadata.id);
            }
            Verdict::Skipped(why) => {
                skipped += 1;
                println!("skipped {}: {why}", metadata.id);
            }
        }
    }
    let count = checked.len();
    println!(
        "{count} {} in {}: {} ok, {failed} failed, {skipped} skipped",
        crate::cli::views::plural(count as u64, "backup", "backups"),
        dir.display(),
        count - failed - skipped
    );
    if failed + skipped == 0 {
        Ok(Exit::Success)
    } else {
        Err(BackupError::SomeInvalid {
            failed,
            skipped,
            checked: checked.len(),
        }
        .into())
    }
}

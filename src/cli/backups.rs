//! The `backup` subcommands and `restore`.

use backup::store::{Listed, Orphan};
use backup::{BackupError, Metadata, Reason};
use chrono::Utc;
use sea_orm_migration::MigratorTrait;
use serde::Serialize;

use super::context::Context;
use super::{BackupCommand, CliError, Exit, confirm, locked, output};
use crate::engine::Restore;

/// Runs one `backup` subcommand.
pub async fn run<M: MigratorTrait>(
    context: &Context,
    command: BackupCommand,
) -> Result<Exit, CliError> {
    let backups = context.backups()?;
    match command {
        BackupCommand::Create { reason } => {
            let engine = context.engine::<M>().await?;
            let created = backups
                .create(
                    engine.connection(),
                    &Reason::new(&reason),
                    "migration backup create",
                )
                .await?;
            println!(
                "backup {} written to {} ({}, {} tables, {} rows; verified)",
                created.metadata.id,
                created.path.display(),
                size(created.metadata.file_size),
                created.metadata.table_count,
                created.metadata.row_counts.values().sum::<u64>()
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
                    orphans: &orphans,
                })?;
            } else if listed.is_empty() && orphans.is_empty() {
                println!("no backups in {}", backups.location());
            } else {
                for entry in &listed {
                    println!("{}", line(entry));
                }
                for orphan in &orphans {
                    println!(
                        "{}  {:>10}  ORPHAN: {}; `backup prune` deletes it",
                        orphan.name,
                        size(orphan.size),
                        orphan.kind.describe()
                    );
                }
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
                Err(BackupError::Invalid {
                    id: format!("{failures} of {}", ids.len()),
                    reason: "see the lines above".to_owned(),
                }
                .into())
            }
        }
        BackupCommand::Prune { dry_run } => {
            let removed = backups.prune(dry_run)?;
            let orphans = backups.prune_orphans(dry_run)?;
            let verb = if dry_run { "would delete" } else { "deleted" };
            for metadata in &removed {
                println!("{verb} {} (taken {})", metadata.id, age(metadata));
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

/// `restore ID|latest`: confirm, safety backup, restore, check.
pub async fn restore<M: MigratorTrait>(
    context: &Context,
    id: &str,
    yes: bool,
) -> Result<Exit, CliError> {
    let backups = context.backups()?;
    let metadata = backups.find_valid(id)?;
    let question = format!(
        "Restore {} (taken {}, migration head {}, {} tables, {} rows) into {}, replacing everything in it?",
        metadata.id,
        age(&metadata),
        metadata.migration_head.as_deref().unwrap_or("none"),
        metadata.table_count,
        metadata.row_counts.values().sum::<u64>(),
        context.database
    );
    println!("{question}");
    confirm::confirm("restore", "Go ahead?", yes)?;
    let engine = context.engine::<M>().await?;
    // Held while the safety backup and the load run; a session lock ends when
    // the restore closes the connection before the swap (a lock file, on
    // SQLite, when this guard is dropped).
    let lock = context.lock(&engine).await?;
    // The history only grows: what the backup lacks is carried over from the
    // history read here, under the lock, so no run can add to it meanwhile.
    let replaced = engine.history_events().await?;
    let restore = Restore {
        backup_id: metadata.id.clone(),
        head: metadata.migration_head.clone(),
        started_at: Utc::now().timestamp_millis(),
    };
    let restored = backups
        .restore(engine.into_connection(), &metadata, "migration restore")
        .await;
    drop(lock);
    let restored = restored?;
    let safety = restored.safety;
    for note in &restored.notes {
        output::notice(note);
    }
    println!(
        "restored {}: tables, row counts and migration head match the backup; the previous state is in backup {} ({})",
        metadata.id,
        safety.metadata.id,
        safety.path.display()
    );
    let recorded = async {
        let engine = context.engine::<M>().await?;
        locked(context, &engine, async {
            let carried = engine.record_restore(&replaced, &restore).await?;
            println!(
                "history: recorded the restore and carried over {carried} event(s) from after the backup"
            );
            Ok(Exit::Success)
        })
        .await
    };
    recorded
        .await
        .map_err(|source| CliError::RestoreNotRecorded {
            source: Box::new(source),
            backup: metadata.id,
            safety: safety.metadata.id,
        })
}

/// `backup list --json`, schema version 1.
#[derive(Serialize)]
struct ListReport<'a> {
    schema_version: u32,
    directory: String,
    backups: Vec<Entry<'a>>,
    orphans: &'a [Orphan],
}

/// One backup in JSON: its metadata, plus whether it is valid.
#[derive(Serialize)]
struct Entry<'a> {
    #[serde(flatten)]
    metadata: &'a Metadata,
    valid: bool,
    problem: Option<&'a str>,
}

impl<'a> From<&'a Listed> for Entry<'a> {
    fn from(listed: &'a Listed) -> Self {
        Self {
            metadata: &listed.metadata,
            valid: listed.is_valid(),
            problem: listed.problem.as_deref(),
        }
    }
}

fn print_json(value: &impl Serialize) -> Result<(), CliError> {
    let text = serde_json::to_string_pretty(value).map_err(|e| BackupError::Invalid {
        id: "listing".to_owned(),
        reason: e.to_string(),
    })?;
    println!("{text}");
    Ok(())
}

fn line(listed: &Listed) -> String {
    let m = &listed.metadata;
    let state = match (&listed.problem, m.pinned) {
        (Some(problem), _) => format!("INVALID: {problem}"),
        (None, true) => "valid, pinned".to_owned(),
        (None, false) => "valid".to_owned(),
    };
    format!(
        "{}  {}  {:>10}  {}  {}",
        m.id,
        m.created_at.format("%Y-%m-%d %H:%M:%S UTC"),
        size(m.file_size),
        m.migration_head.as_deref().unwrap_or("-"),
        state
    )
}

fn details(listed: &Listed) -> String {
    let m = &listed.metadata;
    let mut out = format!(
        "id:              {}\nstatus:          {}\nfile:            {} ({}, sha256 {})\ndatabase:        {} ({} {}, {})\ntaken:           {} ({}) by `{}` (reason {})\nexpires:         {}\nmigration head:  {}\ntool:            {} ({}), format {}\ntables:          {}\n",
        m.id,
        listed
            .problem
            .as_deref()
            .map_or("valid".to_owned(), |p| format!("INVALID: {p}")),
        m.file,
        size(m.file_size),
        m.sha256,
        m.database,
        m.backend,
        m.server_version,
        size(m.database_size),
        m.created_at.to_rfc3339(),
        age(m),
        m.command,
        m.reason,
        m.expires_at
            .map_or("never (pinned)".to_owned(), |t| t.to_rfc3339()),
        m.migration_head.as_deref().unwrap_or("none"),
        m.tool,
        m.tool_version,
        m.format,
        m.table_count,
    );
    for (table, rows) in &m.row_counts {
        out.push_str(&format!("  {table:<40} {rows:>12} rows\n"));
    }
    out
}

fn age(metadata: &Metadata) -> String {
    let minutes = (Utc::now() - metadata.created_at).num_minutes().max(0);
    match minutes {
        0 => "just now".to_owned(),
        m if m < 120 => format!("{m} min ago"),
        m if m < 48 * 60 => format!("{} h ago", m / 60),
        m => format!("{} days ago", m / (24 * 60)),
    }
}

fn size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KiB", "MiB", "GiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

//! A whole restore: confirm, take the migration lock, read the history the
//! restore will replace, take the safety backup and swap the backup in,
//! then record the restore in the restored history under the lock again,
//! carrying over the events the backup lacks (the history only grows).

use chrono::Utc;
use sea_orm_migration::MigratorTrait;

use super::{locked, take_lock};
use crate::Error;
use crate::config::Settings;
use crate::confirm::{Confirm, Question};
use crate::connect::Access;
use crate::engine::{Engine, Restore};
use crate::events::{Event, Observer};
use backup::{Created, Metadata};

/// A finished restore.
#[derive(Debug)]
pub struct Restored {
    /// The backup restored.
    pub backup: Metadata,
    /// The `pre-restore` safety backup of the database it replaced.
    pub safety: Created,
    /// How many history events were carried over from the replaced database.
    pub carried: usize,
}

/// Restores backup `id` (or `latest`) of `settings`' database for migrator `M`.
pub async fn restore<M: MigratorTrait>(
    settings: &Settings,
    id: &str,
    confirm: &mut dyn Confirm,
    observer: &mut dyn Observer,
) -> Result<Restored, Error> {
    settings.ensure_lasting("restore")?;
    let backups = settings.backups(&M::migration_table_name().to_string())?;
    let metadata = backups.find_valid(id)?;
    confirm.confirm(&Question {
        command: "restore",
        details: Vec::new(),
        text: format!(
            "Restore {} (taken {}, migration head {}, {} tables, {} rows) into {}, replacing everything in it?",
            metadata.id,
            metadata.age(),
            metadata.migration_head.as_deref().unwrap_or("none"),
            metadata.table_count,
            metadata.row_counts.values().sum::<u64>(),
            settings.url
        ),
    })?;
    let engine = Engine::open::<M>(settings, Access::ReadWrite).await?;
    // Held while the safety backup and the load run; a session lock ends when
    // the restore closes the connection before the swap (a lock file, on
    // SQLite, when this guard is dropped).
    let lock = take_lock(settings, &engine).await?;
    observer.on_event(&Event::LockAcquired {
        waited: lock.waited(),
    });
    let restore = Restore {
        backup_id: metadata.id.clone(),
        head: metadata.migration_head.clone(),
        started_at: Utc::now().timestamp_millis(),
    };
    let swapped = async {
        // What the backup lacks is carried over from the history read here,
        // under the lock, so no run can add to it meanwhile.
        let replaced = engine.history_events().await?;
        let restored = backups
            .restore(engine.into_connection(), &metadata, "migration restore")
            .await?;
        Ok::<_, Error>((replaced, restored))
    }
    .await;
    drop(lock);
    observer.on_event(&Event::Released);
    let (replaced, restored) = swapped?;
    observer.on_event(&Event::Swapped {
        backup: &metadata,
        safety: &restored.safety,
        notes: &restored.notes,
    });
    let recorded = async {
        let engine = Engine::open::<M>(settings, Access::ReadWrite).await?;
        locked(settings, &engine, observer, async |_| {
            engine.record_restore(&replaced, &restore).await
        })
        .await
    };
    match recorded.await {
        Ok(carried) => Ok(Restored {
            backup: metadata,
            safety: restored.safety,
            carried,
        }),
        Err(source) => Err(Error::RestoreNotRecorded {
            source: Box::new(source),
            backup: metadata.id,
            safety: restored.safety.metadata.id,
        }),
    }
}

//! Scratch databases: a temporary database beside the configured one (on the
//! same server, or a file beside the SQLite database), made for one purpose
//! (building the baseline's schema, rendering a plan exactly) and always
//! dropped afterwards, even when that purpose fails or a signal stops the
//! run (the CLI calls [`discard_abandoned`]). Never the live database.

use std::sync::Mutex;

use sea_orm::DatabaseConnection;

use crate::Error;
use crate::config::Settings;
use backup::Target;
use backup::engine::{EngineOptions, Scratch, for_target};
use database::driver_error::database_message;

/// Runs `work` on a connection to a new scratch database beside the one
/// `settings` name, after `configure` (e.g. a statement callback) is applied
/// to the connection; drops the scratch database whatever `work` returns.
pub(crate) async fn with_scratch<T>(
    settings: &Settings,
    configure: impl FnOnce(&mut DatabaseConnection),
    work: impl AsyncFnOnce(DatabaseConnection) -> Result<T, Error>,
) -> Result<T, Error> {
    let backups = for_target(&settings.target(), &EngineOptions::default());
    let scratch = backups.create_scratch().await?;
    let key = scratch.target.connection_url().to_owned();
    lock_open().push((settings.target(), scratch.target.clone()));
    let result = async {
        if settings.url.backend() == crate::Backend::Sqlite {
            std::fs::File::create(scratch.target.sqlite_path())
                .map_err(|e| Error::Scratch(e.to_string()))?;
        }
        let mut db = database::connection::open(scratch.target.connection_url())
            .await
            .map_err(|e| Error::Scratch(database_message(&e)))?;
        configure(&mut db);
        work(db).await
    }
    .await;
    backups.discard(scratch).await;
    lock_open().retain(|(_, open)| open.connection_url() != key);
    result
}

/// Scratch databases made and not yet dropped: (the live target, the scratch).
static OPEN: Mutex<Vec<(Target, Target)>> = Mutex::new(Vec::new());

fn lock_open() -> std::sync::MutexGuard<'static, Vec<(Target, Target)>> {
    OPEN.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Drops every scratch database whose run was abandoned (its future
/// dropped by a signal before it could drop the database itself).
pub async fn discard_abandoned() {
    let abandoned = std::mem::take(&mut *lock_open());
    for (live, scratch) in abandoned {
        let backups = for_target(&live, &EngineOptions::default());
        backups.discard(Scratch { target: scratch }).await;
    }
}

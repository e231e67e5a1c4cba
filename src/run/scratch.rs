//! Scratch databases: a temporary database beside the configured one (on the
//! same server, or a file beside the SQLite database), made for one purpose
//! (building the baseline's schema, rendering a plan exactly) and always
//! dropped afterwards, even when that purpose fails. Never the live database.

use sea_orm::DatabaseConnection;

use crate::Error;
use crate::config::Settings;
use backup::engine::{EngineOptions, for_target};
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
    result
}

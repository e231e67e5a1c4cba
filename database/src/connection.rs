//! How every database connection is opened: the driver's statement logging,
//! slow statements included, goes to debug level, so it is shown with `-v`
//! and never mixed into a command's own output.

use std::time::Duration;

use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};

/// Statements slower than this are logged as slow (at debug level).
pub const SLOW_STATEMENT: Duration = Duration::from_secs(1);

/// Connection options for `url` with statement logging at debug level.
pub fn options(url: impl Into<String>) -> ConnectOptions {
    let mut options = ConnectOptions::new(url);
    options
        .sqlx_logging(true)
        .sqlx_logging_level(log::LevelFilter::Debug)
        .sqlx_slow_statements_logging_settings(log::LevelFilter::Debug, SLOW_STATEMENT);
    options
}

/// Opens a connection to `url` with [`options`].
pub async fn open(url: &str) -> Result<DatabaseConnection, DbErr> {
    Database::connect(options(url)).await
}

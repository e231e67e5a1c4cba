//! Which server session the engine's connection is on, so the engine can
//! tell that the server ended the session (and released the session-level
//! migration lock) while the pool quietly opened a new one.

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};

/// The session's id (PostgreSQL backend pid, MySQL connection id); `Some(0)`
/// on SQLite, whose lock is a file held by the process; `None` when the
/// server cannot be asked.
pub async fn id(db: &DatabaseConnection) -> Option<i64> {
    let sql = match db.get_database_backend() {
        DbBackend::Postgres => "SELECT pg_backend_pid()::int8 AS id",
        DbBackend::MySql => "SELECT CAST(CONNECTION_ID() AS SIGNED) AS id",
        _ => return Some(0),
    };
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .ok()??;
    row.try_get::<i64>("", "id").ok()
}

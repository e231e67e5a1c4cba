//! What a driver error says: the database's own message without sea-orm's
//! wrapping, the server's error code, and whether the session was lost.

use sea_orm::{DbErr, RuntimeErr, sqlx};

/// The database's own message inside a sea-orm error, without its wrapping
/// ("Execution Error: error returned from database: ...").
pub fn database_message(error: &DbErr) -> String {
    let runtime = match error {
        DbErr::Conn(e) | DbErr::Exec(e) | DbErr::Query(e) => e,
        other => return other.to_string(),
    };
    match runtime {
        RuntimeErr::SqlxError(inner) => match inner.as_ref() {
            sqlx::Error::Database(db) => db.message().to_owned(),
            sqlx::Error::Io(io) => io.to_string(),
            other => other.to_string(),
        },
        other => other.to_string(),
    }
}

/// The database's error code inside a sea-orm error: the SQLSTATE on
/// PostgreSQL, the error number on MySQL/MariaDB.
pub fn database_code(error: &DbErr) -> Option<String> {
    let runtime = match error {
        DbErr::Conn(e) | DbErr::Exec(e) | DbErr::Query(e) => e,
        _ => return None,
    };
    let RuntimeErr::SqlxError(inner) = runtime else {
        return None;
    };
    let sqlx::Error::Database(db) = inner.as_ref() else {
        return None;
    };
    match db.try_downcast_ref::<sqlx::mysql::MySqlDatabaseError>() {
        Some(mysql) => Some(mysql.number().to_string()),
        None => db.code().map(|c| c.into_owned()),
    }
}

/// Whether `error` means the server ended the session or the connection
/// broke (so every session-level lock is gone): an I/O or protocol failure,
/// PostgreSQL's connection exceptions (class 08) and shutdowns (57P01-57P03),
/// MySQL/MariaDB's lost connection (2006, 2013), killed connection (1927)
/// and shutdown (1053).
pub fn is_connection_lost(error: &DbErr) -> bool {
    let runtime = match error {
        DbErr::Conn(e) | DbErr::Exec(e) | DbErr::Query(e) => e,
        DbErr::ConnectionAcquire(_) => return true,
        _ => return false,
    };
    let RuntimeErr::SqlxError(inner) = runtime else {
        return false;
    };
    match inner.as_ref() {
        sqlx::Error::Io(_)
        | sqlx::Error::Protocol(_)
        | sqlx::Error::PoolClosed
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(_) => database_code(error).is_some_and(|code| {
            code.starts_with("08")
                || matches!(
                    code.as_str(),
                    "57P01" | "57P02" | "57P03" | "2006" | "2013" | "1927" | "1053"
                )
        }),
        _ => false,
    }
}

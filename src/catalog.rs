//! Whether one of the toolkit's tables is there, asked of the server's own
//! catalog rather than `information_schema`, which hides from a role the
//! tables it cannot access: "not there" and "there, but not readable by
//! you" are different answers.

use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement};

use crate::error::database_code;

/// A table as the connected role sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// The table does not exist.
    Absent,
    /// The table exists and the role may read it.
    Readable,
    /// The table exists (or may exist) but the role may not read it.
    Unreadable,
}

/// How `table` (unqualified, in the connection's schema) looks to the connected role.
pub async fn presence<C: ConnectionTrait>(db: &C, table: &str) -> Result<Presence, DbErr> {
    let backend = db.get_database_backend();
    let sql = match backend {
        // to_regclass resolves the name through search_path whatever the
        // role's privileges on the table.
        DbBackend::Postgres => {
            "SELECT CASE WHEN t.c IS NULL THEN 0 WHEN has_table_privilege(t.c, 'SELECT') THEN 1 ELSE 2 END::int8 AS v \
             FROM (SELECT to_regclass(quote_ident($1)) AS c) t"
        }
        // Lists only tables the user has some privilege on; see `probe`.
        DbBackend::MySql => {
            "SELECT CAST(COUNT(*) AS SIGNED) AS v FROM information_schema.tables \
             WHERE table_schema = DATABASE() AND table_name = ?"
        }
        _ => "SELECT COUNT(*) AS v FROM sqlite_master WHERE type = 'table' AND name = ?",
    };
    let statement = Statement::from_sql_and_values(backend, sql, [table.into()]);
    let found: i64 = match db.query_one_raw(statement).await? {
        Some(row) => row.try_get("", "v")?,
        None => 0,
    };
    match (backend, found) {
        (_, 1) => Ok(Presence::Readable),
        (DbBackend::Postgres, 2) => Ok(Presence::Unreadable),
        (DbBackend::MySql, _) => probe(db, table).await,
        _ => Ok(Presence::Absent),
    }
}

/// MySQL: a table the user has no privilege on is missing from
/// `information_schema`; reading it tells missing (1146) from denied (1142).
async fn probe<C: ConnectionTrait>(db: &C, table: &str) -> Result<Presence, DbErr> {
    let sql = format!("SELECT 1 FROM `{}` LIMIT 0", table.replace('`', "``"));
    match db.execute_unprepared(&sql).await {
        Ok(_) => Ok(Presence::Readable),
        Err(error) => match database_code(&error).as_deref() {
            Some("1146") => Ok(Presence::Absent),
            Some("1142") => Ok(Presence::Unreadable),
            _ => Err(error),
        },
    }
}

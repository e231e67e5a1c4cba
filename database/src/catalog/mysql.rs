//! MySQL's and MariaDB's catalog queries: `information_schema` of the
//! connection's database, which lists only what the user has a privilege on.

use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement};

use super::{Presence, count};
use crate::driver_error::database_code;

/// `(NULL, table)` of the base tables of the current database.
pub(super) const TABLES: &str = "SELECT CAST(NULL AS CHAR) AS a, CAST(table_name AS CHAR) AS b \
     FROM information_schema.tables \
     WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' ORDER BY 2";

/// `(table, column)` of the current database.
pub(super) const COLUMNS: &str = "SELECT CAST(table_name AS CHAR) AS a, CAST(column_name AS CHAR) AS b \
     FROM information_schema.columns WHERE table_schema = DATABASE()";

/// A table the user has no privilege on is missing from
/// `information_schema`; reading it tells missing (1146) from denied (1142).
pub(super) async fn presence<C: ConnectionTrait>(db: &C, table: &str) -> Result<Presence, DbErr> {
    let sql = "SELECT CAST(COUNT(*) AS SIGNED) AS v FROM information_schema.tables \
               WHERE table_schema = DATABASE() AND table_name = ?";
    let statement = Statement::from_sql_and_values(DbBackend::MySql, sql, [table.into()]);
    if count(db, statement).await? == 1 {
        return Ok(Presence::Readable);
    }
    let probe = format!("SELECT 1 FROM `{}` LIMIT 0", table.replace('`', "``"));
    match db.execute_unprepared(&probe).await {
        Ok(_) => Ok(Presence::Readable),
        Err(error) => match database_code(&error).as_deref() {
            Some("1146") => Ok(Presence::Absent),
            Some("1142") => Ok(Presence::Unreadable),
            _ => Err(error),
        },
    }
}

//! SQLite's catalog queries: `sqlite_master` and `pragma_table_info` of the
//! main database (a file has no privileges: a table is there or not).

use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement};

use super::{Presence, count};

/// `(NULL, table)` of the user tables.
pub(super) const TABLES: &str = "SELECT NULL AS a, name AS b FROM sqlite_master \
     WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 2";

/// `(table, column)` of the user tables.
pub(super) const COLUMNS: &str = "SELECT m.name AS a, p.name AS b \
     FROM sqlite_master m, pragma_table_info(m.name) p \
     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'";

/// Whether `table` exists.
pub(super) async fn presence<C: ConnectionTrait>(db: &C, table: &str) -> Result<Presence, DbErr> {
    let sql = "SELECT COUNT(*) AS v FROM sqlite_master WHERE type = 'table' AND name = ?";
    let statement = Statement::from_sql_and_values(DbBackend::Sqlite, sql, [table.into()]);
    Ok(match count(db, statement).await? {
        1 => Presence::Readable,
        _ => Presence::Absent,
    })
}

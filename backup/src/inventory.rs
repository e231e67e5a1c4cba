//! The inventory of a database, read with SQL: server version, size, tables
//! and their row counts, the columns of the current schema's tables, and the
//! migration head; what a backup records and a restore is checked against.

use std::collections::BTreeMap;

use database::catalog::{self, Columns, Presence, Scope, TableName};
use sea_orm::{ConnectionTrait, DbBackend, Statement};

use crate::BackupError;

/// The state of a database at backup (or restore) time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inventory {
    /// The server's version string.
    pub server_version: String,
    /// Every table and its row count.
    pub row_counts: BTreeMap<String, u64>,
    /// The column names of each table of the connection's schema.
    pub columns: Columns,
}

/// Takes the inventory of the database `db` is connected to.
pub async fn describe<C: ConnectionTrait>(db: &C) -> Result<Inventory, BackupError> {
    let version_sql = match db.get_database_backend() {
        DbBackend::Postgres => "SELECT current_setting('server_version') AS v",
        DbBackend::MySql => "SELECT CAST(VERSION() AS CHAR) AS v",
        _ => "SELECT sqlite_version() AS v",
    };
    let server_version: String = one(db, version_sql).await?;
    let mut row_counts = BTreeMap::new();
    for table in tables(db).await? {
        let count = count_rows(db, &table).await?;
        row_counts.insert(table.to_string(), count);
    }
    let columns = catalog::columns(db)
        .await
        .map_err(BackupError::database("cannot list the columns"))?;
    Ok(Inventory {
        server_version,
        row_counts,
        columns,
    })
}

/// The database's size in bytes as the server reports it (PostgreSQL:
/// `pg_database_size`; MySQL/MariaDB: the tables' data and index length;
/// SQLite: its pages), which is also what a dump is expected to stream.
pub async fn size<C: ConnectionTrait>(db: &C) -> Result<u64, BackupError> {
    let sql = match db.get_database_backend() {
        DbBackend::Postgres => "SELECT pg_database_size(current_database())::bigint AS v",
        DbBackend::MySql => {
            "SELECT CAST(COALESCE(SUM(data_length + index_length), 0) AS SIGNED) AS v \
             FROM information_schema.tables WHERE table_schema = DATABASE()"
        }
        _ => "SELECT page_count * page_size AS v FROM pragma_page_count(), pragma_page_size()",
    };
    let size: i64 = one(db, sql).await?;
    Ok(u64::try_from(size).unwrap_or(0))
}

/// The user tables of every schema (see [`catalog::tables`]).
pub async fn tables<C: ConnectionTrait>(db: &C) -> Result<Vec<TableName>, BackupError> {
    catalog::tables(db, Scope::Database)
        .await
        .map_err(BackupError::database("cannot list the tables"))
}

/// The exact row count of `table`.
pub async fn count_rows<C: ConnectionTrait>(db: &C, table: &TableName) -> Result<u64, BackupError> {
    let quoted = table.quoted(db.get_database_backend().into());
    let count: i64 = one(db, &format!("SELECT COUNT(*) AS v FROM {quoted}")).await?;
    Ok(u64::try_from(count).unwrap_or(0))
}

/// How many rows of `table` (in the connection's schema) have a value in `column`.
pub async fn count_values<C: ConnectionTrait>(
    db: &C,
    table: &str,
    column: &str,
) -> Result<u64, BackupError> {
    let backend = db.get_database_backend().into();
    let sql = format!(
        "SELECT COUNT({}) AS v FROM {}",
        catalog::quote(backend, column),
        catalog::quote(backend, table)
    );
    let count: i64 = one(db, &sql).await?;
    Ok(u64::try_from(count).unwrap_or(0))
}

/// The newest version recorded in `tracking_table`, if the table exists and has rows.
pub async fn migration_head<C: ConnectionTrait>(
    db: &C,
    tracking_table: &str,
) -> Result<Option<String>, BackupError> {
    let presence = catalog::presence(db, tracking_table)
        .await
        .map_err(BackupError::database("cannot read the migration head"))?;
    if presence == Presence::Absent {
        return Ok(None);
    }
    let backend = db.get_database_backend();
    let sql = format!(
        "SELECT version AS v FROM {} ORDER BY version DESC LIMIT 1",
        catalog::quote(backend.into(), tracking_table)
    );
    db.query_one_raw(Statement::from_string(backend, sql))
        .await
        .map_err(BackupError::database("cannot read the migration head"))?
        .map(|row| row.try_get::<String>("", "v"))
        .transpose()
        .map_err(BackupError::database("cannot read the migration head"))
}

async fn one<C, T>(db: &C, sql: &str) -> Result<T, BackupError>
where
    C: ConnectionTrait,
    T: sea_orm::TryGetable,
{
    let backend = db.get_database_backend();
    let context = || format!("cannot run `{sql}`");
    db.query_one_raw(Statement::from_string(backend, sql))
        .await
        .map_err(BackupError::database(context()))?
        .ok_or_else(|| BackupError::Database {
            context: context(),
            message: "no row".to_owned(),
        })?
        .try_get::<T>("", "v")
        .map_err(BackupError::database(context()))
}

//! Reading the server's own catalog: which tables exist (and whether the
//! connected role may read them), their columns, and PostgreSQL's enum
//! types. One file per backend holds that backend's queries; this module
//! is the one API the toolkit and the backup crate read a database through.

mod mysql;
mod postgres;
pub mod schema;
mod sqlite;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement};

use crate::Backend;

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

/// Which tables a listing covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The connection's schema (PostgreSQL's `current_schema()`, MySQL's database, SQLite's main).
    Current,
    /// Every user schema of the database (PostgreSQL); the same as `Current` elsewhere.
    Database,
}

/// A table's name, with its schema when that is not the connection's own.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct TableName {
    /// The schema, when the table is outside the current one (PostgreSQL only).
    pub schema: Option<String>,
    /// The table's name.
    pub name: String,
}

impl TableName {
    /// The name quoted for `backend`, schema-qualified when it has a schema.
    pub fn quoted(&self, backend: Backend) -> String {
        match &self.schema {
            Some(schema) => format!("{}.{}", quote(backend, schema), quote(backend, &self.name)),
            None => quote(backend, &self.name),
        }
    }
}

impl fmt::Display for TableName {
    /// `schema.name`, or `name` in the current schema (as backups record it).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.schema {
            Some(schema) => write!(f, "{schema}.{}", self.name),
            None => f.write_str(&self.name),
        }
    }
}

/// Tables and the names of their columns.
pub type Columns = BTreeMap<String, BTreeSet<String>>;

/// How `table` (unqualified, in the connection's schema) looks to the connected role.
pub async fn presence<C: ConnectionTrait>(db: &C, table: &str) -> Result<Presence, DbErr> {
    match backend(db) {
        Backend::Postgres => postgres::presence(db, table).await,
        Backend::Mysql => mysql::presence(db, table).await,
        Backend::Sqlite => sqlite::presence(db, table).await,
    }
}

/// The base tables in `scope`, ordered by schema then name.
pub async fn tables<C: ConnectionTrait>(db: &C, scope: Scope) -> Result<Vec<TableName>, DbErr> {
    let rows = match backend(db) {
        Backend::Postgres => postgres::tables(db, scope).await?,
        Backend::Mysql => text_rows(db, mysql::TABLES).await?,
        Backend::Sqlite => text_rows(db, sqlite::TABLES).await?,
    };
    Ok(rows
        .into_iter()
        .map(|(schema, name)| TableName { schema, name })
        .collect())
}

/// The columns of every table in the connection's schema.
pub async fn columns<C: ConnectionTrait>(db: &C) -> Result<Columns, DbErr> {
    let sql = match backend(db) {
        Backend::Postgres => postgres::COLUMNS,
        Backend::Mysql => mysql::COLUMNS,
        Backend::Sqlite => sqlite::COLUMNS,
    };
    let mut columns = Columns::new();
    for (table, column) in text_rows(db, sql).await? {
        columns
            .entry(table.unwrap_or_default())
            .or_default()
            .insert(column);
    }
    Ok(columns)
}

/// PostgreSQL's enum types in the connection's schema that no extension
/// owns; empty on other backends, whose enums belong to their columns.
pub async fn enum_types<C: ConnectionTrait>(db: &C) -> Result<Vec<String>, DbErr> {
    match backend(db) {
        Backend::Postgres => Ok(text_rows(db, postgres::ENUM_TYPES)
            .await?
            .into_iter()
            .map(|(_, name)| name)
            .collect()),
        _ => Ok(Vec::new()),
    }
}

/// Quotes one identifier for `backend`.
pub fn quote(backend: Backend, name: &str) -> String {
    let mark = match backend {
        Backend::Mysql => '`',
        _ => '"',
    };
    format!(
        "{mark}{}{mark}",
        name.replace(mark, &format!("{mark}{mark}"))
    )
}

fn backend<C: ConnectionTrait>(db: &C) -> Backend {
    db.get_database_backend().into()
}

/// Runs `sql`, whose rows are an optional text `a` and a text `b`.
async fn text_rows<C: ConnectionTrait>(
    db: &C,
    sql: &str,
) -> Result<Vec<(Option<String>, String)>, DbErr> {
    let backend: DbBackend = db.get_database_backend();
    db.query_all_raw(Statement::from_string(backend, sql))
        .await?
        .iter()
        .map(|row| Ok((row.try_get("", "a")?, row.try_get("", "b")?)))
        .collect()
}

/// Runs `statement`, whose one row holds an integer `v` (0 when there is no row).
async fn count<C: ConnectionTrait>(db: &C, statement: Statement) -> Result<i64, DbErr> {
    match db.query_one_raw(statement).await? {
        Some(row) => row.try_get("", "v"),
        None => Ok(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_qualified_name_is_quoted_part_by_part() {
        let table = TableName {
            schema: Some("audit.v2".to_owned()),
            name: "log\"s".to_owned(),
        };
        assert_eq!(table.quoted(Backend::Postgres), "\"audit.v2\".\"log\"\"s\"");
        assert_eq!(table.to_string(), "audit.v2.log\"s");
    }

    #[test]
    fn mysql_names_are_quoted_with_backticks() {
        assert_eq!(quote(Backend::Mysql, "a`b"), "`a``b`");
    }
}

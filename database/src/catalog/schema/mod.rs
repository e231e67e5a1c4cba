//! The schema reader: one database schema read back into the
//! [`Schema`] model, one file per backend for its catalog queries.
//!
//! Each backend reads every part (columns, keys, indexes, foreign keys,
//! checks) of all its tables with one query per part, row by row; a
//! builder puts the rows together and orders everything the same way on
//! every backend, whatever the server's collation: columns by position,
//! indexes, foreign keys and checks by name, key columns in key order.

mod model;
mod mysql;
mod parse;
mod postgres;
mod sqlite;

use std::collections::{BTreeMap, BTreeSet};

use sea_orm::{ConnectionTrait, DbErr, QueryResult, Statement, TryGetable, Value};

pub use model::{Check, Column, ForeignKey, Index, ReferentialAction, Schema, Table};

use crate::Backend;

/// Reads the tables (all base tables except those named in `skip`) and, on
/// PostgreSQL, the enum types of `schema` (PostgreSQL schema name; `None` =
/// the connection's current schema; ignored elsewhere) into the model.
pub async fn read<C: ConnectionTrait>(
    db: &C,
    schema: Option<&str>,
    skip: &[&str],
) -> Result<Schema, DbErr> {
    match Backend::from(db.get_database_backend()) {
        Backend::Postgres => postgres::read(db, schema, skip).await,
        Backend::Mysql => mysql::read(db, skip).await,
        Backend::Sqlite => sqlite::read(db, skip).await,
    }
}

/// Runs `sql` with `values` bound to its placeholders.
async fn query<C: ConnectionTrait>(
    db: &C,
    sql: &str,
    values: Vec<Value>,
) -> Result<Vec<QueryResult>, DbErr> {
    let statement = Statement::from_sql_and_values(db.get_database_backend(), sql, values);
    db.query_all_raw(statement).await
}

/// The value of `row`'s column `column`.
fn get<T: TryGetable>(row: &QueryResult, column: &str) -> Result<T, DbErr> {
    row.try_get("", column)
}

/// An index under construction.
struct IndexParts {
    unique: bool,
    predicate: Option<String>,
    columns: Vec<(i64, String)>,
}

/// A foreign key under construction.
struct ForeignKeyParts {
    name: String,
    foreign_table: String,
    on_delete: ReferentialAction,
    on_update: ReferentialAction,
    /// `(position, column, foreign column)`.
    columns: Vec<(i64, String, String)>,
}

/// A table under construction: its parts with their positions, in any order.
#[derive(Default)]
struct TableParts {
    columns: Vec<(i64, Column)>,
    primary_key: Vec<(i64, String)>,
    indexes: BTreeMap<String, IndexParts>,
    foreign_keys: BTreeMap<String, ForeignKeyParts>,
    checks: Vec<Check>,
}

/// Puts catalog rows together into a [`Schema`]; rows of tables it was not
/// given (skipped tables, views) are ignored.
struct Builder {
    backend: Backend,
    tables: BTreeMap<String, TableParts>,
    enums: BTreeMap<String, Vec<String>>,
}

impl Builder {
    /// A builder for the tables `names` but those in `skip`.
    fn new(backend: Backend, names: impl IntoIterator<Item = String>, skip: &[&str]) -> Self {
        let tables = names
            .into_iter()
            .filter(|name| !skip.contains(&name.as_str()))
            .map(|name| (name, TableParts::default()))
            .collect();
        Self {
            backend,
            tables,
            enums: BTreeMap::new(),
        }
    }

    /// The names of the tables being read, in name order.
    fn table_names(&self) -> Vec<String> {
        self.tables.keys().cloned().collect()
    }

    fn table(&mut self, table: &str) -> Option<&mut TableParts> {
        self.tables.get_mut(table)
    }

    /// The column at `position` of `table`.
    fn column(&mut self, table: &str, position: i64, column: Column) {
        if let Some(parts) = self.table(table) {
            parts.columns.push((position, column));
        }
    }

    /// The primary key column at `position` of `table`'s key.
    fn key_column(&mut self, table: &str, position: i64, column: String) {
        if let Some(parts) = self.table(table) {
            parts.primary_key.push((position, column));
        }
    }

    /// The column (or expression) at `position` of `table`'s index `name`;
    /// `unique` and `predicate` are the index's, the same on each of its rows.
    fn index_column(
        &mut self,
        table: &str,
        name: String,
        unique: bool,
        predicate: Option<String>,
        position: i64,
        column: String,
    ) {
        if let Some(parts) = self.table(table) {
            parts
                .indexes
                .entry(name)
                .or_insert(IndexParts {
                    unique,
                    predicate,
                    columns: Vec::new(),
                })
                .columns
                .push((position, column));
        }
    }

    /// The column pair at `position` of `table`'s foreign key `key` (its
    /// name, or an id where keys have no names); the rest is the key's,
    /// the same on each of its rows.
    #[allow(
        clippy::too_many_arguments,
        reason = "one catalog row of a foreign key, field by field"
    )]
    fn foreign_key_column(
        &mut self,
        table: &str,
        key: String,
        name: String,
        foreign_table: String,
        on_delete: ReferentialAction,
        on_update: ReferentialAction,
        position: i64,
        column: String,
        foreign_column: String,
    ) {
        if let Some(parts) = self.table(table) {
            parts
                .foreign_keys
                .entry(key)
                .or_insert(ForeignKeyParts {
                    name,
                    foreign_table,
                    on_delete,
                    on_update,
                    columns: Vec::new(),
                })
                .columns
                .push((position, column, foreign_column));
        }
    }

    /// A check constraint of `table`; checks of one name keep the order they come in.
    fn check(&mut self, table: &str, check: Check) {
        if let Some(parts) = self.table(table) {
            parts.checks.push(check);
        }
    }

    /// The model, everything in its order.
    fn finish(self) -> Schema {
        let tables = self
            .tables
            .into_iter()
            .map(|(name, parts)| {
                let table = parts.finish(name.clone());
                (name, table)
            })
            .collect();
        Schema {
            backend: self.backend,
            tables,
            enums: self.enums,
        }
    }
}

/// The values of `items` ordered by their positions.
fn by_position<T>(mut items: Vec<(i64, T)>) -> Vec<T> {
    items.sort_by_key(|(position, _)| *position);
    items.into_iter().map(|(_, item)| item).collect()
}

impl TableParts {
    fn finish(self, name: String) -> Table {
        let indexes = self
            .indexes
            .into_iter()
            .map(|(name, index)| Index {
                name,
                columns: by_position(index.columns),
                unique: index.unique,
                predicate: index.predicate,
            })
            .collect();
        let mut foreign_keys: Vec<ForeignKey> = self
            .foreign_keys
            .into_values()
            .map(|mut key| {
                key.columns.sort_by_key(|(position, _, _)| *position);
                let (columns, foreign_columns) = key
                    .columns
                    .into_iter()
                    .map(|(_, column, foreign)| (column, foreign))
                    .unzip();
                ForeignKey {
                    name: key.name,
                    columns,
                    foreign_table: key.foreign_table,
                    foreign_columns,
                    on_delete: key.on_delete,
                    on_update: key.on_update,
                }
            })
            .collect();
        // Unnamed (SQLite) keys still come in one order: by what they are.
        foreign_keys.sort_by(|a, b| {
            (&a.name, &a.columns, &a.foreign_table, &a.foreign_columns)
                .cmp(&(&b.name, &b.columns, &b.foreign_table, &b.foreign_columns))
                .then((a.on_delete, a.on_update).cmp(&(b.on_delete, b.on_update)))
        });
        let mut checks = self.checks;
        checks.sort_by(|a, b| a.name.cmp(&b.name));
        Table {
            name,
            columns: by_position(self.columns),
            primary_key: by_position(self.primary_key),
            indexes,
            foreign_keys,
            checks,
        }
    }
}

/// The distinct strings of `rows`' column `column`.
fn names(rows: &[QueryResult], column: &str) -> Result<BTreeSet<String>, DbErr> {
    rows.iter().map(|row| get(row, column)).collect()
}

/// An unknown `ON DELETE` / `ON UPDATE` spelling, as an error.
fn unknown_action(table: &str, key: &str, action: &str) -> DbErr {
    DbErr::Custom(format!(
        "foreign key {key} of table {table}: unknown referential action {action:?}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(name: &str) -> Column {
        Column {
            name: name.to_owned(),
            data_type: "integer".to_owned(),
            nullable: false,
            default: None,
            auto_increment: false,
        }
    }

    #[test]
    fn parts_come_out_in_order_and_skipped_tables_stay_out() {
        let names = ["t", "skipped"].map(str::to_owned);
        let mut builder = Builder::new(Backend::Sqlite, names, &["skipped"]);
        builder.column("t", 2, column("b"));
        builder.column("t", 1, column("a"));
        builder.column("skipped", 1, column("x"));
        builder.column("view", 1, column("x"));
        builder.key_column("t", 2, "b".to_owned());
        builder.key_column("t", 1, "a".to_owned());
        builder.index_column("t", "z".to_owned(), false, None, 1, "b".to_owned());
        builder.index_column("t", "y".to_owned(), true, None, 2, "a".to_owned());
        builder.index_column("t", "y".to_owned(), true, None, 1, "b".to_owned());
        for (key, column) in [("1", "b"), ("0", "a")] {
            builder.foreign_key_column(
                "t",
                key.to_owned(),
                String::new(),
                "p".to_owned(),
                ReferentialAction::Cascade,
                ReferentialAction::NoAction,
                0,
                column.to_owned(),
                "id".to_owned(),
            );
        }
        for (name, expression) in [("", "b"), ("c", "c"), ("", "a")] {
            builder.check(
                "t",
                Check {
                    name: name.to_owned(),
                    expression: expression.to_owned(),
                },
            );
        }
        let schema = builder.finish();
        assert_eq!(schema.tables.keys().collect::<Vec<_>>(), ["t"]);
        let table = &schema.tables["t"];
        assert_eq!(table.columns, [column("a"), column("b")]);
        assert_eq!(table.primary_key, ["a", "b"]);
        let indexes: Vec<_> = table
            .indexes
            .iter()
            .map(|i| (i.name.as_str(), i.columns.clone(), i.unique))
            .collect();
        assert_eq!(
            indexes,
            [
                ("y", vec!["b".to_owned(), "a".to_owned()], true),
                ("z", vec!["b".to_owned()], false)
            ]
        );
        let keys: Vec<_> = table
            .foreign_keys
            .iter()
            .map(|k| k.columns.clone())
            .collect();
        assert_eq!(keys, [["a"], ["b"]]);
        let checks: Vec<_> = table.checks.iter().map(|c| c.expression.as_str()).collect();
        assert_eq!(checks, ["b", "a", "c"]);
    }
}

//! SQLite's schema catalog: the `pragma_*` table functions over every table
//! of `sqlite_master` (the main database), and for what no pragma tells
//! (check constraints, partial-index predicates, index expressions,
//! `WITHOUT ROWID`) the `CREATE` statements `sqlite_master` keeps.

use std::collections::BTreeMap;

use sea_orm::{ConnectionTrait, DbErr};

use super::parse::{create_table_checks, index_items, index_predicate, without_rowid};
use super::{Builder, Column, ReferentialAction, Schema, get, query, unknown_action};
use crate::Backend;

/// The user tables and their `CREATE TABLE` statements.
const TABLES: &str = "SELECT name AS t, sql AS sql FROM sqlite_master \
     WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";

/// Every column, generated ones too (`table_xinfo`), but a virtual table's hidden ones.
const COLUMNS: &str = "SELECT m.name AS t, p.cid AS pos, p.name AS name, p.type AS type, \
     p.\"notnull\" AS not_null, p.dflt_value AS def, p.pk AS pk \
     FROM sqlite_master m JOIN pragma_table_xinfo(m.name) p \
     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND p.hidden <> 1";

/// Every index but a `WITHOUT ROWID` table's primary key, one row per key
/// column, with the index's `CREATE INDEX` statement (none for the
/// automatic indexes of UNIQUE constraints).
const INDEXES: &str = "SELECT m.name AS t, il.name AS name, il.\"unique\" AS uniq, \
     il.partial AS partial, ix.seqno AS pos, ix.cid AS cid, ix.name AS col, s.sql AS sql \
     FROM sqlite_master m JOIN pragma_index_list(m.name) il \
     JOIN pragma_index_xinfo(il.name) ix \
     LEFT JOIN sqlite_master s ON s.type = 'index' AND s.name = il.name \
     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' \
     AND il.origin <> 'pk' AND ix.\"key\" = 1";

/// Every foreign key, one row per column pair; `to` is NULL when the key
/// names no columns and so references the parent's primary key.
const FOREIGN_KEYS: &str = "SELECT m.name AS t, f.id AS id, f.seq AS pos, \
     f.\"table\" AS foreign_table, f.\"from\" AS col, f.\"to\" AS foreign_col, \
     f.on_delete AS on_delete, f.on_update AS on_update \
     FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f \
     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";

/// A column read, before the table's primary key is known.
struct ColumnRow {
    position: i64,
    column: Column,
    /// Its place in the primary key (0: not in it).
    pk: i64,
}

/// Reads the tables but `skip` of the main database.
///
/// `auto_increment` is SQLite's rowid alias: the one column of a
/// single-column primary key declared exactly `INTEGER` (any case) in a
/// rowid table. Such a column always takes a generated value when a row
/// comes without one; the `AUTOINCREMENT` keyword only stops the values of
/// deleted rows from being reused, so it is not what decides. (The
/// `INTEGER PRIMARY KEY DESC` quirk, which is no alias, is not told apart.)
/// A rowid alias never holds NULL, so it reads as not nullable whether or
/// not it was declared `NOT NULL` (`table_info` says nullable unless it was).
/// Every other column's nullability is `table_info`'s `notnull`.
pub(super) async fn read<C: ConnectionTrait>(db: &C, skip: &[&str]) -> Result<Schema, DbErr> {
    let mut statements = BTreeMap::new();
    for row in query(db, TABLES, Vec::new()).await? {
        let name: String = get(&row, "t")?;
        let sql: Option<String> = get(&row, "sql")?;
        statements.insert(name, sql.unwrap_or_default());
    }
    let mut builder = Builder::new(Backend::Sqlite, statements.keys().cloned(), skip);

    let mut columns: BTreeMap<String, Vec<ColumnRow>> = BTreeMap::new();
    for row in query(db, COLUMNS, Vec::new()).await? {
        let table: String = get(&row, "t")?;
        let declared: Option<String> = get(&row, "type")?;
        columns.entry(table).or_default().push(ColumnRow {
            position: get(&row, "pos")?,
            column: Column {
                name: get(&row, "name")?,
                data_type: declared.unwrap_or_default().to_lowercase(),
                nullable: get::<i64>(&row, "not_null")? == 0,
                default: get(&row, "def")?,
                auto_increment: false,
            },
            pk: get(&row, "pk")?,
        });
    }
    // Each table's primary key, for foreign keys that name no columns.
    let primary_keys: BTreeMap<String, Vec<String>> = columns
        .iter()
        .map(|(table, rows)| {
            let mut key: Vec<&ColumnRow> = rows.iter().filter(|r| r.pk > 0).collect();
            key.sort_by_key(|r| r.pk);
            let names = key.iter().map(|r| r.column.name.clone()).collect();
            (table.clone(), names)
        })
        .collect();
    for (table, rows) in columns {
        let key: Vec<&ColumnRow> = rows.iter().filter(|r| r.pk > 0).collect();
        let rowid_alias = match key[..] {
            [only] if only.column.data_type == "integer" => statements
                .get(&table)
                .is_some_and(|sql| !without_rowid(sql))
                .then(|| only.column.name.clone()),
            _ => None,
        };
        for row in rows {
            if row.pk > 0 {
                builder.key_column(&table, row.pk, row.column.name.clone());
            }
            let mut column = row.column;
            if rowid_alias.as_deref() == Some(column.name.as_str()) {
                column.auto_increment = true;
                column.nullable = false;
            }
            builder.column(&table, row.position, column);
        }
    }

    for row in query(db, INDEXES, Vec::new()).await? {
        let table: String = get(&row, "t")?;
        let sql: Option<String> = get(&row, "sql")?;
        let position: i64 = get(&row, "pos")?;
        let column = match (
            get::<i64>(&row, "cid")?,
            get::<Option<String>>(&row, "col")?,
        ) {
            (_, Some(column)) => column,
            (-1, None) => "rowid".to_owned(),
            (_, None) => usize::try_from(position)
                .ok()
                .and_then(|at| {
                    index_items(sql.as_deref().unwrap_or_default())
                        .into_iter()
                        .nth(at)
                })
                .unwrap_or_default(),
        };
        let predicate = if get::<i64>(&row, "partial")? == 1 {
            sql.as_deref().and_then(index_predicate)
        } else {
            None
        };
        builder.index_column(
            &table,
            get(&row, "name")?,
            get::<i64>(&row, "uniq")? == 1,
            predicate,
            position,
            column,
        );
    }

    for row in query(db, FOREIGN_KEYS, Vec::new()).await? {
        let table: String = get(&row, "t")?;
        let id: i64 = get(&row, "id")?;
        let action = |column: &str| -> Result<ReferentialAction, DbErr> {
            let rule: String = get(&row, column)?;
            ReferentialAction::parse(&rule)
                .ok_or_else(|| unknown_action(&table, &format!("#{id}"), &rule))
        };
        let (on_delete, on_update) = (action("on_delete")?, action("on_update")?);
        let foreign_table: String = get(&row, "foreign_table")?;
        let position: i64 = get(&row, "pos")?;
        let foreign_column = match get::<Option<String>>(&row, "foreign_col")? {
            Some(column) => column,
            None => usize::try_from(position)
                .ok()
                .and_then(|at| primary_keys.get(&foreign_table)?.get(at).cloned())
                .unwrap_or_default(),
        };
        builder.foreign_key_column(
            &table,
            format!("{id:020}"),
            String::new(),
            foreign_table,
            on_delete,
            on_update,
            position,
            get(&row, "col")?,
            foreign_column,
        );
    }

    for table in builder.table_names() {
        for check in create_table_checks(&statements[&table]) {
            builder.check(&table, check);
        }
    }

    Ok(builder.finish())
}

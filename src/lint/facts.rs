//! The facts a live database gives the rules, read-only: which tables exist
//! in the migrated schema and about how many rows each holds (PostgreSQL's
//! `pg_class.reltuples`, MySQL's `information_schema.tables.table_rows`;
//! SQLite keeps no estimate), and the types of their columns as the catalog
//! spells them (`format_type`, `information_schema.columns.column_type`,
//! `pragma_table_info`), parsed as the migrations' types are.

use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement};
use sqlparser::ast::DataType;

use super::{Facts, parse};
use crate::{Backend, Error};
use database::driver_error::database_message;

/// The existing tables of `db`'s schema, with their row estimates and column types.
pub async fn read<C: ConnectionTrait>(db: &C) -> Result<Facts, Error> {
    let backend = db.get_database_backend();
    let sql = match backend {
        // reltuples is -1 for a table never vacuumed nor analysed: unknown.
        DbBackend::Postgres => {
            "SELECT c.relname::text AS name, \
             CASE WHEN c.reltuples < 0 THEN NULL ELSE c.reltuples::bigint END AS estimate \
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema()"
        }
        DbBackend::MySql => {
            "SELECT CAST(table_name AS CHAR) AS name, CAST(table_rows AS SIGNED) AS estimate \
             FROM information_schema.tables \
             WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'"
        }
        _ => {
            "SELECT name, CAST(NULL AS INTEGER) AS estimate FROM sqlite_master \
             WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        }
    };
    let fail = |e: DbErr| Error::LintFacts(database_message(&e));
    let rows = db
        .query_all_raw(Statement::from_string(backend, sql))
        .await
        .map_err(fail)?;
    let mut facts = Facts::default();
    for row in rows {
        let name: String = row.try_get("", "name").map_err(fail)?;
        let estimate: Option<i64> = row.try_get("", "estimate").map_err(fail)?;
        facts.existing.insert(name, estimate);
    }
    let rows = db
        .query_all_raw(Statement::from_string(backend, columns_sql(backend)))
        .await
        .map_err(fail)?;
    let parser_backend = Backend::from(backend);
    for row in rows {
        let table: String = row.try_get("", "table_name").map_err(fail)?;
        let column: String = row.try_get("", "column_name").map_err(fail)?;
        let spelled: String = row.try_get("", "column_type").map_err(fail)?;
        let not_null: i64 = row.try_get("", "not_null").map_err(fail)?;
        let key = (table, column);
        if not_null != 0 {
            facts.not_null.insert(key.clone());
        }
        if let Some(data_type) = parse::data_type(parser_backend, &spelled) {
            facts
                .columns
                .insert(key, normalised(parser_backend, data_type));
        }
    }
    Ok(facts)
}

/// `data_type` as a migration would declare it: MySQL's catalog spells
/// integers with a display width (`int(11)`) and booleans as `tinyint(1)`,
/// which sea-query writes `int` and `bool`.
fn normalised(backend: Backend, data_type: DataType) -> DataType {
    if backend != Backend::Mysql {
        return data_type;
    }
    match data_type {
        DataType::TinyInt(Some(1)) => DataType::Bool,
        DataType::TinyInt(_) => DataType::TinyInt(None),
        DataType::SmallInt(_) => DataType::SmallInt(None),
        DataType::MediumInt(_) => DataType::MediumInt(None),
        DataType::Int(_) => DataType::Int(None),
        DataType::BigInt(_) => DataType::BigInt(None),
        DataType::TinyIntUnsigned(_) => DataType::TinyIntUnsigned(None),
        DataType::SmallIntUnsigned(_) => DataType::SmallIntUnsigned(None),
        DataType::MediumIntUnsigned(_) => DataType::MediumIntUnsigned(None),
        DataType::IntUnsigned(_) => DataType::IntUnsigned(None),
        DataType::BigIntUnsigned(_) => DataType::BigIntUnsigned(None),
        other => other,
    }
}

/// Every column of the schema's tables with its type as the catalog spells
/// it and whether it is NOT NULL.
fn columns_sql(backend: DbBackend) -> &'static str {
    match backend {
        DbBackend::Postgres => {
            "SELECT c.relname::text AS table_name, a.attname::text AS column_name, \
             format_type(a.atttypid, a.atttypmod) AS column_type, a.attnotnull::int::int8 AS not_null \
             FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid \
             JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema() \
             AND a.attnum > 0 AND NOT a.attisdropped"
        }
        DbBackend::MySql => {
            "SELECT CAST(table_name AS CHAR) AS table_name, \
             CAST(column_name AS CHAR) AS column_name, CAST(column_type AS CHAR) AS column_type, \
             CAST(is_nullable = 'NO' AS SIGNED) AS not_null \
             FROM information_schema.columns WHERE table_schema = DATABASE()"
        }
        _ => {
            "SELECT m.name AS table_name, p.name AS column_name, p.type AS column_type, \
             p.\"notnull\" <> 0 AS not_null \
             FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'"
        }
    }
}

//! The facts a live database gives the rules, read-only: which tables exist
//! in the migrated schema and about how many rows each holds (PostgreSQL's
//! `pg_class.reltuples`, MySQL's `information_schema.tables.table_rows`;
//! SQLite keeps no estimate).

use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement};

use super::Facts;
use crate::Error;
use database::driver_error::database_message;

/// The existing tables of `db`'s schema, with their row estimates.
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
    Ok(facts)
}

//! Dropping every table (and PostgreSQL enum type) of the current schema,
//! which `fresh` does before re-applying every migration.

use sea_orm::sea_query::extension::postgres::Type;
use sea_orm::sea_query::{Alias, Table};
use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement};

/// Drops every table of the current schema but `keep` (the run history
/// survives `fresh`) and, on PostgreSQL, its enum types; returns how many
/// tables were dropped.
pub async fn drop_all<C: ConnectionTrait>(db: &C, keep: &str) -> Result<usize, DbErr> {
    let backend = db.get_database_backend();
    let (tables_sql, guard_off, guard_on) = match backend {
        DbBackend::Postgres => (
            "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()",
            None,
            None,
        ),
        DbBackend::MySql => (
            "SELECT table_name AS name FROM information_schema.tables \
             WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'",
            Some("SET FOREIGN_KEY_CHECKS = 0"),
            Some("SET FOREIGN_KEY_CHECKS = 1"),
        ),
        _ => (
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            Some("PRAGMA foreign_keys = OFF"),
            Some("PRAGMA foreign_keys = ON"),
        ),
    };
    let tables: Vec<String> = names(db, tables_sql)
        .await?
        .into_iter()
        .filter(|t| t != keep)
        .collect();
    if let Some(sql) = guard_off {
        db.execute_unprepared(sql).await?;
    }
    let dropped = drop_tables(db, &tables).await;
    if let Some(sql) = guard_on {
        db.execute_unprepared(sql).await?;
    }
    dropped?;
    if backend == DbBackend::Postgres {
        let types = names(
            db,
            "SELECT t.typname AS name FROM pg_type t \
             JOIN pg_namespace n ON n.oid = t.typnamespace \
             LEFT JOIN pg_depend d ON d.objid = t.oid AND d.deptype = 'e' \
             WHERE n.nspname = current_schema() AND t.typtype = 'e' AND d.objid IS NULL",
        )
        .await?;
        for name in types {
            let stmt = Type::drop()
                .name(Alias::new(name))
                .if_exists()
                .cascade()
                .to_owned();
            db.execute(&stmt).await?;
        }
    }
    Ok(tables.len())
}

async fn drop_tables<C: ConnectionTrait>(db: &C, tables: &[String]) -> Result<(), DbErr> {
    for name in tables {
        let mut stmt = Table::drop();
        stmt.table(Alias::new(name.as_str())).if_exists();
        if db.get_database_backend() == DbBackend::Postgres {
            stmt.cascade();
        }
        db.execute(&stmt).await?;
    }
    Ok(())
}

async fn names<C: ConnectionTrait>(db: &C, sql: &str) -> Result<Vec<String>, DbErr> {
    let backend = db.get_database_backend();
    db.query_all_raw(Statement::from_string(backend, sql))
        .await?
        .into_iter()
        .map(|row| row.try_get::<String>("", "name"))
        .collect()
}

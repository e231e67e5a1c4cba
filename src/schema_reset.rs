//! Dropping every table (and PostgreSQL enum type) of the current schema,
//! which `fresh` does before re-applying every migration.

use database::catalog::{self, Scope};
use sea_orm::sea_query::extension::postgres::Type;
use sea_orm::sea_query::{Alias, Table};
use sea_orm::{ConnectionTrait, DbBackend, DbErr};

/// Drops every table of the current schema but `keep` (the run history
/// survives `fresh`) and, on PostgreSQL, its enum types; returns how many
/// tables were dropped.
pub async fn drop_all<C: ConnectionTrait>(db: &C, keep: &str) -> Result<usize, DbErr> {
    let backend = db.get_database_backend();
    let (guard_off, guard_on) = match backend {
        DbBackend::Postgres => (None, None),
        DbBackend::MySql => (
            Some("SET FOREIGN_KEY_CHECKS = 0"),
            Some("SET FOREIGN_KEY_CHECKS = 1"),
        ),
        _ => (
            Some("PRAGMA foreign_keys = OFF"),
            Some("PRAGMA foreign_keys = ON"),
        ),
    };
    let tables: Vec<String> = catalog::tables(db, Scope::Current)
        .await?
        .into_iter()
        .map(|t| t.name)
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
        for name in catalog::enum_types(db).await? {
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

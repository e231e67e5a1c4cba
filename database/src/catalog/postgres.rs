//! PostgreSQL's catalog queries: `pg_catalog` where privileges would hide
//! rows from `information_schema`.

use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement};

use super::{Presence, Scope, count, text_rows};

/// `(NULL, table), column` of the current schema.
pub(super) const COLUMNS: &str = "SELECT table_name::text AS a, column_name::text AS b \
     FROM information_schema.columns WHERE table_schema = current_schema()";

/// `(NULL, type)` of the enum types of the current schema no extension owns.
pub(super) const ENUM_TYPES: &str = "SELECT NULL::text AS a, t.typname::text AS b FROM pg_type t \
     JOIN pg_namespace n ON n.oid = t.typnamespace \
     LEFT JOIN pg_depend d ON d.objid = t.oid AND d.deptype = 'e' \
     WHERE n.nspname = current_schema() AND t.typtype = 'e' AND d.objid IS NULL \
     ORDER BY 2";

const CURRENT_TABLES: &str = "SELECT NULL::text AS a, tablename::text AS b FROM pg_tables \
     WHERE schemaname = current_schema() ORDER BY 2";

const DATABASE_TABLES: &str = "SELECT CASE WHEN schemaname = current_schema() THEN NULL \
     ELSE schemaname::text END AS a, tablename::text AS b FROM pg_tables \
     WHERE schemaname NOT IN ('pg_catalog', 'information_schema') \
     ORDER BY schemaname <> current_schema(), schemaname, tablename";

/// The tables in `scope`, as `(schema outside the current one, name)`.
pub(super) async fn tables<C: ConnectionTrait>(
    db: &C,
    scope: Scope,
) -> Result<Vec<(Option<String>, String)>, DbErr> {
    let sql = match scope {
        Scope::Current => CURRENT_TABLES,
        Scope::Database => DATABASE_TABLES,
    };
    text_rows(db, sql).await
}

/// `to_regclass` resolves the name through `search_path` whatever the
/// role's privileges on the table; `has_table_privilege` then tells.
pub(super) async fn presence<C: ConnectionTrait>(db: &C, table: &str) -> Result<Presence, DbErr> {
    let sql = "SELECT CASE WHEN t.c IS NULL THEN 0 WHEN has_table_privilege(t.c, 'SELECT') THEN 1 ELSE 2 END::int8 AS v \
               FROM (SELECT to_regclass(quote_ident($1)) AS c) t";
    let statement = Statement::from_sql_and_values(DbBackend::Postgres, sql, [table.into()]);
    Ok(match count(db, statement).await? {
        1 => Presence::Readable,
        2 => Presence::Unreadable,
        _ => Presence::Absent,
    })
}

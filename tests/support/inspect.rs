//! Reading a database's schema back, to compare it with the contract.

use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};

use super::Backend;

/// Runs `sql` and returns every row as `columns` strings.
pub async fn rows(db: &DatabaseConnection, sql: &str, columns: usize) -> Vec<Vec<String>> {
    let backend = db.get_database_backend();
    db.query_all_raw(Statement::from_string(backend, sql))
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .iter()
        .map(|row| {
            (0..columns)
                .map(|i| {
                    row.try_get_by_index::<Option<String>>(i)
                        .or_else(|_| {
                            row.try_get_by_index::<Option<i64>>(i)
                                .map(|n| n.map(|n| n.to_string()))
                        })
                        .unwrap_or_else(|e| panic!("{sql}, column {i}: {e}"))
                        .unwrap_or_default()
                })
                .collect()
        })
        .collect()
}

/// The user tables of the database, sorted.
pub async fn tables(db: &DatabaseConnection, backend: Backend) -> Vec<String> {
    let sql = match backend {
        Backend::Postgres => {
            "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
        }
        Backend::Mysql => {
            "SELECT CAST(table_name AS CHAR) FROM information_schema.tables \
             WHERE table_schema = DATABASE() ORDER BY 1"
        }
        Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1"
        }
    };
    let mut names: Vec<String> = rows(db, sql, 1)
        .await
        .into_iter()
        .map(|mut r| r.remove(0))
        .collect();
    // Collations disagree on where `_` sorts.
    names.sort();
    names
}

/// A textual description of every table, column, index, foreign key and
/// enum type, for comparing a schema before and after a round trip.
pub async fn snapshot(db: &DatabaseConnection, backend: Backend) -> Vec<Vec<String>> {
    let queries: &[(&str, usize)] = match backend {
        Backend::Postgres => &[
            (
                "SELECT table_name::text, column_name::text, udt_name::text, is_nullable::text, \
                 coalesce(column_default, '')::text FROM information_schema.columns \
                 WHERE table_schema = 'public' ORDER BY 1, 2",
                5,
            ),
            (
                "SELECT indexname::text, indexdef::text FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1",
                2,
            ),
            (
                "SELECT conname::text, pg_get_constraintdef(oid)::text FROM pg_constraint \
                 WHERE connamespace = 'public'::regnamespace ORDER BY 1",
                2,
            ),
            (
                "SELECT t.typname::text, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) \
                 FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY 1 ORDER BY 1",
                2,
            ),
        ],
        Backend::Mysql => &[
            (
                "SELECT CAST(table_name AS CHAR), CAST(column_name AS CHAR), CAST(column_type AS CHAR), \
                 CAST(is_nullable AS CHAR) FROM information_schema.columns \
                 WHERE table_schema = DATABASE() ORDER BY 1, 2",
                4,
            ),
            (
                "SELECT CAST(table_name AS CHAR), CAST(index_name AS CHAR), CAST(column_name AS CHAR), \
                 CAST(non_unique AS CHAR) FROM information_schema.statistics \
                 WHERE table_schema = DATABASE() ORDER BY 1, 2, 3",
                4,
            ),
            (
                "SELECT CAST(constraint_name AS CHAR), CAST(delete_rule AS CHAR) \
                 FROM information_schema.referential_constraints \
                 WHERE constraint_schema = DATABASE() ORDER BY 1",
                2,
            ),
        ],
        Backend::Sqlite => &[(
            "SELECT type, name, coalesce(sql, '') FROM sqlite_master \
             WHERE name NOT LIKE 'sqlite_%' ORDER BY 1, 2",
            3,
        )],
    };
    let mut all = Vec::new();
    for (sql, columns) in queries {
        all.extend(rows(db, sql, *columns).await);
    }
    all
}

/// Polls `sql` until it returns a row (or panics after 30 s, naming `what`); returns the rows.
pub async fn wait_for_rows(db: &DatabaseConnection, sql: &str, what: &str) -> Vec<Vec<String>> {
    let started = std::time::Instant::now();
    loop {
        let found = rows(db, sql, 1).await;
        if !found.is_empty() {
            return found;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(30),
            "{what} never happened"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

//! The lock and statement timeouts a migration's program sets, and who to
//! blame when one cannot get its lock. A DDL statement waiting for a lock
//! blocks every query queued behind it; a short lock timeout turns that
//! outage into a retry.

use sea_orm::{ConnectionTrait, DbBackend, Statement};

use crate::config::Timeouts;

/// The timeouts for a migration's transaction: PostgreSQL's `SET LOCAL`
/// (MySQL has no transactional DDL, so it sets them for the session).
pub fn for_transaction(backend: DbBackend, timeouts: &Timeouts) -> Vec<Statement> {
    match backend {
        DbBackend::Postgres => statements(backend, postgres(timeouts, "LOCAL ")),
        _ => for_session(backend, timeouts),
    }
}

/// PostgreSQL's `SET [LOCAL ]lock_timeout` (and `statement_timeout`), in
/// milliseconds; `scope` is `"LOCAL "` for the transaction, empty for the session.
fn postgres(timeouts: &Timeouts, scope: &str) -> Vec<String> {
    let mut sql = vec![format!(
        "SET {scope}lock_timeout = {}",
        timeouts.lock_timeout.as_millis().max(1)
    )];
    if let Some(limit) = timeouts.statement_timeout {
        sql.push(format!(
            "SET {scope}statement_timeout = {}",
            limit.as_millis().max(1)
        ));
    }
    sql
}

/// The timeouts for a migration that runs without a transaction (e.g. to
/// build an index `CONCURRENTLY`), for the session: PostgreSQL's
/// `lock_timeout` (and `statement_timeout`), MySQL's `lock_wait_timeout` in
/// whole seconds; SQLite has none.
pub fn for_session(backend: DbBackend, timeouts: &Timeouts) -> Vec<Statement> {
    let sql = match backend {
        DbBackend::Postgres => postgres(timeouts, ""),
        DbBackend::MySql => vec![format!(
            "SET SESSION lock_wait_timeout = {}",
            timeouts.lock_timeout.as_secs().max(1)
        )],
        _ => Vec::new(),
    };
    statements(backend, sql)
}

fn statements(backend: DbBackend, sql: Vec<String>) -> Vec<Statement> {
    sql.into_iter()
        .map(|sql| Statement::from_string(backend, sql))
        .collect()
}

/// The transactions open on this database, oldest first (PostgreSQL): pid,
/// application, state, age and query of the likely blockers.
pub async fn open_transactions<C: ConnectionTrait>(db: &C) -> String {
    if db.get_database_backend() != DbBackend::Postgres {
        return String::new();
    }
    let sql = "SELECT coalesce(string_agg(format('pid %s (%s, %s, open %s s): %s', pid, \
               coalesce(nullif(application_name, ''), '?'), state, \
               floor(extract(epoch FROM now() - xact_start))::int, \
               left(regexp_replace(query, '\\s+', ' ', 'g'), 100)), '; ' ORDER BY xact_start), '') AS v \
               FROM pg_stat_activity WHERE datname = current_database() \
               AND pid <> pg_backend_pid() AND xact_start IS NOT NULL";
    match db
        .query_one_raw(Statement::from_string(DbBackend::Postgres, sql))
        .await
    {
        Ok(Some(row)) => row.try_get::<String>("", "v").unwrap_or_default(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn a_postgres_migration_without_a_transaction_sets_the_lock_timeout_for_the_session() {
        let timeouts = Timeouts {
            lock_timeout: Duration::from_secs(5),
            statement_timeout: None,
            retries: 0,
        };
        let sql: Vec<String> = for_session(DbBackend::Postgres, &timeouts)
            .into_iter()
            .map(|statement| statement.sql)
            .collect();
        assert_eq!(sql, ["SET lock_timeout = 5000"]);
    }
}

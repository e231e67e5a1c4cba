//! Lock and statement timeouts for migrations, and who to blame when one
//! cannot get its lock. A DDL statement waiting for a lock blocks every
//! query queued behind it; a short lock timeout turns that outage into a
//! retry.

use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement};

use super::Timeouts;

/// Sets the timeouts for the current transaction (PostgreSQL `SET LOCAL`;
/// MySQL has no transactional DDL, see [`set_session`]).
pub async fn set_local<C: ConnectionTrait>(db: &C, timeouts: &Timeouts) -> Result<(), DbErr> {
    if db.get_database_backend() != DbBackend::Postgres {
        return set_session(db, timeouts).await;
    }
    db.execute_unprepared(&format!(
        "SET LOCAL lock_timeout = {}",
        timeouts.lock_timeout.as_millis().max(1)
    ))
    .await?;
    if let Some(limit) = timeouts.statement_timeout {
        db.execute_unprepared(&format!(
            "SET LOCAL statement_timeout = {}",
            limit.as_millis().max(1)
        ))
        .await?;
    }
    Ok(())
}

/// Sets the lock wait timeout for the session, for migrations that run
/// without a transaction (MySQL's `lock_wait_timeout`, in whole seconds).
pub async fn set_session<C: ConnectionTrait>(db: &C, timeouts: &Timeouts) -> Result<(), DbErr> {
    if db.get_database_backend() == DbBackend::MySql {
        db.execute_unprepared(&format!(
            "SET SESSION lock_wait_timeout = {}",
            timeouts.lock_timeout.as_secs().max(1)
        ))
        .await?;
    }
    Ok(())
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

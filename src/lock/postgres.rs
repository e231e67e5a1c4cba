//! PostgreSQL: a session-level advisory lock, polled with `pg_try_advisory_lock`.

use sea_orm::DatabaseConnection;

use super::{LockError, LockKey, Mechanism, describe_holder, scalar};

/// The advisory lock for one key.
pub struct Advisory {
    key: i64,
}

impl Advisory {
    /// The lock for `key`.
    pub fn new(key: LockKey) -> Self {
        Self { key: key.as_i64() }
    }
}

#[async_trait::async_trait]
impl Mechanism for Advisory {
    async fn try_lock(&mut self, db: &DatabaseConnection) -> Result<bool, LockError> {
        // In the same round trip, the session learns to notice a dead client:
        // while a statement runs, the server checks every second that the
        // client is still there (PostgreSQL 14+; the setting is skipped on
        // older servers) and TCP keepalives detect a vanished host, so a
        // killed run's lock ends with its statement, not after it.
        let sql = format!(
            "SELECT CASE WHEN pg_try_advisory_lock({}) THEN 1 ELSE 0 END::int8 AS v, \
             (SELECT count(set_config(name, value, false)) FROM (VALUES \
             ('client_connection_check_interval', '1s'), ('tcp_keepalives_idle', '10'), \
             ('tcp_keepalives_interval', '5'), ('tcp_keepalives_count', '3')) AS wanted(name, value) \
             WHERE name IN (SELECT name FROM pg_settings)) AS dead_client_checks",
            self.key
        );
        Ok(scalar(db, &sql).await? == Some(1))
    }

    async fn holder(&self, db: &DatabaseConnection) -> String {
        let sql = format!(
            "SELECT format('pid %s, application %L, user %s, since %s', a.pid, a.application_name, \
             a.usename, to_char(a.backend_start, 'YYYY-MM-DD HH24:MI:SS TZ')) AS v \
             FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE {} LIMIT 1",
            granted(self.key)
        );
        describe_holder(db, &sql).await
    }

    async fn unlock(&mut self, db: &DatabaseConnection) -> Result<(), LockError> {
        // Only a session that holds the lock unlocks it: after a lost
        // connection the server has released it already, and unlocking from
        // the new session would only draw a warning.
        let sql = format!(
            "SELECT count(pg_advisory_unlock({})) AS v FROM pg_locks l \
             WHERE {} AND l.pid = pg_backend_pid()",
            self.key,
            granted(self.key)
        );
        scalar(db, &sql).await.map(drop)
    }
}

/// The condition on `pg_locks l` that selects the granted advisory lock
/// `key`: a bigint key is stored as classid (high 32 bits) and objid (low 32 bits).
fn granted(key: i64) -> String {
    format!(
        "l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 \
         AND l.classid = (({key} >> 32) & 4294967295)::bigint::oid \
         AND l.objid = ({key} & 4294967295)::bigint::oid"
    )
}

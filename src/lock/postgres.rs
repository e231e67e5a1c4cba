//! PostgreSQL: a session-level advisory lock, polled with `pg_try_advisory_lock`.

use sea_orm::DatabaseConnection;

use super::{Backend, LockError, LockKey, describe_holder, scalar};

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
impl Backend for Advisory {
    async fn try_lock(&mut self, db: &DatabaseConnection) -> Result<bool, LockError> {
        let sql = format!(
            "SELECT CASE WHEN pg_try_advisory_lock({}) THEN 1 ELSE 0 END::int8 AS v",
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

//! MySQL/MariaDB: a named lock, polled with `GET_LOCK(name, 0)`.

use sea_orm::DatabaseConnection;

use super::{LockError, LockKey, Mechanism, describe_holder, scalar};

/// The named lock for one key.
pub struct NamedLock {
    name: String,
}

impl NamedLock {
    /// The lock for `key`.
    pub fn new(key: LockKey) -> Self {
        Self {
            name: key.as_name(),
        }
    }
}

#[async_trait::async_trait]
impl Mechanism for NamedLock {
    async fn try_lock(&mut self, db: &DatabaseConnection) -> Result<bool, LockError> {
        let sql = format!("SELECT CAST(GET_LOCK('{}', 0) AS SIGNED) AS v", self.name);
        Ok(scalar(db, &sql).await? == Some(1))
    }

    async fn holder(&self, db: &DatabaseConnection) -> String {
        // The server notices a dead client only when the statement it runs
        // ends, and releases the lock then: name that statement, and how to end it.
        let sql = format!(
            "SELECT CAST(CONCAT('connection ', p.id, ', user ', p.user, '@', p.host, ', for ', p.time, ' s', \
             IF(p.info IS NULL, '', CONCAT(', running `', LEFT(REPLACE(p.info, '\\n', ' '), 60), '`; if its client is gone, the lock is released when that statement ends, or now with KILL ', p.id))) AS CHAR) AS v \
             FROM information_schema.processlist p WHERE p.id = IS_USED_LOCK('{}')",
            self.name
        );
        describe_holder(db, &sql).await
    }

    async fn unlock(&mut self, db: &DatabaseConnection) -> Result<(), LockError> {
        let sql = format!("SELECT CAST(RELEASE_LOCK('{}') AS SIGNED) AS v", self.name);
        scalar(db, &sql).await.map(drop)
    }
}

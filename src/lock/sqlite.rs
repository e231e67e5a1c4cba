//! SQLite: an exclusive `flock` on a lock file beside the database, which
//! works across processes and dies with its process.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use sea_orm::DatabaseConnection;

use super::{LockError, Mechanism};

/// The lock file of one database file.
pub struct LockFile {
    path: PathBuf,
    held: Option<File>,
}

impl LockFile {
    /// The lock beside `database` (`<database>.migrate-lock`).
    pub fn new(database: &Path) -> Self {
        Self {
            path: PathBuf::from(format!("{}.migrate-lock", database.display())),
            held: None,
        }
    }

    fn io(&self) -> impl FnOnce(std::io::Error) -> LockError + '_ {
        |source| LockError::File {
            path: self.path.display().to_string(),
            source,
        }
    }
}

#[async_trait::async_trait]
impl Mechanism for LockFile {
    async fn try_lock(&mut self, _db: &DatabaseConnection) -> Result<bool, LockError> {
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&self.path)
            .map_err(self.io())?;
        match file.try_lock() {
            Ok(()) => {
                let who = format!(
                    "pid {}, since {}",
                    std::process::id(),
                    chrono::Utc::now().format("%Y-%m-%d %H:%M:%S UTC")
                );
                file.set_len(0)
                    .and_then(|()| file.rewind())
                    .and_then(|()| file.write_all(who.as_bytes()))
                    .map_err(self.io())?;
                self.held = Some(file);
                Ok(true)
            }
            Err(std::fs::TryLockError::WouldBlock) => Ok(false),
            Err(std::fs::TryLockError::Error(error)) => Err(self.io()(error)),
        }
    }

    async fn holder(&self, _db: &DatabaseConnection) -> String {
        let mut text = String::new();
        match File::open(&self.path).and_then(|mut f| f.read_to_string(&mut text)) {
            Ok(_) if !text.is_empty() => format!("{text}, lock file {}", self.path.display()),
            _ => format!("lock file {}", self.path.display()),
        }
    }

    async fn unlock(&mut self, _db: &DatabaseConnection) -> Result<(), LockError> {
        if let Some(file) = self.held.take() {
            file.unlock().map_err(self.io())?;
        }
        Ok(())
    }
}

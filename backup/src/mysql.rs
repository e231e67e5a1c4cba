//! MySQL/MariaDB: `mariadb-dump` (or `mysqldump`) in one consistent
//! transaction, gzip-compressed as it streams; verified by its completion
//! marker and table list; restored into a scratch database whose tables are
//! then renamed into place in one atomic `RENAME TABLE`.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use database::Backend;
use database::catalog::{TableName, quote};
use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};

use crate::engine::{Dump, Engine, Scratch, blocking, scratch_suffix};
use crate::hashing::HashingWriter;
use crate::inventory;
use crate::metering::Metered;
use crate::progress::Meter;
use crate::secrets::CredentialFile;
use crate::store::Reservation;
use crate::tools::{self, Tool};
use crate::{BackupError, Metadata, Target};

const PACKAGE: &str = "mariadb-client";

/// The MySQL/MariaDB engine.
pub struct Mysql {
    target: Target,
}

impl Mysql {
    /// The engine for `target`.
    pub fn new(target: Target) -> Self {
        Self { target }
    }

    fn dump_tool(&self) -> Result<Tool, BackupError> {
        tools::on_path(&["mariadb-dump", "mysqldump"], PACKAGE, &self.target)
    }

    fn client_tool(&self) -> Result<Tool, BackupError> {
        tools::on_path(&["mariadb", "mysql"], PACKAGE, &self.target)
    }

    async fn connect(&self, target: &Target) -> Result<DatabaseConnection, BackupError> {
        database::connection::open(target.connection_url())
            .await
            .map_err(|e| BackupError::Database {
                context: format!("cannot connect to `{}`", target.database()),
                message: self.target.scrub(&e.to_string()),
            })
    }

    async fn execute(db: &DatabaseConnection, sql: String) -> Result<(), BackupError> {
        db.execute_raw(Statement::from_string(db.get_database_backend(), sql))
            .await
            .map(drop)
            .map_err(BackupError::database("cannot restore"))
    }
}

#[async_trait::async_trait]
impl Engine for Mysql {
    fn extension(&self) -> &'static str {
        "sql.gz"
    }

    async fn dump(
        &self,
        db: &DatabaseConnection,
        reservation: &Reservation,
        meter: Box<dyn Meter>,
    ) -> Result<Dump, BackupError> {
        let tool = self.dump_tool()?;
        let (tool_name, tool_version) = (tool.name(), tool.version.clone());
        let inventory = inventory::describe(db).await?;
        let defaults = CredentialFile::mysql_defaults(&self.target)?;
        let mut command = tool.command(&self.target);
        command
            // Must come first: the tool reads it before any other option.
            .arg(format!(
                "--defaults-extra-file={}",
                defaults.path().display()
            ))
            .args([
                "--single-transaction",
                "--routines",
                "--triggers",
                "--events",
                "--hex-blob",
                "--default-character-set=utf8mb4",
            ])
            .arg(self.target.database());
        let file = reservation
            .file
            .try_clone()
            .map_err(BackupError::io("cannot open", reservation.temp.clone()))?;
        let target = self.target.clone();
        let (sha256, size) = blocking(move || {
            let sink = HashingWriter::new(std::io::BufWriter::with_capacity(1 << 20, file));
            let mut gzip = GzEncoder::new(sink, Compression::fast());
            tools::run_into(command, &mut gzip, meter.as_ref(), &|t| target.scrub(t))?;
            drop(defaults);
            let finish = |e| BackupError::io("cannot write", "the backup file")(e);
            let sink = gzip.finish().map_err(finish)?;
            let (_, sha, size) = sink.finish().map_err(finish)?;
            Ok((sha, size))
        })
        .await?;
        Ok(Dump {
            inventory,
            properties: None,
            tool: tool_name,
            tool_version,
            format: "sql.gz",
            sha256,
            size,
        })
    }

    async fn verify(&self, file: &Path, metadata: &Metadata) -> Result<(), BackupError> {
        let file = file.to_path_buf();
        let tables: Vec<String> = metadata.row_counts.keys().cloned().collect();
        let id = metadata.id.clone();
        blocking(move || {
            let invalid = |reason: String| BackupError::Invalid {
                id: id.clone(),
                reason,
            };
            let input = File::open(&file).map_err(BackupError::io("cannot read", file.clone()))?;
            let mut created = std::collections::BTreeSet::new();
            let mut last = String::new();
            for line in BufReader::new(GzDecoder::new(input)).split(b'\n') {
                let line = line.map_err(|e| invalid(format!("it does not decompress: {e}")))?;
                let text = String::from_utf8_lossy(&line);
                if let Some(rest) = text.strip_prefix("CREATE TABLE `") {
                    created.insert(rest.split('`').next().unwrap_or_default().to_owned());
                }
                if !text.trim().is_empty() {
                    last = text.into_owned();
                }
            }
            if !last.starts_with("-- Dump completed") {
                return Err(invalid(
                    "the dump is incomplete (no completion marker)".to_owned(),
                ));
            }
            match tables.iter().find(|t| !created.contains(*t)) {
                Some(table) => Err(invalid(format!("the dump does not create table {table}"))),
                None => Ok(()),
            }
        })
        .await
    }

    async fn create_scratch(&self) -> Result<Scratch, BackupError> {
        let name = format!(
            "{}__restore_{}",
            self.target.database().chars().take(30).collect::<String>(),
            scratch_suffix()
        );
        let db = self.connect(&self.target).await?;
        Self::execute(
            &db,
            format!("CREATE DATABASE {}", quote(Backend::Mysql, &name)),
        )
        .await?;
        Ok(Scratch {
            target: self.target.with_database(&name),
        })
    }

    async fn load(
        &self,
        scratch: &Scratch,
        file: &Path,
        meter: Box<dyn Meter>,
    ) -> Result<(), BackupError> {
        let client = self.client_tool()?;
        let defaults = CredentialFile::mysql_defaults(&self.target)?;
        let mut command = client.command(&self.target);
        command
            .arg(format!(
                "--defaults-extra-file={}",
                defaults.path().display()
            ))
            .arg("--default-character-set=utf8mb4")
            .arg(scratch.target.database());
        let file = file.to_path_buf();
        let target = self.target.clone();
        blocking(move || {
            let input = File::open(&file).map_err(BackupError::io("cannot read", file.clone()))?;
            // The meter counts the compressed bytes read from the file, whose size is known.
            let mut read = Metered::new(input, meter.as_ref());
            let result = tools::run_from(command, &mut GzDecoder::new(&mut read), &|t| {
                target.scrub(t)
            });
            drop(defaults);
            result
        })
        .await
    }

    async fn swap_in(&self, scratch: Scratch) -> Result<(), BackupError> {
        let db = self.connect(&self.target).await?;
        let live = self.target.database();
        let restored = scratch.target.database();
        let scratch_db = self.connect(&scratch.target).await?;
        let incoming = inventory::tables(&scratch_db).await?;
        drop(scratch_db);
        let outgoing = inventory::tables(&db).await?;
        let retired = format!(
            "{}__replaced_{}",
            live.chars().take(30).collect::<String>(),
            scratch_suffix()
        );
        Self::execute(
            &db,
            format!("CREATE DATABASE {}", quote(Backend::Mysql, &retired)),
        )
        .await?;
        // Each RENAME TABLE moves all its tables atomically.
        if !outgoing.is_empty() {
            Self::execute(&db, move_tables(&outgoing, &live, &retired)).await?;
        }
        if !incoming.is_empty() {
            let moved = Self::execute(&db, move_tables(&incoming, &restored, &live)).await;
            if let Err(error) = moved {
                // Put the live tables back; if that fails too, they are in the
                // retired database, and the error says so.
                if !outgoing.is_empty()
                    && let Err(rename_back) =
                        Self::execute(&db, move_tables(&outgoing, &retired, &live)).await
                {
                    return Err(BackupError::swap_failed(
                        &retired,
                        &restored,
                        &error,
                        &rename_back,
                        move_tables(&outgoing, &retired, &live),
                    ));
                }
                return Err(error);
            }
        }
        Self::execute(
            &db,
            format!("DROP DATABASE {}", quote(Backend::Mysql, &retired)),
        )
        .await?;
        Self::execute(
            &db,
            format!("DROP DATABASE {}", quote(Backend::Mysql, &restored)),
        )
        .await
    }

    async fn discard(&self, scratch: Scratch) {
        if let Ok(db) = self.connect(&self.target).await {
            let name = scratch.target.database();
            let _ = Self::execute(
                &db,
                format!("DROP DATABASE IF EXISTS {}", quote(Backend::Mysql, &name)),
            )
            .await;
        }
    }
}

/// The statement that moves `tables` from database `from` to database `to`, atomically.
fn move_tables(tables: &[TableName], from: &str, to: &str) -> String {
    let backend = Backend::Mysql;
    let moves = tables
        .iter()
        .map(|t| {
            format!(
                "{}.{} TO {}.{}",
                quote(backend, from),
                quote(backend, &t.name),
                quote(backend, to),
                quote(backend, &t.name)
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    format!("RENAME TABLE {moves}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_live_tables_are_moved_back_in_one_statement() {
        let tables = ["orders", "users"].map(|name| TableName {
            schema: None,
            name: name.to_owned(),
        });
        assert_eq!(
            move_tables(&tables, "ops__replaced_1", "ops"),
            "RENAME TABLE `ops__replaced_1`.`orders` TO `ops`.`orders`, `ops__replaced_1`.`users` TO `ops`.`users`"
        );
    }
}

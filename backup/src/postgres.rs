//! PostgreSQL: `pg_dump -Fc` of an exported snapshot (the row counts come
//! from the same snapshot), verified with `pg_restore --list` and a full
//! read-through, restored into a scratch database that is renamed into place.

use std::future::Future;
use std::path::Path;
use std::pin::Pin;
use std::process::Command;

use sea_orm::{
    AccessMode, ConnectionTrait, DatabaseConnection, IsolationLevel, Statement, TransactionTrait,
};

use crate::database_properties;
use crate::engine::{Dump, Engine, EngineOptions, Scratch, blocking, scratch_suffix};
use crate::hashing::{HashingWriter, hash_path};
use crate::inventory;
use crate::metering::{watch_reads, watch_size};
use crate::progress::Meter;
use crate::secrets::CredentialFile;
use crate::store::{self, Reservation};
use crate::tools::{self, Tool};
use crate::{BackupError, Metadata, Target};
use database::Backend;
use database::catalog::quote;

/// A running pg_dump: resolves to the format, SHA-256 and size of what it wrote.
type Dumping =
    Pin<Box<dyn Future<Output = Result<(&'static str, String, u64), BackupError>> + Send>>;

/// The PostgreSQL engine.
pub struct Postgres {
    target: Target,
    options: EngineOptions,
    /// The server's major version, asked once.
    server_major: std::sync::OnceLock<u32>,
}

impl Postgres {
    /// The engine for `target`.
    pub fn new(target: Target, options: EngineOptions) -> Self {
        Self {
            target,
            options,
            server_major: std::sync::OnceLock::new(),
        }
    }

    /// The engine that checks the backup `metadata` describes with no
    /// server to ask: its tools are chosen for the `pg_dump` that wrote the
    /// archive (a `pg_restore` reads archives of its own and older versions).
    pub fn offline(target: Target, options: EngineOptions, metadata: &Metadata) -> Self {
        let engine = Self::new(target, options);
        let major = tools::major_version(&metadata.tool_version)
            .or_else(|| tools::major_version(&metadata.server_version))
            .unwrap_or(0);
        let _ = engine.server_major.set(major);
        engine
    }

    async fn tool(&self, name: &str, db: &impl ConnectionTrait) -> Result<Tool, BackupError> {
        let major = match self.server_major.get() {
            Some(major) => *major,
            None => {
                let major = self.ask_major(db).await?;
                *self.server_major.get_or_init(|| major)
            }
        };
        tools::postgres_tool(
            name,
            major,
            self.options.pg_bin_dir.as_deref(),
            &self.target,
        )
    }

    async fn ask_major(&self, db: &impl ConnectionTrait) -> Result<u32, BackupError> {
        let row = db
            .query_one_raw(Statement::from_string(
                db.get_database_backend(),
                "SELECT current_setting('server_version_num')::int AS v",
            ))
            .await
            .map_err(BackupError::database("cannot read the server version"))?;
        let number: i32 = row
            .map(|r| r.try_get("", "v"))
            .transpose()
            .map_err(BackupError::database("cannot read the server version"))?
            .unwrap_or(0);
        Ok(u32::try_from(number / 10000).unwrap_or(0))
    }

    /// Whether backups use the directory format with parallel jobs.
    fn parallel(&self) -> bool {
        self.options.jobs > 1
    }

    /// A command for `tool` against `target`: connection flags, never a
    /// password; that is in `passfile`, which must live until the tool has exited.
    fn command(tool: &Tool, target: &Target, passfile: &CredentialFile) -> Command {
        let mut command = tool.command(target);
        command
            .env("PGPASSFILE", passfile.path())
            .env("PGAPPNAME", "migrate-kit")
            .arg("--no-password")
            .args(["--host", &target.host()])
            .args(["--port", &target.port().to_string()])
            .args(["--username", &target.user()]);
        command
    }

    /// `pg_restore` for the server; connects to ask its version only if no dump did.
    async fn restore_tool(&self) -> Result<Tool, BackupError> {
        if let Some(major) = self.server_major.get() {
            return tools::postgres_tool(
                "pg_restore",
                *major,
                self.options.pg_bin_dir.as_deref(),
                &self.target,
            );
        }
        let db = self.admin().await?;
        let tool = self.tool("pg_restore", &db).await;
        let _ = db.close().await;
        tool
    }

    /// Fails unless `pg_restore --list` shows a data entry for every table of `metadata`.
    async fn check_listing(
        &self,
        tool: &Tool,
        file: &Path,
        metadata: &Metadata,
    ) -> Result<(), BackupError> {
        let mut command = tool.command(&self.target);
        command.arg("--list").arg(file);
        let scrub = self.target.clone();
        let listing = blocking(move || tools::run(command, &|t| scrub.scrub(t))).await?;
        for table in metadata.row_counts.keys() {
            let (schema, name) = table.split_once('.').unwrap_or(("", table));
            let found = listing.lines().any(|line| {
                let words: Vec<&str> = line.split_whitespace().collect();
                words.windows(4).any(|w| {
                    w[0] == "TABLE"
                        && w[1] == "DATA"
                        && (schema.is_empty() || w[2] == schema)
                        && w[3] == name
                })
            });
            if !found {
                return Err(BackupError::Invalid {
                    id: metadata.id.clone(),
                    reason: format!("the archive has no data for table {table}"),
                });
            }
        }
        Ok(())
    }

    /// Reads every entry of the archive with `pg_restore --file /dev/null`:
    /// `--list` reads only the table of contents, which a truncated or
    /// corrupted archive passes.
    async fn read_through(
        &self,
        tool: &Tool,
        file: &Path,
        metadata: &Metadata,
    ) -> Result<(), BackupError> {
        let mut command = tool.command(&self.target);
        command.args(["--file", "/dev/null"]).arg(file);
        let scrub = self.target.clone();
        blocking(move || tools::run(command, &|t| scrub.scrub(t)).map(drop))
            .await
            .map_err(|e| unreadable(metadata, &e))
    }

    async fn admin(&self) -> Result<DatabaseConnection, BackupError> {
        let admin = self.target.with_database("postgres");
        database::connection::open(admin.connection_url())
            .await
            .map_err(|e| BackupError::Database {
                context: "cannot connect to the maintenance database `postgres`".to_owned(),
                message: self.target.scrub(&e.to_string()),
            })
    }
}

#[async_trait::async_trait]
impl Engine for Postgres {
    fn extension(&self) -> &'static str {
        if self.parallel() { "dir" } else { "dump" }
    }

    async fn dump(
        &self,
        db: &DatabaseConnection,
        reservation: &Reservation,
        meter: Box<dyn Meter>,
    ) -> Result<Dump, BackupError> {
        let tool = self.tool("pg_dump", db).await?;
        // The counts and the dump see one snapshot: the transaction that
        // exported it stays open until pg_dump has finished.
        let txn = db
            .begin_with_config(
                Some(IsolationLevel::RepeatableRead),
                Some(AccessMode::ReadOnly),
            )
            .await
            .map_err(BackupError::database("cannot start the backup transaction"))?;
        let snapshot: String = txn
            .query_one_raw(Statement::from_string(
                txn.get_database_backend(),
                "SELECT pg_export_snapshot() AS v",
            ))
            .await
            .map_err(BackupError::database("cannot export a snapshot"))?
            .map(|r| r.try_get("", "v"))
            .transpose()
            .map_err(BackupError::database("cannot export a snapshot"))?
            .unwrap_or_default();
        let passfile = CredentialFile::pgpass(&self.target)?;
        let mut command = Self::command(&tool, &self.target, &passfile);
        command
            .args(["--compress=1", "--snapshot", &snapshot])
            .args(["--dbname", &self.target.database()]);
        let target = self.target.clone();
        let dumping: Dumping = if self.parallel() {
            let directory = reservation.directory();
            command
                .args([
                    "--format=directory",
                    "--jobs",
                    &self.options.jobs.to_string(),
                ])
                .arg("--file")
                .arg(&directory);
            // pg_dump writes the directory itself: its size is the progress.
            let watch = watch_size(directory.clone(), meter);
            Box::pin(blocking(move || {
                tools::run(command, &|t| target.scrub(t))?;
                drop(watch);
                drop(passfile);
                store::restrict(&directory)?;
                let (sha, size) = hash_path(&directory)
                    .map_err(BackupError::io("cannot read", directory.clone()))?;
                Ok(("directory", sha, size))
            }))
        } else {
            command.arg("--format=custom");
            let file = reservation
                .file
                .try_clone()
                .map_err(BackupError::io("cannot open", reservation.temp.clone()))?;
            // pg_restore reads the archive through as it streams, on another core.
            let mut reader = self.tool("pg_restore", &txn).await?.command(&self.target);
            reader.args(["--file", "/dev/null"]);
            let id = reservation.id.clone();
            Box::pin(blocking(move || {
                let mut sink = HashingWriter::new(std::io::BufWriter::with_capacity(1 << 20, file));
                let mut check = tools::Feed::spawn(reader)?;
                tools::run_into(
                    command,
                    &mut tools::Tee(&mut sink, &mut check),
                    meter.as_ref(),
                    &|t| target.scrub(t),
                )?;
                drop(passfile);
                check
                    .finish(&|t| target.scrub(t))
                    .map_err(|e| BackupError::Invalid {
                        id,
                        reason: format!("pg_restore cannot read it through: {e}"),
                    })?;
                let (_, sha, size) = sink
                    .finish()
                    .map_err(|e| BackupError::io("cannot write", "the backup file")(e))?;
                Ok(("custom", sha, size))
            }))
        };
        // Rows are counted, and the database's properties read, in the
        // exported snapshot while pg_dump copies them out.
        let described = async {
            let inventory = inventory::describe(&txn).await?;
            Ok::<_, BackupError>((inventory, database_properties::read(&txn).await?))
        };
        let (dumped, described) = tokio::join!(dumping, described);
        let ((format, sha256, size), (inventory, properties)) = (dumped?, described?);
        txn.commit()
            .await
            .map_err(BackupError::database("cannot end the backup transaction"))?;
        Ok(Dump {
            inventory,
            properties: Some(properties),
            tool: tool.name(),
            tool_version: tool.version,
            format,
            sha256,
            size,
        })
    }

    async fn verify(&self, file: &Path, metadata: &Metadata) -> Result<(), BackupError> {
        let tool = self.restore_tool().await?;
        self.check_listing(&tool, file, metadata).await?;
        self.read_through(&tool, file, metadata).await
    }

    async fn verify_new(&self, file: &Path, metadata: &Metadata) -> Result<(), BackupError> {
        // A custom-format archive was read through while it was dumped.
        let tool = self.restore_tool().await?;
        self.check_listing(&tool, file, metadata).await?;
        if self.parallel() {
            self.read_through(&tool, file, metadata).await?;
        }
        Ok(())
    }

    async fn create_scratch(&self) -> Result<Scratch, BackupError> {
        let admin = self.admin().await?;
        let name = format!(
            "{}__restore_{}",
            truncate(&self.target.database(), 30),
            scratch_suffix()
        );
        let backend = admin.get_database_backend();
        admin
            .execute_raw(Statement::from_string(
                backend,
                format!(
                    "CREATE DATABASE {} TEMPLATE template0",
                    quote(backend.into(), &name)
                ),
            ))
            .await
            .map_err(BackupError::database("cannot create the scratch database"))?;
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
        let tool = self.restore_tool().await?;
        let passfile = CredentialFile::pgpass(&self.target)?;
        let mut command = Self::command(&tool, &self.target, &passfile);
        // A scratch database is dropped if loading fails, so the load needs no
        // single transaction and can use every core.
        let jobs = std::thread::available_parallelism().map_or(1, |n| n.get());
        command
            .args(["--exit-on-error", "--jobs", &jobs.to_string(), "--dbname"])
            .arg(scratch.target.database())
            .arg(file);
        let scrub = self.target.clone();
        let file = file.to_path_buf();
        blocking(move || {
            // pg_restore opens the archive itself (its parallel workers need a
            // file, not a pipe): how far they have read it is the progress.
            let watch = |pid| watch_reads(pid, &file, meter);
            let result = tools::run_observed(command, &|t| scrub.scrub(t), watch).map(drop);
            drop(passfile);
            result
        })
        .await
    }

    async fn apply_properties(
        &self,
        scratch: &Scratch,
        metadata: &Metadata,
    ) -> Result<Vec<String>, BackupError> {
        let Some(properties) = &metadata.database_properties else {
            return Ok(vec![format!(
                "backup {} was taken before database privileges and settings were recorded: \
                 the restored database has the default privileges (PUBLIC may connect), \
                 no database settings and no comment, and is owned by the restoring user",
                metadata.id
            )]);
        };
        let admin = self.admin().await?;
        let applied = database_properties::apply(
            &admin,
            &scratch.target.database(),
            &self.target.database(),
            properties,
        )
        .await;
        let _ = admin.close().await;
        applied
    }

    async fn swap_in(&self, scratch: Scratch) -> Result<(), BackupError> {
        let admin = self.admin().await?;
        let backend = admin.get_database_backend();
        let live = self.target.database();
        let retired = format!("{}__replaced_{}", truncate(&live, 30), scratch_suffix());
        let run = |sql: String| {
            let admin = &admin;
            async move {
                admin
                    .execute_raw(Statement::from_string(backend, sql))
                    .await
                    .map_err(BackupError::database(
                        "cannot swap the restored database in",
                    ))
            }
        };
        let terminate = |db: &str| {
            format!(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                 WHERE datname = '{}' AND pid <> pg_backend_pid()",
                db.replace('\'', "''")
            )
        };
        let restored = scratch.target.database();
        run(terminate(&live)).await?;
        run(rename(&live, &retired)).await?;
        if let Err(error) = run(rename(&restored, &live)).await {
            // Put the live database back under its name; if that fails too,
            // the live data is under the retired name, and the error says so.
            return Err(match run(rename(&retired, &live)).await {
                Ok(_) => error,
                Err(rename_back) => BackupError::swap_failed(
                    &retired,
                    &restored,
                    &error,
                    &rename_back,
                    rename(&retired, &live),
                ),
            });
        }
        run(terminate(&retired)).await?;
        run(format!("DROP DATABASE {}", quote(backend.into(), &retired))).await?;
        Ok(())
    }

    async fn discard(&self, scratch: Scratch) {
        if let Ok(admin) = self.admin().await {
            let backend = admin.get_database_backend();
            let _ = admin
                .execute_raw(Statement::from_string(
                    backend,
                    format!(
                        "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                        quote(backend.into(), &scratch.target.database())
                    ),
                ))
                .await;
        }
    }
}

/// The statement that renames database `from` to `to`.
fn rename(from: &str, to: &str) -> String {
    format!(
        "ALTER DATABASE {} RENAME TO {}",
        quote(Backend::Postgres, from),
        quote(Backend::Postgres, to)
    )
}

fn truncate(name: &str, max: usize) -> String {
    name.chars().take(max).collect()
}

fn unreadable(metadata: &Metadata, error: &BackupError) -> BackupError {
    BackupError::Invalid {
        id: metadata.id.clone(),
        reason: format!("pg_restore cannot read it through: {error}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_live_database_is_renamed_back_under_its_name() {
        assert_eq!(
            rename("ops__replaced_1", "ops"),
            "ALTER DATABASE \"ops__replaced_1\" RENAME TO \"ops\""
        );
    }
}

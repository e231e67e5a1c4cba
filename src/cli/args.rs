//! The command line, as clap parses it: compatible with the stock
//! sea-orm-migration CLI, plus our additions.
//!
//! An option read from a variable names it in `--help` without its value
//! (`hide_env_values`): help is then the same on every machine, and
//! docs/cli-reference.md, generated from these definitions, is what
//! `--help` prints.

use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand};

use crate::Backend;
use crate::config::{defaults, parse_duration, parse_size};

/// Run and manage database migrations.
#[derive(Debug, Parser)]
#[command(name = "migration", version, about, long_about = None, disable_help_subcommand = true)]
pub struct Cli {
    /// Options every command accepts.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The command; `up` when omitted, as in sea-orm-migration.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options accepted before or after any subcommand.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Database URL (default: DATABASE_URL, then POSTGRES_*, then the SQLite file ops_center.sqlite)
    #[arg(short = 'u', long, global = true, value_name = "URL")]
    pub database_url: Option<String>,
    /// PostgreSQL schema to migrate (default: DATABASE_SCHEMA, else the server's search_path); ignored by MySQL and SQLite
    #[arg(short = 's', long, global = true, value_name = "SCHEMA")]
    pub database_schema: Option<String>,
    /// Show debug messages, including every SQL statement
    #[arg(short = 'v', long, global = true)]
    pub verbose: bool,
    /// How long a schema change waits for another run's migration lock (e.g. 30s, 5m)
    #[arg(long, global = true, value_name = "DURATION", default_value = defaults::LOCK_WAIT, value_parser = parse_duration)]
    pub lock_wait: std::time::Duration,
    /// How long a migration's statement may wait for a table lock before its transaction is rolled back and retried
    #[arg(long, global = true, value_name = "DURATION", default_value = defaults::LOCK_TIMEOUT, value_parser = parse_duration)]
    pub lock_timeout: std::time::Duration,
    /// PostgreSQL: the longest a migration's statement may run (default: no limit)
    #[arg(long, global = true, value_name = "DURATION", value_parser = parse_duration)]
    pub statement_timeout: Option<std::time::Duration>,
    /// Retries of a migration whose transaction timed out waiting for a lock
    #[arg(long, global = true, value_name = "N", default_value_t = defaults::RETRIES)]
    pub retries: u32,
    /// Backup options.
    #[command(flatten)]
    pub backup: BackupArgs,
}

/// Where backups go and how long they are kept; accepted by every command.
#[derive(Debug, Args)]
#[command(next_help_heading = "Backup options")]
pub struct BackupArgs {
    /// Directory for backups (created 0700)
    #[arg(
        long,
        global = true,
        env = "MIGRATION_BACKUP_DIR", hide_env_values = true,
        value_name = "DIR",
        default_value = defaults::BACKUP_DIR
    )]
    pub backup_dir: PathBuf,
    /// Change the schema without taking a backup first (prints a warning)
    #[arg(long, global = true)]
    pub no_backup: bool,
    /// Days before a backup may be pruned
    #[arg(
        long,
        global = true,
        env = "MIGRATION_BACKUP_RETENTION_DAYS", hide_env_values = true,
        value_name = "DAYS",
        default_value_t = defaults::RETENTION_DAYS
    )]
    pub retention_days: u32,
    /// Newest valid backups always kept, whatever their age
    #[arg(
        long,
        global = true,
        env = "MIGRATION_BACKUP_KEEP_MIN", hide_env_values = true,
        value_name = "N",
        default_value_t = defaults::KEEP_MIN
    )]
    pub keep_min: usize,
    /// At most this much in backups of this database (e.g. 10G); beyond it the oldest go, never the newest valid one (default: no limit)
    #[arg(
        long,
        global = true,
        env = "MIGRATION_BACKUP_MAX_TOTAL_SIZE", hide_env_values = true,
        value_name = "SIZE",
        value_parser = parse_size
    )]
    pub max_total_size: Option<u64>,
    /// PostgreSQL: back up in pg_dump's directory format with N parallel jobs (1: one custom-format file)
    #[arg(long, global = true, env = "MIGRATION_BACKUP_JOBS", hide_env_values = true, value_name = "N", default_value_t = defaults::JOBS, value_parser = clap::value_parser!(u32).range(1..=64))]
    pub jobs: u32,
    /// Directory with pg_dump and pg_restore (default: /usr/lib/postgresql/MAJOR/bin for the server's major version, then PATH)
    #[arg(
        long,
        global = true,
        env = "MIGRATION_PG_BIN_DIR",
        hide_env_values = true,
        value_name = "DIR"
    )]
    pub pg_bin_dir: Option<PathBuf>,
}

/// Confirmation of a destructive command.
#[derive(Debug, Args)]
pub struct Confirm {
    /// Do not ask for confirmation (required when not on a terminal, unless MIGRATION_YES is set)
    #[arg(short = 'y', long)]
    pub yes: bool,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Apply pending migrations (all of them unless -n or --to)
    Up {
        /// Apply at most this many pending migrations
        #[arg(short = 'n', long = "num", value_name = "N", conflicts_with = "to")]
        num: Option<u32>,
        /// Apply pending migrations up to and including this version
        #[arg(long, value_name = "VERSION")]
        to: Option<String>,
        /// Print the SQL that would run, per migration, and change nothing (no lock, no backup)
        #[arg(long)]
        dry_run: bool,
        /// With --dry-run: render migrations that read data or inspect the schema by applying the plan to a scratch database beside the configured one (dropped after)
        #[arg(long, requires = "dry_run")]
        exact: bool,
        /// Print the outcome as one JSON document (see docs/cli.md)
        #[arg(long, conflicts_with = "dry_run")]
        json: bool,
        /// Lint the migrations first (their code rendered offline, as --dry-run does), print the warnings on stderr, and change nothing if one is an error (exit 7)
        #[arg(long, conflicts_with = "dry_run")]
        lint: bool,
    },
    /// Roll back applied migrations (one unless -n or --to)
    Down {
        /// Roll back this many applied migrations
        #[arg(short = 'n', long = "num", value_name = "N", default_value_t = 1)]
        num: u32,
        /// Roll back every migration newer than this version (`base`: all of them)
        #[arg(long, value_name = "VERSION", conflicts_with = "num")]
        to: Option<String>,
        /// Print the SQL that would run, per migration, and change nothing (no lock, no backup)
        #[arg(long)]
        dry_run: bool,
        /// With --dry-run: render migrations that read data or inspect the schema by applying the plan to a scratch database beside the configured one (dropped after)
        #[arg(long, requires = "dry_run")]
        exact: bool,
        /// Print the outcome as one JSON document (see docs/cli.md)
        #[arg(long, conflicts_with = "dry_run")]
        json: bool,
        /// Confirmation.
        #[command(flatten)]
        confirm: Confirm,
    },
    /// Check that the migrations produce the entities' schema and, with a database configured, that it is valid and unchanged by hand
    Check {
        /// Print what was found as JSON (see docs/entity-first.md)
        #[arg(long)]
        json: bool,
        /// Build scratch databases beside this database instead of the configured one
        #[arg(long, value_name = "URL")]
        dev_url: Option<String>,
        /// Also lint the pending migrations (every migration, for the scratch backend, without a database); errors fail the check
        #[arg(long)]
        lint: bool,
    },
    /// Show which migrations are applied, pending or missing
    #[command(visible_alias = "current")]
    Status {
        /// Print the status as JSON (see docs/cli.md for the schema)
        #[arg(long)]
        json: bool,
    },
    /// Drop all tables from the database, then reapply all migrations
    Fresh {
        /// Confirmation.
        #[command(flatten)]
        confirm: Confirm,
    },
    /// Roll back all applied migrations, then reapply all migrations
    Refresh {
        /// Confirmation.
        #[command(flatten)]
        confirm: Confirm,
    },
    /// Roll back all applied migrations and drop the tracking table
    Reset {
        /// Confirmation.
        #[command(flatten)]
        confirm: Confirm,
    },
    /// Check that applied migrations are unchanged (checksums), present in code and not left half-done
    Validate {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// After a human review, accept the current state: record current checksums and clear dirty migrations
    Repair {
        /// Print the outcome as one JSON document (see docs/cli.md)
        #[arg(long)]
        json: bool,
        /// Confirmation.
        #[command(flatten)]
        confirm: Confirm,
    },
    /// The run history (applied, rolled back, failed, ...), newest first
    History {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Record migrations as applied up to VERSION without running them (`--baseline`: the first; `--to base`: none)
    #[command(group(clap::ArgGroup::new("stamp_target").required(true).args(["version", "baseline", "to"])))]
    Stamp {
        /// Mark every migration up to and including this one as applied
        #[arg(value_name = "VERSION")]
        version: Option<String>,
        /// Mark only the baseline (the first migration) as applied
        #[arg(long)]
        baseline: bool,
        /// The same as VERSION; `base` marks none as applied
        #[arg(long, value_name = "VERSION")]
        to: Option<String>,
        /// Print the outcome as one JSON document (see docs/cli.md)
        #[arg(long)]
        json: bool,
        /// Confirmation.
        #[command(flatten)]
        confirm: Confirm,
    },
    /// Adopt the database Alembic managed (revision f6570c470a28): check its schema, stamp the baseline
    AdoptAlembic {
        /// Also drop the alembic_version table
        #[arg(long)]
        drop_alembic_table: bool,
        /// Print the outcome as one JSON document (see docs/cli.md)
        #[arg(long)]
        json: bool,
        /// Confirmation.
        #[command(flatten)]
        confirm: Confirm,
    },
    /// Take, list, check, pin and prune backups
    Backup {
        /// What to do.
        #[command(subcommand)]
        command: BackupCommand,
    },
    /// Restore a backup (an id from `backup list`, or `latest`), after taking a safety backup
    Restore {
        /// The backup's id, or `latest` (the newest valid backup not taken by a restore)
        #[arg(value_name = "ID")]
        id: String,
        /// Confirmation.
        #[command(flatten)]
        confirm: Confirm,
    },
    /// Print the SQL of migrations for a backend, without any database (for review, like `alembic upgrade --sql`)
    Sql {
        /// `up` (apply) or `down` (roll back)
        #[arg(value_enum)]
        direction: SqlDirection,
        /// up: start after this version (default: the first migration); down: start at this version (default: the last)
        #[arg(long, value_name = "VERSION")]
        from: Option<String>,
        /// up: stop at this version, included (default: the last); down: stop above this version (default: base)
        #[arg(long, value_name = "VERSION")]
        to: Option<String>,
        /// The backend to write SQL for
        #[arg(long, value_parser = backend_parser())]
        backend: Backend,
    },
    /// Check the SQL migrations run for operations that lock tables for long or break the running application (see docs/lint.md)
    Lint {
        /// Lint the migrations after this version (default: the pending ones; without a database, the first)
        #[arg(long, value_name = "VERSION", conflicts_with = "all")]
        from: Option<String>,
        /// Lint up to this version, included (default: the last)
        #[arg(long, value_name = "VERSION", conflicts_with = "all")]
        to: Option<String>,
        /// Lint every migration, applied or not
        #[arg(long)]
        all: bool,
        /// Print one JSON document (the same as --format json)
        #[arg(long, conflicts_with = "format")]
        json: bool,
        /// How to print the diagnostics: human, json, github (workflow annotations) or sarif (code scanning)
        #[arg(long, value_enum, value_name = "FORMAT")]
        format: Option<LintFormat>,
        /// Lint the SQL for this backend without any database (tables not created by the linted migrations count as existing)
        #[arg(long, value_parser = backend_parser(), conflicts_with = "trace")]
        backend: Option<Backend>,
        /// Lint the pending migrations that read data or inspect the schema too, rendered by applying them to a scratch database beside the configured one (dropped after), as `up --dry-run --exact` does
        #[arg(long, conflicts_with_all = ["from", "to", "all", "backend"])]
        exact: bool,
        /// PostgreSQL: also apply the migrations on a scratch database, statement by statement, and report the locks they take and the tables they rewrite
        #[arg(long)]
        trace: bool,
        /// With --trace: build the scratch database beside this database instead of the configured one
        #[arg(long, value_name = "URL", requires = "trace")]
        dev_url: Option<String>,
    },
    /// Write a new migration crate wired to this toolkit (Cargo.toml, an empty migrator, main.rs, README.md)
    Init {
        /// The directory to create; it must not exist or be empty
        #[arg(
            short = 'd',
            long,
            value_name = "DIR",
            env = "MIGRATION_DIR",
            hide_env_values = true,
            default_value = "./migration"
        )]
        migration_dir: PathBuf,
    },
    /// Generate a new, empty migration and register it in the migrator
    Generate {
        /// Name of the new migration, e.g. add_user_avatar
        #[arg(value_name = "NAME")]
        migration_name: String,
        /// Time-stamp the file name in UTC (the default)
        #[arg(long, conflicts_with = "local_time")]
        universal_time: bool,
        /// Time-stamp the file name in local time
        #[arg(long)]
        local_time: bool,
        /// The migration crate (default: found from the current directory)
        #[arg(
            short = 'd',
            long,
            value_name = "DIR",
            env = "MIGRATION_DIR",
            hide_env_values = true
        )]
        migration_dir: Option<PathBuf>,
        /// Autogenerate options.
        #[command(flatten)]
        autogenerate: Autogenerate,
    },
}

/// `generate --autogenerate` and its options.
#[derive(Debug, Clone, Default, Args)]
pub struct Autogenerate {
    /// Write the migration that turns the migrations' schema into the entities' (see docs/entity-first.md)
    #[arg(long)]
    pub autogenerate: bool,
    /// With --autogenerate: a rename, `table.old=new` for a column or `old=new` for a table (repeatable)
    #[arg(long, value_name = "RENAME", requires = "autogenerate")]
    pub rename: Vec<String>,
    /// With --autogenerate: the value that fills existing rows of a new NOT NULL column without a default, `table.column=VALUE` (repeatable)
    #[arg(long = "default", value_name = "FILL", requires = "autogenerate")]
    pub defaults: Vec<String>,
    /// With --autogenerate: also generate steps that lose data (drops, narrowing type changes, enum value removal)
    #[arg(long, requires = "autogenerate")]
    pub allow_destructive: bool,
    /// With --autogenerate: print the migration instead of writing it
    #[arg(long, requires = "autogenerate")]
    pub dry_run: bool,
    /// With --autogenerate: after writing the migration, print the SQL it runs on --backend (the migration crate, built by cargo, prints it)
    #[arg(
        long,
        requires = "autogenerate",
        requires = "backend",
        conflicts_with = "dry_run"
    )]
    pub sql: bool,
    /// With --sql: the backend to print the SQL for
    #[arg(long, value_parser = backend_parser(), requires = "sql")]
    pub backend: Option<Backend>,
    /// With --autogenerate: build scratch databases beside this database instead of the configured one
    #[arg(long, value_name = "URL", requires = "autogenerate")]
    pub dev_url: Option<String>,
}

/// Which way `sql` renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SqlDirection {
    /// Apply migrations.
    Up,
    /// Roll migrations back.
    Down,
}

/// How `lint` prints its diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum LintFormat {
    /// One block per diagnostic, then a summary line.
    #[default]
    Human,
    /// One JSON document (see docs/lint.md).
    Json,
    /// GitHub Actions workflow annotations (`::error file=...,title=CODE::message`).
    Github,
    /// A SARIF 2.1.0 log, for code-scanning tools (GitHub code scanning, GitLab, IDEs).
    Sarif,
}

/// `postgres`, `mysql` or `sqlite`, parsed into the workspace's one [`Backend`].
fn backend_parser() -> impl TypedValueParser<Value = Backend> {
    PossibleValuesParser::new(["postgres", "mysql", "sqlite"])
        .map(|name| Backend::from_scheme(&name).unwrap_or(Backend::Sqlite))
}

/// The `backup` subcommands.
#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// Take a verified backup now
    Create {
        /// Why, recorded in the id and metadata
        #[arg(long, value_name = "TEXT", default_value = "manual")]
        reason: String,
    },
    /// List backups, newest first, with their validity, then what interrupted backups left behind
    List {
        /// Print JSON (see docs/BACKUP_RESTORE.md)
        #[arg(long)]
        json: bool,
    },
    /// Show one backup's metadata
    Show {
        /// The backup's id, or `latest` (the newest valid backup not taken by a restore)
        #[arg(value_name = "ID")]
        id: String,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Check a backup (the latest unless ID or --all): checksum and completeness
    Verify {
        /// The backup's id, or `latest` (the newest valid backup not taken by a restore)
        #[arg(value_name = "ID", conflicts_with = "all")]
        id: Option<String>,
        /// Check every backup in the backup directory, of every database and backend, without connecting to a database (unless with --deep, which checks this database's)
        #[arg(long)]
        all: bool,
        /// Also restore into a scratch database and compare row counts
        #[arg(long)]
        deep: bool,
    },
    /// Delete backups the retention policy lets go, and what interrupted backups left behind
    Prune {
        /// Only list what would be deleted
        #[arg(long)]
        dry_run: bool,
    },
    /// Keep a backup forever
    Pin {
        /// The backup's id
        #[arg(value_name = "ID")]
        id: String,
    },
    /// Let retention delete a pinned backup again
    Unpin {
        /// The backup's id
        #[arg(value_name = "ID")]
        id: String,
    },
}

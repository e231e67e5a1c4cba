//! The command line, as clap parses it: compatible with the stock
//! sea-orm-migration CLI, plus our additions.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Run and manage database migrations.
#[derive(Debug, Parser)]
#[command(version, about, long_about = None, disable_help_subcommand = true)]
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
}

/// Confirmation of a destructive command.
#[derive(Debug, Args)]
pub struct Confirm {
    /// Do not ask for confirmation (required when not on a terminal)
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
    },
    /// Roll back applied migrations (one unless -n or --to)
    Down {
        /// Roll back this many applied migrations
        #[arg(short = 'n', long = "num", value_name = "N", default_value_t = 1)]
        num: u32,
        /// Roll back every migration newer than this version (`base`: all of them)
        #[arg(long, value_name = "VERSION", conflicts_with = "num")]
        to: Option<String>,
        /// Confirmation.
        #[command(flatten)]
        confirm: Confirm,
    },
    /// Show which migrations are applied, pending or missing
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
        #[arg(long, value_name = "DIR", env = "MIGRATION_DIR")]
        migration_dir: Option<PathBuf>,
    },
}

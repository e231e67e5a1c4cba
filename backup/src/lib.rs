//! Verified database backups for migrate-kit: before any command changes a
//! schema, the toolkit takes a backup with the backend's own tool, proves it
//! good and commits it atomically with a metadata file beside it.
//!
//! The crate's modules:
//!
//! - [`service`]: the operations the CLI offers ([`Backups`]): create, list,
//!   find, verify, prune, pin and restore; [`offline`]: verifying every
//!   backup in a directory, of any database, with no connection.
//! - [`engine`]: the per-backend interface, implemented by `postgres`
//!   (`pg_dump`), `mysql` (`mariadb-dump`) and `sqlite` (`VACUUM INTO`).
//! - [`store`]: where backups are kept, behind the [`store::Store`]
//!   interface; the local backup directory, with its leftovers and free space,
//!   is its implementation.
//! - `metadata` ([`Metadata`]): the JSON document written beside every backup;
//!   [`id`]: backup ids; [`retention`]: which backups the policy deletes.
//! - [`inventory`]: what a backup records about the database (server
//!   version, size, tables, row counts, migration head);
//!   [`database_properties`]: PostgreSQL's database-level owner, privileges
//!   and settings, given back on restore.
//! - [`tools`]: finding and running the dump tools; [`secrets`]: how
//!   credentials reach them; [`hashing`]: SHA-256 of dumps; [`progress`]:
//!   the observer the phases of backups and restores report to, with the
//!   bytes they stream; [`metering`]: counting those bytes.
//! - `target` ([`Target`]): the database backed up (its URL, connections and
//!   catalog come from the `database` crate); `error` ([`BackupError`]): the
//!   error type.

pub mod database_properties;
pub mod engine;
mod error;
pub mod hashing;
pub mod id;
pub mod inventory;
mod metadata;
pub mod metering;
mod mysql;
pub mod offline;
mod postgres;
pub mod progress;
pub mod retention;
pub mod secrets;
pub mod service;
mod sqlite;
pub mod store;
mod target;
pub mod tools;

pub use error::{BackupError, SwapFailure};
pub use id::Reason;
pub use metadata::Metadata;
pub use retention::Policy;
pub use service::{Backups, Config, Created, Restored};
pub use target::Target;

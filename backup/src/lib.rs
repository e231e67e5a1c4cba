//! Verified database backups for migrate-kit.
//!
//! Before any command changes a schema, the toolkit takes a backup with the
//! backend's own tool (`pg_dump`, `mariadb-dump`, SQLite's `VACUUM INTO`),
//! proves it good and commits it atomically into the backup directory with a
//! metadata file beside it. This crate owns that: the engines (one per
//! backend), the directory ([`store`]), the retention policy ([`retention`]),
//! verification and restore ([`service`]). Passwords reach the tools only
//! through `0600` in-memory files that nothing can leave behind, and never
//! through their arguments or environment ([`secrets`]).

pub mod database_properties;
pub mod engine;
mod error;
pub mod facts;
pub mod hashing;
pub mod id;
pub mod leftovers;
mod metadata;
mod mysql;
mod postgres;
pub mod progress;
pub mod retention;
pub mod secrets;
pub mod service;
pub mod space;
mod sqlite;
pub mod store;
mod target;
pub mod tools;

pub use error::BackupError;
pub use id::Reason;
pub use metadata::Metadata;
pub use retention::Policy;
pub use service::{Backups, Config, Created, Restored};
pub use target::Target;

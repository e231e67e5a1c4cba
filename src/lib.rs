//! migrate-kit: an entity-first migration toolkit for SeaORM applications.
//!
//! The crate owns everything between a user's `MigratorTrait` and the
//! database: configuration ([`config`]), the connection ([`connect`]), the pure
//! planning of what to apply or roll back ([`plan`]), the one engine that
//! carries a plan out ([`engine`]) and the command-line interface ([`cli`])
//! that a migration crate's `main.rs` calls in one line.

pub mod adopt;
pub mod checksum;
pub mod cli;
pub mod config;
pub mod connect;
pub mod engine;
pub mod error;
pub mod generate;
pub mod history;
pub mod lock;
pub mod plan;
pub mod render;
mod schema_reset;
pub mod tracking;
pub mod validate;

pub use database::Backend;
pub use error::Error;

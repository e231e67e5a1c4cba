//! `generate --autogenerate`'s writer: schema changes rendered as a
//! reviewed, reversible migration in the sea-query DSL, one file that
//! migrates all three backends (PostgreSQL-only and MySQL-only steps
//! guarded by backend, SQLite's table rebuilds where it cannot alter).

pub mod decisions;
pub mod defaults;
mod dsl;
mod emit;
mod error;
mod file;
mod idents;
mod rebuild;
mod rustfmt;
mod state;
mod steps;
pub mod types;

pub use error::RenderError;
pub use file::{RenderContext, render};

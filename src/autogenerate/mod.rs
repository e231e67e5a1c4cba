//! `generate --autogenerate`'s writer: schema changes rendered as a
//! reviewed, reversible migration in the sea-query DSL, one file for all
//! three backends.

pub mod defaults;
pub mod types;

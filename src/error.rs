//! The toolkit's error type: every failure a user can meet, each with a
//! one-line message that says what happened and what to do next.

use crate::config::ConfigError;
use crate::connect::ConnectError;
use crate::engine::EngineError;
use crate::generate::GenerateError;

/// Any failure of a toolkit command.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The configuration (flags, environment, `.env`) is invalid.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// No connection could be opened.
    #[error(transparent)]
    Connect(#[from] ConnectError),
    /// Planning or running migrations failed.
    #[error(transparent)]
    Engine(#[from] EngineError),
    /// `generate` could not write the new migration.
    #[error(transparent)]
    Generate(#[from] GenerateError),
}

//! Configuration: raw inputs (flags, environment, `.env`) resolved once into
//! validated [`Settings`] that the rest of the toolkit uses.

mod assume_yes;
pub mod defaults;
pub mod dotenv;
mod duration;
mod quantity;
mod settings;
mod size;

pub use assume_yes::{MIGRATION_YES, assume_yes};
pub use database::{DatabaseUrl, UrlError, redact_url_text};
pub use duration::{format_duration, parse_duration};
pub use settings::{
    BackupInputs, BackupSettings, ConfigError, DEFAULT_SQLITE_FILE, Inputs, Settings, Timeouts,
    UrlSource,
};
pub use size::parse_size;

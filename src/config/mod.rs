//! Configuration: raw inputs (flags, environment, `.env`) resolved once into
//! validated [`Settings`] that the rest of the toolkit uses.

mod settings;

pub use database::{DatabaseUrl, UrlError, redact_url_text};
pub use settings::{ConfigError, Inputs, Settings, UrlSource};

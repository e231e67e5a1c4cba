//! What migrate-kit knows of a database, shared by the toolkit and the
//! backup crate so that each fact lives in one place:
//!
//! - [`backend`]: the one enum of supported backends;
//! - [`database_url`]: the database URL, validated, that never shows its password;
//! - [`connection`]: how every connection is opened (statement logging);
//! - [`driver_error`]: what a driver error says (message, code, lost session);
//! - [`catalog`]: reading the server's catalog, one file per backend.

pub mod backend;
pub mod catalog;
pub mod connection;
pub mod database_url;
pub mod driver_error;

pub use backend::Backend;
pub use database_url::{DatabaseUrl, UrlError, redact_url_text};

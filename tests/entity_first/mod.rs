//! Entity-first: `generate --autogenerate` and `check` on a small
//! application's entities, on every backend.

mod app;
mod corpus;
pub(crate) mod goldens;

//! Entity-first: `generate --autogenerate` and `check` on a small
//! application's entities, on every backend: through the library
//! (`corpus`) and through the real binaries (`cli`).

mod app;
mod cli;
mod corpus;
pub(crate) mod goldens;
mod without_entities;

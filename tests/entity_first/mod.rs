//! Entity-first: `generate --autogenerate` and `check` on a small
//! application's entities, on every backend.

mod app;
mod corpus;
mod goldens;
mod without_entities;

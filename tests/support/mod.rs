//! Shared test fixtures: a fresh database per test and a runner for the real binary.

pub mod binary;
pub mod database;
pub mod inspect;

pub use binary::{Run, migration};
pub use database::{Backend, TestDb};

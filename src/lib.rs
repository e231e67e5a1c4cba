//! migrate-kit: an entity-first migration toolkit for SeaORM applications.
//!
//! The crate owns everything between a user's `MigratorTrait` and the
//! database. Its modules, from the bottom up (each depends only on those
//! above it in this list; the database layer beneath them all is the
//! `database` crate, backups are the `backup` crate):
//!
//! - [`signal`], [`confirm`], [`events`]: the vocabulary of a run: the
//!   signals that stop it, the question it asks, the events it reports.
//! - [`config`]: flags, environment and `.env` resolved once into [`config::Settings`].
//! - [`connect`]: opening the one connection a command runs on.
//! - [`plan`]: the pure decision of which steps a command takes.
//! - [`validate`]: the pure check of the recorded state (changed, dirty, missing).
//! - [`tracking`], [`history`]: the stock tracking table and our run history;
//!   [`lost_history`]: whether that history was lost while migrations are applied.
//! - [`runner`]: running one migration's code, `up()` or `down()`.
//! - [`render`], [`checksum`]: a migration's statements captured offline, and their digest.
//! - [`lock`]: the database-wide migration lock, one mechanism per backend.
//! - [`adopt`]: what adopting an Alembic database checks.
//! - `schema_reset`: dropping every table, for `fresh`.
//! - [`generate`]: writing a new migration file; [`scaffold`]: writing a
//!   new migration crate (`init`).
//! - [`autogenerate`]: schema changes rendered as a migration's source, for `generate --autogenerate`.
//! - [`error`]: every failure, typed, with the class that decides its exit code.
//! - [`engine`]: plans a command and executes each step's program (the same
//!   program `--dry-run` and `sql` print); the only code that runs migrations.
//! - [`lint`]: static analysis of the SQL each step's program executes (rules
//!   with stable codes), and the rules a migration silences ([`allow_lint!`]).
//! - [`run`]: a whole run in order: lock, state, validation, plan,
//!   confirmation, backup, execution, history, release; restore likewise.
//! - [`lint_trace`]: migrations traced on a PostgreSQL scratch database: the
//!   locks each statement holds, the relations it rewrites, `TR1xx` diagnostics.
//! - [`cli`]: parse, resolve settings, call the run, render its events, exit.

pub mod adopt;
pub mod autogenerate;
pub mod check;
pub mod checksum;
pub mod cli;
pub mod config;
pub mod confirm;
pub mod connect;
pub mod diff;
pub mod draft;
pub mod engine;
pub mod entities;
pub mod error;
pub mod events;
pub mod generate;
pub mod history;
pub mod lint;
pub mod lint_trace;
pub mod lock;
pub mod lost_history;
pub mod plan;
pub mod render;
pub mod run;
pub mod runner;
pub mod scaffold;
mod schema_reset;
pub mod schemas;
pub mod signal;
pub mod tracking;
pub mod types;
pub mod validate;

pub use database::Backend;
pub use error::{Error, ErrorClass};

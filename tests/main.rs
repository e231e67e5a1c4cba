//! The workspace integration suite: one test binary, one database per test,
//! against real PostgreSQL, MariaDB and SQLite, running the real `migration`
//! binary where the behaviour is the command line's.

#[macro_use]
mod support;

mod adopt;
mod audit;
mod autogenerate_render;
#[path = "golden/autogenerate/sample.rs"]
mod autogenerate_sample;
mod backup_failures;
mod backup_host;
mod backups;
mod cli_bad_input;
mod cli_commands;
mod cli_reference;
mod cli_terminal;
mod config;
mod doc_commands;
mod down_question;
mod entities;
mod entity_first;
mod history;
mod library;
mod lint;
mod lint_trace;
mod lock;
mod offline_sql;
mod old_scripts;
mod progress;
mod restore_fidelity;
mod schema;
mod schema_reader;
mod seaorm_migrations;
mod secrets;
mod state;
mod stderr;
mod tls;
mod workflow;

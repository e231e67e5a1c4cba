//! `lint [--from V] [--to V] [--all] [--json | --format F] [--backend B]`:
//! the static rules over the program the engine would execute (the one
//! `up --dry-run` prints), pending migrations by default. With `--backend`
//! no database is read: the range (default: every migration) is linted as
//! `sql up` renders it, and every table the range does not create counts as
//! existing. Exit 7 (`Exit::Lint`) when an error-severity diagnostic is found.

use sea_orm_migration::MigratorTrait;

use super::reader;
use crate::Backend;
use crate::Error;
use crate::cli::Exit;
use crate::cli::args::LintFormat;
use crate::cli::views::{lint as view, print_json};
use crate::config::Settings;
use crate::engine::Migrations;
use crate::lint::{self, programs};
use crate::plan::{self, Revision};

/// Which migrations `lint` reads.
#[derive(Debug, Clone, Default)]
pub struct Range {
    /// Start after this version.
    pub from: Option<String>,
    /// Stop at this version, included.
    pub to: Option<String>,
    /// Every migration.
    pub all: bool,
}

impl Range {
    /// Whether the range is the pending migrations (nothing given).
    fn pending(&self) -> bool {
        self.from.is_none() && self.to.is_none() && !self.all
    }
}

/// Lints `range` (on `backend` without a database, else on the configured
/// one) and prints the diagnostics in `format`.
pub async fn run<M: MigratorTrait>(
    settings: &Settings,
    range: Range,
    format: LintFormat,
    backend: Option<Backend>,
) -> Result<Exit, Error> {
    let (from, to) = (range.from.as_deref(), range.to.as_deref());
    let diagnostics = match backend {
        Some(backend) => {
            let migrations = Migrations::of::<M>();
            programs::offline(&migrations, backend, settings.timeouts, from, to).await?
        }
        None => {
            let engine = reader::<M>(settings).await?;
            let steps = match range.pending() {
                true => None,
                false => {
                    let (from, to) = (from.map(Revision::parse), to.map(Revision::parse));
                    let local = engine.migrations().versions();
                    Some(plan::plan_offline(
                        &local,
                        true,
                        from.as_ref(),
                        to.as_ref(),
                    )?)
                }
            };
            programs::on_database(&engine, steps).await?
        }
    };
    match format {
        LintFormat::Human => print!("{}", view::text(&diagnostics)),
        LintFormat::Json => print_json(&view::json(&diagnostics))?,
        LintFormat::Github => print!("{}", view::github(&diagnostics)),
    }
    Ok(match lint::errors(&diagnostics) {
        0 => Exit::Success,
        _ => Exit::Lint,
    })
}

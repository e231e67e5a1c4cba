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
use crate::engine::program::Builder;
use crate::lint::{self, Facts};
use crate::plan::{self, Command, Plan, Revision, UpTarget};

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

    /// The steps applying the range's migrations among `local`.
    fn steps(&self, local: &[String]) -> Result<Vec<plan::Step>, Error> {
        let (from, to) = (
            self.from.as_deref().map(Revision::parse),
            self.to.as_deref().map(Revision::parse),
        );
        Ok(plan::plan_offline(local, true, from.as_ref(), to.as_ref())?)
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
    let diagnostics = match backend {
        Some(backend) => {
            let migrations = Migrations::of::<M>();
            let steps = range.steps(&migrations.versions())?;
            let program =
                Builder::new(backend.into(), &migrations, settings.timeouts).program(&steps)?;
            lint::lint(&lint::targets(&program).await?, &Facts::offline())
        }
        None => {
            let engine = reader::<M>(settings).await?;
            let steps = match range.pending() {
                true => {
                    let state = engine.state().await?;
                    engine.plan_in(Command::Up(UpTarget::All), &state)?.steps
                }
                false => range.steps(&engine.migrations().versions())?,
            };
            let plan = Plan {
                command: Command::Up(UpTarget::All),
                steps,
            };
            let facts = lint::facts::read(engine.connection()).await?;
            lint::lint(&lint::targets(&engine.program(&plan)?).await?, &facts)
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

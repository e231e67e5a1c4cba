//! `lint [--from V] [--to V] [--all | --exact] [--json | --format F] [--backend B]`:
//! the static rules over the program the engine would execute (the one
//! `up --dry-run` prints), pending migrations by default; with `--exact`,
//! those that need a database rendered on a scratch one. With `--backend`
//! no database is read: the range (default: every migration) is linted as
//! `sql up` renders it, and every table the range does not create counts as
//! existing. Exit 7 (`Exit::Lint`) when an error-severity diagnostic is found.

use std::collections::BTreeMap;

use sea_orm_migration::MigratorTrait;

use super::reader;
use crate::Backend;
use crate::Error;
use crate::cli::Exit;
use crate::cli::args::LintFormat;
use crate::cli::views::{lint as view, print_json};
use crate::config::Settings;
use crate::engine::Migrations;
use crate::lint::{self, Diagnostic, programs};
use crate::lint_trace;
use crate::plan::{self, Command, Plan, Revision, UpTarget};
use crate::run;

/// Which migrations `lint` reads.
#[derive(Debug, Clone, Default)]
pub struct Range {
    /// Start after this version.
    pub from: Option<String>,
    /// Stop at this version, included.
    pub to: Option<String>,
    /// Every migration.
    pub all: bool,
    /// The pending migrations, those that need a database rendered on a
    /// scratch database (`run::exact_bodies`).
    pub exact: bool,
}

impl Range {
    /// Whether the range is the pending migrations (nothing given).
    fn pending(&self) -> bool {
        self.from.is_none() && self.to.is_none() && !self.all
    }
}

/// Lints `range` (on `backend` without a database, else on the configured
/// one) and prints the diagnostics in `format` (silenced ones, in human
/// output, only when `verbose`); with `trace`, the scratch database's
/// settings, also traces the range's migrations there.
pub async fn run<M: MigratorTrait>(
    settings: &Settings,
    range: Range,
    format: LintFormat,
    verbose: bool,
    backend: Option<Backend>,
    trace: Option<&Settings>,
) -> Result<Exit, Error> {
    let (from, to) = (range.from.as_deref(), range.to.as_deref());
    let (mut diagnostics, steps) = match backend {
        Some(backend) => {
            let migrations = Migrations::of::<M>();
            let found =
                programs::offline(&migrations, backend, settings.timeouts, from, to).await?;
            (found, Vec::new())
        }
        None => {
            let engine = reader::<M>(settings).await?;
            let (plan, exact) = match range.pending() {
                true => {
                    let state = engine.state().await?;
                    let plan = engine.plan_in(Command::Up(UpTarget::All), &state)?;
                    let exact = match range.exact {
                        true => run::exact_bodies::<M>(settings, &plan, &state.applied).await?,
                        false => BTreeMap::new(),
                    };
                    (plan, exact)
                }
                false => {
                    let (from, to) = (from.map(Revision::parse), to.map(Revision::parse));
                    let local = engine.migrations().versions();
                    let steps = plan::plan_offline(&local, true, from.as_ref(), to.as_ref())?;
                    let plan = Plan {
                        command: Command::Up(UpTarget::All),
                        steps,
                    };
                    (plan, BTreeMap::new())
                }
            };
            let found = programs::on_database(&engine, &plan, &exact).await?;
            (found, plan.steps)
        }
    };
    let traced = match trace {
        Some(scratch) => {
            let versions: Vec<String> = steps
                .iter()
                .filter_map(|step| match step {
                    plan::Step::Apply(version) => Some(version.clone()),
                    _ => None,
                })
                .collect();
            let traced = lint_trace::trace_beside::<M>(settings, scratch, &versions).await?;
            diagnostics.extend(programs::allowed(
                traced
                    .iter()
                    .flat_map(|step| &step.diagnostics)
                    .map(Diagnostic::from)
                    .collect(),
            ));
            Some(traced)
        }
        None => None,
    };
    match format {
        LintFormat::Human => {
            if let Some(traced) = &traced {
                print!("{}", view::trace_text(traced));
            }
            print!("{}", view::text(&diagnostics, verbose));
        }
        LintFormat::Json => print_json(&view::json(&diagnostics, traced.as_deref()))?,
        LintFormat::Github => print!("{}", view::github(&diagnostics)),
        LintFormat::Sarif => print_json(&view::sarif(&diagnostics))?,
    }
    Ok(match lint::errors(&diagnostics) {
        0 => Exit::Success,
        _ => Exit::Lint,
    })
}

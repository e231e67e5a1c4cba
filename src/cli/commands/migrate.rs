//! `up`, `down`, `fresh`, `refresh` and `reset`: the commands that run
//! migrations, through the library's run (lock, validation, confirmation,
//! backup, execution, history); `--dry-run` prints the engine's program;
//! `up --lint` lints it first.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use sea_orm_migration::MigratorTrait;

use super::reader;
use crate::Error;
use crate::cli::Exit;
use crate::cli::prompt::TerminalPrompt;
use crate::cli::views::lint as lint_view;
use crate::cli::views::run::RunView;
use crate::config::Settings;
use crate::engine::Command;
use crate::lint::{self, programs};
use crate::plan::{DownTarget, Revision, UpTarget};

/// `up [-n N | --to V] [--dry-run [--exact] | --json] [--lint]`; `dry_run`
/// is `Some(exact)` for a dry run.
pub async fn up<M: MigratorTrait>(
    settings: &Settings,
    num: Option<u32>,
    to: Option<String>,
    dry_run: Option<bool>,
    json: bool,
    lint: bool,
) -> Result<Exit, Error> {
    let target = match (num, to) {
        (Some(n), _) => UpTarget::Steps(n),
        (None, Some(version)) => UpTarget::To(version),
        (None, None) => UpTarget::All,
    };
    let command = Command::Up(target);
    if dry_run.is_none()
        && lint
        && let Err(error) = lint_first::<M>(settings, &command).await
    {
        RunView::new(&command, &settings.url.to_string(), json)
            .finish(Duration::ZERO, Some(error.to_string()));
        return Err(error);
    }
    match dry_run {
        Some(exact) => print_program::<M>(settings, command, exact).await,
        None => change::<M>(settings, RunView::new, command, json, true).await,
    }
}

/// `up --lint`, before anything else: the steps `command` would take on the
/// live state, linted as `lint` lints them (their code rendered offline, as
/// `--dry-run` renders it), the diagnostics printed on stderr; an
/// error-severity one that no allowance silences refuses the run.
async fn lint_first<M: MigratorTrait>(settings: &Settings, command: &Command) -> Result<(), Error> {
    let engine = reader::<M>(settings).await?;
    let state = engine.state().await?;
    let plan = engine.plan_in(command.clone(), &state)?;
    let found = programs::on_database(&engine, &plan, &BTreeMap::new()).await;
    let _ = engine.into_connection().close().await;
    let found = found?;
    eprint!("{}", lint_view::text(&found, false));
    match lint::errors(&found) {
        0 => Ok(()),
        errors => Err(Error::Lint { errors }),
    }
}

/// `down [-n N | --to V|base] [--dry-run [--exact] | --json] [--yes]`.
pub async fn down<M: MigratorTrait>(
    settings: &Settings,
    num: u32,
    to: Option<String>,
    dry_run: Option<bool>,
    json: bool,
    yes: bool,
) -> Result<Exit, Error> {
    let target = match to {
        Some(revision) => DownTarget::To(Revision::parse(&revision)),
        None => DownTarget::Steps(num),
    };
    match dry_run {
        Some(exact) => print_program::<M>(settings, Command::Down(target), exact).await,
        None => change::<M>(settings, RunView::new, Command::Down(target), json, yes).await,
    }
}

/// `fresh [--yes]`.
pub async fn fresh<M: MigratorTrait>(settings: &Settings, yes: bool) -> Result<Exit, Error> {
    change::<M>(settings, RunView::new, Command::Fresh, false, yes).await
}

/// `refresh [--yes]`.
pub async fn refresh<M: MigratorTrait>(settings: &Settings, yes: bool) -> Result<Exit, Error> {
    change::<M>(settings, RunView::new, Command::Refresh, false, yes).await
}

/// `reset [--yes]`.
pub async fn reset<M: MigratorTrait>(settings: &Settings, yes: bool) -> Result<Exit, Error> {
    change::<M>(settings, RunView::new, Command::Reset, false, yes).await
}

/// Runs `command` through the library's run, shown by the view `view`
/// builds (as JSON when `json`); `yes` answers its confirmation.
pub async fn change<M: MigratorTrait>(
    settings: &Settings,
    view: impl FnOnce(&Command, &str, bool) -> RunView,
    command: Command,
    json: bool,
    yes: bool,
) -> Result<Exit, Error> {
    let mut view = view(&command, &settings.url.to_string(), json);
    let mut prompt = TerminalPrompt { yes, json };
    let started = Instant::now();
    let result = crate::run::run::<M>(settings, command, &mut prompt, &mut view).await;
    view.finish(
        started.elapsed(),
        result.as_ref().err().map(ToString::to_string),
    );
    result.map(|_| Exit::Success)
}

/// `--dry-run`: the plan against the live state, printed as the program the
/// engine would execute; no lock, no backup, nothing changed. With `exact`,
/// migrations that need a database are rendered from a scratch database.
async fn print_program<M: MigratorTrait>(
    settings: &Settings,
    command: Command,
    exact: bool,
) -> Result<Exit, Error> {
    let engine = reader::<M>(settings).await?;
    let state = engine.state().await?;
    let plan = engine.plan_in(command, &state)?;
    let program = engine.program(&plan)?;
    let bodies = match exact {
        true => crate::run::exact_bodies::<M>(settings, &plan, &state.applied).await?,
        false => Default::default(),
    };
    print!("{}", program.render_with(&bodies).await?);
    Ok(Exit::Success)
}

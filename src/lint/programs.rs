//! Which programs are linted: steps on a database, on its own connection
//! and with its facts; or a range of migrations offline, for
//! one backend, with every table the range does not create taken as existing.
//! Either way the migrations' registered allowances are applied.

use std::collections::BTreeMap;

use sea_orm::Statement;

use crate::config::Timeouts;
use crate::engine::program::Builder;
use crate::engine::{Engine, Migrations};
use crate::plan::{self, Plan, Revision};
use crate::{Backend, Error};

use super::{Diagnostic, Facts, allowances, facts, lint, targets, targets_with};

/// The diagnostics of `plan` on `engine`'s database, with the facts read
/// from that database; the bodies of migrations that need a database are
/// taken from `exact` (by version) when it has them.
pub async fn on_database(
    engine: &Engine,
    plan: &Plan,
    exact: &BTreeMap<String, Vec<Statement>>,
) -> Result<Vec<Diagnostic>, Error> {
    let facts = facts::read(engine.connection()).await?;
    let targets = targets_with(&engine.program(plan)?, exact).await?;
    Ok(allowed(lint(&targets, &facts)))
}

/// The diagnostics of `migrations` after `from` up to `to` (default: all of
/// them) as applied on `backend`, without a database.
pub async fn offline(
    migrations: &Migrations,
    backend: Backend,
    timeouts: Timeouts,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<Vec<Diagnostic>, Error> {
    let (from, to) = (from.map(Revision::parse), to.map(Revision::parse));
    let steps = plan::plan_offline(&migrations.versions(), true, from.as_ref(), to.as_ref())?;
    let program = Builder::new(backend.into(), migrations, timeouts).program(&steps)?;
    Ok(allowed(lint(&targets(&program).await?, &Facts::offline())))
}

/// `diagnostics` with the registered allowances applied.
pub fn allowed(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    allowances::apply(&mut diagnostics, allowances::registered());
    diagnostics
}

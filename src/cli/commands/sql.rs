//! `sql up|down --backend B [--from V] [--to V]`: migrations as the
//! program the engine would execute on a backend, with no database at all.

use sea_orm_migration::MigratorTrait;

use crate::cli::{Exit, SqlDirection};
use crate::config::Settings;
use crate::engine::Migrations;
use crate::engine::program::Builder;
use crate::plan::{self, Revision};
use crate::{Backend, Error};

/// Prints the program of the migrations after `from` up to `to` (`up`), or
/// from `from` down to above `to` (`down`), for `backend`.
pub async fn run<M: MigratorTrait>(
    settings: &Settings,
    direction: SqlDirection,
    from: Option<&str>,
    to: Option<&str>,
    backend: Backend,
) -> Result<Exit, Error> {
    let migrations = Migrations::of::<M>();
    let (from, to) = (from.map(Revision::parse), to.map(Revision::parse));
    let steps = plan::plan_offline(
        &migrations.versions(),
        direction == SqlDirection::Up,
        from.as_ref(),
        to.as_ref(),
    )?;
    let program = Builder::new(backend.into(), &migrations, settings.timeouts).program(&steps)?;
    print!("{}", program.render().await?);
    Ok(Exit::Success)
}

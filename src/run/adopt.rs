//! The checks `adopt-alembic` makes under the lock before it stamps the
//! baseline: Alembic left the database at the revision the baseline
//! replaces, and its tables and columns are exactly the baseline's, read
//! from a scratch database the engine applies the baseline to.

use sea_orm_migration::MigratorTrait;

use super::scratch::with_scratch;
use crate::Error;
use crate::adopt::{self, ALEMBIC_REVISION, AdoptError, bookkeeping};
use crate::config::Settings;
use crate::engine::{Command, Engine, Migrations};
use crate::events::Unobserved;
use crate::plan::UpTarget;
use database::driver_error::database_message;

/// Refuses a database Alembic did not manage, or left at another revision.
pub(super) async fn check_revision(engine: &Engine) -> Result<(), Error> {
    let inspect = |e: sea_orm::DbErr| AdoptError::Database(database_message(&e));
    match adopt::alembic_revision(engine.connection())
        .await
        .map_err(inspect)?
    {
        None => Err(AdoptError::NotAlembic.into()),
        Some(found) if found != ALEMBIC_REVISION => Err(AdoptError::WrongRevision { found }.into()),
        Some(_) => Ok(()),
    }
}

/// Refuses a live schema whose tables or columns differ from the
/// baseline's; returns how many tables the baseline has.
pub(super) async fn check_schema<M: MigratorTrait>(
    settings: &Settings,
    engine: &Engine,
) -> Result<usize, Error> {
    let ignore = bookkeeping(&engine.tracking_table());
    let ignore: Vec<&str> = ignore.iter().map(String::as_str).collect();
    let expected = baseline_shape::<M>(settings, &ignore).await?;
    let live = adopt::shape(engine.connection(), &ignore)
        .await
        .map_err(|e| AdoptError::Database(database_message(&e)))?;
    let differences = adopt::differences(&expected, &live);
    if !differences.is_empty() {
        return Err(AdoptError::Mismatch(differences).into());
    }
    Ok(expected.len())
}

/// The tables and columns the baseline creates, read from a scratch
/// database the engine applies it to (and which is then dropped).
async fn baseline_shape<M: MigratorTrait>(
    settings: &Settings,
    ignore: &[&str],
) -> Result<adopt::Shape, Error> {
    with_scratch(
        settings,
        |_| {},
        async |db| {
            let engine = Engine::with_migrations(db, Migrations::of::<M>());
            let baseline = engine.migrations().versions().into_iter().next();
            let Some(baseline) = baseline else {
                return Err(AdoptError::NoBaseline.into());
            };
            let plan = engine.plan(Command::Up(UpTarget::To(baseline))).await?;
            engine.execute(&plan, &mut Unobserved, None).await?;
            let shape = adopt::shape(engine.connection(), ignore)
                .await
                .map_err(|e| Error::Scratch(database_message(&e)));
            let _ = engine.into_connection().close().await;
            shape
        },
    )
    .await
}

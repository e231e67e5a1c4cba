//! The three schemas a diff compares, each read back into the schema model
//! from the same backend, so that types compare as the database spells
//! them: what the entities ask for and what the migrations produce (both
//! built on a scratch database that is always dropped), and the live
//! database's own.

use sea_orm::{ConnectionTrait, DatabaseConnection};
use sea_orm_migration::MigratorTrait;

use crate::Error;
use crate::adopt::bookkeeping;
use crate::config::Settings;
use crate::engine::{Command, Engine, Migrations};
use crate::entities::Entities;
use crate::events::Unobserved;
use crate::plan::UpTarget;
use crate::run::scratch::with_scratch;
use database::catalog::schema::{self, Schema};
use database::driver_error::database_message;

/// The schema `entities` ask for, built on a scratch database.
pub async fn of_entities(settings: &Settings, entities: &Entities) -> Result<Schema, Error> {
    with_scratch(
        settings,
        |_| {},
        async |db| {
            let backend = db.get_database_backend();
            for statement in entities.statements(backend) {
                db.execute_raw(statement).await.map_err(|e| {
                    Error::Scratch(format!(
                        "the entities' DDL failed: {}",
                        database_message(&e)
                    ))
                })?;
            }
            let read = read(&db, None, &[]).await;
            let _ = db.close().await;
            read
        },
    )
    .await
}

/// The schema the migrations of `M` produce, every one or those up to and
/// including version `to`, applied by the engine to a scratch database (so
/// each migration's `up()` runs there once).
pub async fn of_migrations<M: MigratorTrait>(
    settings: &Settings,
    to: Option<&str>,
) -> Result<Schema, Error> {
    let target = match to {
        Some(version) => UpTarget::To(version.to_owned()),
        None => UpTarget::All,
    };
    with_scratch(
        settings,
        |_| {},
        async |db| {
            let engine = Engine::with_migrations(db, Migrations::of::<M>());
            let plan = engine.plan(Command::Up(target)).await?;
            engine.execute(&plan, &mut Unobserved, None).await?;
            let skip = bookkeeping(&engine.tracking_table());
            let read = read(engine.connection(), None, &skip).await;
            let _ = engine.into_connection().close().await;
            read
        },
    )
    .await
}

/// The live database's schema (`settings.schema` on PostgreSQL), without
/// the bookkeeping tables of the tracking table `tracking`.
pub async fn of_live(
    db: &DatabaseConnection,
    settings: &Settings,
    tracking: &str,
) -> Result<Schema, Error> {
    schema::read(
        db,
        settings.schema.as_deref(),
        &as_strs(&bookkeeping(tracking)),
    )
    .await
    .map_err(|e| Error::State(database_message(&e)))
}

async fn read<C: ConnectionTrait>(
    db: &C,
    schema_name: Option<&str>,
    skip: &[String],
) -> Result<Schema, Error> {
    schema::read(db, schema_name, &as_strs(skip))
        .await
        .map_err(|e| Error::Scratch(database_message(&e)))
}

fn as_strs(names: &[String]) -> Vec<&str> {
    names.iter().map(String::as_str).collect()
}

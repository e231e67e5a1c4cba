//! `stamp` and `adopt-alembic`.

use sea_orm::ConnectionTrait;
use sea_orm_migration::{MigratorTrait, SchemaManager};

use backup::engine::{EngineOptions, for_target};

use super::context::Context;
use super::{CliError, Exit, confirm};
use crate::adopt::{self, ALEMBIC_REVISION, AdoptError, Shape};
use crate::engine::{Engine, EngineError, Stamped};
use database::driver_error::database_message;

/// How far `stamp` marks migrations as applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StampTarget {
    /// Up to and including this version.
    Version(String),
    /// Only the first migration, the baseline.
    Baseline,
    /// None: everything recorded as not applied.
    Base,
}

/// `stamp VERSION|--baseline|--to base`.
pub async fn stamp(
    engine: &Engine,
    context: &Context,
    target: StampTarget,
    yes: bool,
) -> Result<Exit, CliError> {
    let versions = engine.versions();
    let version = match &target {
        StampTarget::Version(v) => Some(v.as_str()),
        StampTarget::Baseline => versions.first().map(String::as_str),
        StampTarget::Base => None,
    };
    let question = match version {
        Some(v) => format!(
            "Record every migration up to {v} as applied on {}, without running any?",
            context.database
        ),
        None => format!(
            "Record no migration as applied on {}, without running any down()?",
            context.database
        ),
    };
    confirm::confirm("stamp", &question, yes)?;
    let stamped = engine.stamp(version).await?;
    report(&stamped);
    Ok(Exit::Success)
}

/// `adopt-alembic`: the database must be at Alembic revision
/// `f6570c470a28` with exactly the baseline's tables and columns; then the
/// baseline is stamped.
pub async fn adopt<M: MigratorTrait>(
    engine: &Engine,
    context: &Context,
    drop_table: bool,
    yes: bool,
) -> Result<Exit, CliError> {
    let db = engine.connection();
    let inspect = |e: sea_orm::DbErr| AdoptError::Database(database_message(&e));
    match adopt::alembic_revision(db).await.map_err(inspect)? {
        None => return Err(AdoptError::NotAlembic.into()),
        Some(found) if found != ALEMBIC_REVISION => {
            return Err(AdoptError::WrongRevision { found }.into());
        }
        Some(_) => {}
    }
    let Some(baseline) = engine.versions().into_iter().next() else {
        return Err(AdoptError::Database("this migrator has no migrations".to_owned()).into());
    };
    if engine
        .applied()
        .await?
        .iter()
        .any(|r| r.version == baseline)
    {
        println!("the baseline {baseline} is already recorded as applied; nothing to adopt");
        return Ok(Exit::Success);
    }
    let ignore = bookkeeping(context);
    let ignore: Vec<&str> = ignore.iter().map(String::as_str).collect();
    let expected = baseline_shape::<M>(context, &ignore).await?;
    let live = adopt::shape(db, &ignore).await.map_err(inspect)?;
    let differences = adopt::differences(&expected, &live);
    if !differences.is_empty() {
        return Err(AdoptError::Mismatch(differences).into());
    }
    confirm::confirm(
        "adopt-alembic",
        &format!(
            "Alembic revision {ALEMBIC_REVISION} and all {} baseline tables match: record {baseline} as applied on {}?",
            expected.len(),
            context.database
        ),
        yes,
    )?;
    let stamped = engine.stamp(Some(&baseline)).await?;
    report(&stamped);
    if drop_table {
        db.execute_unprepared("DROP TABLE alembic_version")
            .await
            .map_err(|e| EngineError::State(database_message(&e)))?;
        println!("dropped alembic_version");
    } else {
        println!(
            "kept alembic_version (drop it with --drop-alembic-table once Alembic is retired)"
        );
    }
    Ok(Exit::Success)
}

/// Tables that are not part of any schema comparison.
fn bookkeeping(context: &Context) -> Vec<String> {
    let tracking = context.tracking_table().to_owned();
    vec![
        "alembic_version".to_owned(),
        format!("{tracking}_history"),
        tracking,
    ]
}

/// The tables and columns the baseline creates, read from a scratch
/// database it is applied to (and which is then dropped).
async fn baseline_shape<M: MigratorTrait>(
    context: &Context,
    ignore: &[&str],
) -> Result<Shape, CliError> {
    let engine = for_target(&context.target(), &EngineOptions::default());
    let scratch = engine.create_scratch().await?;
    let result = async {
        let inspect = |e: sea_orm::DbErr| AdoptError::Database(database_message(&e));
        if context.settings.url.backend() == crate::Backend::Sqlite {
            std::fs::File::create(scratch.target.sqlite_path())
                .map_err(|e| AdoptError::Database(e.to_string()))?;
        }
        let db = database::connection::open(scratch.target.connection_url())
            .await
            .map_err(inspect)?;
        let baseline = M::migrations().into_iter().next();
        if let Some(baseline) = baseline {
            baseline
                .up(&SchemaManager::new(&db))
                .await
                .map_err(inspect)?;
        }
        let shape = adopt::shape(&db, ignore).await.map_err(inspect);
        let _ = db.close().await;
        shape
    }
    .await;
    engine.discard(scratch).await;
    Ok(result?)
}

fn report(stamped: &Stamped) {
    for version in &stamped.marked {
        println!("stamped     {version} (applied, not run)");
    }
    for version in &stamped.unmarked {
        println!("unstamped   {version} (not applied, down() not run)");
    }
    if stamped.marked.is_empty() && stamped.unmarked.is_empty() {
        println!("nothing to stamp: the recorded state is already there");
    }
}

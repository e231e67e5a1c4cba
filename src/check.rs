//! `check`: whether the entities, the migrations and the live database
//! agree. Three questions, each answered in the diff's own words:
//! (a) do the migrations produce the schema the entities ask for; and, with
//! a database configured, (b) can its recorded state be trusted (checksums,
//! nothing dirty or missing) and (c) is its schema the one its applied
//! migrations produce (nothing changed by hand). Reads only: the live
//! database is never written.

use sea_orm_migration::MigratorTrait;
use serde::Serialize;

use crate::Error;
use crate::config::Settings;
use crate::connect::Access;
use crate::diff::{self, Change, Renames};
use crate::engine::{Command, Engine, Migrations};
use crate::entities::Entities;
use crate::lint::{self, Diagnostic, programs};
use crate::plan::{self, MigrationState, UpTarget};
use crate::schemas;
use crate::validate::Findings;
use database::catalog::schema::Schema;

/// What `check` found.
#[derive(Debug)]
pub struct Report {
    /// (a) How the migrations' schema must change to become the entities';
    /// `None` when the migrator registers no entities.
    pub entities: Option<Vec<Change>>,
    /// (b) and (c), when a database is configured.
    pub live: Option<LiveReport>,
    /// With `--lint`: what the linter says of the pending migrations (of
    /// every migration, offline, without a database); errors fail the check.
    pub lint: Option<Vec<Diagnostic>>,
}

/// What `check` found in the configured database.
#[derive(Debug)]
pub struct LiveReport {
    /// (b) The recorded state's problems.
    pub findings: Findings,
    /// (c) How the schema its applied migrations produce differs from its
    /// own: changes made outside the migrations.
    pub drift: Vec<Change>,
    /// Migrations not applied yet (not a failure: `up` applies them).
    pub pending: Vec<String>,
}

/// One difference as `--json` lists it.
#[derive(Debug, Serialize)]
pub struct Difference<'a> {
    /// `entities` (a migration is missing) or `live` (changed by hand).
    pub source: &'static str,
    /// The change, with its stable fields.
    #[serde(flatten)]
    pub change: &'a Change,
    /// The change in the words the text output uses.
    pub description: String,
}

impl Report {
    /// Whether everything agrees (exit 0).
    pub fn passes(&self) -> bool {
        self.lint
            .as_deref()
            .is_none_or(|found| lint::errors(found) == 0)
            && self.entities.as_ref().is_none_or(Vec::is_empty)
            && self
                .live
                .as_ref()
                .is_none_or(|live| live.findings.problems.is_empty() && live.drift.is_empty())
    }

    /// Every schema difference, entities' first.
    pub fn differences(&self) -> Vec<Difference<'_>> {
        let entities = self
            .entities
            .iter()
            .flatten()
            .map(|change| ("entities", change));
        let live = self
            .live
            .iter()
            .flat_map(|live| &live.drift)
            .map(|change| ("live", change));
        entities
            .chain(live)
            .map(|(source, change)| Difference {
                source,
                change,
                description: change.to_string(),
            })
            .collect()
    }
}

/// What `check` asks, beyond (a).
#[derive(Debug, Clone, Copy, Default)]
pub struct Questions {
    /// (b) and (c): a database is configured.
    pub live: bool,
    /// Lint the migrations too.
    pub lint: bool,
}

/// Answers (a) and what `questions` ask for migrator `M` and `entities`;
/// the live database is `settings`', the scratch databases go beside
/// `scratch`'s (whose backend is the one linted without a database).
pub async fn check<M: MigratorTrait>(
    settings: &Settings,
    scratch: &Settings,
    entities: &Entities,
    questions: Questions,
) -> Result<Report, Error> {
    let live = questions.live;
    let migrated = schemas::of_migrations::<M>(scratch, None).await?;
    let entities = match entities.is_empty() {
        true => None,
        false => {
            let desired = schemas::of_entities(scratch, entities).await?;
            Some(entity_changes(&migrated, &desired, entities)?)
        }
    };
    let (live, lint) = match (live, questions.lint) {
        (true, lint) => {
            let engine = Engine::open::<M>(settings, Access::ReadOnly).await?;
            let found = on_database::<M>(&engine, settings, scratch, &migrated, lint).await;
            let _ = engine.into_connection().close().await;
            let (live, lint) = found?;
            (Some(live), lint)
        }
        (false, true) => {
            let migrations = Migrations::of::<M>();
            let backend = scratch.url.backend();
            let lint =
                programs::offline(&migrations, backend, scratch.timeouts, None, None).await?;
            (None, Some(lint))
        }
        (false, false) => (None, None),
    };
    Ok(Report {
        entities,
        live,
        lint,
    })
}

/// The changes from the migrations' schema to the entities', with the
/// renames the entities declare that the migrations have not made yet.
fn entity_changes(
    migrated: &Schema,
    desired: &Schema,
    entities: &Entities,
) -> Result<Vec<Change>, Error> {
    let renames = entities.renames_in(migrated);
    Ok(diff::diff(migrated, desired, &renames)?.changes)
}

/// (b), (c) and, when `lint`, the lint of the pending migrations, on the
/// live database's one read-only connection and from one read of its state.
async fn on_database<M: MigratorTrait>(
    engine: &Engine,
    settings: &Settings,
    scratch: &Settings,
    migrated_all: &Schema,
    lint: bool,
) -> Result<(LiveReport, Option<Vec<Diagnostic>>), Error> {
    let state = engine.state().await?;
    let findings = engine.findings_in(&state);
    let pending: Vec<String> = plan::status(&engine.migrations().versions(), &state.applied)
        .into_iter()
        .filter(|entry| entry.state == MigrationState::Pending)
        .map(|entry| entry.version)
        .collect();
    let live = schemas::of_live(engine.connection(), settings, &engine.tracking_table()).await?;
    let lint = match lint {
        true => {
            let plan = engine.plan_in(Command::Up(UpTarget::All), &state)?;
            Some(programs::on_database(engine, &plan, &Default::default()).await?)
        }
        false => None,
    };
    let newest = state.applied.iter().map(|row| &row.version).max();
    let expected = match (pending.is_empty(), newest) {
        (true, _) => migrated_all.clone(),
        (false, Some(newest)) => schemas::of_migrations::<M>(scratch, Some(newest)).await?,
        (false, None) => Schema::new(migrated_all.backend),
    };
    let drift = diff::diff(&expected, &live, &Renames::default())?.changes;
    let report = LiveReport {
        findings,
        drift,
        pending,
    };
    Ok((report, lint))
}

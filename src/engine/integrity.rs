//! The engine's reads of the recorded state against the code: what
//! `validate` finds (changed, dirty, missing, unverifiable migrations), the
//! run history, what `repair` would accept and what an interrupted run was
//! executing.

use super::{Engine, state_error};
use crate::Error;
use crate::checksum;
use crate::history::{self, HistoryEvent};
use crate::plan::{AppliedRecord, Step};
use crate::render;
use crate::runner::Direction;
use crate::validate::{self, Findings};

impl Engine {
    /// What checking the recorded state finds: dirty, missing and changed
    /// migrations, and the applied ones that cannot be verified.
    pub async fn findings(&self) -> Result<Findings, Error> {
        let applied = self.applied().await?;
        self.findings_of(&applied, None).await
    }

    /// [`Engine::findings`] for the `applied` rows already read; with
    /// `only`, the code of just those versions is checksummed (the others
    /// count as unchecked).
    pub(super) async fn findings_of(
        &self,
        applied: &[AppliedRecord],
        only: Option<&[String]>,
    ) -> Result<Findings, Error> {
        let applied: Vec<String> = applied.iter().map(|r| r.version.clone()).collect();
        let events = self.history_events().await?;
        let known = self.current_checksums(only).await;
        Ok(validate::check(
            &applied,
            &known,
            &history::recorded_checksums(&events),
            &history::dirty(&events),
        ))
    }

    /// Every migration in code order with its checksum (`None` when it cannot
    /// be rendered offline, or is not among `only`).
    async fn current_checksums(&self, only: Option<&[String]>) -> Vec<(String, Option<String>)> {
        let backend = self.db.get_database_backend();
        let mut known = Vec::new();
        for migration in self.migrations.list() {
            let name = migration.name().to_owned();
            let sum = match only {
                Some(only) if !only.contains(&name) => None,
                _ => checksum::of(migration.as_ref(), backend).await,
            };
            known.push((name, sum));
        }
        known
    }

    /// The run history, oldest first (empty before the first run).
    pub async fn history_events(&self) -> Result<Vec<HistoryEvent>, Error> {
        let history = self.migrations.history();
        if !self.readable(&history.name()).await? {
            return Ok(Vec::new());
        }
        history.events(&self.db).await.map_err(state_error)
    }

    /// What `repair` accepts: every applied migration the code has (its
    /// current checksum is recorded), then every dirty one (cleared).
    pub(super) async fn repair_steps(&self, applied: &[AppliedRecord]) -> Result<Vec<Step>, Error> {
        let events = self.history_events().await?;
        let mut versions: Vec<String> = applied
            .iter()
            .map(|r| r.version.clone())
            .filter(|v| self.migrations.find(v).is_some())
            .collect();
        for dirty in history::dirty(&events) {
            if !versions.contains(&dirty.version) {
                versions.push(dirty.version);
            }
        }
        Ok(versions.into_iter().map(Step::Accept).collect())
    }

    /// The statements the interrupted run of dirty migration `version` was
    /// executing: its `down()` when it is still recorded as applied, else
    /// its `up()`, then the tracking update, each as a script line. `None`
    /// when it cannot be rendered offline.
    pub async fn interrupted_statements(&self, version: &str) -> Option<Vec<String>> {
        let migration = self.migrations.find(version)?;
        let applied = self.applied().await.ok()?;
        let direction = match applied.iter().any(|r| r.version == version) {
            true => Direction::Down,
            false => Direction::Up,
        };
        let backend = self.db.get_database_backend();
        let tracking = self.migrations.tracking();
        let mut statements = render::capture(migration, backend, direction).await.ok()?;
        statements.push(match direction {
            Direction::Up => tracking.record(backend, version, chrono::Utc::now().timestamp()),
            Direction::Down => tracking.forget(backend, version),
        });
        Some(statements.iter().map(render::line).collect())
    }
}

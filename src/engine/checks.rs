//! The engine's checks of the recorded state: `validate`, `repair` and the
//! run history, read from the tracking table, the history and the code.

use super::{Direction, Engine, EngineError, state_error};
use crate::checksum;
use crate::history::{self, Action, HistoryEvent};
use crate::plan::AppliedRecord;
use crate::render;
use crate::validate::{self, Findings, Problem};

impl Engine {
    /// What checking the recorded state finds: dirty, missing and changed
    /// migrations, and the applied ones that cannot be verified.
    pub async fn findings(&self) -> Result<Findings, EngineError> {
        let applied = self.applied().await?;
        self.findings_of(&applied, None).await
    }

    /// The problems among [`Engine::findings`]; empty when the state can be trusted.
    pub async fn problems(&self) -> Result<Vec<Problem>, EngineError> {
        Ok(self.findings().await?.problems)
    }

    /// [`Engine::findings`] for the `applied` rows already read; with
    /// `only`, the code of just those versions is checksummed (the others
    /// count as unchecked).
    pub(super) async fn findings_of(
        &self,
        applied: &[AppliedRecord],
        only: Option<&[String]>,
    ) -> Result<Findings, EngineError> {
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

    /// Only the dirty migrations: no checksums rendered, no tracking rows read.
    pub async fn dirty_problems(&self) -> Result<Vec<Problem>, EngineError> {
        let events = self.history_events().await?;
        Ok(validate::dirty_problems(&history::dirty(&events)))
    }

    /// Every migration in code order with its checksum (`None` when it cannot
    /// be rendered offline, or is not among `only`).
    pub async fn current_checksums(
        &self,
        only: Option<&[String]>,
    ) -> Vec<(String, Option<String>)> {
        let backend = self.db.get_database_backend();
        let mut known = Vec::new();
        for migration in &self.migrations {
            let name = migration.name().to_owned();
            let sum = match only {
                Some(only) if !only.contains(&name) => None,
                _ => checksum::of(migration.as_ref(), backend, &self.tracking).await,
            };
            known.push((name, sum));
        }
        known
    }

    /// The run history, oldest first (empty before the first run).
    pub async fn history_events(&self) -> Result<Vec<HistoryEvent>, EngineError> {
        if !self.readable(&self.history.name()).await? {
            return Ok(Vec::new());
        }
        self.history.events(&self.db).await.map_err(state_error)
    }

    /// Accepts the current state after a human reviewed it: records the
    /// current checksum of every applied migration and clears dirty ones.
    /// Returns the versions recorded.
    pub async fn repair(&self) -> Result<Vec<String>, EngineError> {
        self.history.install(&self.db).await.map_err(state_error)?;
        let events = self.history_events().await?;
        let known = self.current_checksums(None).await;
        let checksum_of = |version: &str| {
            known
                .iter()
                .find(|(v, _)| v == version)
                .map(|(_, sum)| sum.clone())
        };
        let mut versions: Vec<String> = self
            .applied()
            .await?
            .into_iter()
            .map(|r| r.version)
            .filter(|v| checksum_of(v).is_some())
            .collect();
        for dirty in history::dirty(&events) {
            if !versions.contains(&dirty.version) {
                versions.push(dirty.version);
            }
        }
        let now = chrono::Utc::now().timestamp_millis();
        for version in &versions {
            let event = HistoryEvent {
                checksum: checksum_of(version).flatten(),
                ..HistoryEvent::new(version, Action::Repaired, now)
            };
            self.history
                .record(&self.db, &event)
                .await
                .map_err(state_error)?;
        }
        Ok(versions)
    }

    /// The statements the interrupted run of dirty migration `version` was
    /// executing, ending with the tracking update: its `down()` when it is
    /// still recorded as applied, else its `up()`. `None` when it cannot be
    /// rendered offline.
    pub async fn interrupted_statements(&self, version: &str) -> Option<Vec<String>> {
        let migration = self.migrations.iter().find(|m| m.name() == version)?;
        let applied = self.applied().await.ok()?;
        let direction = match applied.iter().any(|r| r.version == version) {
            true => Direction::Down,
            false => Direction::Up,
        };
        render::statements(
            migration.as_ref(),
            self.db.get_database_backend(),
            direction,
            &self.tracking,
        )
        .await
        .ok()
    }
}

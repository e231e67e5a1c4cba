//! The engine's checks of the recorded state: `validate`, `repair` and the
//! run history, read from the tracking table, the history and the code.

use std::collections::BTreeMap;

use super::{Engine, EngineError, state_error};
use crate::checksum;
use crate::history::{self, Action, HistoryEvent, run_by};
use crate::plan::AppliedRecord;
use crate::validate::{self, Problem};

impl Engine {
    /// Every problem of the recorded state: dirty, missing and changed migrations.
    pub async fn problems(&self) -> Result<Vec<Problem>, EngineError> {
        let applied = self.applied().await?;
        self.problems_of(&applied).await
    }

    /// [`Engine::problems`] for the `applied` rows already read.
    pub(super) async fn problems_of(
        &self,
        applied: &[AppliedRecord],
    ) -> Result<Vec<Problem>, EngineError> {
        let applied: Vec<String> = applied.iter().map(|r| r.version.clone()).collect();
        let events = self.history_events().await?;
        let known = self.current_checksums().await;
        Ok(validate::problems(
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

    /// The checksum of every migration in code (`None` when it cannot be rendered offline).
    pub async fn current_checksums(&self) -> BTreeMap<String, Option<String>> {
        let backend = self.db.get_database_backend();
        let mut known = BTreeMap::new();
        for migration in &self.migrations {
            let sum = checksum::of(migration.as_ref(), backend, &self.tracking).await;
            known.insert(migration.name().to_owned(), sum);
        }
        known
    }

    /// The run history, oldest first (empty before the first run).
    pub async fn history_events(&self) -> Result<Vec<HistoryEvent>, EngineError> {
        self.history.events(&self.db).await.map_err(state_error)
    }

    /// Accepts the current state after a human reviewed it: records the
    /// current checksum of every applied migration and clears dirty ones.
    /// Returns the versions recorded.
    pub async fn repair(&self) -> Result<Vec<String>, EngineError> {
        self.history.install(&self.db).await.map_err(state_error)?;
        let events = self.history_events().await?;
        let known = self.current_checksums().await;
        let mut versions: Vec<String> = self
            .applied()
            .await?
            .into_iter()
            .map(|r| r.version)
            .filter(|v| known.contains_key(v))
            .collect();
        for dirty in history::dirty(&events) {
            if !versions.contains(&dirty.version) {
                versions.push(dirty.version);
            }
        }
        let now = chrono::Utc::now().timestamp_millis();
        for version in &versions {
            let event = HistoryEvent {
                version: version.clone(),
                action: Action::Repaired,
                checksum: known.get(version).cloned().flatten(),
                started_at: now,
                duration_ms: Some(0),
                finished_at: None,
                run_by: run_by(),
                toolkit_version: env!("CARGO_PKG_VERSION").to_owned(),
                backup_id: None,
                error: None,
            };
            self.history
                .record(&self.db, &event)
                .await
                .map_err(state_error)?;
        }
        Ok(versions)
    }
}

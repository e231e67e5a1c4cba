//! `stamp`: recording migrations as applied (or not) without running them.

use super::{Engine, EngineError, state_error};
use crate::checksum;
use crate::history::{Action, HistoryEvent};
use crate::plan;

/// What `stamp` changed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Stamped {
    /// Versions now recorded as applied that were not.
    pub marked: Vec<String>,
    /// Versions no longer recorded as applied.
    pub unmarked: Vec<String>,
}

impl Engine {
    /// Records every migration up to and including `version` as applied and
    /// every later one as not applied (`None`: none applied, i.e. `base`),
    /// without running any; refuses over a dirty state.
    pub async fn stamp(&self, version: Option<&str>) -> Result<Stamped, EngineError> {
        let dirty = self.dirty_problems().await?;
        if !dirty.is_empty() {
            return Err(EngineError::Invalid(dirty));
        }
        let local = self.versions();
        let keep = match version {
            Some(wanted) => {
                let resolved = plan::resolve_version(&local, wanted)?;
                local
                    .iter()
                    .position(|v| *v == resolved)
                    .map_or(0, |i| i + 1)
            }
            None => 0,
        };
        let records = self.applied().await?;
        plan::ensure_nothing_missing(&local, &records)?;
        let applied: Vec<String> = records.into_iter().map(|r| r.version).collect();
        self.tracking.install(&self.db).await.map_err(state_error)?;
        self.history.install(&self.db).await.map_err(state_error)?;
        let backend = self.db.get_database_backend();
        let mut stamped = Stamped::default();
        for (index, migration) in self.migrations.iter().enumerate() {
            let name = migration.name();
            let is_applied = applied.iter().any(|v| v == name);
            let (action, error) = match (index < keep, is_applied) {
                (true, false) => {
                    self.tracking
                        .record(&self.db, name)
                        .await
                        .map_err(state_error)?;
                    stamped.marked.push(name.to_owned());
                    (Action::Stamped, None)
                }
                (false, true) => {
                    self.tracking
                        .forget(&self.db, name)
                        .await
                        .map_err(state_error)?;
                    stamped.unmarked.push(name.to_owned());
                    (
                        Action::RolledBack,
                        Some("stamped as not applied; down() was not run".to_owned()),
                    )
                }
                _ => continue,
            };
            let event = HistoryEvent {
                checksum: match action {
                    Action::Stamped => {
                        checksum::of(migration.as_ref(), backend, &self.tracking).await
                    }
                    _ => None,
                },
                error,
                ..HistoryEvent::new(name, action, chrono::Utc::now().timestamp_millis())
            };
            self.history
                .record(&self.db, &event)
                .await
                .map_err(state_error)?;
        }
        Ok(stamped)
    }
}

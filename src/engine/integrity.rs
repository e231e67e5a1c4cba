//! The engine's reads of the recorded state against the code: what
//! `validate` finds (changed, dirty, missing, unverifiable migrations), the
//! run history and what `repair` would accept; and, under the lock, the
//! reconciliation of what other tools and older versions left. None of it
//! runs migration code: checksums come from the migrations' sources.

use sea_orm::ConnectionTrait;

use super::{Engine, State, state_error};
use crate::Error;
use crate::history::{self, Action, HistoryEvent};
use crate::plan::Step;
use crate::validate::{self, Findings, Unverifiable};

/// What [`Engine::reconcile`] recorded.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Reconciled {
    /// Migrations applied before checksums came from the source, whose
    /// source checksum is now recorded (`rebased`).
    pub rebased: Vec<String>,
    /// Dirty migrations another tool has since applied, now recorded as
    /// applied in the history.
    pub applied_elsewhere: Vec<String>,
    /// Dirty migrations another tool has since rolled back, now recorded as
    /// rolled back in the history.
    pub rolled_back_elsewhere: Vec<String>,
}

impl Engine {
    /// What checking the recorded state finds: dirty, missing and changed
    /// migrations, and the applied ones that cannot be verified.
    pub async fn findings(&self) -> Result<Findings, Error> {
        Ok(self.findings_in(&self.state().await?))
    }

    /// [`Engine::findings`] in a `state` already read.
    pub fn findings_in(&self, state: &State) -> Findings {
        let known: Vec<(String, Option<String>)> = self
            .migrations
            .versions()
            .into_iter()
            .map(|version| {
                let checksum = self.migrations.checksum(&version);
                (version, checksum)
            })
            .collect();
        validate::check(
            &state.applied,
            &known,
            &history::recorded_checksums(&state.events),
            &history::dirty(&state.events),
        )
    }

    /// Records, once, what the history lacks but the state says (to be
    /// called holding the migration lock): the source checksum of each
    /// migration applied before checksums came from the source, and that
    /// another tool finished (applied or rolled back) a dirty migration;
    /// `state` is what the database records now.
    pub async fn reconcile(&self, state: &State) -> Result<Reconciled, Error> {
        let applied = &state.applied;
        let findings = self.findings_in(state);
        let backend = self.db.get_database_backend();
        let history = self.migrations.history();
        let mut reconciled = Reconciled::default();
        let now = chrono::Utc::now().timestamp_millis();
        for unchecked in &findings.unchecked {
            let version = &unchecked.version;
            let checksum = self.migrations.checksum(version);
            let event = match unchecked.reason {
                Unverifiable::RecordedAsSql if checksum.is_some() => {
                    reconciled.rebased.push(version.clone());
                    HistoryEvent {
                        checksum,
                        ..HistoryEvent::new(version, Action::Rebased, now)
                    }
                }
                Unverifiable::FinishedElsewhere => {
                    let recorded = applied.iter().any(|r| &r.version == version);
                    let (action, list, done) = match recorded {
                        true => (
                            Action::Applied,
                            &mut reconciled.applied_elsewhere,
                            "applied",
                        ),
                        false => (
                            Action::RolledBack,
                            &mut reconciled.rolled_back_elsewhere,
                            "rolled back",
                        ),
                    };
                    list.push(version.clone());
                    HistoryEvent {
                        checksum: checksum.filter(|_| recorded),
                        error: Some(format!(
                            "recorded as {done} by another tool after this run stopped"
                        )),
                        ..HistoryEvent::new(version, action, now)
                    }
                }
                _ => continue,
            };
            self.db
                .execute_raw(history.insert(backend, &event))
                .await
                .map_err(state_error)?;
        }
        Ok(reconciled)
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
    pub(super) fn repair_steps(&self, state: &State) -> Vec<Step> {
        let mut versions: Vec<String> = state
            .applied
            .iter()
            .map(|r| r.version.clone())
            .filter(|v| self.migrations.find(v).is_some())
            .collect();
        for dirty in history::dirty(&state.events) {
            if !versions.contains(&dirty.version) {
                versions.push(dirty.version);
            }
        }
        versions.into_iter().map(Step::Accept).collect()
    }
}

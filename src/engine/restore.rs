//! Recording a restore in the restored database's run history. The history
//! is an audit log that only grows, but a restore brings back the backup's
//! older copy of it; so the events the backup lacks are carried over from
//! the history read before the restore, after a `restored` event that tells
//! the fold they describe the database the restore replaced (see
//! [`crate::history::dirty`]).

use std::collections::HashMap;

use sea_orm::TransactionTrait;

use super::{Engine, state_error};
use crate::Error;
use crate::history::{Action, HistoryEvent};

/// A restore that has swapped the backup in, as its `restored` event records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restore {
    /// The backup restored.
    pub backup_id: String,
    /// The migration head the database was restored to (`None`: nothing applied).
    pub head: Option<String>,
    /// When the restore started (after the replaced history was read), Unix milliseconds.
    pub started_at: i64,
}

impl Engine {
    /// Records `restore` in this just-restored database's history, holding
    /// the migration lock: creates the table if the backup had none, then
    /// appends in one transaction the `restored` event (version: the head,
    /// or `base`) and the events of `replaced`, the history read before the
    /// restore, that the restored history lacks. Returns how many were carried over.
    pub async fn record_restore(
        &self,
        replaced: &[HistoryEvent],
        restore: &Restore,
    ) -> Result<usize, Error> {
        self.migrations
            .history()
            .install(&self.db)
            .await
            .map_err(state_error)?;
        let carried = carried_over(replaced, &self.history_events().await?);
        let now = chrono::Utc::now().timestamp_millis();
        let restored = HistoryEvent {
            duration_ms: Some((now - restore.started_at).max(0)),
            backup_id: Some(restore.backup_id.clone()),
            ..HistoryEvent::new(
                restore.head.as_deref().unwrap_or("base"),
                Action::Restored,
                restore.started_at,
            )
        };
        // The `restored` event goes first: the fold skips the events right
        // after it that started before it.
        let txn = self.db.begin().await.map_err(state_error)?;
        for event in std::iter::once(&restored).chain(&carried) {
            self.migrations
                .history()
                .record(&txn, event)
                .await
                .map_err(state_error)?;
        }
        txn.commit().await.map_err(state_error)?;
        Ok(carried.len())
    }
}

/// The events of `replaced` that `kept` lacks, in their order. Events are
/// matched on version, action, start and user, each kept event matching
/// once: normally `kept` is a prefix of `replaced`, but nothing relies on it.
fn carried_over(replaced: &[HistoryEvent], kept: &[HistoryEvent]) -> Vec<HistoryEvent> {
    fn key(event: &HistoryEvent) -> (&str, &'static str, i64, &str) {
        (
            &event.version,
            event.action.as_str(),
            event.started_at,
            &event.run_by,
        )
    }
    let mut unmatched: HashMap<_, usize> = HashMap::new();
    for event in kept {
        *unmatched.entry(key(event)).or_default() += 1;
    }
    replaced
        .iter()
        .filter(|event| match unmatched.get_mut(&key(event)) {
            Some(count) if *count > 0 => {
                *count -= 1;
                false
            }
            _ => true,
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(version: &str, action: Action, started_at: i64) -> HistoryEvent {
        HistoryEvent {
            version: version.to_owned(),
            action,
            checksum: None,
            started_at,
            duration_ms: Some(3),
            finished_at: Some(started_at + 3),
            run_by: "ci@host".to_owned(),
            toolkit_version: "0".to_owned(),
            backup_id: Some("ops_20250101_000000_pre-down".to_owned()),
            error: None,
        }
    }

    #[test]
    fn the_events_after_the_backup_are_carried_over_in_order_unchanged() {
        let backup = [event("m1", Action::Applied, 1)];
        let replaced = [
            backup[0].clone(),
            event("m1", Action::Started, 5),
            event("m1", Action::RolledBack, 5),
        ];
        assert_eq!(carried_over(&replaced, &backup), replaced[1..]);
    }

    #[test]
    fn nothing_is_carried_over_when_the_backup_has_the_whole_history() {
        let history = [event("m1", Action::Applied, 1)];
        assert!(carried_over(&history, &history).is_empty());
    }

    #[test]
    fn an_event_the_restored_history_has_is_not_copied_even_out_of_order() {
        let replaced = [
            event("m1", Action::Applied, 1),
            event("m2", Action::Applied, 2),
        ];
        let kept = [event("m2", Action::Applied, 2)];
        assert_eq!(carried_over(&replaced, &kept), replaced[..1]);
    }

    #[test]
    fn events_that_look_alike_are_matched_one_for_one() {
        let twice = event("m1", Action::Repaired, 7);
        let replaced = [twice.clone(), twice.clone()];
        assert_eq!(carried_over(&replaced, &replaced[..1]), [twice]);
    }

    #[test]
    fn an_event_by_someone_else_at_the_same_time_is_a_different_event() {
        let kept = [event("m1", Action::Applied, 1)];
        let other = HistoryEvent {
            run_by: "ops@elsewhere".to_owned(),
            ..kept[0].clone()
        };
        assert_eq!(carried_over(std::slice::from_ref(&other), &kept), [other]);
    }
}

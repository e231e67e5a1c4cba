//! Whether the run history was lost: migrations are recorded as applied,
//! but the history holds no event at all. The stock sea-orm-migration CLI's
//! `fresh` does that (it drops every table, ours included), and so does a
//! database migrated only by a tool that keeps no history.

use std::fmt;

use crate::history::HistoryEvent;

/// The run history is empty or gone while migrations are recorded as applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LostHistory {
    /// How many migrations the tracking table records as applied.
    pub applied: usize,
}

impl LostHistory {
    /// `Some` when `applied` migrations are recorded but `events` holds none.
    pub fn check(applied: usize, events: &[HistoryEvent]) -> Option<Self> {
        (applied > 0 && events.is_empty()).then_some(Self { applied })
    }
}

impl fmt::Display for LostHistory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let migrations = match self.applied {
            1 => "1 migration is".to_owned(),
            n => format!("{n} migrations are"),
        };
        write!(
            f,
            "no run history, although {migrations} applied: it was lost (the stock sea-orm-migration CLI's `fresh` drops it) or never kept (applied by another tool); after a review, `migration repair` records their checksums again"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::Action;

    #[test]
    fn applied_migrations_without_any_event_mean_the_history_was_lost() {
        assert_eq!(LostHistory::check(3, &[]), Some(LostHistory { applied: 3 }));
    }

    #[test]
    fn a_database_with_nothing_applied_has_simply_no_history_yet() {
        assert_eq!(LostHistory::check(0, &[]), None);
    }

    #[test]
    fn any_event_means_the_history_is_there() {
        let event = HistoryEvent::new("m1", Action::Applied, 0);
        assert_eq!(LostHistory::check(2, &[event]), None);
    }

    #[test]
    fn the_message_counts_the_applied_migrations_and_names_stock_fresh() {
        let one = LostHistory { applied: 1 }.to_string();
        assert!(
            one.starts_with("no run history, although 1 migration is applied: it was lost"),
            "{one}"
        );
        assert!(
            one.contains("stock sea-orm-migration CLI's `fresh`"),
            "{one}"
        );
        let two = LostHistory { applied: 2 }.to_string();
        assert!(two.contains("although 2 migrations are applied"), "{two}");
    }
}

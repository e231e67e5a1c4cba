//! The retention policy, as a pure function of the backups and the clock.

use chrono::{DateTime, Duration, Utc};

/// How long backups are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// Backups older than this may be deleted.
    pub max_age: Duration,
    /// The newest this many valid backups are always kept, whatever their age.
    pub keep_min: usize,
    /// At most this many bytes of backups are kept: beyond it, the oldest
    /// unpinned valid backups go, even within `keep_min`, but never the newest valid one.
    pub max_total_size: Option<u64>,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            max_age: Duration::days(7),
            keep_min: 3,
            max_total_size: None,
        }
    }
}

/// What the policy needs to know of a backup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The backup's id.
    pub id: String,
    /// When it was taken.
    pub created_at: DateTime<Utc>,
    /// Kept forever.
    pub pinned: bool,
    /// Passed its checksum; invalid backups never count toward `keep_min`.
    pub valid: bool,
    /// Its size in bytes.
    pub size: u64,
}

/// The ids of the valid backups to delete at `now`: unpinned, older than
/// `max_age`, and not among the newest `keep_min` valid backups; then, while
/// all backups together exceed `max_total_size`, the oldest unpinned valid
/// ones but the newest. Invalid backups are never chosen here (they are left
/// for a human to inspect).
pub fn expired(backups: &[Candidate], policy: Policy, now: DateTime<Utc>) -> Vec<String> {
    let mut valid: Vec<&Candidate> = backups.iter().filter(|b| b.valid).collect();
    valid.sort_by(|a, b| {
        b.created_at
            .cmp(&a.created_at)
            .then_with(|| b.id.cmp(&a.id))
    });
    let mut doomed: Vec<&Candidate> = valid
        .iter()
        .skip(policy.keep_min)
        .filter(|b| !b.pinned && now - b.created_at > policy.max_age)
        .copied()
        .collect();
    if let Some(cap) = policy.max_total_size {
        let mut total: u64 = backups.iter().map(|b| b.size).sum::<u64>()
            - doomed.iter().map(|b| b.size).sum::<u64>();
        for backup in valid.iter().skip(1).rev() {
            if total <= cap {
                break;
            }
            if backup.pinned || doomed.iter().any(|d| d.id == backup.id) {
                continue;
            }
            total -= backup.size;
            doomed.push(backup);
        }
    }
    doomed.into_iter().map(|b| b.id.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap()
    }

    fn backup(id: &str, days_old: i64) -> Candidate {
        Candidate {
            id: id.to_owned(),
            created_at: now() - Duration::days(days_old),
            pinned: false,
            valid: true,
            size: 100,
        }
    }

    fn policy(days: i64, keep_min: usize) -> Policy {
        Policy {
            max_age: Duration::days(days),
            keep_min,
            max_total_size: None,
        }
    }

    #[test]
    fn beyond_the_total_size_the_oldest_go_first_even_within_keep_min() {
        let backups = [
            backup("a", 0),
            backup("b", 1),
            backup("c", 2),
            backup("d", 3),
        ];
        let capped = Policy {
            max_total_size: Some(250),
            ..policy(7, 3)
        };
        assert_eq!(expired(&backups, capped, now()), ["d", "c"]);
    }

    #[test]
    fn the_total_size_never_deletes_the_newest_valid_backup_or_a_pinned_one() {
        let mut pinned = backup("b", 1);
        pinned.pinned = true;
        let backups = [backup("a", 0), pinned, backup("c", 2)];
        let capped = Policy {
            max_total_size: Some(0),
            ..policy(7, 3)
        };
        assert_eq!(expired(&backups, capped, now()), ["c"]);
    }

    #[test]
    fn backups_younger_than_max_age_are_kept() {
        let backups = [backup("a", 1), backup("b", 6)];
        assert!(expired(&backups, policy(7, 0), now()).is_empty());
    }

    #[test]
    fn backups_older_than_max_age_are_deleted() {
        let backups = [backup("new", 1), backup("old", 8)];
        assert_eq!(expired(&backups, policy(7, 0), now()), ["old"]);
    }

    #[test]
    fn the_newest_keep_min_are_kept_whatever_their_age() {
        let backups = [
            backup("a", 30),
            backup("b", 40),
            backup("c", 50),
            backup("d", 60),
        ];
        assert_eq!(expired(&backups, policy(7, 3), now()), ["d"]);
    }

    #[test]
    fn a_quiet_month_never_deletes_the_last_good_backup() {
        let backups = [backup("only", 31)];
        assert!(expired(&backups, Policy::default(), now()).is_empty());
    }

    #[test]
    fn invalid_backups_do_not_count_toward_the_minimum() {
        let mut broken = backup("broken-new", 0);
        broken.valid = false;
        let backups = [broken, backup("a", 10), backup("b", 11)];
        assert_eq!(expired(&backups, policy(7, 1), now()), ["b"]);
    }

    #[test]
    fn invalid_backups_are_never_deleted_by_the_policy() {
        let mut broken = backup("broken-old", 100);
        broken.valid = false;
        assert!(expired(&[broken], policy(7, 0), now()).is_empty());
    }

    #[test]
    fn pinned_backups_are_never_deleted() {
        let mut pinned = backup("pinned", 100);
        pinned.pinned = true;
        let backups = [backup("a", 1), pinned];
        assert!(expired(&backups, policy(7, 0), now()).is_empty());
    }

    #[test]
    fn pinned_backups_count_toward_the_minimum() {
        let mut pinned = backup("pinned", 1);
        pinned.pinned = true;
        let backups = [pinned, backup("old", 20)];
        assert_eq!(expired(&backups, policy(7, 1), now()), ["old"]);
    }
}

//! Backup ids: `<database>_<YYYYMMDD_HHMMSS>_<reason>[_N]`, the stem of the
//! backup's file names. Anything else (paths, globs) is refused.

use chrono::{DateTime, Utc};

use crate::BackupError;

/// The reason of the safety backup a restore takes before it changes anything.
pub const PRE_RESTORE: &str = "pre-restore";

/// Why a backup was taken, part of its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason(String);

impl Reason {
    /// A reason from free text: lowercased, anything but letters, digits and `-` becomes `-`.
    pub fn new(text: &str) -> Self {
        let cleaned: String = text
            .trim()
            .to_lowercase()
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        let cleaned = cleaned.trim_matches('-');
        Self(if cleaned.is_empty() {
            "manual".to_owned()
        } else {
            cleaned.chars().take(40).collect()
        })
    }

    /// The reason as it appears in ids.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Checks that `text` can be one of our ids: letters, digits, `_`, `-` only.
pub fn validate(text: &str) -> Result<&str, BackupError> {
    let ok = !text.is_empty()
        && text.len() <= 200
        && !text.starts_with(['-', '.'])
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if ok {
        Ok(text)
    } else {
        Err(BackupError::BadId(text.to_owned()))
    }
}

/// The id for a backup of `database` taken at `at` for `reason`; `attempt`
/// (from 1) disambiguates backups started in the same second.
pub fn compose(database: &str, at: DateTime<Utc>, reason: &Reason, attempt: u32) -> String {
    let base = format!(
        "{}_{}_{}",
        prefix(database),
        at.format("%Y%m%d_%H%M%S"),
        reason.as_str()
    );
    if attempt <= 1 {
        base
    } else {
        format!("{base}_{attempt}")
    }
}

/// Whether `id` is an id [`compose`] makes for `database`: its name, a
/// `YYYYMMDD_HHMMSS` time and a reason (so `app` does not claim `app_old`'s backups).
pub fn belongs_to(id: &str, database: &str) -> bool {
    let Some(rest) = id.strip_prefix(&format!("{}_", prefix(database))) else {
        return false;
    };
    let digits = |range: std::ops::Range<usize>| {
        rest.get(range)
            .is_some_and(|part| part.bytes().all(|b| b.is_ascii_digit()))
    };
    validate(id).is_ok()
        && digits(0..8)
        && rest.get(8..9) == Some("_")
        && digits(9..15)
        && rest.get(15..16) == Some("_")
        && rest.len() > 16
}

/// `database` as it starts its backups' ids: anything but letters, digits and `-` becomes `_`.
fn prefix(database: &str) -> String {
    database
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_with_path_characters_are_refused() {
        for bad in [
            "../../etc/passwd",
            "/etc/passwd",
            "*",
            "a/b",
            ".hidden",
            "",
            "a b",
        ] {
            assert!(validate(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn composed_ids_are_valid() {
        let at = DateTime::from_timestamp(1_764_065_700, 0).unwrap();
        let id = compose("ops.center", at, &Reason::new("pre-up"), 2);
        assert_eq!(id, "ops_center_20251125_101500_pre-up_2");
        assert!(validate(&id).is_ok());
    }

    #[test]
    fn an_id_belongs_to_the_database_it_was_composed_for_only() {
        let at = DateTime::from_timestamp(1_764_065_700, 0).unwrap();
        let id = compose("ops.center", at, &Reason::new("pre-up"), 2);
        assert!(belongs_to(&id, "ops.center"));
        assert!(!belongs_to(&id, "ops"));
        assert!(!belongs_to(
            &compose("ops_old", at, &Reason::new("x"), 1),
            "ops"
        ));
        for other in [
            "ops_center",
            "ops_center_20251125_101500",
            "ops_center_x_101500_y",
        ] {
            assert!(!belongs_to(other, "ops_center"), "{other}");
        }
    }

    #[test]
    fn free_text_reasons_are_cleaned() {
        assert_eq!(
            Reason::new(" Before Big Change! ").as_str(),
            "before-big-change"
        );
        assert_eq!(Reason::new("??").as_str(), "manual");
    }
}

//! `MIGRATION_YES`: the environment's standing answer to every confirmation,
//! for pipelines written for the stock CLI, which never asks.

use super::ConfigError;

/// The variable that answers yes to every confirmation.
pub const MIGRATION_YES: &str = "MIGRATION_YES";

/// Whether `MIGRATION_YES` (looked up with `env`) answers yes: `1`, `true`
/// or `yes` in any case do; unset, empty, `0`, `false` or `no` do not;
/// anything else is an error.
pub fn assume_yes(env: &dyn Fn(&str) -> Option<String>) -> Result<bool, ConfigError> {
    let Some(value) = env(MIGRATION_YES) else {
        return Ok(false);
    };
    match value.trim().to_ascii_lowercase().as_str() {
        "" | "0" | "false" | "no" => Ok(false),
        "1" | "true" | "yes" => Ok(true),
        _ => Err(ConfigError::InvalidYes(value)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(value: Option<&str>) -> Result<bool, ConfigError> {
        let value = value.map(str::to_owned);
        assume_yes(&move |name: &str| match name {
            MIGRATION_YES => value.clone(),
            _ => None,
        })
    }

    #[test]
    fn unset_empty_or_no_asks_as_usual() {
        for value in [
            None,
            Some(""),
            Some("  "),
            Some("0"),
            Some("false"),
            Some("No"),
        ] {
            assert_eq!(with(value), Ok(false), "{value:?}");
        }
    }

    #[test]
    fn one_true_and_yes_in_any_case_answer_yes() {
        for value in ["1", "true", "TRUE", "yes", "Yes", " yes "] {
            assert_eq!(with(Some(value)), Ok(true), "{value:?}");
        }
    }

    #[test]
    fn any_other_value_is_refused_naming_the_variable() {
        for value in ["maybe", "2", "y", "on"] {
            let error = with(Some(value)).unwrap_err();
            assert_eq!(error, ConfigError::InvalidYes(value.to_owned()));
            assert!(error.to_string().starts_with("MIGRATION_YES"), "{error}");
        }
    }
}

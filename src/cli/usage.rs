//! Usage errors in one line: clap's complaint with its suggestion, or the
//! command meant by someone coming from Alembic or the old scripts.

use clap::error::{ContextKind, ContextValue, ErrorKind};

/// What to type instead of a subcommand another tool has and we do not.
fn foreign_subcommand(name: &str) -> Option<&'static str> {
    Some(match name {
        "upgrade" => "did you mean `up`? (Alembic's `upgrade head` is `migration up`)",
        "downgrade" => "did you mean `down`? (Alembic's `downgrade -1` is `migration down -n 1`)",
        "heads" => "did you mean `status`? (Alembic's `heads` is `migration status`)",
        "show" | "info" => {
            "did you mean `status`? (it lists every migration, applied, pending or missing)"
        }
        _ => return None,
    })
}

/// What to type instead of a flag another tool has and we do not.
fn foreign_flag(flag: &str) -> Option<&'static str> {
    match flag {
        "--sql" => Some(
            "did you mean `--dry-run`? (Alembic's `upgrade --sql` is `migration up --dry-run`, or `migration sql up --backend B` without a database)",
        ),
        _ => None,
    }
}

/// The suggestion clap computed, e.g. `--dry-run` for `--dryrun`.
fn clap_suggestion(error: &clap::Error) -> Option<String> {
    [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand]
        .into_iter()
        .find_map(|kind| match error.get(kind)? {
            ContextValue::String(one) => Some(format!("`{one}`")),
            ContextValue::Strings(many) if !many.is_empty() => Some(
                many.iter()
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(" or "),
            ),
            _ => None,
        })
}

/// Clap's complaint as one line, without `error: `: its first line, then the
/// command another tool's user meant, or clap's own suggestion, or a pointer to `--help`.
pub fn one_line(error: &clap::Error) -> String {
    let rendered = error.render().to_string();
    let first = rendered
        .lines()
        .next()
        .unwrap_or_default()
        .trim_start_matches("error: ");
    let invalid = |kind| match error.get(kind) {
        Some(ContextValue::String(value)) => Some(value.as_str()),
        _ => None,
    };
    let foreign = match error.kind() {
        ErrorKind::InvalidSubcommand => {
            invalid(ContextKind::InvalidSubcommand).and_then(foreign_subcommand)
        }
        ErrorKind::UnknownArgument => invalid(ContextKind::InvalidArg).and_then(foreign_flag),
        _ => None,
    };
    match (foreign, clap_suggestion(error)) {
        (Some(hint), _) => format!("{first}; {hint}"),
        (None, Some(suggestion)) => format!("{first} (did you mean {suggestion}?; see --help)"),
        (None, None) => format!("{first} (see --help)"),
    }
}

#[cfg(test)]
mod tests {
    use clap::{CommandFactory, Parser};

    use super::*;
    use crate::cli::Cli;

    fn complaint(args: &[&str]) -> String {
        let error = Cli::try_parse_from(std::iter::once("migration").chain(args.iter().copied()))
            .expect_err("a usage error");
        one_line(&error)
    }

    #[test]
    fn alembics_upgrade_points_to_up() {
        assert_eq!(
            complaint(&["upgrade", "head"]),
            "unrecognized subcommand 'upgrade'; did you mean `up`? (Alembic's `upgrade head` is `migration up`)"
        );
    }

    #[test]
    fn alembics_downgrade_points_to_down_with_a_count() {
        assert!(
            complaint(&["downgrade", "-1"]).contains("`downgrade -1` is `migration down -n 1`")
        );
    }

    #[test]
    fn heads_show_and_info_point_to_status() {
        for name in ["heads", "show", "info"] {
            let line = complaint(&[name]);
            assert!(line.contains("did you mean `status`?"), "{name}: {line}");
        }
    }

    #[test]
    fn alembics_sql_flag_points_to_dry_run_and_the_sql_command() {
        let line = complaint(&["up", "--sql"]);
        assert!(line.starts_with("unexpected argument '--sql'"), "{line}");
        assert!(
            line.contains("did you mean `--dry-run`?") && line.contains("`migration sql up"),
            "{line}"
        );
    }

    #[test]
    fn a_mistyped_flag_keeps_clap_suggestion() {
        assert_eq!(
            complaint(&["up", "--dryrun"]),
            "unexpected argument '--dryrun' found (did you mean `--dry-run`?; see --help)"
        );
    }

    #[test]
    fn a_mistyped_subcommand_keeps_clap_suggestion() {
        assert_eq!(
            complaint(&["upp"]),
            "unrecognized subcommand 'upp' (did you mean `up`?; see --help)"
        );
    }

    #[test]
    fn a_complaint_without_suggestion_points_to_help() {
        assert_eq!(
            complaint(&["up", "-n", "abc"]),
            "invalid value 'abc' for '--num <N>': invalid digit found in string (see --help)"
        );
    }

    #[test]
    fn current_is_an_alias_of_status() {
        let cli = Cli::try_parse_from(["migration", "current"]).expect("parses");
        assert!(matches!(
            cli.command,
            Some(crate::cli::Command::Status { .. })
        ));
        let status = Cli::command();
        let status = status.find_subcommand("status").expect("status");
        assert!(status.get_visible_aliases().any(|a| a == "current"));
    }
}

//! docs/cli-reference.md cannot drift from the command line: it is every
//! command's `--help`, as clap answers the flag from the definitions
//! (`migrate_kit::cli::Cli`) at the width it uses when its output is not a
//! terminal, and this module fails until a changed flag or help text is
//! regenerated into it (`UPDATE_GOLDEN=1`). The binary is checked to print
//! the same text.

use clap::error::ErrorKind;
use clap::{Command, CommandFactory};
use migrate_kit::cli::Cli;

use crate::support::golden;
use crate::support::{Run, ops_center_migration};

/// The generated file, relative to the repository's root.
const REFERENCE: &str = "docs/cli-reference.md";

/// The width clap wraps help at when stdout is not a terminal and
/// `COLUMNS` is unset (its default maximum), so the text is the same everywhere.
const WIDTH: usize = 100;

/// `command` and its subcommands, depth first in the order `--help` lists
/// them, each as the words that name it after the binary (`["backup",
/// "create"]`; none for the top-level command).
fn commands(command: &Command) -> Vec<Vec<String>> {
    let mut found = vec![Vec::new()];
    for subcommand in command.get_subcommands() {
        for mut words in commands(subcommand) {
            words.insert(0, subcommand.get_name().to_owned());
            found.push(words);
        }
    }
    found
}

/// What `migration WORDS --help` prints: clap's own answer to the flag
/// (compact, or long where a command has long help), at [`WIDTH`] columns.
fn help(words: &[String]) -> String {
    let argv = std::iter::once("migration")
        .chain(words.iter().map(String::as_str))
        .chain(["--help"]);
    match Cli::command().term_width(WIDTH).try_get_matches_from(argv) {
        Err(error) if error.kind() == ErrorKind::DisplayHelp => error.render().to_string(),
        other => panic!(
            "`migration {} --help` printed no help: {other:?}",
            words.join(" ")
        ),
    }
}

/// Each command's full name (`migration backup create`) and its `--help`.
fn helps() -> Vec<(String, String)> {
    commands(&Cli::command())
        .into_iter()
        .map(|words| {
            let name = std::iter::once("migration")
                .chain(words.iter().map(String::as_str))
                .collect::<Vec<_>>()
                .join(" ");
            (name, help(&words))
        })
        .collect()
}

/// The GitHub anchor of a heading naming `command`.
fn anchor(command: &str) -> String {
    command.replace(' ', "-")
}

/// docs/cli-reference.md as the definitions make it.
fn reference() -> String {
    let helps = helps();
    let mut text = String::from(
        "# Command reference\n\n\
         Every command's `--help`, exactly as `migration` prints it. This file is\n\
         generated from the command-line definitions (`src/cli/args.rs`) and\n\
         checked by `tests/cli_reference.rs`: do not edit it by hand; after changing\n\
         a flag or a help text, regenerate it with\n\
         `UPDATE_GOLDEN=1 cargo test -p migration --test main -- cli_reference`.\n\
         What the commands do, with examples: [cli.md](cli.md).\n\n",
    );
    for (name, _) in &helps {
        text.push_str(&format!("- [`{name}`](#{})\n", anchor(name)));
    }
    for (name, help) in &helps {
        text.push_str(&format!(
            "\n## `{name}`\n\n```text\n{}\n```\n",
            help.trim_end()
        ));
    }
    text
}

#[test]
fn the_reference_is_regenerated_from_the_clap_definitions() {
    golden::check(REFERENCE, &reference(), "cli_reference");
}

#[test]
fn the_reference_has_a_section_for_every_command_at_every_depth() {
    let names: Vec<String> = helps().into_iter().map(|(name, _)| name).collect();
    let count = Cli::command().get_subcommands().count();
    assert_eq!(
        names.len(),
        1 + count + 7,
        "the top-level command, each command and the seven `backup` subcommands: {names:?}"
    );
    for name in [
        "migration",
        "migration up",
        "migration backup",
        "migration backup create",
    ] {
        assert!(
            names.contains(&name.to_owned()),
            "{name} missing from {names:?}"
        );
    }
}

#[test]
fn each_section_is_what_the_binary_prints_for_help() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, help) in helps() {
        let run = Run::of(
            ops_center_migration(dir.path())
                .env_remove("COLUMNS")
                .args(name.split(' ').skip(1))
                .arg("--help"),
        )
        .success();
        assert_eq!(run.stdout.trim_end(), help.trim_end(), "`{name} --help`");
    }
}

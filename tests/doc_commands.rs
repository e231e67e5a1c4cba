//! The documents cannot drift from the command line: every line of a fenced
//! `sh`/`bash`/`shell`/`console` block in README.md and docs/*.md that runs
//! our binary must parse with our CLI. Synopses and examples of errors go in
//! blocks of another language (`text`).

use std::path::{Path, PathBuf};

use clap::Parser;
use clap::error::ErrorKind;
use migrate_kit::cli::Cli;

use crate::support::root;

/// The fence languages whose lines are commands to check.
const SHELL_LANGUAGES: [&str; 4] = ["sh", "bash", "shell", "console"];

/// The ways the documents run the binary, as words; the rest are its arguments.
const INVOCATIONS: [&[&str]; 4] = [
    &["migration"],
    &["cargo", "run", "-p", "migration", "--"],
    &["target/release/migration"],
    &["./target/release/migration"],
];

/// Words that end the command: what follows is another command or a redirection.
const COMMAND_ENDS: [&str; 7] = ["|", "||", "&&", ";", ">", ">>", "2>&1"];

/// A command line of a document: where it is and the arguments it gives the binary.
#[derive(Debug)]
struct DocCommand {
    file: PathBuf,
    line: usize,
    text: String,
    args: Vec<String>,
}

/// README.md and every docs/*.md, relative to [`root`], in a stable order.
fn documents() -> Vec<PathBuf> {
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root().join("docs"))
        .expect("read docs/")
        .filter_map(Result::ok)
        .map(|entry| Path::new("docs").join(entry.file_name()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .collect();
    docs.sort();
    docs.insert(0, PathBuf::from("README.md"));
    docs
}

/// The lines of `text`'s shell blocks, `\` continuations joined, each with
/// the number of the line it starts on.
fn shell_lines(text: &str) -> Vec<(usize, String)> {
    let mut lines = Vec::new();
    let mut in_shell_block = None;
    let mut pending: Option<(usize, String)> = None;
    for (index, raw) in text.lines().enumerate() {
        let trimmed = raw.trim();
        if let Some(language) = trimmed.strip_prefix("```") {
            in_shell_block = match in_shell_block {
                Some(_) => None,
                None => Some(SHELL_LANGUAGES.contains(&language.trim())),
            };
            continue;
        }
        if in_shell_block != Some(true) {
            continue;
        }
        let (start, mut joined) = pending.take().unwrap_or((index + 1, String::new()));
        match trimmed.strip_suffix('\\') {
            Some(head) => {
                joined.push_str(head);
                joined.push(' ');
                pending = Some((start, joined));
            }
            None => {
                joined.push_str(trimmed);
                lines.push((start, joined));
            }
        }
    }
    lines
}

/// The arguments `line` gives our binary, or `None` when it does not run it.
/// A `$ ` prompt, leading `NAME=value` assignments, a trailing `# comment`
/// and whatever follows a pipe, `&&`, `;` or a redirection are not arguments.
fn arguments(line: &str) -> Option<Vec<String>> {
    let line = line.strip_prefix("$ ").unwrap_or(line);
    let words = shell_words::split(line).ok()?;
    let words: Vec<String> = words
        .into_iter()
        .skip_while(|word| is_assignment(word))
        .take_while(|word| !COMMAND_ENDS.contains(&word.as_str()))
        .collect();
    INVOCATIONS.iter().find_map(|invocation| {
        let matches = words.len() >= invocation.len()
            && words.iter().zip(invocation.iter()).all(|(w, i)| w == i);
        matches.then(|| words[invocation.len()..].to_vec())
    })
}

fn is_assignment(word: &str) -> bool {
    word.split_once('=').is_some_and(|(name, _)| {
        !name.is_empty() && name.chars().all(|c| c.is_ascii_uppercase() || c == '_')
    })
}

/// Every command line of every document.
fn doc_commands() -> Vec<DocCommand> {
    documents()
        .into_iter()
        .flat_map(|file| {
            let text = std::fs::read_to_string(root().join(&file)).expect("read document");
            shell_lines(&text)
                .into_iter()
                .filter_map(|(line, text)| {
                    let args = arguments(&text)?;
                    Some(DocCommand {
                        file: file.clone(),
                        line,
                        text,
                        args,
                    })
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn every_documented_command_parses_with_the_cli() {
    let commands = doc_commands();
    assert!(
        commands.len() > 40,
        "found only {} documented commands: is the extraction broken?",
        commands.len()
    );
    let failures: Vec<String> = commands
        .iter()
        .filter_map(|command| {
            let argv = std::iter::once("migration").chain(command.args.iter().map(String::as_str));
            let error = Cli::try_parse_from(argv).err()?;
            // `--help` and `--version` parse: clap answers them with an "error".
            if matches!(
                error.kind(),
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
            ) {
                return None;
            }
            let reason = error.to_string();
            let reason = reason.lines().next().unwrap_or_default();
            Some(format!(
                "{}:{}: `{}`: {reason}",
                command.file.display(),
                command.line,
                command.text
            ))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "documented commands our CLI rejects:\n{}",
        failures.join("\n")
    );
}

#[test]
fn a_command_line_is_read_without_its_prompt_assignments_comment_and_pipe() {
    let args = arguments("$ DATABASE_URL=URL migration status --json | jq .  # machine-readable");
    assert_eq!(args, Some(vec!["status".to_owned(), "--json".to_owned()]));
}

#[test]
fn cargo_run_and_the_release_binary_are_our_binary_too() {
    for line in [
        "cargo run -p migration -- up",
        "target/release/migration up",
        "./target/release/migration up",
    ] {
        assert_eq!(arguments(line), Some(vec!["up".to_owned()]), "{line}");
    }
}

#[test]
fn other_programs_and_paths_named_migration_are_not_our_binary() {
    for line in [
        "cargo test --workspace",
        "ls migration/src",
        "psql \"$URL\"",
    ] {
        assert_eq!(arguments(line), None, "{line}");
    }
}

#[test]
fn a_continued_line_is_one_command_numbered_by_its_first_line() {
    let text = "```sh\nmigration up \\\n  --dry-run\n```\n```text\nmigration up [--json]\n```\n";
    assert_eq!(
        shell_lines(text),
        vec![(2, "migration up  --dry-run".to_owned())]
    );
}

//! Build-time facts about migration crates' sources, so that the toolkit
//! never has to run migration code to know them:
//!
//! - each migration's checksum, the SHA-256 of its source file, normalised
//!   (line endings and trailing whitespace), as Flyway and sqlx checksum
//!   their migration files: so `validate` and `up` can tell that an applied
//!   migration was edited;
//! - the lint rules each migration silences for itself, with a reason, from
//!   its `allow_lint!(CODE, "reason");` lines ([`lint_allowances`]).
//!
//! In the migration crate's `build.rs`, whose `main` is one call:
//!
//! ```no_run
//! migrate_kit_build::embed_source_checksums();
//! ```
//!
//! then in its `src/lib.rs`, the generated constants
//! `SOURCE_CHECKSUMS: &[(&str, &str)]` (migration name, checksum) and
//! `LINT_ALLOWANCES: &[(&str, &str, &str)]` (migration name, rule code, reason):
//!
//! ```text
//! include!(concat!(env!("OUT_DIR"), "/source_checksums.rs"));
//! ```

use std::path::Path;

use sha2::{Digest, Sha256};

/// SHA-256 (hex) of `text` with `\r\n` turned into `\n` and trailing
/// whitespace removed from each line, so that editors and checkouts that
/// change only those do not change the checksum.
pub fn digest(text: &str) -> String {
    let normalised: String = text
        .replace("\r\n", "\n")
        .lines()
        .map(|line| format!("{}\n", line.trim_end()))
        .collect();
    hex::encode(Sha256::digest(normalised.as_bytes()))
}

/// Whether `stem` names a migration module: `mYYYYMMDD_HHMMSS_description`.
pub fn is_migration_name(stem: &str) -> bool {
    let bytes = stem.as_bytes();
    bytes.len() > 17
        && bytes[0] == b'm'
        && bytes[1..9].iter().all(u8::is_ascii_digit)
        && bytes[9] == b'_'
        && bytes[10..16].iter().all(u8::is_ascii_digit)
        && bytes[16] == b'_'
}

/// The macro a migration's source silences a lint rule with (see [`lint_allowances`]).
const ALLOW_LINT: &str = "allow_lint!";

/// A rule a migration silences for itself, as its source says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allowance {
    /// The rule's code, e.g. `PG101`.
    pub code: String,
    /// Why the migration may do what the rule warns about.
    pub reason: String,
}

/// Why a migration's `allow_lint!` line cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowanceError {
    /// The line (1-based) of the invocation.
    pub line: usize,
    /// What is wrong with it.
    pub problem: &'static str,
}

impl std::fmt::Display for AllowanceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {}: {}; write `migrate_kit::allow_lint!(PG101, \"why this is safe here\");`",
            self.line, self.problem
        )
    }
}

/// The allowances in a migration's `source`: each `allow_lint!(CODE,
/// "reason")` outside a `//` comment, in order, on one line or as rustfmt
/// spreads it over several. The code is a rule code (`PG101`, `ALL102`,
/// `TR101`...) and the reason a non-empty string literal.
pub fn lint_allowances(source: &str) -> Result<Vec<Allowance>, AllowanceError> {
    let mut found = Vec::new();
    for (at, _) in source.match_indices(ALLOW_LINT) {
        let line_start = source[..at].rfind('\n').map_or(0, |i| i + 1);
        if source[line_start..at].contains("//") {
            continue;
        }
        let error = |problem| AllowanceError {
            line: source[..at].matches('\n').count() + 1,
            problem,
        };
        let args = source[at + ALLOW_LINT.len()..].trim_start();
        let args = args
            .strip_prefix('(')
            .ok_or(error("`allow_lint!` takes its arguments in parentheses"))?;
        let (code, rest) = args
            .split_once(',')
            .ok_or(error("`allow_lint!` takes a rule code and a reason"))?;
        let code = code.trim();
        if !is_rule_code(code) {
            return Err(error(
                "the rule code is not one (`PG101`, `MY101`, `ALL101`, `TR101`...)",
            ));
        }
        let reason = string_literal(rest.trim_start()).ok_or(error(
            "`allow_lint!` takes a rule code and a reason, a string literal",
        ))?;
        if reason.trim().is_empty() {
            return Err(error(
                "the reason is empty: say why the rule does not apply here",
            ));
        }
        found.push(Allowance {
            code: code.to_owned(),
            reason,
        });
    }
    Ok(found)
}

/// Whether `code` is shaped like a rule code: a known prefix and three digits.
fn is_rule_code(code: &str) -> bool {
    ["PG", "MY", "ALL", "TR", "LINT"].iter().any(|prefix| {
        code.strip_prefix(prefix)
            .is_some_and(|digits| digits.len() == 3 && digits.bytes().all(|b| b.is_ascii_digit()))
    })
}

/// The value of the string literal `text` starts with (`\"` and `\\`
/// unescaped), or `None` when it does not start with a complete one.
fn string_literal(text: &str) -> Option<String> {
    let mut chars = text.strip_prefix('"')?.chars();
    let mut value = String::new();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(value),
            '\\' => value.push(chars.next()?),
            c => value.push(c),
        }
    }
    None
}

/// What the build embeds about one migration file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationSource {
    /// The migration's name (the file's stem, which `DeriveMigrationName` uses).
    pub name: String,
    /// Its source checksum ([`digest`]).
    pub checksum: String,
    /// The rules it silences ([`lint_allowances`]).
    pub allowances: Vec<Allowance>,
}

/// Every migration file directly in `dir`, sorted by name; an error names
/// the file whose `allow_lint!` cannot be read.
pub fn migration_sources(dir: &Path) -> Result<Vec<MigrationSource>, String> {
    let mut found = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if !(path.extension().is_some_and(|e| e == "rs") && is_migration_name(stem)) {
            continue;
        }
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let allowances = lint_allowances(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        found.push(MigrationSource {
            name: stem.to_owned(),
            checksum: digest(&text),
            allowances,
        });
    }
    found.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(found)
}

/// The Rust source of the two constants for `sources`: `SOURCE_CHECKSUMS`
/// and `LINT_ALLOWANCES`.
pub fn embedded(sources: &[MigrationSource]) -> String {
    let mut code = String::from(
        "/// The SHA-256 of each migration's normalised source, by migration name, computed at build time.\npub const SOURCE_CHECKSUMS: &[(&str, &str)] = &[\n",
    );
    for source in sources {
        code.push_str(&format!(
            "    ({:?}, {:?}),\n",
            source.name, source.checksum
        ));
    }
    code.push_str(
        "];\n\n/// The lint rules each migration silences for itself (migration name, rule code, reason), from its `allow_lint!` lines, read at build time.\npub const LINT_ALLOWANCES: &[(&str, &str, &str)] = &[\n",
    );
    for source in sources {
        for allowance in &source.allowances {
            code.push_str(&format!(
                "    ({:?}, {:?}, {:?}),\n",
                source.name, allowance.code, allowance.reason
            ));
        }
    }
    code.push_str("];\n");
    code
}

/// For a migration crate's `build.rs`: writes `$OUT_DIR/source_checksums.rs`
/// with `SOURCE_CHECKSUMS` and `LINT_ALLOWANCES` ([`embedded`]) for the
/// migration files in the crate's `src/`, and asks Cargo to run again when
/// one changes.
///
/// # Panics
///
/// When `src/` cannot be read, an `allow_lint!` line cannot be read, or the
/// file cannot be written: a build script reports failure by panicking.
pub fn embed_source_checksums() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("Cargo sets CARGO_MANIFEST_DIR");
    let out = std::env::var("OUT_DIR").expect("Cargo sets OUT_DIR");
    let src = Path::new(&manifest).join("src");
    println!("cargo:rerun-if-changed={}", src.display());
    let sources = migration_sources(&src).unwrap_or_else(|error| panic!("{error}"));
    std::fs::write(
        Path::new(&out).join("source_checksums.rs"),
        embedded(&sources),
    )
    .expect("write the source checksums");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_endings_and_trailing_spaces_do_not_change_the_checksum() {
        assert_eq!(digest("fn up() {}  \r\n"), digest("fn up() {}\n"));
        assert_ne!(digest("fn up() {}"), digest("fn down() {}"));
    }

    #[test]
    fn only_timestamped_modules_are_migrations() {
        assert!(is_migration_name(
            "m20251023_000007_initial_schema_baseline"
        ));
        assert!(!is_migration_name("lib"));
        assert!(!is_migration_name("main"));
        assert!(!is_migration_name("m2025_x"));
    }

    #[test]
    fn the_sources_of_a_directory_are_its_migration_files_by_name() {
        let dir = std::env::temp_dir().join(format!("mkb-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let text = "allow_lint!(PG101, \"tiny table\");\n";
        std::fs::write(dir.join("m20300101_000001_a.rs"), text).unwrap();
        std::fs::write(dir.join("lib.rs"), "mod x;\n").unwrap();
        let found = migration_sources(&dir);
        std::fs::remove_dir_all(&dir).unwrap();
        let found = found.unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].name, "m20300101_000001_a");
        assert_eq!(found[0].checksum, digest(text));
        assert_eq!(found[0].allowances[0].reason, "tiny table");
    }

    #[test]
    fn an_allowance_is_a_rule_code_and_a_reason() {
        let source = "use migrate_kit::allow_lint;\n\
            migrate_kit::allow_lint!(PG101, \"orders is \\\"tiny\\\"\");\n\
            // allow_lint!(PG999, \"commented out\");\n\
            allow_lint!(\n    ALL102,\n    \"the column was unused since 2.3\"\n);\n";
        let found = lint_allowances(source).unwrap();
        let pairs: Vec<(&str, &str)> = found
            .iter()
            .map(|a| (a.code.as_str(), a.reason.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("PG101", "orders is \"tiny\""),
                ("ALL102", "the column was unused since 2.3")
            ]
        );
    }

    #[test]
    fn an_allowance_without_a_reason_or_with_a_bad_code_is_refused() {
        let empty = lint_allowances("x\nallow_lint!(PG101, \" \");").unwrap_err();
        assert_eq!(empty.line, 2);
        assert!(empty.to_string().contains("the reason is empty"), "{empty}");
        let missing = lint_allowances("allow_lint!(PG101);").unwrap_err();
        assert!(missing.problem.contains("a rule code and a reason"));
        let code = lint_allowances("allow_lint!(index, \"x\");").unwrap_err();
        assert!(code.problem.contains("rule code"));
        let constant = lint_allowances("allow_lint!(PG101, REASON);").unwrap_err();
        assert!(constant.problem.contains("a string literal"));
    }

    #[test]
    fn the_embedded_code_lists_checksums_and_allowances() {
        let code = embedded(&[MigrationSource {
            name: "m20300101_000001_a".to_owned(),
            checksum: "ab".to_owned(),
            allowances: vec![Allowance {
                code: "PG101".to_owned(),
                reason: "tiny".to_owned(),
            }],
        }]);
        assert!(code.contains("(\"m20300101_000001_a\", \"ab\"),"));
        assert!(code.contains("(\"m20300101_000001_a\", \"PG101\", \"tiny\"),"));
    }
}

//! `generate NAME`: finds the migration crate, writes a new migration file
//! from a template and registers it in the crate's `lib.rs`.

use std::fs;
use std::path::{Path, PathBuf};

/// Why a migration could not be generated.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GenerateError {
    /// The name is not usable as a Rust module name.
    #[error(
        "invalid migration name `{}`: use at most {MAX_NAME} letters, digits and underscores (spaces become underscores), e.g. add_user_avatar",
        .0.escape_debug()
    )]
    InvalidName(String),
    /// `cargo` could not be started to print the new migration's SQL.
    #[error("cannot print the new migration's SQL: cannot run cargo: {0}")]
    CannotRunCargo(#[source] std::io::Error),
    /// `cargo run -- sql up` in the migration crate failed.
    #[error(
        "cannot print the new migration's SQL: `cargo run -- sql up` in {} failed ({status}); the migration is written: fix it and run that command again",
        .dir.display()
    )]
    SqlFailed {
        /// The migration crate's directory.
        dir: std::path::PathBuf,
        /// How the command ended.
        status: std::process::ExitStatus,
    },
    /// A `--default` argument is not `table.column=VALUE`.
    #[error(
        "invalid --default `{}`: expected `table.column=VALUE`, VALUE a SQL literal such as 0 or 'none'",
        .0.escape_debug()
    )]
    InvalidDefault(String),
    /// No migration crate was found.
    #[error(
        "no migration crate found from {0} (looked for src/lib.rs implementing MigratorTrait here, in ./migration and in parent directories); run from the workspace or pass --migration-dir"
    )]
    CrateNotFound(String),
    /// `lib.rs` does not have the shape `generate` can edit.
    #[error(
        "cannot register the migration in {0}: no `fn migrations()` returning `vec![...]` found; add `mod {1};` and `Box::new({1}::Migration)` by hand"
    )]
    UnrecognisedLib(String, String),
    /// A file with that name exists already: the same name was generated
    /// within the same second, so the file name's timestamp is the same.
    #[error(
        "{0} already exists: a migration of that name was generated within the same second (its timestamp is the same); wait a second and run it again, or choose another name"
    )]
    Exists(String),
    /// Reading or writing a file failed.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// The files a successful `generate` wrote.
#[derive(Debug)]
pub struct Generated {
    /// The module name, e.g. `m20251124_101500_add_user_avatar`.
    pub module: String,
    /// The new migration file.
    pub file: PathBuf,
    /// The `lib.rs` it was registered in.
    pub lib: PathBuf,
}

/// The longest name accepted: the file name `m<timestamp>_<name>.rs` stays
/// well within the 255 bytes file systems allow.
pub const MAX_NAME: usize = 200;

/// Checks a user-given name and turns it into the module-name suffix.
pub fn normalise_name(name: &str) -> Result<String, GenerateError> {
    let normalised = name.trim().replace(' ', "_").to_lowercase();
    let valid = !normalised.is_empty()
        && normalised.len() <= MAX_NAME
        && normalised
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_');
    if valid {
        Ok(normalised)
    } else {
        Err(GenerateError::InvalidName(name.to_owned()))
    }
}

/// Finds the migration crate: `explicit` if given, else the first of
/// `dir` and `dir/migration` (for `start` and each of its parents) whose
/// `src/lib.rs` implements `MigratorTrait`.
pub fn find_migration_crate(
    start: &Path,
    explicit: Option<&Path>,
) -> Result<PathBuf, GenerateError> {
    if let Some(dir) = explicit {
        return if is_migration_crate(dir) {
            Ok(dir.to_path_buf())
        } else {
            Err(GenerateError::CrateNotFound(dir.display().to_string()))
        };
    }
    start
        .ancestors()
        .flat_map(|dir| [dir.to_path_buf(), dir.join("migration")])
        .find(|dir| is_migration_crate(dir))
        .ok_or_else(|| GenerateError::CrateNotFound(start.display().to_string()))
}

fn is_migration_crate(dir: &Path) -> bool {
    fs::read_to_string(dir.join("src").join("lib.rs"))
        .is_ok_and(|source| source.contains("MigratorTrait") && source.contains("fn migrations()"))
}

/// Writes `src/<module>.rs` in `crate_dir` from the template (empty `up`
/// and `down`) and registers it in `src/lib.rs`; `timestamp` is the
/// `YYYYMMDD_HHMMSS` part of the module name.
pub fn generate(crate_dir: &Path, name: &str, timestamp: &str) -> Result<Generated, GenerateError> {
    generate_with_source(crate_dir, name, timestamp, template())
}

/// [`generate`], with `source` as the new file's content instead of the
/// template (`generate --autogenerate` writes a rendered migration).
pub fn generate_with_source(
    crate_dir: &Path,
    name: &str,
    timestamp: &str,
    source: &str,
) -> Result<Generated, GenerateError> {
    let module = format!("m{timestamp}_{}", normalise_name(name)?);
    let src = crate_dir.join("src");
    let file = src.join(format!("{module}.rs"));
    let lib = src.join("lib.rs");
    if file.exists() {
        return Err(GenerateError::Exists(file.display().to_string()));
    }
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| GenerateError::Io { path, source }
    };
    let lib_source = fs::read_to_string(&lib).map_err(io(&lib))?;
    let registered = register(&lib_source, &module)
        .ok_or_else(|| GenerateError::UnrecognisedLib(lib.display().to_string(), module.clone()))?;
    fs::write(&file, source).map_err(io(&file))?;
    fs::write(&lib, registered).map_err(io(&lib))?;
    Ok(Generated { module, file, lib })
}

/// The new migration's source: compiles as is, with empty `up` and `down`.
fn template() -> &'static str {
    r#"use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Describe the change in the sea-query DSL, for example:
        // manager
        //     .alter_table(
        //         Table::alter()
        //             .table("organizations")
        //             .add_column(ColumnDef::new("logo_url").string().null())
        //             .to_owned(),
        //     )
        //     .await
        let _ = manager;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Undo exactly what `up` did, so that `down` then `up` is a no-op.
        let _ = manager;
        Ok(())
    }
}
"#
}

/// Adds `mod <module>;` and `Box::new(<module>::Migration)` to a migrator's
/// `lib.rs` source; `None` when the source has no `vec![...]` in `fn migrations()`.
pub fn register(source: &str, module: &str) -> Option<String> {
    let with_entry = add_vec_entry(source, module)?;
    Some(add_mod_declaration(&with_entry, module))
}

fn add_vec_entry(source: &str, module: &str) -> Option<String> {
    let function = source.find("fn migrations()")?;
    let open = function + source[function..].find("vec![")? + "vec![".len();
    let close = open + closing_bracket(&source[open..])?;
    let line_start = source[..function].rfind('\n').map_or(0, |i| i + 1);
    let indent: String = source[line_start..]
        .chars()
        .take_while(|c| c.is_whitespace())
        .collect();
    let mut entries = split_entries(&source[open..close]);
    entries.push(format!("Box::new({module}::Migration)"));
    // The canonical multi-line list, as rustfmt writes it for two or more entries.
    let mut list = String::from("\n");
    for entry in entries {
        list.push_str(&format!("{indent}        {entry},\n"));
    }
    list.push_str(&format!("{indent}    "));
    Some(format!("{}{list}{}", &source[..open], &source[close..]))
}

/// The offset of the `]` closing a list that starts at `text`'s beginning.
fn closing_bracket(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | '}' => depth = depth.checked_sub(1)?,
            ']' if depth == 0 => return Some(i),
            ']' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// The list's entries, each on one line: split at top-level commas, with
/// line breaks (and a trailing comma inside the call) removed.
fn split_entries(body: &str) -> Vec<String> {
    let mut entries = Vec::new();
    let mut depth = 0usize;
    let mut current = String::new();
    for c in body.chars() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                entries.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    entries.push(current);
    entries
        .iter()
        .map(|entry| {
            let joined: String = entry.lines().map(str::trim).collect::<Vec<_>>().join("");
            joined.replace(",)", ")")
        })
        .filter(|entry| !entry.is_empty())
        .collect()
}

fn add_mod_declaration(source: &str, module: &str) -> String {
    let declaration = format!("mod {module};\n");
    let mut offset = 0;
    let mut insert_at = None;
    for line in source.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with("mod ") || trimmed.starts_with("pub mod ") {
            insert_at = Some(offset + line.len());
        }
        offset += line.len();
    }
    match insert_at {
        Some(at) => format!("{}{declaration}{}", &source[..at], &source[at..]),
        None => {
            let at = source
                .find("pub struct")
                .map_or(0, |i| source[..i].rfind('\n').map_or(0, |n| n + 1));
            format!("{}{declaration}\n{}", &source[..at], &source[at..])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EMPTY: &str = "pub use sea_orm_migration::prelude::*;\n\npub struct Migrator;\n\n#[async_trait::async_trait]\nimpl MigratorTrait for Migrator {\n    fn migrations() -> Vec<Box<dyn MigrationTrait>> {\n        vec![]\n    }\n}\n";

    const ONE: &str = "pub use sea_orm_migration::prelude::*;\n\nmod m1_a;\n\npub struct Migrator;\n\n#[async_trait::async_trait]\nimpl MigratorTrait for Migrator {\n    fn migrations() -> Vec<Box<dyn MigrationTrait>> {\n        vec![Box::new(m1_a::Migration)]\n    }\n}\n";

    const MULTI: &str = "mod m1_a;\nmod m2_b;\n\npub struct Migrator;\n\nimpl MigratorTrait for Migrator {\n    fn migrations() -> Vec<Box<dyn MigrationTrait>> {\n        vec![\n            Box::new(m1_a::Migration),\n            Box::new(m2_b::Migration),\n        ]\n    }\n}\n";

    #[test]
    fn registers_into_an_empty_migrator() {
        let out = register(EMPTY, "m3_c").unwrap();
        assert!(out.contains("mod m3_c;\n\npub struct Migrator;"), "{out}");
        assert!(
            out.contains("vec![\n            Box::new(m3_c::Migration),\n        ]"),
            "{out}"
        );
    }

    #[test]
    fn registers_after_a_single_line_entry() {
        let out = register(ONE, "m3_c").unwrap();
        assert!(out.contains("mod m1_a;\nmod m3_c;\n"), "{out}");
        assert!(
            out.contains("vec![\n            Box::new(m1_a::Migration),\n            Box::new(m3_c::Migration),\n        ]"),
            "{out}"
        );
    }

    #[test]
    fn registers_last_in_a_multi_line_list() {
        let out = register(MULTI, "m3_c").unwrap();
        assert!(out.contains("mod m2_b;\nmod m3_c;\n"), "{out}");
        assert!(
            out.contains(
                "Box::new(m2_b::Migration),\n            Box::new(m3_c::Migration),\n        ]"
            ),
            "{out}"
        );
    }

    #[test]
    fn registers_after_a_rustfmt_wrapped_entry() {
        let source = "impl MigratorTrait for Migrator {\n    fn migrations() -> Vec<Box<dyn MigrationTrait>> {\n        vec![Box::new(\n            m1_a::Migration,\n        )]\n    }\n}\n";
        let out = register(source, "m3_c").unwrap();
        assert!(
            out.contains("vec![\n            Box::new(m1_a::Migration),\n            Box::new(m3_c::Migration),\n        ]"),
            "{out}"
        );
    }

    #[test]
    fn source_without_migrations_fn_is_refused() {
        assert_eq!(register("pub struct X;", "m3_c"), None);
    }

    #[test]
    fn names_with_spaces_become_underscores() {
        assert_eq!(
            normalise_name(" Add user avatar ").unwrap(),
            "add_user_avatar"
        );
    }

    #[test]
    fn names_too_long_for_a_file_name_are_refused() {
        assert!(normalise_name(&"a".repeat(MAX_NAME)).is_ok());
        assert!(matches!(
            normalise_name(&"a".repeat(400)),
            Err(GenerateError::InvalidName(_))
        ));
    }

    #[test]
    fn names_with_hyphens_are_refused() {
        assert!(matches!(
            normalise_name("add-avatar"),
            Err(GenerateError::InvalidName(_))
        ));
    }

    #[test]
    fn a_given_source_is_written_instead_of_the_template() {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::create_dir(dir.path().join("src")).expect("src");
        fs::write(dir.path().join("src").join("lib.rs"), EMPTY).expect("lib.rs");
        let generated =
            generate_with_source(dir.path(), "add_avatar", "20251124_101500", "// rendered\n")
                .expect("generated");
        assert_eq!(
            fs::read_to_string(&generated.file).expect("the file"),
            "// rendered\n"
        );
        let lib = fs::read_to_string(&generated.lib).expect("lib.rs");
        assert!(
            lib.contains("Box::new(m20251124_101500_add_avatar::Migration)"),
            "{lib}"
        );
    }

    #[test]
    fn the_same_name_twice_within_a_second_says_to_wait_a_second() {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::create_dir(dir.path().join("src")).expect("src");
        fs::write(dir.path().join("src").join("lib.rs"), EMPTY).expect("lib.rs");
        generate(dir.path(), "add_avatar", "20251124_101500").expect("the first");
        let again = generate(dir.path(), "add_avatar", "20251124_101500")
            .expect_err("the same second")
            .to_string();
        assert!(
            again.contains("m20251124_101500_add_avatar.rs already exists")
                && again.contains("within the same second")
                && again.contains("wait a second"),
            "{again}"
        );
    }
}

//! `init`: a new migration crate wired to this toolkit, written into a new
//! or empty directory and never over anything: `Cargo.toml`, `src/lib.rs`
//! (an empty migrator that `generate` registers migrations in),
//! `src/main.rs` (the toolkit's CLI) and a short `README.md`.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why the migration crate could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ScaffoldError {
    /// The directory holds files already.
    #[error(
        "{0} is not empty, and `init` never overwrites anything; choose a new or empty directory with --migration-dir"
    )]
    NotEmpty(String),
    /// The path exists and is not a directory.
    #[error("{0} exists and is not a directory; choose another path with --migration-dir")]
    NotADirectory(String),
    /// Creating a directory or writing a file failed.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file or directory.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// The sea-orm-migration version requirement the toolkit is built with (the
/// workspace's `Cargo.toml`; a unit test keeps the two equal).
const SEA_ORM_MIGRATION: &str = "2.0";

/// Writes the migration crate into `dir` (created when missing; refused
/// when it exists and is not an empty directory); returns the files written.
pub fn scaffold(dir: &Path) -> Result<Vec<PathBuf>, ScaffoldError> {
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| ScaffoldError::Io { path, source }
    };
    // A missing directory is created below (which says why, if it cannot be).
    if let Ok(metadata) = fs::metadata(dir) {
        let shown = dir.display().to_string();
        if !metadata.is_dir() {
            return Err(ScaffoldError::NotADirectory(shown));
        }
        if fs::read_dir(dir).map_err(io(dir))?.next().is_some() {
            return Err(ScaffoldError::NotEmpty(shown));
        }
    }
    let src = dir.join("src");
    fs::create_dir_all(&src).map_err(io(&src))?;
    let mut written = Vec::new();
    for (name, content) in files() {
        let path = dir.join(name);
        // `create_new`: a file that appeared meanwhile is an error, never overwritten.
        fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut file| file.write_all(content.as_bytes()))
            .map_err(io(&path))?;
        written.push(path);
    }
    Ok(written)
}

/// Each file of the crate, by its path inside the crate.
fn files() -> [(&'static str, String); 4] {
    [
        ("Cargo.toml", cargo_toml()),
        ("src/lib.rs", LIB.to_owned()),
        ("src/main.rs", MAIN.to_owned()),
        ("README.md", readme()),
    ]
}

/// The manifest: the toolkit from its repository at the version that wrote
/// the crate, and sea-orm-migration at the version the toolkit is built with.
fn cargo_toml() -> String {
    let version = env!("CARGO_PKG_VERSION");
    let repository = env!("CARGO_PKG_REPOSITORY");
    let rust_version = env!("CARGO_PKG_RUST_VERSION");
    format!(
        r#"[package]
name = "migration"
version = "0.1.0"
edition = "2024"
rust-version = "{rust_version}"
publish = false

[lib]
name = "migration"
path = "src/lib.rs"

[[bin]]
name = "migration"
path = "src/main.rs"

[dependencies]
# migrate-kit {version} wrote this crate; it brings the async runtime and the
# PostgreSQL, MySQL/MariaDB and SQLite drivers. Taken from its repository:
# to build against a local checkout instead, write
# migrate-kit = {{ path = "../migrate-kit" }}
migrate-kit = {{ git = "{repository}", version = "{version}" }}
# The version migrate-kit is built with; its features come with migrate-kit.
sea-orm-migration = {{ version = "{SEA_ORM_MIGRATION}", default-features = false }}
"#
    )
}

/// The migrator, empty, in the shape `generate` edits: `mod` lines are
/// added above `pub struct Migrator`, entries inside `vec![]`.
const LIB: &str = r#"//! The database migrations, oldest first. This file only lists them; each
//! lives in its own `mYYYYMMDD_HHMMSS_name.rs`, written and registered here
//! by `cargo run -- generate NAME`.

pub use sea_orm_migration::prelude::*;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![]
    }
}
"#;

/// The binary: the toolkit's CLI over this crate's migrator.
const MAIN: &str = r#"//! The `migration` command line: migrate-kit's CLI over this crate's migrator.

fn main() -> std::process::ExitCode {
    migrate_kit::cli::main::<migration::Migrator>()
}
"#;

/// A few lines on how to use the crate.
fn readme() -> String {
    let repository = env!("CARGO_PKG_REPOSITORY");
    format!(
        r#"# migration

The database migrations, run by [migrate-kit]({repository}).
Point it at the database with `DATABASE_URL` (or `-u URL`), then:

```sh
cargo run -- generate add_users_table   # write src/mYYYYMMDD_HHMMSS_add_users_table.rs and register it
cargo run -- up                         # apply pending migrations (after a verified backup)
cargo run -- status                     # what is applied, pending or missing
cargo run -- down --yes                 # roll back the newest migration
```

In a Cargo workspace, add this directory to the workspace's `members`.
`cargo run -- --help` lists every command.
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_new_directory_gets_the_four_files() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("migration");
        let written = scaffold(&dir).unwrap();
        assert_eq!(written.len(), 4);
        assert_eq!(names(&dir), ["Cargo.toml", "README.md", "src"]);
        assert_eq!(names(&dir.join("src")), ["lib.rs", "main.rs"]);
    }

    #[test]
    fn an_empty_directory_is_used() {
        let dir = tempfile::tempdir().unwrap();
        scaffold(dir.path()).unwrap();
        assert!(dir.path().join("src/lib.rs").is_file());
    }

    #[test]
    fn a_directory_with_anything_in_it_is_refused_and_left_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        let error = scaffold(dir.path()).unwrap_err();
        assert!(matches!(error, ScaffoldError::NotEmpty(_)), "{error}");
        assert_eq!(names(dir.path()), ["notes.txt"]);
    }

    #[test]
    fn a_file_in_the_way_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("migration");
        fs::write(&file, "").unwrap();
        assert!(matches!(
            scaffold(&file),
            Err(ScaffoldError::NotADirectory(_))
        ));
    }

    #[test]
    fn the_empty_migrator_is_one_generate_registers_into() {
        let registered = crate::generate::register(LIB, "m20300101_000000_first").unwrap();
        assert!(
            registered.contains("mod m20300101_000000_first;\n\npub struct Migrator;"),
            "{registered}"
        );
        assert!(
            registered.contains("Box::new(m20300101_000000_first::Migration),"),
            "{registered}"
        );
    }

    #[test]
    fn main_is_the_toolkits_cli_over_the_crates_migrator() {
        assert!(MAIN.contains("migrate_kit::cli::main::<migration::Migrator>()"));
    }

    #[test]
    fn the_manifest_asks_for_the_sea_orm_migration_the_toolkit_is_built_with() {
        let workspace = include_str!("../Cargo.toml");
        let declared = format!("sea-orm-migration = {{ version = \"{SEA_ORM_MIGRATION}\",");
        assert!(workspace.contains(&declared), "workspace has no {declared}");
        assert!(cargo_toml().contains(&format!(
            "migrate-kit = {{ git = \"{}\", version = \"{}\" }}",
            env!("CARGO_PKG_REPOSITORY"),
            env!("CARGO_PKG_VERSION")
        )));
    }
}

//! Build-time source checksums for migration crates. A migration's checksum
//! is the SHA-256 of its source file, normalised (line endings and trailing
//! whitespace), computed when the crate is built, as Flyway and sqlx
//! checksum their migration files: so `validate` and `up` can tell that an
//! applied migration was edited without ever running its code.
//!
//! In the migration crate's `build.rs`, whose `main` is one call:
//!
//! ```no_run
//! migrate_kit_build::embed_source_checksums();
//! ```
//!
//! then in its `src/lib.rs`, the generated constant
//! `SOURCE_CHECKSUMS: &[(&str, &str)]` (migration name, checksum):
//!
//! ```ignore
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

/// The checksum of every migration file directly in `dir`, by migration
/// name (the file's stem, which `DeriveMigrationName` uses), sorted.
pub fn source_checksums(dir: &Path) -> std::io::Result<Vec<(String, String)>> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if path.extension().is_some_and(|e| e == "rs") && is_migration_name(stem) {
            found.push((stem.to_owned(), digest(&std::fs::read_to_string(&path)?)));
        }
    }
    found.sort();
    Ok(found)
}

/// For a migration crate's `build.rs`: writes `$OUT_DIR/source_checksums.rs`
/// with `pub const SOURCE_CHECKSUMS: &[(&str, &str)]` for the migration files
/// in the crate's `src/`, and asks Cargo to run again when one changes.
///
/// # Panics
///
/// When `src/` cannot be read or the file cannot be written: a build script
/// reports failure by panicking.
pub fn embed_source_checksums() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("Cargo sets CARGO_MANIFEST_DIR");
    let out = std::env::var("OUT_DIR").expect("Cargo sets OUT_DIR");
    let src = Path::new(&manifest).join("src");
    println!("cargo:rerun-if-changed={}", src.display());
    let checksums = source_checksums(&src).expect("read the migration sources");
    let mut code = String::from(
        "/// The SHA-256 of each migration's normalised source, by migration name, computed at build time.\npub const SOURCE_CHECKSUMS: &[(&str, &str)] = &[\n",
    );
    for (name, checksum) in &checksums {
        code.push_str(&format!("    ({name:?}, {checksum:?}),\n"));
    }
    code.push_str("];\n");
    std::fs::write(Path::new(&out).join("source_checksums.rs"), code)
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
    fn the_checksums_of_a_directory_are_its_migration_files_by_name() {
        let dir = std::env::temp_dir().join(format!("mkb-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("m20300101_000001_a.rs"), "up\n").unwrap();
        std::fs::write(dir.join("lib.rs"), "mod x;\n").unwrap();
        let found = source_checksums(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(found, [("m20300101_000001_a".to_owned(), digest("up\n"))]);
    }
}

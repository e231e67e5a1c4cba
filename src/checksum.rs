//! A migration's checksum: the SHA-256 of the SQL its `up()` emits for the
//! backend, with line endings and trailing whitespace normalised. A
//! migration that reads data or inspects the schema cannot be rendered
//! without a database; it has no checksum, and `validate` reports it as
//! unchecked rather than guessing.

use sea_orm::DbBackend;
use sea_orm_migration::MigrationTrait;
use sha2::{Digest, Sha256};

use crate::render;
use crate::runner::Direction;

/// The checksum of `migration` on `backend`, or `None` when it cannot be rendered offline.
pub async fn of(migration: &dyn MigrationTrait, backend: DbBackend) -> Option<String> {
    let statements = render::capture(migration, backend, Direction::Up)
        .await
        .ok()?;
    Some(digest(
        &statements.iter().map(render::line).collect::<String>(),
    ))
}

/// SHA-256 (hex) of `sql` with `\r\n` turned into `\n` and trailing whitespace removed from each line.
pub fn digest(sql: &str) -> String {
    let normalised: String = sql
        .replace("\r\n", "\n")
        .lines()
        .map(|line| format!("{}\n", line.trim_end()))
        .collect();
    hex::encode(Sha256::digest(normalised.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_endings_and_trailing_spaces_do_not_change_the_checksum() {
        assert_eq!(
            digest("CREATE TABLE a ();  \r\nDROP TABLE b;\n"),
            digest("CREATE TABLE a ();\nDROP TABLE b;\n")
        );
    }

    #[test]
    fn different_sql_has_a_different_checksum() {
        assert_ne!(digest("CREATE TABLE a ();"), digest("CREATE TABLE b ();"));
    }

    #[test]
    fn the_digest_is_lowercase_hex_sha256() {
        assert_eq!(
            digest(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}

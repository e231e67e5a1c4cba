//! A migration's checksum: the SHA-256 of the SQL its `up()` emits for the
//! backend, with line endings and trailing whitespace normalised. A
//! migration that reads data or inspects the schema cannot be rendered
//! without a database; it has no checksum, and `validate` reports it as
//! unchecked rather than guessing.

use sea_orm::DbBackend;
use sea_orm_migration::MigrationTrait;
use sha2::{Digest, Sha256};

use crate::engine::Direction;
use crate::render;
use crate::tracking::TrackingTable;

/// The checksum of `migration` on `backend`, or `None` when it cannot be rendered offline.
pub async fn of(
    migration: &dyn MigrationTrait,
    backend: DbBackend,
    tracking: &TrackingTable,
) -> Option<String> {
    let mut statements = render::statements(migration, backend, Direction::Up, tracking)
        .await
        .ok()?;
    // The last statement records the version with the time of the run.
    statements.pop();
    Some(digest(&statements.concat()))
}

/// SHA-256 (hex) of `sql` with `\r\n` turned into `\n` and trailing whitespace removed from each line.
pub fn digest(sql: &str) -> String {
    let normalised: String = sql
        .replace("\r\n", "\n")
        .lines()
        .map(|line| format!("{}\n", line.trim_end()))
        .collect();
    Sha256::digest(normalised.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
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
}

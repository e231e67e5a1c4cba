//! What adopting the database Alembic managed checks, as plain reads and a
//! pure comparison: its `alembic_version`, and its tables and columns
//! against what the baseline creates (the run builds that on a scratch
//! database).

use database::catalog::{self, Columns, Presence};
use sea_orm::{ConnectionTrait, DbErr, Statement};

/// The table in which Alembic records its revision.
pub const ALEMBIC_TABLE: &str = "alembic_version";

/// The Alembic revision the ops-center database was left at; our baseline replaces it.
pub const ALEMBIC_REVISION: &str = "f6570c470a28";

/// Why a database cannot be adopted.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AdoptError {
    /// There is no `alembic_version` table.
    #[error(
        "this database has no alembic_version table, so Alembic did not manage it; use `migration up` (empty database) or `migration stamp` instead"
    )]
    NotAlembic,
    /// Alembic left it at another revision.
    #[error(
        "alembic_version is at {found}, but the baseline replaces revision {ALEMBIC_REVISION}; upgrade it with Alembic to {ALEMBIC_REVISION} first"
    )]
    WrongRevision {
        /// The revision found.
        found: String,
    },
    /// Its tables or columns differ from the baseline's.
    #[error("the live schema does not match the baseline: {}; fix these (or write a migration that does) before adopting", .0.join("; "))]
    Mismatch(Vec<String>),
    /// The migrator has no migration, so it has no baseline to adopt.
    #[error("this migrator has no migrations, so there is no baseline to adopt")]
    NoBaseline,
    /// A query failed.
    #[error("cannot inspect the database: {0}")]
    Database(String),
}

/// Tables and their column names.
pub type Shape = Columns;

/// The toolkit's tables beside tracking table `tracking`, and Alembic's:
/// no schema comparison includes them.
pub fn bookkeeping(tracking: &str) -> Vec<String> {
    vec![
        ALEMBIC_TABLE.to_owned(),
        format!("{tracking}_history"),
        tracking.to_owned(),
    ]
}

/// The revision in `alembic_version`, or `None` when the table does not exist.
pub async fn alembic_revision<C: ConnectionTrait>(db: &C) -> Result<Option<String>, DbErr> {
    if catalog::presence(db, "alembic_version").await? == Presence::Absent {
        return Ok(None);
    }
    let backend = db.get_database_backend();
    let row = db
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT version_num FROM alembic_version",
        ))
        .await?;
    Ok(Some(match row {
        Some(row) => row.try_get::<String>("", "version_num")?,
        None => String::new(),
    }))
}

/// The tables of the current schema (but `ignore`) and their columns.
pub async fn shape<C: ConnectionTrait>(db: &C, ignore: &[&str]) -> Result<Shape, DbErr> {
    let mut shape = catalog::columns(db).await?;
    shape.retain(|table, _| !ignore.contains(&table.as_str()));
    Ok(shape)
}

/// Every way `live` differs from `expected`, one line each.
pub fn differences(expected: &Shape, live: &Shape) -> Vec<String> {
    let mut found = Vec::new();
    for (table, columns) in expected {
        match live.get(table) {
            None => found.push(format!("table {table} is missing")),
            Some(live_columns) => {
                for column in columns.difference(live_columns) {
                    found.push(format!("{table}.{column} is missing"));
                }
                for column in live_columns.difference(columns) {
                    found.push(format!("{table}.{column} is not in the baseline"));
                }
            }
        }
    }
    for table in live.keys().filter(|t| !expected.contains_key(*t)) {
        found.push(format!("table {table} is not in the baseline"));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(tables: &[(&str, &[&str])]) -> Shape {
        tables
            .iter()
            .map(|(t, cols)| {
                (
                    (*t).to_owned(),
                    cols.iter().map(|c| (*c).to_owned()).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn identical_shapes_have_no_differences() {
        let s = shape(&[("a", &["id", "name"])]);
        assert!(differences(&s, &s).is_empty());
    }

    #[test]
    fn missing_and_extra_tables_and_columns_are_listed() {
        let expected = shape(&[("a", &["id", "name"]), ("b", &["id"])]);
        let live = shape(&[("a", &["id", "extra"]), ("c", &["id"])]);
        assert_eq!(
            differences(&expected, &live),
            [
                "a.name is missing",
                "a.extra is not in the baseline",
                "table b is missing",
                "table c is not in the baseline"
            ]
        );
    }
}

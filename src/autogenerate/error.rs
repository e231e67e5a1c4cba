//! Why changes could not be rendered as a migration.

/// Why changes could not be rendered as a migration.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RenderError {
    /// SQLite cannot make the change in place, and rebuilding the table
    /// would fire the `ON DELETE` actions of the tables referencing it.
    #[error(
        "SQLite cannot {change} on table {table} in place, and rebuilding it would delete or change the rows of {referencing}, whose foreign keys reference it; write this migration by hand"
    )]
    SqliteRebuildOfReferencedTable {
        /// What the change does, e.g. `alter column nickname`.
        change: String,
        /// The table.
        table: String,
        /// The tables whose foreign keys reference it.
        referencing: String,
    },
    /// A NOT NULL column without a default is added to a table that may have rows.
    #[error(
        "column {table}.{column} is NOT NULL without a default: give it a one-off value for the existing rows"
    )]
    MissingFill {
        /// The table.
        table: String,
        /// The column.
        column: String,
    },
    /// A one-off fill value is not a value the DSL can write.
    #[error(
        "the value {value:?} for the existing rows of {table}.{column} is NULL, and the column is NOT NULL; give another"
    )]
    NullFill {
        /// The table.
        table: String,
        /// The column.
        column: String,
        /// The value given.
        value: String,
    },
    /// A change names a table the schema does not have at that point.
    #[error(
        "the changes name table {0}, which the schema does not have at that point; the diff and the schema disagree"
    )]
    UnknownTable(String),
    /// A change names a column its table does not have at that point.
    #[error(
        "the changes name column {table}.{column}, which the schema does not have at that point; the diff and the schema disagree"
    )]
    UnknownColumn {
        /// The table.
        table: String,
        /// The column.
        column: String,
    },
    /// rustfmt is not installed.
    #[error("rustfmt is not installed: run `rustup component add rustfmt` and generate again")]
    RustfmtMissing,
    /// rustfmt failed on the rendered source.
    #[error("rustfmt could not format the rendered migration: {0}")]
    Rustfmt(String),
}

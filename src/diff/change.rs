//! One difference between two schema models, as a step that turns the
//! first into the second. Every change carries what its reverse needs, so
//! a migration's `down()` is the reversed list, change by change.

use serde::Serialize;

use database::catalog::schema::{Check, Column, ForeignKey, Index, Table};

/// One step from a current schema towards a desired one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    /// A PostgreSQL enum type to create.
    CreateEnum {
        /// The type's name.
        name: String,
        /// Its values, in order.
        values: Vec<String>,
    },
    /// A PostgreSQL enum type to drop (destructive).
    DropEnum {
        /// The type's name.
        name: String,
        /// Its values, in order (for the reverse).
        values: Vec<String>,
    },
    /// A value to add to a PostgreSQL enum type, in its place.
    AddEnumValue {
        /// The type's name.
        name: String,
        /// The new value.
        value: String,
        /// The existing value it goes before; `None` appends it.
        before: Option<String>,
        /// The type's values before the change (for the reverse, a type swap).
        previous: Vec<String>,
    },
    /// A PostgreSQL enum type whose values are removed, renamed or
    /// reordered: only a type swap does it (destructive when values go).
    ReplaceEnum {
        /// The type's name.
        name: String,
        /// Its values now.
        from: Vec<String>,
        /// Its values after.
        to: Vec<String>,
    },
    /// A table to create, with its keys, indexes and checks.
    CreateTable(Table),
    /// A table to drop (destructive), as it was (for the reverse).
    DropTable(Table),
    /// A table to rename.
    RenameTable {
        /// Its name now.
        from: String,
        /// Its name after.
        to: String,
    },
    /// A column to add.
    AddColumn {
        /// The table.
        table: String,
        /// The new column.
        column: Column,
    },
    /// A column to drop (destructive), as it was.
    DropColumn {
        /// The table.
        table: String,
        /// The column as it was.
        column: Column,
    },
    /// A column to rename.
    RenameColumn {
        /// The table.
        table: String,
        /// Its name now.
        from: String,
        /// Its name after.
        to: String,
    },
    /// A column whose type, nullability or default changes (same name).
    AlterColumn {
        /// The table.
        table: String,
        /// The column now.
        from: Column,
        /// The column after.
        to: Column,
    },
    /// A table's primary key changes.
    AlterPrimaryKey {
        /// The table.
        table: String,
        /// The key's columns now (empty: none).
        from: Vec<String>,
        /// The key's columns after (empty: none).
        to: Vec<String>,
    },
    /// An index or unique constraint to create.
    AddIndex {
        /// The table.
        table: String,
        /// The index.
        index: Index,
    },
    /// An index or unique constraint to drop, as it was.
    DropIndex {
        /// The table.
        table: String,
        /// The index as it was.
        index: Index,
    },
    /// A foreign key to add.
    AddForeignKey {
        /// The referencing table.
        table: String,
        /// The key.
        key: ForeignKey,
    },
    /// A foreign key to drop, as it was.
    DropForeignKey {
        /// The referencing table.
        table: String,
        /// The key as it was.
        key: ForeignKey,
    },
    /// A check constraint to add.
    AddCheck {
        /// The table.
        table: String,
        /// The check.
        check: Check,
    },
    /// A check constraint to drop, as it was.
    DropCheck {
        /// The table.
        table: String,
        /// The check as it was.
        check: Check,
    },
}

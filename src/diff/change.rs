//! One difference between two schema models, as a step that turns the
//! first into the second. Every change carries what its reverse needs, so
//! a migration's `down()` is the reversed list, change by change.

use serde::Serialize;

use database::catalog::schema::{Check, Column, ForeignKey, Index, Table};

use super::widening::is_widening;

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

impl Change {
    /// The change that undoes this one. An enum value's addition is undone
    /// by a type swap back to the values before it, and that swap's reverse is
    /// the addition again; for every change the diff emits, reversing twice
    /// gives the change back.
    pub fn reverse(&self) -> Change {
        match self.clone() {
            Self::CreateEnum { name, values } => Self::DropEnum { name, values },
            Self::DropEnum { name, values } => Self::CreateEnum { name, values },
            Self::AddEnumValue {
                name,
                value,
                before,
                previous,
            } => Self::ReplaceEnum {
                name,
                from: with_value(&previous, &value, before.as_deref()),
                to: previous,
            },
            Self::ReplaceEnum { name, from, to } => match single_insertion(&to, &from) {
                Some((value, before)) => Self::AddEnumValue {
                    name,
                    value,
                    before,
                    previous: to,
                },
                None => Self::ReplaceEnum {
                    name,
                    from: to,
                    to: from,
                },
            },
            Self::CreateTable(table) => Self::DropTable(table),
            Self::DropTable(table) => Self::CreateTable(table),
            Self::RenameTable { from, to } => Self::RenameTable { from: to, to: from },
            Self::AddColumn { table, column } => Self::DropColumn { table, column },
            Self::DropColumn { table, column } => Self::AddColumn { table, column },
            Self::RenameColumn { table, from, to } => Self::RenameColumn {
                table,
                from: to,
                to: from,
            },
            Self::AlterColumn { table, from, to } => Self::AlterColumn {
                table,
                from: to,
                to: from,
            },
            Self::AlterPrimaryKey { table, from, to } => Self::AlterPrimaryKey {
                table,
                from: to,
                to: from,
            },
            Self::AddIndex { table, index } => Self::DropIndex { table, index },
            Self::DropIndex { table, index } => Self::AddIndex { table, index },
            Self::AddForeignKey { table, key } => Self::DropForeignKey { table, key },
            Self::DropForeignKey { table, key } => Self::AddForeignKey { table, key },
            Self::AddCheck { table, check } => Self::DropCheck { table, check },
            Self::DropCheck { table, check } => Self::AddCheck { table, check },
        }
    }

    /// Whether the change may lose data: dropping a table, column or enum
    /// type, removing enum values, or changing a column's type other than by
    /// a known widening (see `widening`).
    pub fn is_destructive(&self) -> bool {
        match self {
            Self::DropTable(_) | Self::DropColumn { .. } | Self::DropEnum { .. } => true,
            Self::ReplaceEnum { from, to, .. } => from.iter().any(|v| !to.contains(v)),
            Self::AlterColumn { from, to, .. } => {
                from.data_type != to.data_type && !is_widening(&from.data_type, &to.data_type)
            }
            _ => false,
        }
    }
}

/// The changes that undo `changes`: each one reversed, last first (a
/// migration's `down()` for `changes` as its `up()`).
pub fn reversed(changes: &[Change]) -> Vec<Change> {
    changes.iter().rev().map(Change::reverse).collect()
}

/// `values` with `value` inserted before `before`, or appended when `before` is `None` or absent.
pub(super) fn with_value(values: &[String], value: &str, before: Option<&str>) -> Vec<String> {
    let mut values = values.to_vec();
    let at = before
        .and_then(|b| values.iter().position(|v| v == b))
        .unwrap_or(values.len());
    values.insert(at, value.to_string());
    values
}

/// When `to` is `from` with one value inserted: that value and the value it goes before.
fn single_insertion(from: &[String], to: &[String]) -> Option<(String, Option<String>)> {
    if to.len() != from.len() + 1 {
        return None;
    }
    let at = (from.iter().zip(to))
        .position(|(f, t)| f != t)
        .unwrap_or(from.len());
    (from[at..] == to[at + 1..] && !from.contains(&to[at]))
        .then(|| (to[at].clone(), from.get(at).cloned()))
}

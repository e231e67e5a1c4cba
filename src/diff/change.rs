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

#[cfg(test)]
mod tests {
    use super::super::fixtures::{check, column, index, key, table};
    use super::*;

    fn one_of_each() -> Vec<Change> {
        let t = || "t".to_string();
        vec![
            Change::CreateEnum {
                name: "e".into(),
                values: vec!["a".into()],
            },
            Change::DropEnum {
                name: "e".into(),
                values: vec!["a".into()],
            },
            Change::AddEnumValue {
                name: "e".into(),
                value: "b".into(),
                before: Some("c".into()),
                previous: vec!["a".into(), "c".into()],
            },
            Change::AddEnumValue {
                name: "e".into(),
                value: "d".into(),
                before: None,
                previous: vec!["a".into()],
            },
            Change::ReplaceEnum {
                name: "e".into(),
                from: vec!["a".into(), "b".into()],
                to: vec!["b".into()],
            },
            Change::CreateTable(table("t", vec![column("id", "integer")])),
            Change::DropTable(table("t", vec![column("id", "integer")])),
            Change::RenameTable {
                from: "a".into(),
                to: "b".into(),
            },
            Change::AddColumn {
                table: t(),
                column: column("c", "text"),
            },
            Change::DropColumn {
                table: t(),
                column: column("c", "text"),
            },
            Change::RenameColumn {
                table: t(),
                from: "a".into(),
                to: "b".into(),
            },
            Change::AlterColumn {
                table: t(),
                from: column("c", "text"),
                to: column("c", "bigint"),
            },
            Change::AlterPrimaryKey {
                table: t(),
                from: vec![],
                to: vec!["id".into()],
            },
            Change::AddIndex {
                table: t(),
                index: index("i", &["c"], true),
            },
            Change::DropIndex {
                table: t(),
                index: index("i", &["c"], true),
            },
            Change::AddForeignKey {
                table: t(),
                key: key("k", &["c"], "u"),
            },
            Change::DropForeignKey {
                table: t(),
                key: key("k", &["c"], "u"),
            },
            Change::AddCheck {
                table: t(),
                check: check("k", "c > 0"),
            },
            Change::DropCheck {
                table: t(),
                check: check("k", "c > 0"),
            },
        ]
    }

    #[test]
    fn reverse_of_reverse_is_identity() {
        for change in one_of_each() {
            assert_eq!(change.reverse().reverse(), change, "{change}");
        }
    }

    #[test]
    fn an_added_enum_value_is_undone_by_swapping_back_to_the_values_before_it() {
        let add = Change::AddEnumValue {
            name: "e".into(),
            value: "b".into(),
            before: Some("c".into()),
            previous: vec!["a".into(), "c".into()],
        };
        let undo = Change::ReplaceEnum {
            name: "e".into(),
            from: vec!["a".into(), "b".into(), "c".into()],
            to: vec!["a".into(), "c".into()],
        };
        assert_eq!(add.reverse(), undo);
        assert!(undo.is_destructive());
    }

    #[test]
    fn the_reversed_list_undoes_each_change_last_first() {
        let changes = one_of_each();
        let down = reversed(&changes);
        assert_eq!(down.len(), changes.len());
        assert_eq!(down[0], changes[changes.len() - 1].reverse());
        assert_eq!(down[changes.len() - 1], changes[0].reverse());
    }

    #[test]
    fn drops_value_removals_and_narrowings_are_destructive() {
        let destructive: Vec<String> = (one_of_each().iter())
            .filter(|c| c.is_destructive())
            .map(|c| c.to_string())
            .collect();
        assert_eq!(
            destructive,
            vec![
                "drop enum e ('a')",
                "replace enum e ('a', 'b') -> ('b')",
                "drop table t",
                "drop column t.c (text, NOT NULL)",
                "change column t.c: type text -> bigint",
            ]
        );
    }

    #[test]
    fn a_widening_type_change_is_not_destructive() {
        let widen = Change::AlterColumn {
            table: "t".into(),
            from: column("c", "character varying(10)"),
            to: column("c", "text"),
        };
        assert!(!widen.is_destructive());
    }
}

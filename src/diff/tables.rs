//! A table present on both sides, compared: columns by name, indexes by
//! structure, foreign keys by their columns and target, checks by expression.
//! Names of indexes, keys and checks never make a difference on their own,
//! and column position is not compared.

use std::collections::BTreeSet;

use database::catalog::schema::{Column, ForeignKey, Index, Table};

use super::candidates;
use super::change::Change;
use super::renames::RenameCandidate;

/// The changes that turn `current` into `desired` (same name), and the
/// column rename candidates among its dropped and added columns.
pub(super) fn diff_table(
    current: &Table,
    desired: &Table,
    declined: &BTreeSet<RenameCandidate>,
) -> (Vec<Change>, Vec<RenameCandidate>) {
    let table = &desired.name;
    let mut changes = Vec::new();
    let dropped: Vec<&Column> = (current.columns.iter())
        .filter(|c| desired.column(&c.name).is_none())
        .collect();
    let added: Vec<&Column> = (desired.columns.iter())
        .filter(|c| current.column(&c.name).is_none())
        .collect();
    let undecided = candidates::columns(table, &dropped, &added, declined);
    for column in &dropped {
        changes.push(Change::DropColumn {
            table: table.clone(),
            column: (*column).clone(),
        });
    }
    for column in &added {
        changes.push(Change::AddColumn {
            table: table.clone(),
            column: (*column).clone(),
        });
    }
    for to in &desired.columns {
        if let Some(from) = current.column(&to.name).filter(|from| *from != to) {
            changes.push(Change::AlterColumn {
                table: table.clone(),
                from: from.clone(),
                to: to.clone(),
            });
        }
    }
    primary_key(current, desired, &dropped, &mut changes);
    let (gone, new) = unmatched(&current.indexes, &desired.indexes, same_index);
    changes.extend(gone.into_iter().map(|index| Change::DropIndex {
        table: table.clone(),
        index: index.clone(),
    }));
    changes.extend(new.into_iter().map(|index| Change::AddIndex {
        table: table.clone(),
        index: index.clone(),
    }));
    let (gone, new) = unmatched(&current.foreign_keys, &desired.foreign_keys, same_key);
    changes.extend(gone.into_iter().map(|key| Change::DropForeignKey {
        table: table.clone(),
        key: key.clone(),
    }));
    changes.extend(new.into_iter().map(|key| Change::AddForeignKey {
        table: table.clone(),
        key: key.clone(),
    }));
    let (gone, new) = unmatched(&current.checks, &desired.checks, |a, b| {
        a.expression == b.expression
    });
    changes.extend(gone.into_iter().map(|check| Change::DropCheck {
        table: table.clone(),
        check: check.clone(),
    }));
    changes.extend(new.into_iter().map(|check| Change::AddCheck {
        table: table.clone(),
        check: check.clone(),
    }));
    (changes, undecided)
}

/// The primary key's change. A key that loses a dropped column is removed
/// before the column goes and the new key (if any) set afterwards, since no
/// single point in the order has both the old key's and the new key's columns.
fn primary_key(current: &Table, desired: &Table, dropped: &[&Column], out: &mut Vec<Change>) {
    let (from, to) = (&current.primary_key, &desired.primary_key);
    if from == to {
        return;
    }
    let table = desired.name.clone();
    let loses_dropped = from.iter().any(|k| dropped.iter().any(|c| &c.name == k));
    if loses_dropped && !to.is_empty() {
        out.push(Change::AlterPrimaryKey {
            table: table.clone(),
            from: from.clone(),
            to: Vec::new(),
        });
        out.push(Change::AlterPrimaryKey {
            table,
            from: Vec::new(),
            to: to.clone(),
        });
    } else {
        out.push(Change::AlterPrimaryKey {
            table,
            from: from.clone(),
            to: to.clone(),
        });
    }
}

/// Whether two indexes are the same index: columns, uniqueness and predicate (names aside).
fn same_index(a: &Index, b: &Index) -> bool {
    a.columns == b.columns && a.unique == b.unique && a.predicate == b.predicate
}

/// Whether two foreign keys are the same key with the same actions (names aside).
/// A key whose actions change is thus dropped and added again.
fn same_key(a: &ForeignKey, b: &ForeignKey) -> bool {
    a.columns == b.columns
        && a.foreign_table == b.foreign_table
        && a.foreign_columns == b.foreign_columns
        && a.on_delete == b.on_delete
        && a.on_update == b.on_update
}

/// The items of `current` with no match in `desired`, and those of `desired`
/// with no match in `current`, each matched at most once, in their order.
fn unmatched<'a, T>(
    current: &'a [T],
    desired: &'a [T],
    same: impl Fn(&T, &T) -> bool,
) -> (Vec<&'a T>, Vec<&'a T>) {
    let mut new: Vec<&T> = desired.iter().collect();
    let mut gone = Vec::new();
    for item in current {
        match new.iter().position(|d| same(item, d)) {
            Some(at) => {
                new.remove(at);
            }
            None => gone.push(item),
        }
    }
    (gone, new)
}

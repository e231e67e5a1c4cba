//! Undeclared renames: a dropped and an added object that look alike are
//! proposed as a rename, never assumed.
//!
//! Pairing is greedy and deterministic: dropped objects are taken in order
//! (columns in the current table's position order, tables by name), and each
//! is paired with the first added object (columns in the desired table's
//! position order, tables by name) that looks alike, is not paired yet and
//! whose pair was not declined. So every object is in at most one candidate.

use std::collections::BTreeSet;

use database::catalog::schema::{Column, Table};

use super::renames::RenameCandidate;

/// Whether two columns have the same shape: type, nullability, default and
/// generation (their names aside).
pub(super) fn same_shape(a: &Column, b: &Column) -> bool {
    a.data_type == b.data_type
        && a.nullable == b.nullable
        && a.default == b.default
        && a.auto_increment == b.auto_increment
}

/// Whether two tables have the same columns (names and shapes, position aside).
fn same_columns(a: &Table, b: &Table) -> bool {
    sorted_columns(a) == sorted_columns(b)
}

/// A table's columns sorted by name.
fn sorted_columns(table: &Table) -> Vec<&Column> {
    let mut columns: Vec<&Column> = table.columns.iter().collect();
    columns.sort_by(|x, y| x.name.cmp(&y.name));
    columns
}

/// The column rename candidates of `table` (as the desired schema names it).
pub(super) fn columns(
    table: &str,
    dropped: &[&Column],
    added: &[&Column],
    declined: &BTreeSet<RenameCandidate>,
) -> Vec<RenameCandidate> {
    pair(dropped, added, declined, same_shape, |from, to| {
        RenameCandidate::Column {
            table: table.to_string(),
            from: from.name.clone(),
            to: to.name.clone(),
        }
    })
}

/// The table rename candidates among the dropped and added tables.
pub(super) fn tables(
    dropped: &[&Table],
    added: &[&Table],
    declined: &BTreeSet<RenameCandidate>,
) -> Vec<RenameCandidate> {
    pair(dropped, added, declined, same_columns, |from, to| {
        RenameCandidate::Table {
            from: from.name.clone(),
            to: to.name.clone(),
        }
    })
}

/// Pairs each dropped object with the first alike, unpaired, undeclined added one.
fn pair<T>(
    dropped: &[&T],
    added: &[&T],
    declined: &BTreeSet<RenameCandidate>,
    alike: impl Fn(&T, &T) -> bool,
    candidate: impl Fn(&T, &T) -> RenameCandidate,
) -> Vec<RenameCandidate> {
    let mut taken = vec![false; added.len()];
    let mut candidates = Vec::new();
    for from in dropped {
        let found = added.iter().enumerate().find_map(|(i, to)| {
            let proposal = candidate(from, to);
            (!taken[i] && alike(from, to) && !declined.contains(&proposal)).then_some((i, proposal))
        });
        if let Some((i, proposal)) = found {
            taken[i] = true;
            candidates.push(proposal);
        }
    }
    candidates
}

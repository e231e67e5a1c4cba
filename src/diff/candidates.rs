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

#[cfg(test)]
mod tests {
    use crate::diff::fixtures::*;
    use crate::diff::*;

    #[test]
    fn a_drop_and_an_add_of_the_same_shape_is_an_undecided_candidate_and_still_a_drop_and_an_add() {
        let desired = table(
            "organizations",
            vec![column("id", "integer"), column("name", "text")],
        );
        let found = diff(
            &schema(vec![organizations()]),
            &schema(vec![desired]),
            &Renames::new(),
        )
        .expect("diff");
        assert_eq!(
            found.undecided,
            vec![RenameCandidate::Column {
                table: "organizations".into(),
                from: "slug".into(),
                to: "name".into()
            }]
        );
        assert_eq!(
            found.undecided[0].to_string(),
            "organizations.slug -> organizations.name"
        );
        assert!(matches!(
            &found.changes[..],
            [Change::DropColumn { .. }, Change::AddColumn { .. }]
        ));
    }

    #[test]
    fn a_declined_candidate_is_not_proposed_again() {
        let desired = table(
            "organizations",
            vec![column("id", "integer"), column("name", "text")],
        );
        let mut renames = Renames::new();
        renames.decline(RenameCandidate::Column {
            table: "organizations".into(),
            from: "slug".into(),
            to: "name".into(),
        });
        let found = diff(
            &schema(vec![organizations()]),
            &schema(vec![desired]),
            &renames,
        )
        .expect("diff");
        assert_eq!(found.undecided, vec![]);
        assert_eq!(found.changes.len(), 2);
    }

    #[test]
    fn each_column_is_in_at_most_one_candidate_paired_in_position_order() {
        let current = table(
            "t",
            vec![
                column("id", "integer"),
                column("a", "text"),
                column("b", "text"),
            ],
        );
        let desired = table(
            "t",
            vec![
                column("id", "integer"),
                column("x", "text"),
                column("y", "text"),
                column("z", "text"),
            ],
        );
        let found = diff(
            &schema(vec![current]),
            &schema(vec![desired]),
            &Renames::new(),
        )
        .expect("diff");
        let pairs: Vec<String> = found.undecided.iter().map(|c| c.to_string()).collect();
        assert_eq!(pairs, vec!["t.a -> t.x", "t.b -> t.y"]);
    }

    #[test]
    fn a_dropped_and_an_added_table_with_the_same_columns_is_a_table_candidate() {
        let current = schema(vec![table("orgs", vec![column("id", "integer")])]);
        let desired = schema(vec![table("organizations", vec![column("id", "integer")])]);
        let found = diff(&current, &desired, &Renames::new()).expect("diff");
        assert_eq!(
            found.undecided,
            vec![RenameCandidate::Table {
                from: "orgs".into(),
                to: "organizations".into()
            }]
        );
        assert!(matches!(
            &found.changes[..],
            [Change::DropTable(_), Change::CreateTable(_)]
        ));
    }
}

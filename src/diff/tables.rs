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

#[cfg(test)]
mod tests {
    use database::catalog::schema::*;

    use crate::diff::fixtures::*;
    use crate::diff::*;

    #[test]
    fn a_new_column_is_added() {
        let nickname = column("nickname", "text");
        let desired = with(organizations(), |t| t.columns.push(nickname.clone()));
        assert_eq!(
            changes(&schema(vec![organizations()]), &schema(vec![desired])),
            vec![Change::AddColumn {
                table: "organizations".into(),
                column: nickname
            }]
        );
    }

    #[test]
    fn a_column_gone_is_dropped() {
        let desired = with(organizations(), |t| {
            t.columns.pop();
        });
        assert_eq!(
            changes(&schema(vec![organizations()]), &schema(vec![desired])),
            vec![Change::DropColumn {
                table: "organizations".into(),
                column: column("slug", "text")
            }]
        );
    }

    #[test]
    fn a_column_whose_type_nullability_and_default_change_is_one_alter() {
        let to = Column {
            nullable: true,
            default: Some("'x'".into()),
            ..column("slug", "character varying(64)")
        };
        let desired = with(organizations(), |t| t.columns[1] = to.clone());
        assert_eq!(
            changes(&schema(vec![organizations()]), &schema(vec![desired])),
            vec![Change::AlterColumn {
                table: "organizations".into(),
                from: column("slug", "text"),
                to
            }]
        );
    }

    #[test]
    fn a_primary_key_change_is_detected() {
        let desired = with(organizations(), |t| {
            t.primary_key = vec!["id".into(), "slug".into()]
        });
        assert_eq!(
            changes(&schema(vec![organizations()]), &schema(vec![desired])),
            vec![Change::AlterPrimaryKey {
                table: "organizations".into(),
                from: vec!["id".into()],
                to: vec!["id".into(), "slug".into()]
            }]
        );
    }

    #[test]
    fn an_index_added_and_one_gone_are_added_and_dropped() {
        let current = with(organizations(), |t| {
            t.indexes.push(index("a", &["slug"], false))
        });
        let desired = with(organizations(), |t| {
            t.indexes.push(index("b", &["slug"], true))
        });
        assert_eq!(
            changes(&schema(vec![current]), &schema(vec![desired])),
            vec![
                Change::DropIndex {
                    table: "organizations".into(),
                    index: index("a", &["slug"], false)
                },
                Change::AddIndex {
                    table: "organizations".into(),
                    index: index("b", &["slug"], true)
                },
            ]
        );
    }

    #[test]
    fn an_index_name_only_difference_is_no_change() {
        let current = with(organizations(), |t| {
            t.indexes
                .push(index("idx-organizations-slug", &["slug"], true))
        });
        let desired = with(organizations(), |t| {
            t.indexes
                .push(index("organizations_slug_key", &["slug"], true))
        });
        assert_eq!(
            changes(&schema(vec![current]), &schema(vec![desired])),
            vec![]
        );
    }

    #[test]
    fn a_foreign_key_action_change_is_a_drop_and_an_add() {
        let zones = |action| {
            with(
                table(
                    "zones",
                    vec![column("id", "integer"), column("org", "integer")],
                ),
                |t| {
                    t.foreign_keys.push(ForeignKey {
                        on_delete: action,
                        ..key("fk", &["org"], "organizations")
                    });
                },
            )
        };
        let current = schema(vec![organizations(), zones(ReferentialAction::NoAction)]);
        let desired = schema(vec![organizations(), zones(ReferentialAction::Cascade)]);
        let found = changes(&current, &desired);
        assert!(matches!(
            &found[..],
            [Change::DropForeignKey { key: old, .. }, Change::AddForeignKey { key: new, .. }]
                if old.on_delete == ReferentialAction::NoAction && new.on_delete == ReferentialAction::Cascade
        ));
        assert_eq!(
            reversed(&found)
                .iter()
                .map(Change::reverse)
                .rev()
                .collect::<Vec<_>>(),
            found
        );
    }

    #[test]
    fn a_foreign_key_name_only_difference_is_no_change() {
        let zones = |name| {
            with(
                table(
                    "zones",
                    vec![column("id", "integer"), column("org", "integer")],
                ),
                |t| {
                    t.foreign_keys.push(key(name, &["org"], "organizations"));
                },
            )
        };
        let current = schema(vec![organizations(), zones("a")]);
        let desired = schema(vec![organizations(), zones("b")]);
        assert_eq!(changes(&current, &desired), vec![]);
    }

    #[test]
    fn checks_are_compared_by_expression() {
        let current = with(organizations(), |t| t.checks.push(check("a", "id > 0")));
        let renamed = with(organizations(), |t| t.checks.push(check("b", "id > 0")));
        let changed = with(organizations(), |t| t.checks.push(check("a", "id > 1")));
        assert_eq!(
            changes(&schema(vec![current.clone()]), &schema(vec![renamed])),
            vec![]
        );
        assert_eq!(
            changes(&schema(vec![current]), &schema(vec![changed])),
            vec![
                Change::DropCheck {
                    table: "organizations".into(),
                    check: check("a", "id > 0")
                },
                Change::AddCheck {
                    table: "organizations".into(),
                    check: check("a", "id > 1")
                },
            ]
        );
    }
}

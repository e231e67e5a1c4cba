//! The order of a diff's changes, kept in this one place. Changes run in
//! these phases, each phase in the order the diff found its changes (tables
//! by name, then columns, indexes, keys and checks in their order):
//!
//! 1. `CreateEnum`, `AddEnumValue`, `ReplaceEnum`: types exist before columns use them.
//! 2. `RenameTable`, then `RenameColumn`: later changes name objects as the desired schema does.
//! 3. `DropForeignKey`: keys that change, that leave with their columns,
//!    that point to a dropped table; keys of dropped tables that point to a
//!    dropped column, and those that break a cycle among dropped tables
//!    (other keys of a dropped table go with it).
//! 4. `DropIndex`, `DropCheck`, then an `AlterPrimaryKey` that removes a key
//!    (a key losing a dropped column is removed here and set again in 8).
//! 5. `DropColumn`, then `DropTable`: children before parents.
//! 6. `CreateTable`: parents before children; in a cycle of new tables, the
//!    first table by name is created without its keys to tables not created
//!    yet, and those keys are added in 9. Keys to existing columns of
//!    existing tables are created with the table; keys to columns that do
//!    not exist yet are added in 9 too.
//! 7. `AddColumn`, then `AlterColumn`.
//! 8. `AlterPrimaryKey` (any other), `AddIndex`, `AddCheck`.
//! 9. `AddForeignKey`: every referenced table and column exists by now.
//! 10. `DropEnum`: no column uses the type any more.
//!
//! A migration's `down()` is [`reversed`](super::reversed): the same
//! changes undone in the opposite order, valid step by step because each
//! change's reverse undoes it exactly.

use std::collections::{BTreeMap, BTreeSet};

use database::catalog::schema::{ForeignKey, Schema, Table};

use super::change::Change;

/// The changes sorted into their phases; a stable sort, so each phase keeps
/// the order its changes were found in.
pub(super) fn order(mut changes: Vec<Change>) -> Vec<Change> {
    changes.sort_by_key(phase);
    changes
}

/// The position of `change`'s phase in the order.
fn phase(change: &Change) -> u8 {
    match change {
        Change::CreateEnum { .. } => 0,
        Change::AddEnumValue { .. } => 1,
        Change::ReplaceEnum { .. } => 2,
        Change::RenameTable { .. } => 3,
        Change::RenameColumn { .. } => 4,
        Change::DropForeignKey { .. } => 5,
        Change::DropIndex { .. } => 6,
        Change::DropCheck { .. } => 7,
        Change::AlterPrimaryKey { to, .. } if to.is_empty() => 8,
        Change::DropColumn { .. } => 9,
        Change::DropTable(_) => 10,
        Change::CreateTable(_) => 11,
        Change::AddColumn { .. } => 12,
        Change::AlterColumn { .. } => 13,
        Change::AlterPrimaryKey { .. } => 14,
        Change::AddIndex { .. } => 15,
        Change::AddCheck { .. } => 16,
        Change::AddForeignKey { .. } => 17,
        Change::DropEnum { .. } => 18,
    }
}

/// Drops `tables` children before parents. While every remaining table is
/// referenced by another, the first one (by name) that references another
/// has those keys dropped first, which breaks the cycle. Keys to a kept
/// table are dropped first too when what they reference goes before the
/// tables do: a column `desired` lacks, or the primary key or unique index
/// that makes the columns referenceable.
pub(super) fn drop_tables(
    mut tables: BTreeMap<String, Table>,
    current: &Schema,
    desired: &Schema,
) -> Vec<Change> {
    let dropped: BTreeSet<String> = tables.keys().cloned().collect();
    let stays = |key: &ForeignKey| {
        let columns = &key.foreign_columns;
        let now = current.tables.get(&key.foreign_table);
        dropped.contains(&key.foreign_table)
            || match (
                now.map(|t| unique(t, columns)),
                desired.tables.get(&key.foreign_table),
            ) {
                (Some(Some(now)), Some(after)) => unique(after, columns) == Some(now),
                (Some(None), Some(after)) => columns.iter().all(|c| after.column(c).is_some()),
                _ => false,
            }
    };
    let mut keys = Vec::new();
    for table in tables.values_mut() {
        let (kept, cut): (Vec<_>, Vec<_>) =
            (std::mem::take(&mut table.foreign_keys).into_iter()).partition(|k| stays(k));
        table.foreign_keys = kept;
        keys.extend(cut.into_iter().map(|key| Change::DropForeignKey {
            table: table.name.clone(),
            key,
        }));
    }
    let mut drops = Vec::new();
    while !tables.is_empty() {
        let referenced = |name: &str| {
            (tables.values()).any(|t| t.name != name && references(t, |target| target == name))
        };
        let free = tables.keys().find(|name| !referenced(name)).cloned();
        if let Some(table) = free.and_then(|name| tables.remove(&name)) {
            drops.push(Change::DropTable(table));
            continue;
        }
        let remaining: BTreeSet<String> = tables.keys().cloned().collect();
        let other = |name: &str, target: &str| target != name && remaining.contains(target);
        let Some(table) =
            (tables.values_mut()).find(|t| references(t, |target| other(&t.name, target)))
        else {
            break;
        };
        let (cut, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut table.foreign_keys)
            .into_iter()
            .partition(|k| other(&table.name, &k.foreign_table));
        table.foreign_keys = kept;
        keys.extend(cut.into_iter().map(|key| Change::DropForeignKey {
            table: table.name.clone(),
            key,
        }));
    }
    keys.extend(drops);
    keys
}

/// Creates `tables` parents before children, each with the foreign keys
/// whose reference is valid by then: to itself, to a new table created
/// before it, or to columns of an existing table that are already its
/// primary key or carry a unique index. The others follow as `AddForeignKey`,
/// once keys and indexes are in place. `current` is the schema they are created in.
pub(super) fn create_tables(mut tables: BTreeMap<String, Table>, current: &Schema) -> Vec<Change> {
    let new: BTreeSet<String> = tables.keys().cloned().collect();
    let mut later = Vec::new();
    let mut defer = |table: &mut Table, now: &dyn Fn(&ForeignKey) -> bool| {
        let (kept, deferred): (Vec<_>, Vec<_>) =
            (std::mem::take(&mut table.foreign_keys).into_iter()).partition(|k| now(k));
        table.foreign_keys = kept;
        later.extend(deferred.into_iter().map(|key| Change::AddForeignKey {
            table: table.name.clone(),
            key,
        }));
    };
    for table in tables.values_mut() {
        let name = table.name.clone();
        defer(table, &|key| {
            key.foreign_table == name
                || new.contains(&key.foreign_table)
                || (current.tables.get(&key.foreign_table))
                    .is_some_and(|t| unique(t, &key.foreign_columns).is_some())
        });
    }
    let mut creates = Vec::new();
    while let Some(first) = tables.keys().next().cloned() {
        let waits =
            |t: &Table| references(t, |target| target != t.name && tables.contains_key(target));
        let free = tables.values().find(|t| !waits(t)).map(|t| t.name.clone());
        let Some(mut table) = tables.remove(&free.unwrap_or(first)) else {
            break;
        };
        let name = table.name.clone();
        defer(&mut table, &|key| {
            key.foreign_table == name || !tables.contains_key(&key.foreign_table)
        });
        creates.push(Change::CreateTable(table));
    }
    creates.extend(later);
    creates
}

/// What makes `columns` of `table` referenceable: its primary key, or a
/// unique index without predicate.
fn unique(table: &Table, columns: &[String]) -> Option<Unique> {
    if table.primary_key == columns {
        return Some(Unique::PrimaryKey);
    }
    (table.indexes.iter())
        .find(|i| i.unique && i.predicate.is_none() && i.columns == columns)
        .map(|_| Unique::Index)
}

/// How columns are made unique, which a foreign key to them relies on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unique {
    /// They are the primary key.
    PrimaryKey,
    /// A unique index covers exactly them.
    Index,
}

/// Whether `table` has a foreign key to a table `target` accepts.
fn references(table: &Table, target: impl Fn(&str) -> bool) -> bool {
    table.foreign_keys.iter().any(|k| target(&k.foreign_table))
}

#[cfg(test)]
mod tests {
    use database::catalog::schema::ForeignKey;

    use crate::diff::fixtures::*;
    use crate::diff::*;

    #[test]
    fn a_foreign_key_to_a_new_table_is_added_after_the_table_is_created() {
        let zones = table("zones", vec![column("id", "integer")]);
        let current = schema(vec![organizations()]);
        let desired_orgs = with(organizations(), |t| {
            t.columns.push(column("zone", "integer"));
            t.foreign_keys.push(key("fk", &["zone"], "zones"));
        });
        let found = changes(&current, &schema(vec![desired_orgs, zones.clone()]));
        let names: Vec<String> = found.iter().map(|c| c.to_string()).collect();
        assert_eq!(
            names,
            vec![
                "create table zones (id)",
                "add column organizations.zone (integer, NOT NULL)",
                "add foreign key fk on organizations (zone) -> zones (id)",
            ]
        );
    }

    #[test]
    fn new_tables_are_created_parents_first() {
        let child = with(table("a_child", vec![column("id", "integer")]), |t| {
            t.foreign_keys.push(key("fk", &["id"], "b_parent"));
        });
        let parent = table("b_parent", vec![column("id", "integer")]);
        let found = changes(
            &schema(vec![]),
            &schema(vec![child.clone(), parent.clone()]),
        );
        assert_eq!(
            found,
            vec![Change::CreateTable(parent), Change::CreateTable(child)]
        );
    }

    #[test]
    fn a_child_table_is_dropped_before_its_parent() {
        let child = with(table("b_child", vec![column("id", "integer")]), |t| {
            t.foreign_keys.push(key("fk", &["id"], "a_parent"));
        });
        let parent = table("a_parent", vec![column("id", "integer")]);
        let found = changes(
            &schema(vec![child.clone(), parent.clone()]),
            &schema(vec![]),
        );
        assert_eq!(
            found,
            vec![Change::DropTable(child), Change::DropTable(parent)]
        );
    }

    #[test]
    fn a_foreign_key_cycle_among_new_tables_is_broken_by_a_later_foreign_key() {
        let a = with(table("a", vec![column("id", "integer")]), |t| {
            t.foreign_keys.push(key("a_b", &["id"], "b"));
        });
        let b = with(table("b", vec![column("id", "integer")]), |t| {
            t.foreign_keys.push(key("b_a", &["id"], "a"));
        });
        let found = changes(&schema(vec![]), &schema(vec![a.clone(), b.clone()]));
        let bare_a = with(a, |t| t.foreign_keys.clear());
        assert_eq!(
            found,
            vec![
                Change::CreateTable(bare_a),
                Change::CreateTable(b),
                Change::AddForeignKey {
                    table: "a".into(),
                    key: key("a_b", &["id"], "b")
                },
            ]
        );
    }

    #[test]
    fn a_foreign_key_cycle_among_dropped_tables_is_broken_by_dropping_a_key_first() {
        let a = with(table("a", vec![column("id", "integer")]), |t| {
            t.foreign_keys.push(key("a_b", &["id"], "b"));
        });
        let b = with(table("b", vec![column("id", "integer")]), |t| {
            t.foreign_keys.push(key("b_a", &["id"], "a"));
        });
        let found = changes(&schema(vec![a.clone(), b.clone()]), &schema(vec![]));
        let bare_a = with(a, |t| t.foreign_keys.clear());
        assert_eq!(
            found,
            vec![
                Change::DropForeignKey {
                    table: "a".into(),
                    key: key("a_b", &["id"], "b")
                },
                Change::DropTable(b),
                Change::DropTable(bare_a),
            ]
        );
    }

    #[test]
    fn an_enum_is_created_before_the_column_that_uses_it_and_dropped_after_the_last_one() {
        let mut current = schema(vec![with(organizations(), |t| {
            t.columns.push(column("old", "mood"))
        })]);
        current.enums.insert("mood".into(), vec!["sad".into()]);
        let mut desired = schema(vec![with(organizations(), |t| {
            t.columns.push(column("state", "zone_status"))
        })]);
        desired
            .enums
            .insert("zone_status".into(), vec!["active".into()]);
        let kinds: Vec<String> = changes(&current, &desired)
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(
            kinds,
            vec![
                "create enum zone_status ('active')",
                "drop column organizations.old (mood, NOT NULL)",
                "add column organizations.state (zone_status, NOT NULL)",
                "drop enum mood ('sad')",
            ]
        );
    }

    #[test]
    fn a_primary_key_losing_a_dropped_column_is_removed_before_the_column_and_set_after() {
        let current = with(organizations(), |t| {
            t.primary_key = vec!["id".into(), "slug".into()]
        });
        let desired = with(
            table(
                "organizations",
                vec![column("id", "integer"), column("code", "integer")],
            ),
            |t| {
                t.primary_key = vec!["id".into(), "code".into()];
            },
        );
        let found: Vec<String> = changes(&schema(vec![current]), &schema(vec![desired]))
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(
            found,
            vec![
                "change primary key of organizations: (id, slug) -> none",
                "drop column organizations.slug (text, NOT NULL)",
                "add column organizations.code (integer, NOT NULL)",
                "change primary key of organizations: none -> (id, code)",
            ]
        );
    }

    #[test]
    fn a_key_of_a_new_table_to_columns_not_yet_unique_is_added_after_their_index() {
        let desired_orgs = with(organizations(), |t| {
            t.indexes.push(index("ux", &["slug"], true))
        });
        let zones = with(
            table(
                "zones",
                vec![column("id", "integer"), column("org", "text")],
            ),
            |t| {
                t.foreign_keys.push(ForeignKey {
                    foreign_columns: vec!["slug".into()],
                    ..key("fk", &["org"], "organizations")
                });
            },
        );
        let found: Vec<String> = changes(
            &schema(vec![organizations()]),
            &schema(vec![desired_orgs, zones]),
        )
        .iter()
        .map(|c| c.to_string())
        .collect();
        assert_eq!(
            found,
            vec![
                "create table zones (id, org)",
                "add unique index ux on organizations (slug)",
                "add foreign key fk on zones (org) -> organizations (slug)",
            ]
        );
    }

    #[test]
    fn a_key_of_a_dropped_table_to_a_dropped_column_is_dropped_before_the_column() {
        let current_orgs = with(organizations(), |t| {
            t.indexes.push(index("ux", &["slug"], true))
        });
        let fk = ForeignKey {
            foreign_columns: vec!["slug".into()],
            ..key("fk", &["org"], "organizations")
        };
        let zones = with(
            table(
                "zones",
                vec![column("id", "integer"), column("org", "text")],
            ),
            |t| {
                t.foreign_keys.push(fk.clone());
            },
        );
        let desired_orgs = table("organizations", vec![column("id", "integer")]);
        let found: Vec<String> = changes(
            &schema(vec![current_orgs, zones]),
            &schema(vec![desired_orgs]),
        )
        .iter()
        .map(|c| c.to_string())
        .collect();
        assert_eq!(
            found,
            vec![
                "drop foreign key fk on zones (org) -> organizations (slug)",
                "drop unique index ux on organizations (slug)",
                "drop column organizations.slug (text, NOT NULL)",
                "drop table zones",
            ]
        );
    }
}

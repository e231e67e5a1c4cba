//! The schema diff: a pure function from two schema models to the ordered
//! changes that turn the first into the second, with the renames it could
//! not decide on its own.
//!
//! Identity: tables and columns by name (after the declared renames),
//! indexes by their columns, uniqueness and predicate, foreign keys by their
//! columns, referenced table and referenced columns (a change of action is a
//! drop and an add), checks by expression. A name-only difference of an
//! index, key or check is no change, and column position is not compared
//! (an added column goes last). The order of the changes is set in `order`.

mod candidates;
mod change;
mod describe;
mod enums;
mod error;
mod order;
mod renames;
mod tables;
mod widening;

use std::collections::BTreeMap;

use serde::Serialize;

use database::catalog::schema::{Schema, Table};

pub use change::{Change, reversed};
pub use error::{DiffError, RenameSyntaxError};
pub use renames::{RenameCandidate, Renames};

/// The changes from one schema to another, and the rename candidates left undecided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diff {
    /// The changes, in an order that runs (see the `order` module).
    pub changes: Vec<Change>,
    /// Drops and adds that look like renames; the changes drop and add them
    /// until a rename is declared (or the candidate declined).
    pub undecided: Vec<RenameCandidate>,
}

/// The changes that turn `current` into `desired`, both read from the same
/// backend, taking `renames` as given. Fails when a declared rename names a
/// table or column that is not there.
pub fn diff(current: &Schema, desired: &Schema, renames: &Renames) -> Result<Diff, DiffError> {
    let (current, mut changes) = renames::apply_declared(current, desired, renames)?;
    changes.extend(enums::diff_enums(&current.enums, &desired.enums));
    let only = |these: &Schema, other: &Schema| -> BTreeMap<String, Table> {
        (these.tables.iter())
            .filter(|(name, _)| !other.tables.contains_key(*name))
            .map(|(name, table)| (name.clone(), table.clone()))
            .collect()
    };
    let (dropped, added) = (only(&current, desired), only(desired, &current));
    let mut undecided = candidates::tables(
        &dropped.values().collect::<Vec<_>>(),
        &added.values().collect::<Vec<_>>(),
        &renames.declined,
    );
    for (name, to) in &desired.tables {
        if let Some(from) = current.tables.get(name) {
            let (table_changes, table_candidates) = tables::diff_table(from, to, &renames.declined);
            changes.extend(table_changes);
            undecided.extend(table_candidates);
        }
    }
    changes.extend(order::drop_tables(dropped, desired));
    changes.extend(order::create_tables(added, &current));
    Ok(Diff {
        changes: order::order(changes),
        undecided,
    })
}

#[cfg(test)]
mod apply;
#[cfg(test)]
mod fixtures;
#[cfg(test)]
mod properties;

#[cfg(test)]
mod tests {
    use database::catalog::schema::{Column, ForeignKey, ReferentialAction};

    use super::fixtures::{check, column, index, key, schema, table};
    use super::*;

    fn changes(current: &Schema, desired: &Schema) -> Vec<Change> {
        diff(current, desired, &Renames::new())
            .expect("diff")
            .changes
    }

    fn organizations() -> Table {
        table(
            "organizations",
            vec![column("id", "integer"), column("slug", "text")],
        )
    }

    fn with(mut base: Table, edit: impl FnOnce(&mut Table)) -> Table {
        edit(&mut base);
        base
    }

    #[test]
    fn identical_schemas_have_no_changes() {
        let s = schema(vec![organizations()]);
        assert_eq!(changes(&s, &s), vec![]);
    }

    #[test]
    fn a_new_table_is_created_with_its_indexes_keys_and_checks() {
        let zones = with(
            table(
                "zones",
                vec![column("id", "integer"), column("org", "integer")],
            ),
            |t| {
                t.indexes.push(index("ix", &["org"], false));
                t.foreign_keys.push(key("fk", &["org"], "organizations"));
                t.checks.push(check("ck", "org > 0"));
            },
        );
        let current = schema(vec![organizations()]);
        let desired = schema(vec![organizations(), zones.clone()]);
        assert_eq!(
            changes(&current, &desired),
            vec![Change::CreateTable(zones)]
        );
    }

    #[test]
    fn a_table_gone_is_dropped_with_everything() {
        let zones = with(table("zones", vec![column("id", "integer")]), |t| {
            t.indexes.push(index("ix", &["id"], true));
        });
        let current = schema(vec![organizations(), zones.clone()]);
        let desired = schema(vec![organizations()]);
        assert_eq!(changes(&current, &desired), vec![Change::DropTable(zones)]);
    }

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

    #[test]
    fn a_new_enum_is_created_and_a_gone_one_dropped() {
        let mut current = schema(vec![]);
        current.enums.insert("old".into(), vec!["a".into()]);
        let mut desired = schema(vec![]);
        desired.enums.insert("new".into(), vec!["b".into()]);
        assert_eq!(
            changes(&current, &desired),
            vec![
                Change::CreateEnum {
                    name: "new".into(),
                    values: vec!["b".into()]
                },
                Change::DropEnum {
                    name: "old".into(),
                    values: vec!["a".into()]
                },
            ]
        );
    }

    #[test]
    fn an_enum_value_inserted_in_the_middle_is_added_before_the_next_value() {
        let mut current = schema(vec![]);
        current.enums.insert(
            "zone_status".into(),
            vec!["active".into(), "deleted".into()],
        );
        let mut desired = schema(vec![]);
        let values = vec!["active".into(), "paused".into(), "deleted".into()];
        desired.enums.insert("zone_status".into(), values);
        assert_eq!(
            changes(&current, &desired),
            vec![Change::AddEnumValue {
                name: "zone_status".into(),
                value: "paused".into(),
                before: Some("deleted".into()),
                previous: vec!["active".into(), "deleted".into()],
            }]
        );
    }

    #[test]
    fn enum_values_appended_are_added_in_turn_each_knowing_the_values_before_it() {
        let mut current = schema(vec![]);
        current.enums.insert("e".into(), vec!["a".into()]);
        let mut desired = schema(vec![]);
        desired
            .enums
            .insert("e".into(), vec!["a".into(), "b".into(), "c".into()]);
        let found = changes(&current, &desired);
        let add = |value: &str, previous: &[&str]| Change::AddEnumValue {
            name: "e".into(),
            value: value.into(),
            before: None,
            previous: previous.iter().map(|v| v.to_string()).collect(),
        };
        assert_eq!(found, vec![add("b", &["a"]), add("c", &["a", "b"])]);
    }

    #[test]
    fn an_enum_value_removed_replaces_the_type_and_is_destructive() {
        let mut current = schema(vec![]);
        current
            .enums
            .insert("e".into(), vec!["a".into(), "b".into()]);
        let mut desired = schema(vec![]);
        desired.enums.insert("e".into(), vec!["a".into()]);
        let found = changes(&current, &desired);
        assert_eq!(
            found,
            vec![Change::ReplaceEnum {
                name: "e".into(),
                from: vec!["a".into(), "b".into()],
                to: vec!["a".into()]
            }]
        );
        assert!(found[0].is_destructive());
    }

    #[test]
    fn reordered_enum_values_replace_the_type() {
        let mut current = schema(vec![]);
        current
            .enums
            .insert("e".into(), vec!["a".into(), "b".into()]);
        let mut desired = schema(vec![]);
        desired
            .enums
            .insert("e".into(), vec!["b".into(), "a".into()]);
        let found = changes(&current, &desired);
        assert!(matches!(&found[..], [Change::ReplaceEnum { .. }]));
        assert!(!found[0].is_destructive());
    }

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
    fn a_declared_table_rename_renames_then_compares_against_the_renamed_table() {
        let current = schema(vec![table("orgs", vec![column("id", "integer")])]);
        let desired = schema(vec![with(
            table("organizations", vec![column("id", "integer")]),
            |t| {
                t.columns.push(column("slug", "text"));
            },
        )]);
        let renames = Renames::new().table("orgs", "organizations");
        let found = diff(&current, &desired, &renames).expect("diff");
        assert_eq!(
            found.changes,
            vec![
                Change::RenameTable {
                    from: "orgs".into(),
                    to: "organizations".into()
                },
                Change::AddColumn {
                    table: "organizations".into(),
                    column: column("slug", "text")
                },
            ]
        );
        assert_eq!(found.undecided, vec![]);
    }

    #[test]
    fn a_declared_column_rename_is_a_rename_and_its_other_changes() {
        let current = with(organizations(), |t| {
            t.indexes.push(index("ix", &["slug"], true))
        });
        let desired = with(
            table(
                "organizations",
                vec![
                    column("id", "integer"),
                    column("name", "character varying(64)"),
                ],
            ),
            |t| {
                t.indexes.push(index("ix", &["name"], true));
            },
        );
        let renames = Renames::new().column("organizations", "slug", "name");
        let found = diff(&schema(vec![current]), &schema(vec![desired]), &renames).expect("diff");
        let lines: Vec<String> = found.changes.iter().map(|c| c.to_string()).collect();
        assert_eq!(
            lines,
            vec![
                "rename column organizations.slug -> name",
                "change column organizations.name: type text -> character varying(64)",
            ]
        );
    }

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

    #[test]
    fn a_rename_of_an_unknown_table_is_an_error_naming_it() {
        let s = schema(vec![organizations()]);
        let error =
            diff(&s, &s, &Renames::new().table("orgs", "organizations")).expect_err("unknown");
        assert_eq!(
            error.to_string(),
            "rename orgs=organizations: the current schema has no table `orgs`; check the old name"
        );
    }

    #[test]
    fn a_rename_to_an_unknown_column_is_an_error_naming_it() {
        let s = schema(vec![organizations()]);
        let error = diff(
            &s,
            &s,
            &Renames::new().column("organizations", "slug", "name"),
        )
        .expect_err("unknown");
        assert_eq!(
            error.to_string(),
            "rename organizations.slug=name: the desired schema has no column `organizations.name`; check the new name"
        );
    }

    #[test]
    fn a_diff_serializes_each_change_with_its_kind() {
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
        let json = serde_json::to_value(&found).expect("json");
        assert_eq!(json["changes"][0]["change"], "drop_column");
        assert_eq!(json["changes"][0]["table"], "organizations");
        assert_eq!(json["undecided"][0]["kind"], "column");
        assert_eq!(json["undecided"][0]["to"], "name");
    }
}

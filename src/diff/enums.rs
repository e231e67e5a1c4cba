//! PostgreSQL enum types compared: created, dropped, values inserted in
//! place (each one reversible), or replaced by a type swap.

use std::collections::BTreeMap;

use super::change::{Change, with_value};

/// The changes that turn `current`'s enum types into `desired`'s, type by type in name order.
pub(super) fn diff_enums(
    current: &BTreeMap<String, Vec<String>>,
    desired: &BTreeMap<String, Vec<String>>,
) -> Vec<Change> {
    let mut changes = Vec::new();
    for (name, values) in current {
        if !desired.contains_key(name) {
            changes.push(Change::DropEnum {
                name: name.clone(),
                values: values.clone(),
            });
        }
    }
    for (name, to) in desired {
        match current.get(name) {
            None => changes.push(Change::CreateEnum {
                name: name.clone(),
                values: to.clone(),
            }),
            Some(from) if from == to => {}
            Some(from) => match insertions(name, from, to) {
                Some(adds) => changes.extend(adds),
                None => changes.push(Change::ReplaceEnum {
                    name: name.clone(),
                    from: from.clone(),
                    to: to.clone(),
                }),
            },
        }
    }
    changes
}

/// One `AddEnumValue` per value of `to` not in `from`, in order, when `from`
/// is a subsequence of `to`; `None` when a value was removed or moved.
fn insertions(name: &str, from: &[String], to: &[String]) -> Option<Vec<Change>> {
    let mut values = from.to_vec();
    let mut old = from.iter().peekable();
    let mut adds = Vec::new();
    for value in to {
        if old.peek() == Some(&value) {
            old.next();
            continue;
        }
        if from.contains(value) {
            return None;
        }
        let before = old.peek().map(|v| v.to_string());
        let next = with_value(&values, value, before.as_deref());
        let previous = std::mem::replace(&mut values, next);
        adds.push(Change::AddEnumValue {
            name: name.to_string(),
            value: value.clone(),
            before,
            previous,
        });
    }
    (old.next().is_none()).then_some(adds)
}

#[cfg(test)]
mod tests {
    use crate::diff::fixtures::*;
    use crate::diff::*;

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
}

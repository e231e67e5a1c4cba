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

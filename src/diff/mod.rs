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
pub use renames::{RenameCandidate, Renames, rename_column, rename_table};

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
    changes.extend(order::drop_tables(dropped, &current, desired));
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
    use crate::diff::fixtures::*;
    use crate::diff::*;

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

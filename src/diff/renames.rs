//! Renames: those declared (`old=new`, `table.old=new`), those declined, the
//! candidates the diff proposes, and what a rename does to a schema model.

use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;

use serde::Serialize;

use database::catalog::schema::Schema;

use super::change::Change;
use super::error::{DiffError, RenameSyntaxError};

/// A rename: one the diff proposes (a drop and an add that look alike), or
/// one parsed from the command line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RenameCandidate {
    /// A table renamed.
    Table {
        /// Its name in the current schema.
        from: String,
        /// Its name in the desired schema.
        to: String,
    },
    /// A column renamed.
    Column {
        /// The table, as the desired schema names it.
        table: String,
        /// The column's name in the current schema.
        from: String,
        /// The column's name in the desired schema.
        to: String,
    },
}

/// The renames a diff takes as given, and the candidates it must not propose again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Renames {
    /// Tables renamed, old name to new name.
    pub tables: BTreeMap<String, String>,
    /// Columns renamed: (table as the desired schema names it, old name) to new name.
    pub columns: BTreeMap<(String, String), String>,
    /// Candidates the user said are not renames.
    pub declined: BTreeSet<RenameCandidate>,
}

impl FromStr for RenameCandidate {
    type Err = RenameSyntaxError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let invalid = || RenameSyntaxError(text.to_string());
        let (old, new) = text.split_once('=').ok_or_else(invalid)?;
        let (old, new) = (old.trim(), new.trim());
        let plain = |name: &str| !name.is_empty() && !name.contains(['=', '.']);
        if !plain(new) {
            return Err(invalid());
        }
        match old.split_once('.') {
            Some((table, from)) if plain(table) && plain(from) => Ok(Self::Column {
                table: table.to_string(),
                from: from.to_string(),
                to: new.to_string(),
            }),
            None if plain(old) => Ok(Self::Table {
                from: old.to_string(),
                to: new.to_string(),
            }),
            _ => Err(invalid()),
        }
    }
}

impl Renames {
    /// No renames declared, none declined.
    pub fn new() -> Self {
        Self::default()
    }

    /// These renames and table `from` renamed to `to`.
    #[cfg(test)]
    pub fn table(mut self, from: &str, to: &str) -> Self {
        self.insert(RenameCandidate::Table {
            from: from.to_string(),
            to: to.to_string(),
        });
        self
    }

    /// These renames and column `from` of `table` (as the desired schema names it) renamed to `to`.
    #[cfg(test)]
    pub fn column(mut self, table: &str, from: &str, to: &str) -> Self {
        self.insert(RenameCandidate::Column {
            table: table.to_string(),
            from: from.to_string(),
            to: to.to_string(),
        });
        self
    }

    /// Declares `rename` (a parsed argument, or a candidate the user accepted).
    pub fn insert(&mut self, rename: RenameCandidate) {
        match rename {
            RenameCandidate::Table { from, to } => {
                self.tables.insert(from, to);
            }
            RenameCandidate::Column { table, from, to } => {
                self.columns.insert((table, from), to);
            }
        }
    }

    /// Records that `candidate` is not a rename, so the diff does not propose it again.
    pub fn decline(&mut self, candidate: RenameCandidate) {
        self.declined.insert(candidate);
    }
}

/// Checks the declared renames against both schemas and applies them to a
/// copy of `current`, returning it with the rename changes, in declaration order.
pub(super) fn apply_declared(
    current: &Schema,
    desired: &Schema,
    renames: &Renames,
) -> Result<(Schema, Vec<Change>), DiffError> {
    let mut renamed = current.clone();
    let mut changes = Vec::new();
    let mut targets = BTreeSet::new();
    for (from, to) in &renames.tables {
        let rename = format!("{from}={to}");
        let object = |name: &str| format!("table `{name}`");
        if !current.tables.contains_key(from) {
            return Err(DiffError::NotInCurrent {
                rename,
                object: object(from),
            });
        }
        if !desired.tables.contains_key(to) {
            return Err(DiffError::NotInDesired {
                rename,
                object: object(to),
            });
        }
        if current.tables.contains_key(to) {
            return Err(DiffError::TargetTaken {
                rename,
                object: object(to),
            });
        }
        if !targets.insert(to) {
            return Err(DiffError::DuplicateTarget {
                rename,
                object: object(to),
            });
        }
        rename_table(&mut renamed, from, to);
        changes.push(Change::RenameTable {
            from: from.clone(),
            to: to.clone(),
        });
    }
    let mut targets = BTreeSet::new();
    for ((table, from), to) in &renames.columns {
        let rename = format!("{table}.{from}={to}");
        let object = |name: &str| format!("column `{table}.{name}`");
        let Some(desired_table) = desired.tables.get(table) else {
            let object = format!("table `{table}`");
            return Err(DiffError::NotInDesired { rename, object });
        };
        let Some(current_table) = renamed.tables.get(table) else {
            let object = format!("table `{table}`");
            return Err(DiffError::NotInCurrent { rename, object });
        };
        if current_table.column(from).is_none() {
            return Err(DiffError::NotInCurrent {
                rename,
                object: object(from),
            });
        }
        if desired_table.column(to).is_none() {
            return Err(DiffError::NotInDesired {
                rename,
                object: object(to),
            });
        }
        if current_table.column(to).is_some() {
            return Err(DiffError::TargetTaken {
                rename,
                object: object(to),
            });
        }
        if !targets.insert((table, to)) {
            return Err(DiffError::DuplicateTarget {
                rename,
                object: object(to),
            });
        }
        rename_column(&mut renamed, table, from, to);
        changes.push(Change::RenameColumn {
            table: table.clone(),
            from: from.clone(),
            to: to.clone(),
        });
    }
    Ok((renamed, changes))
}

/// Renames table `from` to `to` in `schema`, and every foreign key that references it.
pub fn rename_table(schema: &mut Schema, from: &str, to: &str) {
    if let Some(mut table) = schema.tables.remove(from) {
        table.name = to.to_string();
        schema.tables.insert(to.to_string(), table);
    }
    for key in schema.tables.values_mut().flat_map(|t| &mut t.foreign_keys) {
        if key.foreign_table == from {
            key.foreign_table = to.to_string();
        }
    }
}

/// Renames column `from` of `table` to `to` in `schema`: the column, and
/// every key and index naming it. Check expressions are text and keep the old name.
pub fn rename_column(schema: &mut Schema, table: &str, from: &str, to: &str) {
    let swap = |names: &mut Vec<String>| {
        for name in names.iter_mut().filter(|n| *n == from) {
            *name = to.to_string();
        }
    };
    if let Some(t) = schema.tables.get_mut(table) {
        for column in t.columns.iter_mut().filter(|c| c.name == from) {
            column.name = to.to_string();
        }
        swap(&mut t.primary_key);
        t.indexes.iter_mut().for_each(|i| swap(&mut i.columns));
        t.foreign_keys.iter_mut().for_each(|k| swap(&mut k.columns));
    }
    for key in schema.tables.values_mut().flat_map(|t| &mut t.foreign_keys) {
        if key.foreign_table == table {
            swap(&mut key.foreign_columns);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diff::fixtures::*;
    use crate::diff::*;

    #[test]
    fn a_column_rename_argument_parses() {
        let parsed: RenameCandidate = "organizations.title=name".parse().expect("valid");
        assert_eq!(
            parsed,
            RenameCandidate::Column {
                table: "organizations".into(),
                from: "title".into(),
                to: "name".into()
            }
        );
    }

    #[test]
    fn a_table_rename_argument_parses() {
        let parsed: RenameCandidate = "orgs=organizations".parse().expect("valid");
        let expected = RenameCandidate::Table {
            from: "orgs".into(),
            to: "organizations".into(),
        };
        assert_eq!(parsed, expected);
    }

    #[test]
    fn a_malformed_rename_argument_is_a_one_line_error() {
        for bad in [
            "orgs", "=new", "old=", "a.b.c=d", "a.b=c.d", "a=b=c", ".b=c",
        ] {
            let error = bad.parse::<RenameCandidate>().expect_err(bad);
            assert_eq!(
                error.to_string(),
                format!(
                    "invalid rename `{bad}`: expected `old=new` for a table or `table.old=new` for a column"
                )
            );
        }
    }

    #[test]
    fn an_accepted_argument_is_declared_in_the_renames() {
        let mut renames = Renames::new();
        renames.insert("t.a=b".parse().expect("valid"));
        renames.insert("x=y".parse().expect("valid"));
        assert_eq!(
            renames,
            Renames::new().column("t", "a", "b").table("x", "y")
        );
        assert_eq!(renames.columns[&("t".to_string(), "a".to_string())], "b");
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
}

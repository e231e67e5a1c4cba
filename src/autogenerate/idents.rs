//! The identifiers a migration names: one `#[derive(DeriveIden)]` enum per
//! table, its `Table` variant and one variant per column, with
//! `#[sea_orm(iden = "...")]` where a name does not survive DeriveIden's
//! snake_case.

use std::collections::BTreeMap;

/// Names that the generated enums must not take: the items the migration
/// file uses from its imports.
const TAKEN: &[&str] = &[
    "Alias",
    "ColumnDef",
    "DbBackend",
    "DbErr",
    "Expr",
    "ForeignKey",
    "ForeignKeyAction",
    "Index",
    "Migration",
    "SchemaManager",
    "Table",
    "Type",
];

/// The identifiers used so far, and the Rust names they got.
#[derive(Debug, Default)]
pub struct Idents {
    tables: BTreeMap<String, Enum>,
}

#[derive(Debug)]
struct Enum {
    rust: String,
    columns: BTreeMap<String, String>,
}

impl Idents {
    /// The expression naming table `table` (`Organizations::Table`).
    pub fn table(&mut self, table: &str) -> String {
        format!("{}::Table", self.entry(table).rust)
    }

    /// The expression naming column `column` of `table` (`Organizations::Slug`).
    pub fn column(&mut self, table: &str, column: &str) -> String {
        let entry = self.entry(table);
        if !entry.columns.contains_key(column) {
            let mut rust = camel_case(column).unwrap_or_else(|| "Column".to_owned());
            if rust == "Table" || rust == "Self" {
                rust.push_str("Column");
            }
            let base = rust.clone();
            let mut n = 1;
            while entry.columns.values().any(|taken| *taken == rust) {
                n += 1;
                rust = format!("{base}{n}");
            }
            entry.columns.insert(column.to_owned(), rust);
        }
        format!("{}::{}", entry.rust, entry.columns[column])
    }

    fn entry(&mut self, table: &str) -> &mut Enum {
        let rust = if self.tables.contains_key(table) {
            String::new()
        } else {
            self.new_enum_name(table)
        };
        self.tables.entry(table.to_owned()).or_insert_with(|| Enum {
            rust,
            columns: BTreeMap::new(),
        })
    }

    fn new_enum_name(&self, table: &str) -> String {
        let mut rust = camel_case(table).unwrap_or_else(|| "Unnamed".to_owned());
        if TAKEN.contains(&rust.as_str()) {
            rust.push_str("Table");
        }
        let base = rust.clone();
        let mut n = 1;
        while self.tables.values().any(|taken| taken.rust == rust) {
            n += 1;
            rust = format!("{base}{n}");
        }
        rust
    }

    /// The enums' source, in table-name order, each variant in column-name order.
    pub fn source(&self) -> String {
        let mut out = String::new();
        for (table, entry) in &self.tables {
            out.push_str("\n#[derive(DeriveIden)]\n");
            out.push_str(&format!("enum {} {{\n", entry.rust));
            out.push_str(&variant(table, &entry.rust, "Table"));
            let mut columns: Vec<_> = entry.columns.iter().collect();
            columns.sort_by_key(|(_, rust)| rust.as_str());
            for (column, rust) in columns {
                out.push_str(&variant(column, rust, rust));
            }
            out.push_str("}\n");
        }
        out
    }
}

/// A variant named `variant` whose identifier spells `name`; `rust` is the
/// name DeriveIden snake-cases (the enum's for `Table`).
fn variant(name: &str, rust: &str, variant: &str) -> String {
    if round_trips(name) && camel_case(name).as_deref() == Some(rust) {
        format!("    {variant},\n")
    } else {
        format!("    #[sea_orm(iden = {name:?})]\n    {variant},\n")
    }
}

/// `organization_members` as `OrganizationMembers`; `None` when nothing of
/// the name makes an identifier.
fn camel_case(name: &str) -> Option<String> {
    let mut out = String::new();
    for word in name.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars.map(|c| c.to_ascii_lowercase()));
        }
    }
    match out.chars().next() {
        Some(first) if first.is_ascii_alphabetic() => Some(out),
        _ => None,
    }
}

/// Whether DeriveIden's snake_case surely turns the camel-case name back
/// into `name`: lower-case words of letters and digits, each starting with
/// a letter, every word but the last at least two characters long and
/// ending in a letter (so that word boundaries stay where they were).
fn round_trips(name: &str) -> bool {
    let words: Vec<&str> = name.split('_').collect();
    let last = words.len() - 1;
    words.iter().enumerate().all(|(i, word)| {
        let lower = word
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
        let starts = word.chars().next().is_some_and(|c| c.is_ascii_lowercase());
        let ends = i == last
            || (word.len() >= 2 && word.chars().last().is_some_and(|c| c.is_ascii_lowercase()));
        lower && starts && ends
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_names_need_no_attribute() {
        let mut idents = Idents::default();
        assert_eq!(
            idents.column("api_keys", "key_prefix"),
            "ApiKeys::KeyPrefix"
        );
        assert_eq!(
            idents.source(),
            "\n#[derive(DeriveIden)]\nenum ApiKeys {\n    Table,\n    KeyPrefix,\n}\n"
        );
    }

    #[test]
    fn names_that_do_not_round_trip_keep_their_spelling() {
        let mut idents = Idents::default();
        assert_eq!(idents.column("userAccounts", "a_b"), "Useraccounts::AB");
        let source = idents.source();
        assert!(
            source.contains("#[sea_orm(iden = \"userAccounts\")]\n    Table,"),
            "{source}"
        );
        assert!(
            source.contains("#[sea_orm(iden = \"a_b\")]\n    AB,"),
            "{source}"
        );
    }

    #[test]
    fn names_that_clash_with_the_dsl_or_each_other_are_renamed() {
        let mut idents = Idents::default();
        assert_eq!(idents.table("index"), "IndexTable::Table");
        assert_eq!(idents.column("t", "table"), "T::TableColumn");
        assert_eq!(idents.column("t", "a_b"), "T::AB");
        assert_eq!(idents.column("t", "ab"), "T::Ab");
        assert_eq!(idents.column("t", "a__b"), "T::AB2");
        let source = idents.source();
        assert!(
            source.contains("#[sea_orm(iden = \"index\")]\n    Table,"),
            "{source}"
        );
        assert!(
            source.contains("#[sea_orm(iden = \"a__b\")]\n    AB2,"),
            "{source}"
        );
    }
}

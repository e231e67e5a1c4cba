//! Small schema models for the diff's tests.

use database::Backend;
use database::catalog::schema::{
    Check, Column, ForeignKey, Index, ReferentialAction, Schema, Table,
};

use super::{Change, Renames, diff};

/// A NOT NULL column without default.
pub(super) fn column(name: &str, data_type: &str) -> Column {
    Column {
        name: name.to_string(),
        data_type: data_type.to_string(),
        nullable: false,
        default: None,
        auto_increment: false,
    }
}

/// A table of `columns` keyed by its first column.
pub(super) fn table(name: &str, columns: Vec<Column>) -> Table {
    Table {
        name: name.to_string(),
        primary_key: columns.iter().take(1).map(|c| c.name.clone()).collect(),
        columns,
        indexes: Vec::new(),
        foreign_keys: Vec::new(),
        checks: Vec::new(),
    }
}

/// A PostgreSQL schema of `tables` and no enum types.
pub(super) fn schema(tables: Vec<Table>) -> Schema {
    let mut schema = Schema::new(Backend::Postgres);
    for table in tables {
        schema.tables.insert(table.name.clone(), table);
    }
    schema
}

/// A plain index.
pub(super) fn index(name: &str, columns: &[&str], unique: bool) -> Index {
    Index {
        name: name.to_string(),
        columns: columns.iter().map(|c| c.to_string()).collect(),
        unique,
        predicate: None,
    }
}

/// A foreign key with no actions from `columns` to `foreign_table`'s `id`.
pub(super) fn key(name: &str, columns: &[&str], foreign_table: &str) -> ForeignKey {
    ForeignKey {
        name: name.to_string(),
        columns: columns.iter().map(|c| c.to_string()).collect(),
        foreign_table: foreign_table.to_string(),
        foreign_columns: vec!["id".to_string()],
        on_delete: ReferentialAction::NoAction,
        on_update: ReferentialAction::NoAction,
    }
}

/// A check constraint.
pub(super) fn check(name: &str, expression: &str) -> Check {
    Check {
        name: name.to_string(),
        expression: expression.to_string(),
    }
}

/// The changes from `current` to `desired` without renames.
pub(super) fn changes(current: &Schema, desired: &Schema) -> Vec<Change> {
    diff(current, desired, &Renames::new())
        .expect("diff")
        .changes
}

/// `organizations (id integer, slug text)`, keyed by `id`.
pub(super) fn organizations() -> Table {
    table(
        "organizations",
        vec![column("id", "integer"), column("slug", "text")],
    )
}

/// `base` after `edit`.
pub(super) fn with(mut base: Table, edit: impl FnOnce(&mut Table)) -> Table {
    edit(&mut base);
    base
}

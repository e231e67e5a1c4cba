//! The schema as it stands between two steps of a migration: the starting
//! schema with each change applied in turn, so that every step is rendered
//! against the tables as they are at that point.

use database::catalog::schema::{Schema, Table};

use super::RenderError;
use crate::diff::{self, Change};

/// The table named `name` in `schema`, or the error saying the changes and the schema disagree.
pub fn table<'a>(schema: &'a Schema, name: &str) -> Result<&'a Table, RenderError> {
    schema
        .tables
        .get(name)
        .ok_or_else(|| RenderError::UnknownTable(name.to_owned()))
}

/// The tables whose foreign keys reference `name` (itself included),
/// comma-separated; empty when none do.
pub fn referencing(schema: &Schema, name: &str) -> String {
    schema
        .tables
        .values()
        .filter(|t| t.foreign_keys.iter().any(|k| k.foreign_table == name))
        .map(|t| t.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The columns using PostgreSQL enum type `name`, as (table, column) pairs.
pub fn enum_columns(schema: &Schema, name: &str) -> Vec<(String, String)> {
    schema
        .tables
        .values()
        .flat_map(|t| {
            t.columns
                .iter()
                .filter(|c| c.data_type == name)
                .map(|c| (t.name.clone(), c.name.clone()))
        })
        .collect()
}

/// `schema` with `change` made.
pub fn apply(schema: &mut Schema, change: &Change) -> Result<(), RenderError> {
    match change {
        Change::CreateEnum { name, values } => {
            schema.enums.insert(name.clone(), values.clone());
        }
        Change::DropEnum { name, .. } => {
            schema.enums.remove(name);
        }
        Change::AddEnumValue {
            name,
            value,
            before,
            ..
        } => {
            let values = schema.enums.entry(name.clone()).or_default();
            let at = before
                .as_ref()
                .and_then(|b| values.iter().position(|v| v == b))
                .unwrap_or(values.len());
            values.insert(at, value.clone());
        }
        Change::ReplaceEnum { name, to, .. } => {
            schema.enums.insert(name.clone(), to.clone());
        }
        Change::CreateTable(table) => {
            schema.tables.insert(table.name.clone(), table.clone());
        }
        Change::DropTable(table) => {
            schema.tables.remove(&table.name);
        }
        Change::RenameTable { from, to } => {
            table_mut(schema, from)?;
            diff::rename_table(schema, from, to);
        }
        Change::AddColumn { table, column } => {
            table_mut(schema, table)?.columns.push(column.clone());
        }
        Change::DropColumn { table, column } => {
            table_mut(schema, table)?
                .columns
                .retain(|c| c.name != column.name);
        }
        Change::RenameColumn { table, from, to } => {
            table_mut(schema, table)?;
            diff::rename_column(schema, table, from, to);
        }
        Change::AlterColumn { table, to, .. } => {
            let table = table_mut(schema, table)?;
            if let Some(column) = table.columns.iter_mut().find(|c| c.name == to.name) {
                *column = to.clone();
            }
        }
        Change::AlterPrimaryKey { table, to, .. } => {
            table_mut(schema, table)?.primary_key.clone_from(to);
        }
        Change::AddIndex { table, index } => {
            table_mut(schema, table)?.indexes.push(index.clone());
        }
        Change::DropIndex { table, index } => {
            table_mut(schema, table)?
                .indexes
                .retain(|i| i.name != index.name);
        }
        Change::AddForeignKey { table, key } => {
            table_mut(schema, table)?.foreign_keys.push(key.clone());
        }
        Change::DropForeignKey { table, key } => {
            table_mut(schema, table)?.foreign_keys.retain(|k| k != key);
        }
        Change::AddCheck { table, check } => {
            table_mut(schema, table)?.checks.push(check.clone());
        }
        Change::DropCheck { table, check } => {
            table_mut(schema, table)?.checks.retain(|c| c != check);
        }
    }
    Ok(())
}

fn table_mut<'a>(schema: &'a mut Schema, name: &str) -> Result<&'a mut Table, RenderError> {
    schema
        .tables
        .get_mut(name)
        .ok_or_else(|| RenderError::UnknownTable(name.to_owned()))
}

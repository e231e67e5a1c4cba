//! A change applied to a schema model, as the database would apply it, and
//! refused when the database would refuse it (a missing object, an object
//! still referenced, a state other than the one the change expects). Types
//! named `enum_*` are enum types and must exist while a column uses them.

use database::catalog::schema::{Column, ForeignKey, Schema, Table};

use super::change::{Change, with_value};
use super::renames::{rename_column, rename_table};

/// Applies `change` to `schema`, or says why the database would refuse it.
pub(super) fn apply(schema: &mut Schema, change: &Change) -> Result<(), String> {
    match change {
        Change::CreateEnum { name, values } => {
            refuse_if(schema.enums.contains_key(name), "enum exists")?;
            schema.enums.insert(name.clone(), values.clone());
        }
        Change::DropEnum { name, values } => {
            expect(schema.enums.get(name) == Some(values), "enum differs")?;
            let used =
                (schema.tables.values()).any(|t| t.columns.iter().any(|c| &c.data_type == name));
            refuse_if(used, "enum in use")?;
            schema.enums.remove(name);
        }
        Change::AddEnumValue {
            name,
            value,
            before,
            previous,
        } => {
            expect(schema.enums.get(name) == Some(previous), "enum differs")?;
            let values = with_value(previous, value, before.as_deref());
            schema.enums.insert(name.clone(), values);
        }
        Change::ReplaceEnum { name, from, to } => {
            expect(schema.enums.get(name) == Some(from), "enum differs")?;
            schema.enums.insert(name.clone(), to.clone());
        }
        Change::CreateTable(table) => {
            refuse_if(schema.tables.contains_key(&table.name), "table exists")?;
            for column in &table.columns {
                enum_exists(schema, column)?;
            }
            valid_table(table)?;
            for key in &table.foreign_keys {
                if key.foreign_table != table.name {
                    target_exists(schema, key)?;
                }
            }
            schema.tables.insert(table.name.clone(), table.clone());
        }
        Change::DropTable(table) => {
            expect(
                schema.tables.get(&table.name) == Some(table),
                "table differs",
            )?;
            let referenced = (schema.tables.values())
                .filter(|t| t.name != table.name)
                .any(|t| t.foreign_keys.iter().any(|k| k.foreign_table == table.name));
            refuse_if(referenced, "table referenced")?;
            schema.tables.remove(&table.name);
        }
        Change::RenameTable { from, to } => {
            expect(schema.tables.contains_key(from), "no such table")?;
            refuse_if(schema.tables.contains_key(to), "table exists")?;
            rename_table(schema, from, to);
        }
        Change::AddColumn { table, column } => {
            enum_exists(schema, column)?;
            let t = table_mut(schema, table)?;
            refuse_if(t.column(&column.name).is_some(), "column exists")?;
            t.columns.push(column.clone());
        }
        Change::DropColumn { table, column } => {
            let name = &column.name;
            let referenced = (schema.tables.values()).any(|t| {
                (t.foreign_keys.iter())
                    .any(|k| &k.foreign_table == table && k.foreign_columns.contains(name))
            });
            refuse_if(referenced, "column referenced")?;
            let t = table_mut(schema, table)?;
            expect(t.column(name) == Some(column), "column differs")?;
            let used = t.primary_key.contains(name)
                || t.indexes.iter().any(|i| i.columns.contains(name))
                || t.foreign_keys.iter().any(|k| k.columns.contains(name));
            refuse_if(used, "column in use")?;
            t.columns.retain(|c| &c.name != name);
        }
        Change::RenameColumn { table, from, to } => {
            let t = table_mut(schema, table)?;
            expect(t.column(from).is_some(), "no such column")?;
            refuse_if(t.column(to).is_some(), "column exists")?;
            rename_column(schema, table, from, to);
        }
        Change::AlterColumn { table, from, to } => {
            enum_exists(schema, to)?;
            let t = table_mut(schema, table)?;
            let column = t.columns.iter_mut().find(|c| c.name == from.name);
            let Some(column) = column.filter(|c| *c == from) else {
                return Err("column differs".to_string());
            };
            *column = to.clone();
        }
        Change::AlterPrimaryKey { table, from, to } => {
            let t = table_mut(schema, table)?;
            expect(&t.primary_key == from, "key differs")?;
            expect(to.iter().all(|c| t.column(c).is_some()), "no such column")?;
            t.primary_key = to.clone();
        }
        Change::AddIndex { table, index } => {
            let t = table_mut(schema, table)?;
            expect(
                index.columns.iter().all(|c| t.column(c).is_some()),
                "no such column",
            )?;
            refuse_if(
                t.indexes.iter().any(|i| i.name == index.name),
                "index exists",
            )?;
            t.indexes.push(index.clone());
        }
        Change::DropIndex { table, index } => {
            remove(&mut table_mut(schema, table)?.indexes, index)?
        }
        Change::AddForeignKey { table, key } => {
            target_exists(schema, key)?;
            let t = table_mut(schema, table)?;
            expect(
                key.columns.iter().all(|c| t.column(c).is_some()),
                "no such column",
            )?;
            t.foreign_keys.push(key.clone());
        }
        Change::DropForeignKey { table, key } => {
            remove(&mut table_mut(schema, table)?.foreign_keys, key)?
        }
        Change::AddCheck { table, check } => table_mut(schema, table)?.checks.push(check.clone()),
        Change::DropCheck { table, check } => remove(&mut table_mut(schema, table)?.checks, check)?,
    }
    Ok(())
}

/// The table named `name`.
fn table_mut<'a>(schema: &'a mut Schema, name: &str) -> Result<&'a mut Table, String> {
    schema
        .tables
        .get_mut(name)
        .ok_or(format!("no table {name}"))
}

/// Removes `item` from `items`, which must hold it.
fn remove<T: PartialEq>(items: &mut Vec<T>, item: &T) -> Result<(), String> {
    let at = items
        .iter()
        .position(|i| i == item)
        .ok_or("no such object")?;
    items.remove(at);
    Ok(())
}

/// A table's key, index and foreign key columns are its own.
fn valid_table(table: &Table) -> Result<(), String> {
    let has = |names: &[String]| names.iter().all(|n| table.column(n).is_some());
    expect(has(&table.primary_key), "no such key column")?;
    expect(
        table.indexes.iter().all(|i| has(&i.columns)),
        "no such index column",
    )?;
    expect(
        table.foreign_keys.iter().all(|k| has(&k.columns)),
        "no such key column",
    )
}

/// The table and columns `key` references exist.
fn target_exists(schema: &Schema, key: &ForeignKey) -> Result<(), String> {
    let target = schema.tables.get(&key.foreign_table);
    let exists = target.is_some_and(|t| key.foreign_columns.iter().all(|c| t.column(c).is_some()));
    expect(exists, "no referenced column")
}

/// A column's enum type exists.
fn enum_exists(schema: &Schema, column: &Column) -> Result<(), String> {
    let is_enum = column.data_type.starts_with("enum_");
    expect(
        !is_enum || schema.enums.contains_key(&column.data_type),
        "no such enum",
    )
}

/// Fails with `why` unless `condition`.
fn expect(condition: bool, why: &str) -> Result<(), String> {
    if condition {
        Ok(())
    } else {
        Err(why.to_string())
    }
}

/// Fails with `why` when `condition`.
fn refuse_if(condition: bool, why: &str) -> Result<(), String> {
    expect(!condition, why)
}

//! The diff's properties on random small schemas and random edits of them:
//! its changes turn the first schema into the second, and their reverse
//! turns it back. Schemas are compared with columns, indexes, keys and
//! checks in name order, since column position is not diffed (an added
//! column goes last). Names of indexes, keys and checks are derived from
//! their structure here, so a name never differs on its own.

use proptest::prelude::*;

use database::Backend;
use database::catalog::schema::{
    Check, Column, ForeignKey, Index, ReferentialAction, Schema, Table,
};

use super::apply::apply;
use super::{Change, Renames, diff, reversed};

const TYPES: [&str; 7] = [
    "integer",
    "bigint",
    "text",
    "character varying(255)",
    "boolean",
    "enum_a",
    "enum_b",
];
const DEFAULTS: [Option<&str>; 3] = [None, Some("0"), Some("'x'")];
const VALUES: [&str; 5] = ["a", "b", "c", "d", "e"];
const ENUMS: [&str; 2] = ["enum_a", "enum_b"];
const ACTIONS: [ReferentialAction; 3] = [
    ReferentialAction::NoAction,
    ReferentialAction::Cascade,
    ReferentialAction::SetNull,
];
const EXPRESSIONS: [&str; 3] = ["c0 IS NOT NULL", "c0 <> ''", "c1 > 0"];

/// A column: type, nullable, default and generated, as pool positions.
type ColumnPlan = (usize, bool, usize, bool);
/// A table: columns, primary key length, indexes (two columns and
/// uniqueness), foreign keys (column, target table, action) and checks.
type TablePlan = (
    Vec<ColumnPlan>,
    usize,
    Vec<(usize, usize, bool)>,
    Vec<(usize, usize, usize)>,
    Vec<usize>,
);
/// One edit: its kind and three choices.
type Edit = (usize, usize, usize, usize);

fn table_plan() -> impl Strategy<Value = TablePlan> {
    let column = (
        0..TYPES.len(),
        any::<bool>(),
        0..DEFAULTS.len(),
        any::<bool>(),
    );
    (
        prop::collection::vec(column, 1..=6),
        0..3usize,
        prop::collection::vec((0..6usize, 0..7usize, any::<bool>()), 0..=2),
        prop::collection::vec((0..6usize, 0..5usize, 0..ACTIONS.len()), 0..=2),
        prop::collection::vec(0..EXPRESSIONS.len(), 0..=1),
    )
}

/// A random schema of 1-5 tables and up to two enum types.
fn schema_strategy() -> impl Strategy<Value = Schema> {
    let enums = prop::collection::vec(prop::option::of(1u8..32), ENUMS.len());
    (prop::collection::vec(table_plan(), 1..=5), enums)
        .prop_map(|(plans, enums)| build(&plans, &enums))
}

fn build(plans: &[TablePlan], enums: &[Option<u8>]) -> Schema {
    let mut schema = Schema::new(Backend::Postgres);
    for (name, mask) in ENUMS.iter().zip(enums) {
        if let Some(mask) = mask {
            let values = (VALUES.iter().enumerate())
                .filter(|(i, _)| mask & (1 << i) != 0)
                .map(|(_, v)| v.to_string());
            schema.enums.insert(name.to_string(), values.collect());
        }
    }
    let names: Vec<String> = (0..plans.len()).map(|i| format!("t{i}")).collect();
    for (name, (columns, key, indexes, keys, checks)) in names.iter().zip(plans) {
        let columns: Vec<Column> = (columns.iter().enumerate())
            .map(|(i, &(ty, nullable, default, auto))| Column {
                name: format!("c{i}"),
                data_type: TYPES[ty].to_string(),
                nullable,
                default: DEFAULTS[default].map(str::to_string),
                auto_increment: auto,
            })
            .collect();
        let pick = |i: usize| columns[i % columns.len()].name.clone();
        let table = Table {
            name: name.clone(),
            primary_key: (0..*key.min(&columns.len())).map(pick).collect(),
            indexes: (indexes.iter())
                .map(|&(a, b, unique)| index(vec![pick(a), pick(b)], unique))
                .collect(),
            foreign_keys: (keys.iter())
                .map(|&(c, target, action)| {
                    foreign_key(pick(c), &names[target % names.len()], "c0", action)
                })
                .collect(),
            checks: checks.iter().map(|&e| check(EXPRESSIONS[e])).collect(),
            columns,
        };
        schema.tables.insert(name.clone(), table);
    }
    fix_up(&mut schema);
    schema
}

fn index(mut columns: Vec<String>, unique: bool) -> Index {
    columns.dedup();
    Index {
        name: String::new(),
        columns,
        unique,
        predicate: None,
    }
}

fn foreign_key(column: String, target: &str, target_column: &str, action: usize) -> ForeignKey {
    ForeignKey {
        name: String::new(),
        columns: vec![column],
        foreign_table: target.to_string(),
        foreign_columns: vec![target_column.to_string()],
        on_delete: ACTIONS[action % ACTIONS.len()],
        on_update: ReferentialAction::NoAction,
    }
}

fn check(expression: &str) -> Check {
    Check {
        name: String::new(),
        expression: expression.to_string(),
    }
}

/// Makes a generated or edited schema consistent: enum types exist, keys,
/// indexes and foreign keys name existing columns and tables, no two are
/// alike, and their names follow from their structure.
fn fix_up(schema: &mut Schema) {
    let snapshot = schema.clone();
    for table in schema.tables.values_mut() {
        for column in &mut table.columns {
            if column.data_type.starts_with("enum_")
                && !snapshot.enums.contains_key(&column.data_type)
            {
                column.data_type = "text".to_string();
            }
        }
        let has = |t: &Table, names: &[String]| names.iter().all(|n| t.column(n).is_some());
        let name = table.name.clone();
        let own = table.clone();
        table.primary_key.retain(|c| own.column(c).is_some());
        table.indexes.retain(|i| has(&own, &i.columns));
        for index in &mut table.indexes {
            let kind = if index.unique { "ux" } else { "ix" };
            index.name = format!("{kind}_{name}_{}", index.columns.join("_"));
        }
        dedup_by_name(&mut table.indexes, |i| &i.name);
        table.foreign_keys.retain(|k| {
            has(&own, &k.columns)
                && (snapshot.tables.get(&k.foreign_table))
                    .is_some_and(|t| has(t, &k.foreign_columns))
        });
        for key in &mut table.foreign_keys {
            key.name = format!(
                "fk_{name}_{}_{}_{}",
                key.columns.join("_"),
                key.foreign_table,
                key.foreign_columns.join("_")
            );
        }
        dedup_by_name(&mut table.foreign_keys, |k| &k.name);
        for check in &mut table.checks {
            let words: String = check
                .expression
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect();
            check.name = format!("ck_{name}_{words}");
        }
        dedup_by_name(&mut table.checks, |c| &c.name);
    }
}

fn dedup_by_name<T>(items: &mut Vec<T>, name: impl Fn(&T) -> &String) {
    let mut seen = std::collections::BTreeSet::new();
    items.retain(|i| seen.insert(name(i).clone()));
}

/// Applies one random edit to `schema` (`n` makes new names unique).
fn edit(schema: &mut Schema, (kind, a, b, c): Edit, n: usize) {
    let names: Vec<String> = schema.tables.keys().cloned().collect();
    let Some(name) = names.get(a % names.len().max(1)).cloned() else {
        return;
    };
    let target = names[c % names.len()].clone();
    let target_columns: Vec<String> = schema.tables[&target]
        .columns
        .iter()
        .map(|c| c.name.clone())
        .collect();
    let enum_name = ENUMS[b % ENUMS.len()].to_string();
    let Some(table) = schema.tables.get_mut(&name) else {
        return;
    };
    let columns = table.columns.len();
    let column_name = table.columns[b % columns].name.clone();
    match kind % 14 {
        0 => {
            schema.tables.remove(&name);
        }
        1 => {
            let new = format!("n{n}");
            let columns: Vec<Column> = (0..=b % 3)
                .map(|i| Column {
                    name: format!("c{i}"),
                    data_type: TYPES[(c + i) % TYPES.len()].to_string(),
                    nullable: i % 2 == 1,
                    default: None,
                    auto_increment: false,
                })
                .collect();
            let target_column = &target_columns[b % target_columns.len()];
            let foreign_keys = (c % 2 == 0)
                .then(|| foreign_key("c0".to_string(), &target, target_column, c))
                .into_iter()
                .collect();
            let table = Table {
                name: new.clone(),
                columns,
                primary_key: vec!["c0".to_string()],
                indexes: vec![index(vec!["c0".to_string()], b % 2 == 0)],
                foreign_keys,
                checks: Vec::new(),
            };
            schema.tables.insert(new, table);
        }
        2 => table.columns.push(Column {
            name: format!("x{n}"),
            data_type: TYPES[b % TYPES.len()].to_string(),
            nullable: c % 2 == 0,
            default: DEFAULTS[c % DEFAULTS.len()].map(str::to_string),
            auto_increment: false,
        }),
        3 if columns > 1 => table.columns.retain(|c| c.name != column_name),
        4 => {
            let column = &mut table.columns[b % columns];
            match c % 4 {
                0 => {
                    let at = TYPES
                        .iter()
                        .position(|t| *t == column.data_type)
                        .unwrap_or(0);
                    column.data_type = TYPES[(at + 1) % TYPES.len()].to_string();
                }
                1 => column.nullable = !column.nullable,
                2 => column.default = DEFAULTS[(c / 4) % DEFAULTS.len()].map(str::to_string),
                _ => column.auto_increment = !column.auto_increment,
            }
        }
        5 => {
            let other = table.columns[c % columns].name.clone();
            table
                .indexes
                .push(index(vec![column_name, other], c % 2 == 0));
        }
        6 if !table.indexes.is_empty() => {
            let at = b % table.indexes.len();
            table.indexes.remove(at);
        }
        7 => {
            let target_column = target_columns[(c / 7) % target_columns.len()].clone();
            let key = foreign_key(column_name, &target, &target_column, b);
            table.foreign_keys.push(key);
        }
        8 if !table.foreign_keys.is_empty() => {
            let at = b % table.foreign_keys.len();
            table.foreign_keys.remove(at);
        }
        9 if !table.foreign_keys.is_empty() => {
            let at = b % table.foreign_keys.len();
            let key = &mut table.foreign_keys[at];
            key.on_delete = ACTIONS[(c + 1) % ACTIONS.len()];
            key.on_update = ACTIONS[c % ACTIONS.len()];
        }
        10 => {
            let other = table.columns[c % columns].name.clone();
            table.primary_key = match c % 3 {
                0 => Vec::new(),
                1 => vec![column_name],
                _ => vec![other, column_name],
            };
            table.primary_key.dedup();
        }
        11 if table.checks.is_empty() => {
            table.checks.push(check(EXPRESSIONS[b % EXPRESSIONS.len()]))
        }
        11 => {
            table.checks.pop();
        }
        12 => table.columns[b % columns].data_type = ENUMS[c % ENUMS.len()].to_string(),
        13 => edit_enum(schema, &enum_name, c),
        _ => {}
    }
}

/// Creates, drops, extends, shrinks or reorders enum type `name`.
fn edit_enum(schema: &mut Schema, name: &str, choice: usize) {
    let Some(values) = schema.enums.get_mut(name) else {
        let values = VALUES.iter().take(1 + choice % VALUES.len());
        schema
            .enums
            .insert(name.to_string(), values.map(|v| v.to_string()).collect());
        return;
    };
    let missing: Vec<&str> = VALUES
        .iter()
        .copied()
        .filter(|v| !values.iter().any(|x| x == v))
        .collect();
    match choice % 5 {
        0 if !missing.is_empty() => values.push(missing[choice % missing.len()].to_string()),
        1 if !missing.is_empty() => {
            let at = (choice / 5) % (values.len() + 1);
            values.insert(at, missing[0].to_string());
        }
        2 if values.len() > 1 => {
            let at = (choice / 5) % values.len();
            values.remove(at);
        }
        3 if values.len() > 1 => values.swap(0, 1),
        _ => {
            schema.enums.remove(name);
        }
    }
}

/// `schema` with each table's columns, indexes, keys and checks in name order.
fn normalized(schema: &Schema) -> Schema {
    let mut schema = schema.clone();
    for table in schema.tables.values_mut() {
        table.columns.sort_by(|a, b| a.name.cmp(&b.name));
        table.indexes.sort_by(|a, b| a.name.cmp(&b.name));
        table.foreign_keys.sort_by(|a, b| a.name.cmp(&b.name));
        table.checks.sort_by(|a, b| a.name.cmp(&b.name));
    }
    schema
}

/// `schema` after `changes`, or the first change refused and why.
fn applied(schema: &Schema, changes: &[Change]) -> Result<Schema, String> {
    let mut schema = schema.clone();
    for change in changes {
        apply(&mut schema, change).map_err(|why| format!("{change}: {why}"))?;
    }
    Ok(normalized(&schema))
}

fn schema_and_edit() -> impl Strategy<Value = (Schema, Schema)> {
    let edits = prop::collection::vec((0..14usize, 0..8usize, 0..8usize, 0..40usize), 0..=6);
    (schema_strategy(), edits).prop_map(|(current, edits)| {
        let mut desired = current.clone();
        for (n, e) in edits.into_iter().enumerate() {
            edit(&mut desired, e, n);
        }
        fix_up(&mut desired);
        (current, desired)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn the_changes_turn_current_into_desired_and_their_reverse_turns_it_back(
        (current, desired) in schema_and_edit()
    ) {
        let changes = diff(&current, &desired, &Renames::new()).map_err(|e| TestCaseError::fail(e.to_string()))?.changes;
        let up = applied(&current, &changes).map_err(TestCaseError::fail)?;
        prop_assert_eq!(&up, &normalized(&desired));
        let down = applied(&desired, &reversed(&changes)).map_err(TestCaseError::fail)?;
        prop_assert_eq!(&down, &normalized(&current));
    }
}

//! The sea-query DSL expressions for schema objects: a column definition,
//! a whole `CREATE TABLE`, an index, a foreign key, an enum's values.

use std::collections::BTreeMap;

use database::catalog::schema::{Column, ForeignKey, Index, ReferentialAction, Table};

use super::defaults::{self, DefaultCall};
use super::emit::{Emitter, string_literal};
use super::types::{self, TypeCall};

/// `[Alias::new("a"), Alias::new("b")]`.
pub fn aliases(values: &[String]) -> String {
    let values: Vec<String> = values.iter().map(|v| alias(v)).collect();
    format!("[{}]", values.join(", "))
}

/// `Alias::new("a")`.
pub fn alias(name: &str) -> String {
    format!("Alias::new({})", string_literal(name))
}

/// How a column definition is written.
#[derive(Debug, Clone, Copy, Default)]
pub struct ColumnOptions<'a> {
    /// The column is the table's one-column primary key.
    pub primary_key: bool,
    /// The default to write instead of the column's own.
    pub default: Option<&'a DefaultCall>,
    /// Write only the type (for a PostgreSQL type conversion).
    pub type_only: bool,
}

/// `ColumnDef::new(T::C).<type>().not_null()...` for `column` of `table`;
/// `enums` are the PostgreSQL enum types as they stand.
pub fn column_def(
    e: &mut Emitter,
    table: &str,
    column: &Column,
    enums: &BTreeMap<String, Vec<String>>,
    options: ColumnOptions<'_>,
) -> String {
    let iden = e.idents.column(table, &column.name);
    let type_call = types::parse(e.spelling, &column.data_type, enums);
    let boolean = type_call == TypeCall::Method(".boolean()".to_owned());
    let mut code = match type_call {
        TypeCall::Method(call) => format!("ColumnDef::new({iden}){call}"),
        TypeCall::UtcTimestamp => {
            e.imports.utc_timestamp = true;
            format!(
                "ColumnDef::new_with_type({iden}, utc_timestamp(manager.get_database_backend()))"
            )
        }
        // MySQL's inline enum has no type name: the column's stands in.
        TypeCall::Enum { name, values } => format!(
            "ColumnDef::new({iden}).enumeration({}, {})",
            alias(name.as_deref().unwrap_or(&column.name)),
            aliases(&values)
        ),
        TypeCall::Custom(spelled) => {
            e.note(format!(
                "NOTE: database-specific type: {table}.{} is {spelled}.",
                column.name
            ));
            format!("ColumnDef::new({iden}).custom({})", alias(&spelled))
        }
    };
    if options.type_only {
        return code;
    }
    code.push_str(if column.nullable && !options.primary_key {
        ".null()"
    } else {
        ".not_null()"
    });
    if column.auto_increment {
        code.push_str(".auto_increment()");
    }
    if options.primary_key {
        code.push_str(".primary_key()");
    }
    let own = column
        .default
        .as_deref()
        .filter(|_| !column.auto_increment)
        .and_then(|spelled| defaults::parse(e.spelling, spelled))
        .map(|default| {
            if boolean {
                as_boolean(default)
            } else {
                default
            }
        });
    if let Some(default) = options.default.or(own.as_ref()) {
        if let DefaultCall::Custom(spelled) = default {
            e.note(format!(
                "NOTE: database-specific default: {table}.{} defaults to {spelled}.",
                column.name
            ));
        }
        code.push_str(&format!(".default({})", default.code()));
    }
    code
}

/// A boolean's default as a boolean: MySQL spells `true` and `false` as 1 and 0.
fn as_boolean(default: DefaultCall) -> DefaultCall {
    match default {
        DefaultCall::Literal(literal) if literal == "1" => DefaultCall::Literal("true".to_owned()),
        DefaultCall::Literal(literal) if literal == "0" => DefaultCall::Literal("false".to_owned()),
        other => other,
    }
}

/// `Table::create().table(<name>).col(...)...` for the whole of `table`;
/// `name` is the expression naming the table created (the table's own, or
/// another for a rebuild).
pub fn create_table(
    e: &mut Emitter,
    name: &str,
    table: &Table,
    enums: &BTreeMap<String, Vec<String>>,
) -> String {
    let mut code = format!("Table::create().table({name})");
    let single_key = match table.primary_key.as_slice() {
        [column] => Some(column.as_str()),
        _ => None,
    };
    for column in &table.columns {
        let options = ColumnOptions {
            primary_key: single_key == Some(column.name.as_str()),
            ..ColumnOptions::default()
        };
        code.push_str(&format!(
            ".col({})",
            column_def(e, &table.name, column, enums, options)
        ));
    }
    if table.primary_key.len() > 1 {
        let columns: String = table
            .primary_key
            .iter()
            .map(|c| format!(".col({})", e.idents.column(&table.name, c)))
            .collect();
        code.push_str(&format!(".primary_key(Index::create(){columns})"));
    }
    for key in &table.foreign_keys {
        code.push_str(&format!(
            ".foreign_key({})",
            foreign_key(e, name, &table.name, key)
        ));
    }
    for check in &table.checks {
        let expression = format!("Expr::cust({})", string_literal(&check.expression));
        if check.name.is_empty() {
            code.push_str(&format!(".check({expression})"));
        } else {
            code.push_str(&format!(".check(({}, {expression}))", alias(&check.name)));
        }
    }
    code.push_str(".to_owned()");
    code
}

/// `ForeignKey::create().name(..).from(..).to(..)...` for `key` of `table`,
/// whose rows are in the table `from` names.
pub fn foreign_key(e: &mut Emitter, from: &str, table: &str, key: &ForeignKey) -> String {
    let mut code = String::from("ForeignKey::create()");
    if !key.name.is_empty() {
        code.push_str(&format!(".name({})", string_literal(&key.name)));
    }
    code.push_str(&format!(".from_tbl({from})"));
    for column in &key.columns {
        code.push_str(&format!(".from_col({})", e.idents.column(table, column)));
    }
    code.push_str(&format!(".to_tbl({})", e.idents.table(&key.foreign_table)));
    for column in &key.foreign_columns {
        code.push_str(&format!(
            ".to_col({})",
            e.idents.column(&key.foreign_table, column)
        ));
    }
    for (clause, action) in [("on_delete", key.on_delete), ("on_update", key.on_update)] {
        if action != ReferentialAction::NoAction {
            code.push_str(&format!(
                ".{clause}(ForeignKeyAction::{})",
                action_variant(action)
            ));
        }
    }
    code
}

fn action_variant(action: ReferentialAction) -> &'static str {
    match action {
        ReferentialAction::NoAction => "NoAction",
        ReferentialAction::Restrict => "Restrict",
        ReferentialAction::Cascade => "Cascade",
        ReferentialAction::SetNull => "SetNull",
        ReferentialAction::SetDefault => "SetDefault",
    }
}

/// The name `index` of `table` is created and dropped under: its own, but
/// for the name SQLite gives a UNIQUE constraint's index, which no
/// statement may use (`idx-<table>-<columns>` instead, SeaORM's convention).
fn index_name(table: &str, index: &Index) -> String {
    match index.name.starts_with("sqlite_autoindex_") {
        true => format!("idx-{table}-{}", index.columns.join("-")),
        false => index.name.clone(),
    }
}

/// `Index::create().name(..).table(..).col(..)....to_owned()` for `index` of `table`.
pub fn create_index(e: &mut Emitter, table: &str, index: &Index) -> String {
    let mut code = format!(
        "Index::create().name({}).table({})",
        string_literal(&index_name(table, index)),
        e.idents.table(table)
    );
    for column in &index.columns {
        code.push_str(&format!(".col({})", e.idents.column(table, column)));
    }
    if index.unique {
        code.push_str(".unique()");
    }
    if let Some(predicate) = &index.predicate {
        code.push_str(&format!(
            ".and_where(Expr::cust({}))",
            string_literal(predicate)
        ));
    }
    code.push_str(".to_owned()");
    code
}

/// `Index::drop().name(..).table(..).to_owned()` for `index` of `table`.
pub fn drop_index(e: &mut Emitter, table: &str, index: &Index) -> String {
    format!(
        "Index::drop().name({}).table({}).to_owned()",
        string_literal(&index_name(table, index)),
        e.idents.table(table)
    )
}

#[cfg(test)]
mod tests {
    use database::Backend;

    use super::*;

    #[test]
    fn an_index_sqlite_named_for_a_unique_constraint_gets_a_usable_name() {
        let index = Index {
            name: "sqlite_autoindex_gadgets_1".to_owned(),
            columns: vec!["label".to_owned()],
            unique: true,
            predicate: None,
        };
        assert_eq!(index_name("gadgets", &index), "idx-gadgets-label");
    }

    #[test]
    fn a_mysql_boolean_default_is_a_rust_boolean() {
        let mut e = Emitter::new(Backend::Mysql);
        let column = Column {
            name: "active".to_owned(),
            data_type: "tinyint(1)".to_owned(),
            nullable: false,
            default: Some("1".to_owned()),
            auto_increment: false,
        };
        let code = column_def(
            &mut e,
            "t",
            &column,
            &BTreeMap::new(),
            ColumnOptions::default(),
        );
        assert_eq!(
            code,
            "ColumnDef::new(T::Active).boolean().not_null().default(true)"
        );
    }
}

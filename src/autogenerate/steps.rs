//! One change as the statements that make it, each PostgreSQL- or
//! MySQL-only step guarded by backend, so that one file migrates all three.

use std::collections::BTreeMap;

use database::Backend;
use database::catalog::schema::{Column, Schema};

use super::defaults::{self, DefaultCall};
use super::dsl::{self, ColumnOptions, alias, aliases};
use super::emit::{Emitter, quote, string_literal};
use super::{RenderError, rebuild, state};
use crate::diff::Change;

/// Per-column one-off values, (table, column) to the value as SQL spells it.
pub type Fills = BTreeMap<(String, String), String>;

/// Writes the statements of `change`, made on `schema` as it stands (before the change).
pub fn render(
    e: &mut Emitter,
    schema: &Schema,
    change: &Change,
    fills: &Fills,
) -> Result<(), RenderError> {
    if let Some(warning) = destructive(change) {
        e.comment(&format!("DESTRUCTIVE: {warning}"));
    }
    let mut after = schema.clone();
    state::apply(&mut after, change)?;
    match change {
        Change::CreateEnum { name, values } => {
            e.imports.pg_type = true;
            e.open_guard(&[Backend::Postgres]);
            e.call("create_type", &create_type(name, values));
            e.close_guard();
        }
        Change::DropEnum { name, .. } => {
            e.imports.pg_type = true;
            e.open_guard(&[Backend::Postgres]);
            e.call(
                "drop_type",
                &format!("Type::drop().name({}).to_owned()", alias(name)),
            );
            e.close_guard();
        }
        Change::AddEnumValue {
            name,
            value,
            before,
            ..
        } => {
            e.imports.pg_type = true;
            e.open_guard(&[Backend::Postgres]);
            let placement = before
                .as_ref()
                .map(|b| format!(".before({})", alias(b)))
                .unwrap_or_default();
            e.call(
                "alter_type",
                &format!(
                    "Type::alter().name({}).add_value({}){placement}",
                    alias(name),
                    alias(value)
                ),
            );
            e.close_guard();
            mysql_enum_columns(e, &after, name)?;
        }
        Change::ReplaceEnum { name, from, to } => replace_enum(e, &after, name, from, to)?,
        Change::CreateTable(table) => {
            let name = e.idents.table(&table.name);
            let create = dsl::create_table(e, &name, table, &after.enums);
            e.call("create_table", &create);
            for index in &table.indexes {
                let create = dsl::create_index(e, &table.name, index);
                e.call("create_index", &create);
            }
        }
        Change::DropTable(table) => {
            let name = e.idents.table(&table.name);
            e.call(
                "drop_table",
                &format!("Table::drop().table({name}).to_owned()"),
            );
        }
        Change::RenameTable { from, to } => {
            let (from, to) = (e.idents.table(from), e.idents.table(to));
            e.call(
                "rename_table",
                &format!("Table::rename().table({from}, {to}).to_owned()"),
            );
        }
        Change::AddColumn { table, column } => add_column(e, &after, table, column, fills)?,
        Change::DropColumn { table, column } => {
            let iden = e.idents.column(table, &column.name);
            alter_table(e, table, &format!(".drop_column({iden})"));
        }
        Change::RenameColumn { table, from, to } => {
            let (from, to) = (e.idents.column(table, from), e.idents.column(table, to));
            alter_table(e, table, &format!(".rename_column({from}, {to})"));
        }
        Change::AlterColumn { table, from, to } => {
            rebuild::on_sqlite(
                e,
                schema,
                &after,
                table,
                &format!("alter column {}", to.name),
            )?;
            let def = dsl::column_def(e, table, to, &after.enums, ColumnOptions::default());
            alter_table(e, table, &format!(".modify_column({def})"));
            if from.default.is_some() && to.default.is_none() {
                e.open_guard(&[Backend::Postgres]);
                e.unprepared(
                    "sea-query's ALTER COLUMN can set a default but not drop one.",
                    &format!(
                        "ALTER TABLE {} ALTER COLUMN {} DROP DEFAULT",
                        quote(Backend::Postgres, table),
                        quote(Backend::Postgres, &to.name)
                    ),
                );
                e.close_guard();
            }
            e.close_guard();
        }
        Change::AlterPrimaryKey { table, from, to } => {
            rebuild::on_sqlite(e, schema, &after, table, "change the primary key")?;
            primary_key(e, table, from, to);
            e.close_guard();
        }
        Change::AddIndex { table, index } => {
            let create = dsl::create_index(e, table, index);
            e.call("create_index", &create);
        }
        Change::DropIndex { table, index } => {
            let drop = dsl::drop_index(e, table, index);
            e.call("drop_index", &drop);
        }
        Change::AddForeignKey { table, key } => {
            rebuild::on_sqlite(e, schema, &after, table, "add a foreign key")?;
            let name = e.idents.table(table);
            let create = dsl::foreign_key(e, &name, table, key);
            e.call("create_foreign_key", &format!("{create}.to_owned()"));
            e.close_guard();
        }
        Change::DropForeignKey { table, key } => {
            rebuild::on_sqlite(e, schema, &after, table, "drop a foreign key")?;
            let name = e.idents.table(table);
            e.call(
                "drop_foreign_key",
                &format!(
                    "ForeignKey::drop().name({}).table({name}).to_owned()",
                    string_literal(&key.name)
                ),
            );
            e.close_guard();
        }
        Change::AddCheck { table, check } => {
            rebuild::on_sqlite(e, schema, &after, table, "add a check constraint")?;
            for backend in [Backend::Postgres, Backend::Mysql] {
                e.open_guard(&[backend]);
                e.unprepared(
                    "sea-query's ALTER TABLE cannot add a check constraint.",
                    &format!(
                        "ALTER TABLE {} ADD CONSTRAINT {} CHECK ({})",
                        quote(backend, table),
                        quote(backend, &check.name),
                        check.expression
                    ),
                );
                e.close_guard();
            }
            e.close_guard();
        }
        Change::DropCheck { table, check } => {
            rebuild::on_sqlite(e, schema, &after, table, "drop a check constraint")?;
            alter_table(
                e,
                table,
                &format!(".drop_constraint({})", alias(&check.name)),
            );
            e.close_guard();
        }
    }
    Ok(())
}

/// What a destructive change destroys, as its comment says it; `None` for the others.
pub fn destructive(change: &Change) -> Option<String> {
    match change {
        Change::DropTable(table) => Some(format!("drops table {} and its data.", table.name)),
        Change::DropColumn { table, column } => Some(format!(
            "drops column {table}.{} and its data.",
            column.name
        )),
        Change::DropEnum { name, .. } => Some(format!("drops enum type {name}.")),
        Change::ReplaceEnum { name, from, to } => {
            let removed: Vec<&str> = from
                .iter()
                .filter(|v| !to.contains(v))
                .map(String::as_str)
                .collect();
            (!removed.is_empty()).then(|| {
                format!(
                    "removes {} from enum type {name}; a row holding one makes this step fail.",
                    removed.join(", ")
                )
            })
        }
        _ => None,
    }
}

/// `Type::create().as_enum(..).values(..).to_owned()`.
fn create_type(name: &str, values: &[String]) -> String {
    format!(
        "Type::create().as_enum({}).values({}).to_owned()",
        alias(name),
        aliases(values)
    )
}

/// `manager.alter_table(Table::alter().table(T::Table)<operation>.to_owned())`.
fn alter_table(e: &mut Emitter, table: &str, operation: &str) {
    let name = e.idents.table(table);
    e.call(
        "alter_table",
        &format!("Table::alter().table({name}){operation}.to_owned()"),
    );
}

/// On MySQL, an enum's values are its columns' type: each column using
/// PostgreSQL enum type `name` gets them with a MODIFY COLUMN.
fn mysql_enum_columns(e: &mut Emitter, after: &Schema, name: &str) -> Result<(), RenderError> {
    let columns = state::enum_columns(after, name);
    if columns.is_empty() {
        return Ok(());
    }
    e.open_guard(&[Backend::Mysql]);
    e.comment("On MySQL an enum's values are in the type of each column using it.");
    for (table, column) in columns {
        let column = column_of(after, &table, &column)?;
        let def = dsl::column_def(e, &table, &column, &after.enums, ColumnOptions::default());
        alter_table(e, &table, &format!(".modify_column({def})"));
    }
    e.close_guard();
    Ok(())
}

fn column_of(schema: &Schema, table: &str, column: &str) -> Result<Column, RenderError> {
    state::table(schema, table)?
        .column(column)
        .cloned()
        .ok_or_else(|| RenderError::UnknownColumn {
            table: table.to_owned(),
            column: column.to_owned(),
        })
}

/// PostgreSQL cannot remove, rename or reorder an enum's values: the type is swapped.
fn replace_enum(
    e: &mut Emitter,
    after: &Schema,
    name: &str,
    from: &[String],
    to: &[String],
) -> Result<(), RenderError> {
    e.imports.pg_type = true;
    let old = format!("{name}_old");
    e.comment(&format!(
        "Enum type {name}: ({}) becomes ({}). PostgreSQL cannot remove, rename or \
         reorder an enum value in place, so the type is swapped: the old one renamed \
         {old}, the new one created, each column converted through text, the old type dropped.",
        from.join(", "),
        to.join(", ")
    ));
    e.open_guard(&[Backend::Postgres]);
    e.call(
        "alter_type",
        &format!(
            "Type::alter().name({}).rename_to({})",
            alias(name),
            alias(&old)
        ),
    );
    e.call("create_type", &create_type(name, to));
    let pg = |text: &str| quote(Backend::Postgres, text);
    for (table, column) in state::enum_columns(after, name) {
        let current = column_of(after, &table, &column)?;
        if current.default.is_some() {
            e.unprepared(
                "The default names the old type: drop it for the conversion (sea-query cannot drop a default).",
                &format!(
                    "ALTER TABLE {} ALTER COLUMN {} DROP DEFAULT",
                    pg(&table),
                    pg(&column)
                ),
            );
        }
        let iden = e.idents.column(&table, &column);
        let using = format!("{}::text::{}", pg(&column), pg(name));
        alter_table(
            e,
            &table,
            &format!(
                ".modify_column(ColumnDef::new({iden}).custom({}).using(Expr::cust({})))",
                alias(name),
                string_literal(&using)
            ),
        );
        if let Some(default) = current
            .default
            .as_deref()
            .and_then(|d| defaults::parse(e.spelling, d))
        {
            alter_table(
                e,
                &table,
                &format!(
                    ".modify_column(ColumnDef::new({iden}).default({}))",
                    default.code()
                ),
            );
        }
    }
    e.call(
        "drop_type",
        &format!("Type::drop().name({}).to_owned()", alias(&old)),
    );
    e.close_guard();
    mysql_enum_columns(e, after, name)
}

/// A column added to an existing table; a NOT NULL one without a default
/// takes its one-off fill value as the default, which is then dropped.
fn add_column(
    e: &mut Emitter,
    after: &Schema,
    table: &str,
    column: &Column,
    fills: &Fills,
) -> Result<(), RenderError> {
    let needs_fill = !column.nullable && column.default.is_none() && !column.auto_increment;
    let fill = if needs_fill {
        let key = (table.to_owned(), column.name.clone());
        let value = fills.get(&key).ok_or_else(|| RenderError::MissingFill {
            table: table.to_owned(),
            column: column.name.clone(),
        })?;
        Some(
            defaults::parse(e.spelling, value).ok_or_else(|| RenderError::NullFill {
                table: table.to_owned(),
                column: column.name.clone(),
                value: value.clone(),
            })?,
        )
    } else {
        None
    };
    let options = ColumnOptions {
        default: fill.as_ref(),
        ..ColumnOptions::default()
    };
    let def = dsl::column_def(e, table, column, &after.enums, options);
    if let Some(fill) = &fill {
        e.comment(&format!(
            "NOT NULL: the existing rows get {}, the default while the column is added.",
            fill_text(fill)
        ));
    }
    alter_table(e, table, &format!(".add_column({def})"));
    if fill.is_some() {
        e.comment("Then it is dropped (SQLite cannot drop a default in place: there it stays).");
        e.open_guard(&[Backend::Postgres]);
        e.unprepared(
            "sea-query's ALTER COLUMN can set a default but not drop one.",
            &format!(
                "ALTER TABLE {} ALTER COLUMN {} DROP DEFAULT",
                quote(Backend::Postgres, table),
                quote(Backend::Postgres, &column.name)
            ),
        );
        e.else_if_guard(&[Backend::Mysql]);
        e.comment("MODIFY COLUMN without a default drops it.");
        let def = dsl::column_def(e, table, column, &after.enums, ColumnOptions::default());
        alter_table(e, table, &format!(".modify_column({def})"));
        e.close_guard();
    }
    Ok(())
}

fn fill_text(fill: &DefaultCall) -> String {
    match fill {
        DefaultCall::Literal(literal) => literal.clone(),
        DefaultCall::CurrentTimestamp => "the current timestamp".to_owned(),
        DefaultCall::Custom(expression) => expression.clone(),
    }
}

/// The primary key changed, as SQL: sea-query's ALTER TABLE has no
/// primary-key operations.
fn primary_key(e: &mut Emitter, table: &str, from: &[String], to: &[String]) {
    for backend in [Backend::Postgres, Backend::Mysql] {
        e.open_guard(&[backend]);
        let columns: Vec<String> = to.iter().map(|c| quote(backend, c)).collect();
        let mut operations = Vec::new();
        if !from.is_empty() {
            operations.push(match backend {
                // The name PostgreSQL gives a primary key it names itself.
                Backend::Postgres => format!(
                    "DROP CONSTRAINT {}",
                    quote(backend, &format!("{table}_pkey"))
                ),
                _ => "DROP PRIMARY KEY".to_owned(),
            });
        }
        if !to.is_empty() {
            operations.push(format!("ADD PRIMARY KEY ({})", columns.join(", ")));
        }
        e.unprepared(
            "sea-query's ALTER TABLE has no primary-key operations.",
            &format!(
                "ALTER TABLE {} {}",
                quote(backend, table),
                operations.join(", ")
            ),
        );
        e.close_guard();
    }
}

#[cfg(test)]
mod tests {
    use database::catalog::schema::{Check, ForeignKey, ReferentialAction, Table};

    use super::*;

    fn column(name: &str, data_type: &str, nullable: bool) -> Column {
        Column {
            name: name.to_owned(),
            data_type: data_type.to_owned(),
            nullable,
            default: None,
            auto_increment: false,
        }
    }

    fn table(name: &str, columns: Vec<Column>) -> Table {
        Table {
            name: name.to_owned(),
            columns,
            primary_key: vec!["id".to_owned()],
            indexes: Vec::new(),
            foreign_keys: Vec::new(),
            checks: Vec::new(),
        }
    }

    /// `accounts (id, email)` and, when `referenced`, `sessions` with a foreign key to it.
    fn schema(referenced: bool) -> Schema {
        let mut schema = Schema::new(Backend::Postgres);
        let accounts = table(
            "accounts",
            vec![
                column("id", "integer", false),
                column("email", "text", true),
            ],
        );
        schema.tables.insert("accounts".to_owned(), accounts);
        if referenced {
            let mut sessions = table(
                "sessions",
                vec![
                    column("id", "integer", false),
                    column("account_id", "integer", false),
                ],
            );
            sessions.foreign_keys.push(ForeignKey {
                name: "fk-sessions-account_id".to_owned(),
                columns: vec!["account_id".to_owned()],
                foreign_table: "accounts".to_owned(),
                foreign_columns: vec!["id".to_owned()],
                on_delete: ReferentialAction::Cascade,
                on_update: ReferentialAction::NoAction,
            });
            schema.tables.insert("sessions".to_owned(), sessions);
        }
        schema
    }

    fn rendered(schema: &Schema, change: &Change) -> Result<String, RenderError> {
        let mut e = Emitter::new(Backend::Postgres);
        render(&mut e, schema, change, &Fills::new())?;
        Ok(e.take())
    }

    fn email_not_null() -> Change {
        Change::AlterColumn {
            table: "accounts".to_owned(),
            from: column("email", "text", true),
            to: column("email", "text", false),
        }
    }

    #[test]
    fn sqlite_rebuilds_an_unreferenced_table_and_alters_it_in_place_elsewhere() {
        let code = rendered(&schema(false), &email_not_null()).expect("rendered");
        let sqlite = code.find("DbBackend::Sqlite").expect("a SQLite branch");
        let copy = code.find(
            r#"INSERT INTO "accounts_new" ("id", "email") SELECT "id", "email" FROM "accounts""#,
        );
        let otherwise = code.find("} else {").expect("the other backends");
        assert!(
            copy.is_some_and(|copy| sqlite < copy && copy < otherwise),
            "{code}"
        );
        assert!(
            code[otherwise..]
                .contains(".modify_column(ColumnDef::new(Accounts::Email).text().not_null())"),
            "{code}"
        );
    }

    #[test]
    fn sqlite_rebuild_of_a_referenced_table_is_refused() {
        let error = rendered(&schema(true), &email_not_null()).expect_err("refused");
        let message = error.to_string();
        assert!(
            message.contains("SQLite cannot alter column email on table accounts in place")
                && message.contains("sessions")
                && message.contains("write this migration by hand"),
            "{message}"
        );
    }

    #[test]
    fn a_not_null_column_without_default_or_fill_is_refused() {
        let change = Change::AddColumn {
            table: "accounts".to_owned(),
            column: column("plan", "text", false),
        };
        let error = rendered(&schema(false), &change).expect_err("refused");
        assert!(matches!(error, RenderError::MissingFill { .. }), "{error}");
    }

    #[test]
    fn enum_type_steps_are_postgres_only() {
        let change = Change::CreateEnum {
            name: "plan".to_owned(),
            values: vec!["free".to_owned()],
        };
        let code = rendered(&schema(false), &change).expect("rendered");
        assert!(
            code.starts_with("if manager.get_database_backend() == DbBackend::Postgres {\nmanager.create_type(Type::create().as_enum(Alias::new(\"plan\"))"),
            "{code}"
        );
    }

    #[test]
    fn destructive_changes_are_marked_and_others_are_not() {
        let accounts = schema(false).tables["accounts"].clone();
        let email = column("email", "text", true);
        let marked = [
            Change::DropTable(accounts),
            Change::DropColumn {
                table: "accounts".to_owned(),
                column: email.clone(),
            },
            Change::DropEnum {
                name: "plan".to_owned(),
                values: Vec::new(),
            },
        ];
        for change in &marked {
            let code = rendered(&schema(false), change).expect("rendered");
            assert!(code.starts_with("// DESTRUCTIVE: drops "), "{code}");
        }
        let reordered = Change::ReplaceEnum {
            name: "plan".to_owned(),
            from: vec!["a".to_owned(), "b".to_owned()],
            to: vec!["b".to_owned(), "a".to_owned()],
        };
        assert_eq!(destructive(&reordered), None);
        let added = Change::AddColumn {
            table: "accounts".to_owned(),
            column: email,
        };
        assert!(
            !rendered(&schema(false), &added)
                .expect("rendered")
                .contains("DESTRUCTIVE")
        );
    }

    #[test]
    fn database_specific_types_and_defaults_carry_a_note() {
        let change = Change::AddColumn {
            table: "accounts".to_owned(),
            column: Column {
                default: Some("to_tsvector('')".to_owned()),
                ..column("search", "tsvector", true)
            },
        };
        let code = rendered(&schema(false), &change).expect("rendered");
        assert!(
            code.starts_with(
                "// NOTE: database-specific type: accounts.search is tsvector.\n\
                 // NOTE: database-specific default: accounts.search defaults to to_tsvector('').\n"
            ),
            "{code}"
        );
        assert!(code.contains(".custom(Alias::new(\"tsvector\"))"), "{code}");
        assert!(
            code.contains(".default(Expr::cust(\"to_tsvector('')\"))"),
            "{code}"
        );
    }

    #[test]
    fn a_check_constraint_is_added_as_sql_quoted_per_backend() {
        let change = Change::AddCheck {
            table: "accounts".to_owned(),
            check: Check {
                name: "email_has_at".to_owned(),
                expression: "email LIKE '%@%'".to_owned(),
            },
        };
        let code = rendered(&schema(false), &change).expect("rendered");
        assert!(code.contains(r##"r#"ALTER TABLE "accounts" ADD CONSTRAINT "email_has_at" CHECK (email LIKE '%@%')"#"##), "{code}");
        assert!(
            code.contains(
                "\"ALTER TABLE `accounts` ADD CONSTRAINT `email_has_at` CHECK (email LIKE '%@%')\""
            ),
            "{code}"
        );
    }
}

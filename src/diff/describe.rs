//! Changes and rename candidates in words, one line each, as `check` prints them.

use std::fmt;

use database::catalog::schema::{Column, ForeignKey, Index, ReferentialAction};

use super::change::Change;
use super::renames::RenameCandidate;

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::CreateEnum { name, values } => {
                write!(f, "create enum {name} {}", values_list(values))
            }
            Self::DropEnum { name, values } => {
                write!(f, "drop enum {name} {}", values_list(values))
            }
            Self::AddEnumValue {
                name,
                value,
                before,
                ..
            } => {
                write!(f, "add value '{value}' to enum {name}")?;
                match before {
                    Some(before) => write!(f, " before '{before}'"),
                    None => Ok(()),
                }
            }
            Self::ReplaceEnum { name, from, to } => {
                write!(
                    f,
                    "replace enum {name} {} -> {}",
                    values_list(from),
                    values_list(to)
                )
            }
            Self::CreateTable(table) => {
                let columns: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
                write!(f, "create table {} ({})", table.name, columns.join(", "))
            }
            Self::DropTable(table) => write!(f, "drop table {}", table.name),
            Self::RenameTable { from, to } => write!(f, "rename table {from} -> {to}"),
            Self::AddColumn { table, column } => {
                write!(f, "add column {table}.{} ({})", column.name, shape(column))
            }
            Self::DropColumn { table, column } => {
                write!(f, "drop column {table}.{} ({})", column.name, shape(column))
            }
            Self::RenameColumn { table, from, to } => {
                write!(f, "rename column {table}.{from} -> {to}")
            }
            Self::AlterColumn { table, from, to } => {
                write!(
                    f,
                    "change column {table}.{}: {}",
                    to.name,
                    alterations(from, to)
                )
            }
            Self::AlterPrimaryKey { table, from, to } => write!(
                f,
                "change primary key of {table}: {} -> {}",
                key_columns(from),
                key_columns(to)
            ),
            Self::AddIndex { table, index } => write!(f, "add {}", index_words(table, index)),
            Self::DropIndex { table, index } => write!(f, "drop {}", index_words(table, index)),
            Self::AddForeignKey { table, key } => write!(f, "add {}", key_words(table, key)),
            Self::DropForeignKey { table, key } => write!(f, "drop {}", key_words(table, key)),
            Self::AddCheck { table, check } => {
                write!(
                    f,
                    "add check {} on {table} ({})",
                    check.name, check.expression
                )
            }
            Self::DropCheck { table, check } => {
                write!(
                    f,
                    "drop check {} on {table} ({})",
                    check.name, check.expression
                )
            }
        }
    }
}

impl fmt::Display for RenameCandidate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Table { from, to } => write!(f, "{from} -> {to}"),
            Self::Column { table, from, to } => write!(f, "{table}.{from} -> {table}.{to}"),
        }
    }
}

impl RenameCandidate {
    /// The rename as `--rename` takes it: `table.old=new` or `old=new`.
    pub fn argument(&self) -> String {
        match self {
            Self::Table { from, to } => format!("{from}={to}"),
            Self::Column { table, from, to } => format!("{table}.{from}={to}"),
        }
    }

    /// The question that settles it: `did you rename organizations.title to name?`.
    pub fn question(&self) -> String {
        match self {
            Self::Table { from, to } => format!("did you rename table {from} to {to}?"),
            Self::Column { table, from, to } => format!("did you rename {table}.{from} to {to}?"),
        }
    }
}

/// An enum's values: `('a', 'b')`.
fn values_list(values: &[String]) -> String {
    let quoted: Vec<String> = values.iter().map(|v| format!("'{v}'")).collect();
    format!("({})", quoted.join(", "))
}

/// A column's shape: `character varying(255), NOT NULL, default 'x'`.
fn shape(column: &Column) -> String {
    let mut words = vec![
        column.data_type.clone(),
        nullability(column.nullable).to_string(),
    ];
    if let Some(default) = &column.default {
        words.push(format!("default {default}"));
    }
    if column.auto_increment {
        words.push("auto increment".to_string());
    }
    words.join(", ")
}

/// `NULL` or `NOT NULL`.
fn nullability(nullable: bool) -> &'static str {
    if nullable { "NULL" } else { "NOT NULL" }
}

/// What changes in a column: `type text -> character varying(64); nullable -> NOT NULL`.
fn alterations(from: &Column, to: &Column) -> String {
    let mut parts = Vec::new();
    if from.data_type != to.data_type {
        parts.push(format!("type {} -> {}", from.data_type, to.data_type));
    }
    if from.nullable != to.nullable {
        let word = |nullable| if nullable { "nullable" } else { "NOT NULL" };
        parts.push(format!("{} -> {}", word(from.nullable), word(to.nullable)));
    }
    if from.default != to.default {
        let word = |default: &Option<String>| default.clone().unwrap_or_else(|| "none".to_string());
        parts.push(format!(
            "default {} -> {}",
            word(&from.default),
            word(&to.default)
        ));
    }
    if from.auto_increment != to.auto_increment {
        let word = |on| if on { "on" } else { "off" };
        parts.push(format!(
            "auto increment {} -> {}",
            word(from.auto_increment),
            word(to.auto_increment)
        ));
    }
    parts.join("; ")
}

/// A primary key's columns: `(id, slug)`, or `none`.
fn key_columns(columns: &[String]) -> String {
    if columns.is_empty() {
        "none".to_string()
    } else {
        format!("({})", columns.join(", "))
    }
}

/// An index after `add`/`drop`: `unique index name on table (a, b) where ...`.
fn index_words(table: &str, index: &Index) -> String {
    let kind = if index.unique {
        "unique index"
    } else {
        "index"
    };
    let mut words = format!(
        "{kind} {} on {table} ({})",
        index.name,
        index.columns.join(", ")
    );
    if let Some(predicate) = &index.predicate {
        words.push_str(&format!(" where {predicate}"));
    }
    words
}

/// A foreign key after `add`/`drop`: `foreign key name on a (x) -> b (id) on delete CASCADE`.
fn key_words(table: &str, key: &ForeignKey) -> String {
    let mut words = String::from("foreign key ");
    if !key.name.is_empty() {
        words.push_str(&format!("{} ", key.name));
    }
    words.push_str(&format!(
        "on {table} ({}) -> {} ({})",
        key.columns.join(", "),
        key.foreign_table,
        key.foreign_columns.join(", ")
    ));
    for (event, action) in [("delete", key.on_delete), ("update", key.on_update)] {
        if action != ReferentialAction::NoAction {
            words.push_str(&format!(" on {event} {}", action.sql()));
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{check, column, index, key, table};
    use super::*;

    fn line(change: Change) -> String {
        change.to_string()
    }

    #[test]
    fn columns_read_with_their_shape_and_changes() {
        let nickname = Column {
            default: Some("'x'".into()),
            ..column("nickname", "character varying(255)")
        };
        assert_eq!(
            line(Change::AddColumn {
                table: "organizations".into(),
                column: nickname
            }),
            "add column organizations.nickname (character varying(255), NOT NULL, default 'x')"
        );
        let from = Column {
            nullable: true,
            ..column("plan", "text")
        };
        assert_eq!(
            line(Change::AlterColumn {
                table: "organizations".into(),
                from,
                to: column("plan", "character varying(64)")
            }),
            "change column organizations.plan: type text -> character varying(64); nullable -> NOT NULL"
        );
        assert_eq!(
            line(Change::RenameColumn {
                table: "organizations".into(),
                from: "title".into(),
                to: "name".into()
            }),
            "rename column organizations.title -> name"
        );
    }

    #[test]
    fn indexes_keys_and_checks_read_with_their_table_and_columns() {
        assert_eq!(
            line(Change::DropIndex {
                table: "organizations".into(),
                index: index("idx-organizations-slug", &["slug"], false)
            }),
            "drop index idx-organizations-slug on organizations (slug)"
        );
        let cascade = ForeignKey {
            on_delete: ReferentialAction::Cascade,
            ..key("fk_zone_org", &["org"], "organizations")
        };
        assert_eq!(
            line(Change::AddForeignKey {
                table: "zones".into(),
                key: cascade
            }),
            "add foreign key fk_zone_org on zones (org) -> organizations (id) on delete CASCADE"
        );
        assert_eq!(
            line(Change::AddCheck {
                table: "zones".into(),
                check: check("ck", "id > 0")
            }),
            "add check ck on zones (id > 0)"
        );
    }

    #[test]
    fn enums_and_tables_read_with_their_values_and_columns() {
        assert_eq!(
            line(Change::AddEnumValue {
                name: "zone_status".into(),
                value: "paused".into(),
                before: Some("deleted".into()),
                previous: vec![]
            }),
            "add value 'paused' to enum zone_status before 'deleted'"
        );
        assert_eq!(
            line(Change::CreateTable(table(
                "zones",
                vec![column("id", "integer"), column("name", "text")]
            ))),
            "create table zones (id, name)"
        );
        assert_eq!(
            line(Change::AlterPrimaryKey {
                table: "zones".into(),
                from: vec![],
                to: vec!["id".into()]
            }),
            "change primary key of zones: none -> (id)"
        );
    }
}

//! MySQL's and MariaDB's schema catalog: `information_schema` of the
//! connection's database, one query per part for every table. The two
//! servers spell a few things differently there; what a diff would trip
//! over (column defaults) is brought to MariaDB's spelling.

use sea_orm::{ConnectionTrait, DbErr};

use super::{
    Builder, Check, Column, ReferentialAction, Schema, Table, get, names, query, unknown_action,
};
use crate::Backend;

/// Whether the server is MariaDB.
const FLAVOUR: &str = "SELECT CAST(VERSION() AS CHAR) AS version";

/// The base tables of the database.
const TABLES: &str = "SELECT CAST(table_name AS CHAR) AS t FROM information_schema.tables \
     WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'";

/// Every column (views' too: the builder leaves them out).
const COLUMNS: &str = "SELECT CAST(table_name AS CHAR) AS t, \
     CAST(ordinal_position AS SIGNED) AS pos, CAST(column_name AS CHAR) AS name, \
     CAST(column_type AS CHAR) AS type, CAST(data_type AS CHAR) AS base_type, \
     CAST(is_nullable AS CHAR) AS nullable, CAST(column_default AS CHAR) AS def, \
     CAST(extra AS CHAR) AS extra \
     FROM information_schema.columns WHERE table_schema = DATABASE()";

/// Every index, one row per column; `{expression}` is MySQL's functional
/// key part text, which MariaDB has no column for.
const INDEXES: &str = "SELECT CAST(table_name AS CHAR) AS t, CAST(index_name AS CHAR) AS name, \
     CAST(non_unique AS SIGNED) AS non_unique, CAST(seq_in_index AS SIGNED) AS pos, \
     CAST(column_name AS CHAR) AS col, {expression} AS expr \
     FROM information_schema.statistics WHERE table_schema = DATABASE()";

/// Every foreign key, one row per column pair; the referenced table's
/// database only when it is another one.
const FOREIGN_KEYS: &str = "SELECT CAST(k.table_name AS CHAR) AS t, \
     CAST(k.constraint_name AS CHAR) AS name, CAST(k.ordinal_position AS SIGNED) AS pos, \
     CAST(k.column_name AS CHAR) AS col, CAST(CASE WHEN k.referenced_table_schema = DATABASE() \
     THEN NULL ELSE k.referenced_table_schema END AS CHAR) AS foreign_schema, \
     CAST(k.referenced_table_name AS CHAR) AS foreign_table, \
     CAST(k.referenced_column_name AS CHAR) AS foreign_col, \
     CAST(r.delete_rule AS CHAR) AS on_delete, CAST(r.update_rule AS CHAR) AS on_update \
     FROM information_schema.key_column_usage k \
     JOIN information_schema.referential_constraints r \
     ON r.constraint_schema = k.constraint_schema AND r.constraint_name = k.constraint_name \
     AND r.table_name = k.table_name \
     WHERE k.constraint_schema = DATABASE() AND k.referenced_table_name IS NOT NULL";

/// MariaDB's check constraints: named per table (a column's check is named
/// after the column), so `check_constraints` has the table's name.
const MARIADB_CHECKS: &str = "SELECT CAST(table_name AS CHAR) AS t, \
     CAST(constraint_name AS CHAR) AS name, CAST(check_clause AS CHAR) AS expr \
     FROM information_schema.check_constraints WHERE constraint_schema = DATABASE()";

/// MySQL's check constraints: named per database, their tables in `table_constraints`.
const MYSQL_CHECKS: &str = "SELECT CAST(tc.table_name AS CHAR) AS t, \
     CAST(cc.constraint_name AS CHAR) AS name, CAST(cc.check_clause AS CHAR) AS expr \
     FROM information_schema.table_constraints tc \
     JOIN information_schema.check_constraints cc \
     ON cc.constraint_schema = tc.constraint_schema AND cc.constraint_name = tc.constraint_name \
     WHERE tc.constraint_schema = DATABASE() AND tc.constraint_type = 'CHECK'";

/// Reads the tables but `skip` of the connection's database.
pub(super) async fn read<C: ConnectionTrait>(db: &C, skip: &[&str]) -> Result<Schema, DbErr> {
    let mariadb = match query(db, FLAVOUR, Vec::new()).await?.first() {
        Some(row) => get::<String>(row, "version")?
            .to_ascii_lowercase()
            .contains("mariadb"),
        None => false,
    };

    let tables = names(&query(db, TABLES, Vec::new()).await?, "t")?;
    let mut builder = Builder::new(Backend::Mysql, tables, skip);

    for row in query(db, COLUMNS, Vec::new()).await? {
        let table: String = get(&row, "t")?;
        let extra = get::<Option<String>>(&row, "extra")?.unwrap_or_default();
        let column = Column {
            name: get(&row, "name")?,
            data_type: get(&row, "type")?,
            nullable: get::<String>(&row, "nullable")? == "YES",
            default: default(
                mariadb,
                get(&row, "def")?,
                &get::<String>(&row, "base_type")?,
                &extra,
            ),
            auto_increment: extra.to_ascii_lowercase().contains("auto_increment"),
        };
        builder.column(&table, get(&row, "pos")?, column);
    }

    let expression = if mariadb {
        "CAST(NULL AS CHAR)"
    } else {
        "CAST(expression AS CHAR)"
    };
    for row in query(db, &INDEXES.replace("{expression}", expression), Vec::new()).await? {
        let table: String = get(&row, "t")?;
        let name: String = get(&row, "name")?;
        let position: i64 = get(&row, "pos")?;
        let column = match get::<Option<String>>(&row, "col")? {
            Some(column) => column,
            None => get::<Option<String>>(&row, "expr")?.unwrap_or_default(),
        };
        if name == "PRIMARY" {
            builder.key_column(&table, position, column);
        } else {
            let unique = get::<i64>(&row, "non_unique")? == 0;
            builder.index_column(&table, name, unique, None, position, column);
        }
    }

    for row in query(db, FOREIGN_KEYS, Vec::new()).await? {
        let table: String = get(&row, "t")?;
        let name: String = get(&row, "name")?;
        let action = |column: &str| -> Result<ReferentialAction, DbErr> {
            let rule: String = get(&row, column)?;
            ReferentialAction::parse(&rule).ok_or_else(|| unknown_action(&table, &name, &rule))
        };
        let (on_delete, on_update) = (action("on_delete")?, action("on_update")?);
        let foreign_schema: Option<String> = get(&row, "foreign_schema")?;
        let foreign_table: String = get(&row, "foreign_table")?;
        let foreign_table = match foreign_schema {
            Some(database) => format!("{database}.{foreign_table}"),
            None => foreign_table,
        };
        builder.foreign_key_column(
            &table,
            name.clone(),
            name,
            foreign_table,
            on_delete,
            on_update,
            get(&row, "pos")?,
            get(&row, "col")?,
            get(&row, "foreign_col")?,
        );
    }

    let checks = if mariadb {
        MARIADB_CHECKS
    } else {
        MYSQL_CHECKS
    };
    for row in query(db, checks, Vec::new()).await? {
        let table: String = get(&row, "t")?;
        let check = Check {
            name: get(&row, "name")?,
            expression: get(&row, "expr")?,
        };
        builder.check(&table, check);
    }

    let mut schema = builder.finish();
    for table in schema.tables.values_mut() {
        without_implicit_indexes(table);
    }
    Ok(schema)
}

/// Leaves out the index the server made by itself for a foreign key (named
/// after the key, on its columns): creating the key makes it again, so it
/// is part of the key rather than an index of its own.
fn without_implicit_indexes(table: &mut Table) {
    let keys = &table.foreign_keys;
    table.indexes.retain(|index| {
        index.unique
            || !keys
                .iter()
                .any(|key| key.name == index.name && key.columns == index.columns)
    });
}

/// The types whose literal defaults are numbers, unquoted on both servers.
const UNQUOTED_TYPES: [&str; 13] = [
    "tinyint",
    "smallint",
    "mediumint",
    "int",
    "integer",
    "bigint",
    "decimal",
    "numeric",
    "float",
    "double",
    "real",
    "bit",
    "year",
];

/// A column's default as MariaDB spells it in `information_schema.columns`
/// (10.2.7 and later), from `column_default` (`text`) of a column of
/// `data_type` with `extra`:
///
/// - MariaDB: as it is, but for `NULL`, which it writes for "no default"
///   (and for `DEFAULT NULL`): `None`.
/// - MySQL: `NULL` is "no default"; an expression (`DEFAULT_GENERATED` in
///   `extra`) is as it is, but `CURRENT_TIMESTAMP[(n)]` reads
///   `current_timestamp(n)` as on MariaDB; a literal is quoted as MariaDB
///   quotes it (`'text'`, quotes doubled, backslashes escaped) unless the
///   column is numeric.
fn default(mariadb: bool, text: Option<String>, data_type: &str, extra: &str) -> Option<String> {
    let text = text?;
    if mariadb {
        return (text != "NULL").then_some(text);
    }
    if extra.to_ascii_uppercase().contains("DEFAULT_GENERATED") {
        let lower = text.to_ascii_lowercase();
        if let Some(rest) = lower.strip_prefix("current_timestamp") {
            if rest.is_empty() {
                return Some("current_timestamp()".to_owned());
            }
            if rest.starts_with('(') && rest.ends_with(')') {
                return Some(lower);
            }
        }
        return Some(text);
    }
    if UNQUOTED_TYPES.contains(&data_type.to_ascii_lowercase().as_str()) {
        return Some(text);
    }
    Some(format!(
        "'{}'",
        text.replace('\\', "\\\\").replace('\'', "''")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::schema::{ForeignKey, Index};

    #[test]
    fn the_index_a_foreign_key_made_for_itself_is_left_out() {
        let index = |name: &str, unique: bool| Index {
            name: name.to_owned(),
            columns: vec!["maker_id".to_owned()],
            unique,
            predicate: None,
        };
        let mut table = Table {
            name: "widgets".to_owned(),
            columns: Vec::new(),
            primary_key: Vec::new(),
            indexes: vec![
                index("fk-maker", false),
                index("idx-maker", false),
                index("uq", true),
            ],
            foreign_keys: vec![ForeignKey {
                name: "fk-maker".to_owned(),
                columns: vec!["maker_id".to_owned()],
                foreign_table: "makers".to_owned(),
                foreign_columns: vec!["id".to_owned()],
                on_delete: ReferentialAction::Cascade,
                on_update: ReferentialAction::Restrict,
            }],
            checks: Vec::new(),
        };
        without_implicit_indexes(&mut table);
        let names: Vec<&str> = table.indexes.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(names, ["idx-maker", "uq"]);
    }

    fn of(mariadb: bool, text: Option<&str>, data_type: &str, extra: &str) -> Option<String> {
        default(mariadb, text.map(str::to_owned), data_type, extra)
    }

    #[test]
    fn mariadb_defaults_are_kept_but_null() {
        assert_eq!(of(true, Some("NULL"), "varchar", ""), None);
        assert_eq!(of(true, None, "varchar", ""), None);
        assert_eq!(
            of(true, Some("'NULL'"), "varchar", "").as_deref(),
            Some("'NULL'")
        );
        assert_eq!(
            of(true, Some("'it''s'"), "varchar", "").as_deref(),
            Some("'it''s'")
        );
        assert_eq!(of(true, Some("0"), "int", "").as_deref(), Some("0"));
        assert_eq!(
            of(true, Some("current_timestamp(6)"), "datetime", "").as_deref(),
            Some("current_timestamp(6)")
        );
    }

    #[test]
    fn mysql_literals_are_quoted_as_mariadb_quotes_them() {
        assert_eq!(of(false, None, "varchar", ""), None);
        assert_eq!(
            of(false, Some("draft"), "varchar", "").as_deref(),
            Some("'draft'")
        );
        assert_eq!(
            of(false, Some("NULL"), "varchar", "").as_deref(),
            Some("'NULL'")
        );
        assert_eq!(
            of(false, Some("it's"), "enum", "").as_deref(),
            Some("'it''s'")
        );
        assert_eq!(
            of(false, Some("a\\b"), "text", "").as_deref(),
            Some("'a\\\\b'")
        );
        assert_eq!(
            of(false, Some("2020-01-01 00:00:00"), "datetime", "").as_deref(),
            Some("'2020-01-01 00:00:00'")
        );
        assert_eq!(of(false, Some("0"), "int", "").as_deref(), Some("0"));
        assert_eq!(
            of(false, Some("1.50"), "decimal", "").as_deref(),
            Some("1.50")
        );
        assert_eq!(of(false, Some("b'1'"), "bit", "").as_deref(), Some("b'1'"));
    }

    #[test]
    fn mysql_expressions_are_kept_and_current_timestamp_reads_as_on_mariadb() {
        let generated = "DEFAULT_GENERATED";
        assert_eq!(
            of(false, Some("CURRENT_TIMESTAMP"), "timestamp", generated).as_deref(),
            Some("current_timestamp()")
        );
        assert_eq!(
            of(
                false,
                Some("CURRENT_TIMESTAMP(6)"),
                "datetime",
                "DEFAULT_GENERATED on update CURRENT_TIMESTAMP(6)"
            )
            .as_deref(),
            Some("current_timestamp(6)")
        );
        assert_eq!(
            of(false, Some("uuid()"), "varchar", generated).as_deref(),
            Some("uuid()")
        );
    }
}

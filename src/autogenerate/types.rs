//! A column type as a database spells it, turned back into the sea-query
//! DSL call that creates it: the inverse of what sea-query writes for each
//! backend, and of the spellings each database reads back.

use std::collections::BTreeMap;

use database::Backend;

/// The DSL call that creates a column's type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeCall {
    /// A `ColumnDef` method call, written as the code spells it (`.string_len(255)`).
    Method(String),
    /// The toolkit's timezone-aware timestamp: `ColumnDef::new_with_type(c, utc_timestamp(backend))`,
    /// so that it is `DATETIME(6)` on MySQL/MariaDB.
    UtcTimestamp,
    /// An enum: `.enumeration(Alias::new(name), [values])`; `name` is `None`
    /// for MySQL's inline `enum(...)`, whose type has no name of its own.
    Enum {
        /// The PostgreSQL type's name.
        name: Option<String>,
        /// Its values, in order.
        values: Vec<String>,
    },
    /// A type the DSL has no call for: `.custom(Alias::new(spelled))`.
    Custom(String),
}

/// The DSL call for `spelled`, a column type as `backend` spells it;
/// `enums` are the schema's PostgreSQL enum types (name to values).
pub fn parse(backend: Backend, spelled: &str, enums: &BTreeMap<String, Vec<String>>) -> TypeCall {
    let spelled = spelled.trim();
    if let Some(values) = enums.get(spelled) {
        return TypeCall::Enum {
            name: Some(spelled.to_owned()),
            values: values.clone(),
        };
    }
    let lower = spelled.to_ascii_lowercase();
    if let Some(values) = lower
        .strip_prefix("enum(")
        .and_then(|_| enum_values(&spelled[5..]))
    {
        return TypeCall::Enum { name: None, values };
    }
    if is_utc_timestamp(backend, &lower) {
        return TypeCall::UtcTimestamp;
    }
    match method(backend, &lower) {
        Some(call) => TypeCall::Method(call),
        None => TypeCall::Custom(spelled.to_owned()),
    }
}

fn is_utc_timestamp(backend: Backend, lower: &str) -> bool {
    match backend {
        Backend::Postgres => lower == "timestamp with time zone" || lower == "timestamptz",
        Backend::Mysql => lower == "datetime(6)",
        Backend::Sqlite => lower == "timestamp_with_timezone_text",
    }
}

/// The method call for a spelling the DSL has one for.
fn method(backend: Backend, lower: &str) -> Option<String> {
    let (base, args) = split_arguments(lower);
    let unsigned = backend == Backend::Mysql && base.ends_with(" unsigned");
    let base = base
        .trim_end_matches(" unsigned")
        .trim_end_matches(" zerofill");
    let call = |name: &str| Some(format!(".{name}()"));
    match (base, args.as_slice()) {
        ("tinyint", [1]) if backend == Backend::Mysql => call("boolean"),
        ("tinyint", _) if unsigned => call("tiny_unsigned"),
        ("tinyint", _) => call("tiny_integer"),
        ("smallint" | "int2", _) if unsigned => call("small_unsigned"),
        ("smallint" | "int2", _) => call("small_integer"),
        ("integer" | "int" | "int4", _) if unsigned => call("unsigned"),
        ("integer" | "int" | "int4", _) => call("integer"),
        ("bigint" | "int8", _) if unsigned => call("big_unsigned"),
        ("bigint" | "int8", _) => call("big_integer"),
        ("character varying" | "varchar", [length]) => Some(format!(".string_len({length})")),
        ("character varying" | "varchar", []) => call("string"),
        ("character" | "char" | "bpchar", [length]) => Some(format!(".char_len({length})")),
        ("character" | "char" | "bpchar", []) => call("char"),
        ("text", []) => call("text"),
        ("boolean" | "bool", []) => call("boolean"),
        ("real" | "float4" | "float", []) => call("float"),
        ("double precision" | "double" | "float8", []) => call("double"),
        ("numeric" | "decimal" | "real", [precision, scale]) => {
            Some(format!(".decimal_len({precision}, {scale})"))
        }
        ("numeric" | "decimal", []) => call("decimal"),
        ("money", []) => call("money"),
        ("date" | "date_text", []) => call("date"),
        ("time" | "time without time zone" | "time_text", []) => call("time"),
        ("timestamp without time zone" | "datetime" | "datetime_text", []) => call("date_time"),
        ("timestamp" | "timestamp_text", []) => call("timestamp"),
        ("year", _) => call("year"),
        ("json" | "json_text", []) if backend == Backend::Sqlite => call("json"),
        ("json" | "longtext", []) if backend == Backend::Mysql => call("json_binary"),
        ("json", []) => call("json"),
        ("jsonb" | "jsonb_text", []) => call("json_binary"),
        ("uuid" | "uuid_text", []) => call("uuid"),
        ("binary", [16]) if backend == Backend::Mysql => call("uuid"),
        ("binary", [length]) => Some(format!(".binary_len({length})")),
        ("bytea" | "blob", []) => call("blob"),
        ("cidr" | "cidr_text", []) => call("cidr"),
        ("inet" | "inet_text", []) => call("inet"),
        ("macaddr" | "mac_address_text", []) => call("mac_address"),
        _ => None,
    }
}

/// `name(1, 2)` as `("name", [1, 2])`; a spelling without numeric arguments
/// has none. MySQL's display width (`int(11)`) is an argument like any other.
fn split_arguments(lower: &str) -> (String, Vec<u32>) {
    let Some(open) = lower.find('(') else {
        return (lower.to_owned(), Vec::new());
    };
    let Some(close) = lower[open..].find(')').map(|i| open + i) else {
        return (lower.to_owned(), Vec::new());
    };
    let arguments: Option<Vec<u32>> = lower[open + 1..close]
        .split(',')
        .map(|a| a.trim().parse().ok())
        .collect();
    match arguments {
        Some(arguments) => {
            let base = format!("{}{}", lower[..open].trim_end(), &lower[close + 1..]);
            (base, arguments)
        }
        None => (lower.to_owned(), Vec::new()),
    }
}

/// The values of MySQL's `enum('a','b')`, from the text after `enum(`.
fn enum_values(text: &str) -> Option<Vec<String>> {
    let mut values = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        if chars.next()? != '\'' {
            return None;
        }
        let mut value = String::new();
        loop {
            match chars.next()? {
                '\'' if chars.peek() == Some(&'\'') => {
                    chars.next();
                    value.push('\'');
                }
                '\'' => break,
                '\\' => value.push(chars.next()?),
                c => value.push(c),
            }
        }
        values.push(value);
        match chars.next()? {
            ',' => while chars.next_if(|c| c.is_whitespace()).is_some() {},
            ')' if chars.next().is_none() => return Some(values),
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use sea_orm::sea_query::{
        Alias, ColumnDef, MysqlQueryBuilder, PostgresQueryBuilder, SqliteQueryBuilder, Table,
    };

    use super::*;

    /// The column type sea-query writes for `column` on `backend`.
    fn spelled_by_sea_query(backend: Backend, column: ColumnDef) -> String {
        let mut create = Table::create();
        create.table(Alias::new("t")).col(column);
        let sql = match backend {
            Backend::Postgres => create.to_string(PostgresQueryBuilder),
            Backend::Mysql => create.to_string(MysqlQueryBuilder),
            Backend::Sqlite => create.to_string(SqliteQueryBuilder),
        };
        let start = sql.find("c").expect("the column") + 3;
        sql[start..sql.len() - 2].to_owned()
    }

    fn def() -> ColumnDef {
        ColumnDef::new(Alias::new("c"))
    }

    /// Every DSL call the renderer writes, built as a `ColumnDef`, and the
    /// call the renderer writes for it.
    fn calls() -> Vec<(ColumnDef, &'static str)> {
        vec![
            (def().integer().to_owned(), ".integer()"),
            (def().big_integer().to_owned(), ".big_integer()"),
            (def().small_integer().to_owned(), ".small_integer()"),
            (def().string_len(255).to_owned(), ".string_len(255)"),
            (def().char_len(2).to_owned(), ".char_len(2)"),
            (def().text().to_owned(), ".text()"),
            (def().boolean().to_owned(), ".boolean()"),
            (def().double().to_owned(), ".double()"),
            (def().decimal_len(10, 2).to_owned(), ".decimal_len(10, 2)"),
            (def().date().to_owned(), ".date()"),
            (def().time().to_owned(), ".time()"),
            (def().json_binary().to_owned(), ".json_binary()"),
            (def().uuid().to_owned(), ".uuid()"),
        ]
    }

    #[test]
    fn every_call_reads_back_from_what_sea_query_writes() {
        for backend in [Backend::Postgres, Backend::Mysql, Backend::Sqlite] {
            for (column, call) in calls() {
                let spelled = spelled_by_sea_query(backend, column);
                let TypeCall::Method(parsed) = parse(backend, &spelled, &BTreeMap::new()) else {
                    panic!("{backend:?} {spelled}: not a method call");
                };
                // Where sea-query writes two calls alike (SQLite's `integer`
                // for `.big_integer()`), the call read back writes the same.
                if parsed != call {
                    let (same, _) = calls()
                        .into_iter()
                        .find(|(_, c)| *c == parsed)
                        .unwrap_or_else(|| panic!("{backend:?} {spelled}: {parsed}"));
                    assert_eq!(spelled_by_sea_query(backend, same), spelled, "{call}");
                }
            }
        }
    }

    #[test]
    fn database_spellings_read_back_as_the_call_that_creates_them() {
        let cases = [
            (
                Backend::Postgres,
                "character varying(255)",
                ".string_len(255)",
            ),
            (Backend::Postgres, "numeric(10,2)", ".decimal_len(10, 2)"),
            (Backend::Postgres, "boolean", ".boolean()"),
            (
                Backend::Postgres,
                "timestamp without time zone",
                ".date_time()",
            ),
            (Backend::Postgres, "double precision", ".double()"),
            (Backend::Mysql, "int(11)", ".integer()"),
            (Backend::Mysql, "bigint(20)", ".big_integer()"),
            (Backend::Mysql, "int(10) unsigned", ".unsigned()"),
            (Backend::Mysql, "tinyint(1)", ".boolean()"),
            (Backend::Mysql, "tinyint(4)", ".tiny_integer()"),
            (Backend::Mysql, "longtext", ".json_binary()"),
            (Backend::Mysql, "decimal(10,2)", ".decimal_len(10, 2)"),
        ];
        for (backend, spelled, call) in cases {
            assert_eq!(
                parse(backend, spelled, &BTreeMap::new()),
                TypeCall::Method(call.to_owned()),
                "{backend:?} {spelled}"
            );
        }
    }

    #[test]
    fn timezone_aware_timestamps_read_back_as_the_toolkit_policy() {
        for backend in [Backend::Postgres, Backend::Mysql, Backend::Sqlite] {
            let db_backend = match backend {
                Backend::Postgres => sea_orm::DbBackend::Postgres,
                Backend::Mysql => sea_orm::DbBackend::MySql,
                Backend::Sqlite => sea_orm::DbBackend::Sqlite,
            };
            let column =
                ColumnDef::new_with_type(Alias::new("c"), crate::types::utc_timestamp(db_backend));
            let spelled = spelled_by_sea_query(backend, column);
            assert_eq!(
                parse(backend, &spelled.to_ascii_lowercase(), &BTreeMap::new()),
                TypeCall::UtcTimestamp,
                "{spelled}"
            );
        }
        assert_eq!(
            parse(
                Backend::Postgres,
                "timestamp with time zone",
                &BTreeMap::new()
            ),
            TypeCall::UtcTimestamp
        );
    }

    #[test]
    fn enums_read_back_with_their_values() {
        let enums = BTreeMap::from([("role".to_owned(), vec!["a".to_owned(), "b".to_owned()])]);
        let expected = |name: Option<&str>| TypeCall::Enum {
            name: name.map(str::to_owned),
            values: vec!["a".to_owned(), "b".to_owned()],
        };
        assert_eq!(
            parse(Backend::Postgres, "role", &enums),
            expected(Some("role"))
        );
        assert_eq!(
            parse(Backend::Mysql, "enum('a','b')", &BTreeMap::new()),
            expected(None)
        );
        let mysql = spelled_by_sea_query(
            Backend::Mysql,
            def()
                .enumeration(Alias::new("role"), [Alias::new("a"), Alias::new("b")])
                .to_owned(),
        );
        assert_eq!(
            parse(
                Backend::Mysql,
                &mysql.to_ascii_lowercase(),
                &BTreeMap::new()
            ),
            expected(None),
            "{mysql}"
        );
    }

    #[test]
    fn unknown_types_are_custom() {
        assert_eq!(
            parse(Backend::Postgres, "tsvector", &BTreeMap::new()),
            TypeCall::Custom("tsvector".to_owned())
        );
    }
}

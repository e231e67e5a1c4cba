//! Statements as syntax trees: each statement the engine executes is parsed
//! with `sqlparser` (pure Rust, maintained by Apache DataFusion) in its
//! backend's dialect. A statement it cannot parse is an error here, which
//! `lint` reports (`LINT001`) rather than passing it silently.

use sqlparser::ast::{DataType, Ident, ObjectName, Statement};
use sqlparser::dialect::{Dialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::parser::Parser;
use sqlparser::tokenizer::Token;

use crate::Backend;

/// One statement as parsed.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The syntax tree.
    pub statement: Statement,
    /// PostgreSQL's `DROP INDEX CONCURRENTLY`, which the parser's tree has
    /// no field for: the keyword is taken out before parsing and kept here.
    pub concurrently: bool,
}

/// `sql` (one string the engine executes, which may hold several
/// statements) parsed in `backend`'s dialect; the parser's message if it
/// cannot read it.
pub fn parse(backend: Backend, sql: &str) -> Result<Vec<Parsed>, String> {
    let (sql, concurrently) = match drop_index_concurrently(backend, sql) {
        Some(rest) => (rest, true),
        None => (sql.to_owned(), false),
    };
    let statements =
        Parser::parse_sql(dialect(backend).as_ref(), &sql).map_err(|e| e.to_string())?;
    Ok(statements
        .into_iter()
        .map(|statement| Parsed {
            statement,
            concurrently,
        })
        .collect())
}

/// The statements of every string of `sqls` that parses (for the preamble,
/// which the engine writes and which always parses).
pub fn parse_all(backend: Backend, sqls: &[String]) -> Vec<Statement> {
    sqls.iter()
        .filter_map(|sql| parse(backend, sql).ok())
        .flatten()
        .map(|parsed| parsed.statement)
        .collect()
}

/// A column type as a catalog spells it (`character varying(50)`,
/// `enum('a','b')`) parsed in `backend`'s dialect; `None` when the parser
/// cannot read it (the type is then unknown, as offline).
pub fn data_type(backend: Backend, text: &str) -> Option<DataType> {
    let dialect = dialect(backend);
    let mut parser = Parser::new(dialect.as_ref()).try_with_sql(text).ok()?;
    let data_type = parser.parse_data_type().ok()?;
    (parser.peek_token().token == Token::EOF).then_some(data_type)
}

fn dialect(backend: Backend) -> Box<dyn Dialect> {
    match backend {
        Backend::Postgres => Box::new(PostgreSqlDialect {}),
        Backend::Mysql => Box::new(MySqlDialect {}),
        Backend::Sqlite => Box::new(SQLiteDialect {}),
    }
}

/// `DROP INDEX CONCURRENTLY rest` as `DROP INDEX rest`, on PostgreSQL.
fn drop_index_concurrently(backend: Backend, sql: &str) -> Option<String> {
    if backend != Backend::Postgres {
        return None;
    }
    let words: Vec<&str> = sql.split_whitespace().collect();
    match words.as_slice() {
        [drop, index, concurrently, rest @ ..]
            if drop.eq_ignore_ascii_case("DROP")
                && index.eq_ignore_ascii_case("INDEX")
                && concurrently.eq_ignore_ascii_case("CONCURRENTLY") =>
        {
            Some(format!("DROP INDEX {}", rest.join(" ")))
        }
        _ => None,
    }
}

/// A table's name as the facts key it: its last part (the schema is the
/// configured one), unquoted names folded to lower case as PostgreSQL does.
pub fn table_key(name: &ObjectName) -> String {
    name.0
        .last()
        .and_then(|part| part.as_ident())
        .map(ident_key)
        .unwrap_or_else(|| name.to_string())
}

/// An identifier as written, unquoted ones folded to lower case.
pub fn ident_key(ident: &Ident) -> String {
    match ident.quote_style {
        Some(_) => ident.value.clone(),
        None => ident.value.to_lowercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_catalog_type_parses_as_the_type_a_migration_declares() {
        let declared =
            |sql: &str| match parse(Backend::Postgres, sql).map(|p| p[0].statement.clone()) {
                Ok(Statement::CreateTable(create)) => create.columns[0].data_type.clone(),
                other => panic!("{other:?}"),
            };
        assert_eq!(
            data_type(Backend::Postgres, "integer"),
            Some(declared("CREATE TABLE t (c integer)"))
        );
        assert_eq!(
            data_type(Backend::Postgres, "character varying(50)"),
            Some(declared("CREATE TABLE t (c character varying(50))"))
        );
        assert!(matches!(
            data_type(Backend::Mysql, "enum('a','b')"),
            Some(DataType::Enum(values, _)) if values.len() == 2
        ));
        assert_eq!(data_type(Backend::Postgres, "no such (type"), None);
    }

    /// The SQL files `sql up|down --backend B` printed for the baseline (the
    /// golden files of the offline SQL tests): every statement, the
    /// engine's own and the migration's, one per line, with the values the
    /// golden files stand in for put back.
    fn golden(direction: &str, backend: &str) -> Vec<String> {
        let path = format!(
            "{}/tests/golden/{direction}_{backend}.sql",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        text.lines()
            .filter(|l| !l.is_empty() && !l.starts_with("--"))
            .map(|l| {
                l.trim_end_matches(';')
                    .replace("<unix-time>", "1764230400")
                    .replace("<run-by>", "ci@host")
            })
            .collect()
    }

    #[test]
    fn every_statement_of_the_baseline_parses_on_every_backend() {
        for (name, backend) in [
            ("postgres", Backend::Postgres),
            ("mysql", Backend::Mysql),
            ("sqlite", Backend::Sqlite),
        ] {
            let statements = golden("up", name);
            assert!(statements.len() > 40, "{name}: {}", statements.len());
            for sql in statements.iter().chain(&golden("down", name)) {
                if let Err(e) = parse(backend, sql) {
                    panic!("{name}: {sql}: {e}");
                }
            }
        }
    }

    #[test]
    fn the_engines_timeout_statements_parse() {
        for (backend, sql) in [
            (Backend::Postgres, "SET LOCAL lock_timeout = 5000"),
            (Backend::Postgres, "SET LOCAL lock_timeout = '5s'"),
            (Backend::Postgres, "SET LOCAL statement_timeout = 60000"),
            (Backend::Postgres, "SET lock_timeout = 0"),
            (Backend::Mysql, "SET SESSION lock_wait_timeout = 5"),
        ] {
            let parsed = parse(backend, sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
            assert_eq!(parsed.len(), 1, "{sql}");
        }
    }

    #[test]
    fn drop_index_concurrently_keeps_its_keyword() {
        let parsed = parse(Backend::Postgres, "DROP INDEX CONCURRENTLY \"i\"").expect("parses");
        assert!(parsed[0].concurrently);
        let parsed = parse(Backend::Postgres, "DROP INDEX \"i\"").expect("parses");
        assert!(!parsed[0].concurrently);
    }

    #[test]
    fn a_statement_the_parser_cannot_read_is_an_error() {
        assert!(parse(Backend::Postgres, "ALTER TABLE WHAT").is_err());
    }

    #[test]
    fn unquoted_names_fold_to_lower_case_and_quoted_ones_do_not() {
        let parsed = parse(Backend::Postgres, "DROP TABLE Orders, \"Items\"").expect("parses");
        let Statement::Drop { names, .. } = &parsed[0].statement else {
            panic!("not a drop");
        };
        assert_eq!(table_key(&names[0]), "orders");
        assert_eq!(table_key(&names[1]), "Items");
    }
}

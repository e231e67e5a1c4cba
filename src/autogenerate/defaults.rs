//! A column default as a database spells it, turned back into the
//! sea-query DSL's `.default(...)`: literals as Rust literals (PostgreSQL's
//! casts stripped), the current timestamp as `Expr::current_timestamp()`,
//! anything else verbatim as `Expr::cust`.

use database::Backend;

/// The DSL value of a column default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DefaultCall {
    /// A literal, written as Rust spells it (`"x"`, `0`, `true`).
    Literal(String),
    /// `Expr::current_timestamp()`.
    CurrentTimestamp,
    /// An expression the DSL has no call for, as the database spells it: `Expr::cust(...)`.
    Custom(String),
}

impl DefaultCall {
    /// The argument of `.default(...)` as code.
    pub fn code(&self) -> String {
        match self {
            Self::Literal(literal) => literal.clone(),
            Self::CurrentTimestamp => "Expr::current_timestamp()".to_owned(),
            Self::Custom(expression) => format!("Expr::cust({expression:?})"),
        }
    }
}

/// The DSL value of `spelled`, a default as `backend` spells it; `None`
/// for `NULL`, which is no default at all.
pub fn parse(backend: Backend, spelled: &str) -> Option<DefaultCall> {
    let mut text = spelled.trim();
    if backend == Backend::Postgres {
        text = strip_casts(text);
    }
    let lower = text.to_ascii_lowercase();
    if lower == "null" {
        return None;
    }
    let escaped = text
        .strip_prefix(['E', 'e'])
        .filter(|t| t.starts_with('\''));
    let backslash_escapes = escaped.is_some() || backend == Backend::Mysql;
    if let Some(string) = quoted(escaped.unwrap_or(text), backslash_escapes) {
        return Some(DefaultCall::Literal(format!("{string:?}")));
    }
    if let Ok(integer) = text.parse::<i64>() {
        return Some(DefaultCall::Literal(if i32::try_from(integer).is_ok() {
            integer.to_string()
        } else {
            format!("{integer}i64")
        }));
    }
    if is_decimal(text) {
        return Some(DefaultCall::Literal(text.to_owned()));
    }
    if lower == "true" || lower == "false" {
        return Some(DefaultCall::Literal(lower));
    }
    let current_timestamp = matches!(
        lower.as_str(),
        "now()" | "current_timestamp" | "current_timestamp()" | "current_timestamp(6)"
    );
    Some(if current_timestamp {
        DefaultCall::CurrentTimestamp
    } else {
        DefaultCall::Custom(spelled.trim().to_owned())
    })
}

/// `'x'::character varying` as `'x'`, `(0)::numeric` as `0`: PostgreSQL's
/// casts on a literal and the parentheses around it.
fn strip_casts(mut text: &str) -> &str {
    loop {
        let outside_quotes = text.rfind('\'').map_or(0, |i| i + 1);
        match text[outside_quotes..].rfind("::") {
            Some(cast) => text = text[..outside_quotes + cast].trim_end(),
            None => break,
        }
    }
    match text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        Some(inner) if !inner.contains(['(', ')']) => inner.trim(),
        _ => text,
    }
}

/// The text of a single-quoted SQL string literal (`''` is one quote; with
/// `backslash_escapes`, as MySQL and PostgreSQL's `E'...'` write, so is `\'`).
fn quoted(text: &str, backslash_escapes: bool) -> Option<String> {
    let inner = text.strip_prefix('\'')?.strip_suffix('\'')?;
    let mut value = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\'' {
            if chars.next() != Some('\'') {
                return None;
            }
            value.push(c);
        } else if c == '\\' && backslash_escapes {
            value.push(chars.next()?);
        } else {
            value.push(c);
        }
    }
    Some(value)
}

fn is_decimal(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    match digits.split_once('.') {
        Some((whole, fraction)) => {
            !whole.is_empty()
                && !fraction.is_empty()
                && whole.chars().all(|c| c.is_ascii_digit())
                && fraction.chars().all(|c| c.is_ascii_digit())
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use sea_orm::sea_query::{
        Alias, ColumnDef, Expr, MysqlQueryBuilder, PostgresQueryBuilder, SqliteQueryBuilder, Table,
    };

    use super::*;

    const BACKENDS: [Backend; 3] = [Backend::Postgres, Backend::Mysql, Backend::Sqlite];

    /// The default sea-query writes for `column` on `backend`.
    fn spelled_by_sea_query(backend: Backend, column: ColumnDef) -> String {
        let mut create = Table::create();
        create.table(Alias::new("t")).col(column);
        let sql = match backend {
            Backend::Postgres => create.to_string(PostgresQueryBuilder),
            Backend::Mysql => create.to_string(MysqlQueryBuilder),
            Backend::Sqlite => create.to_string(SqliteQueryBuilder),
        };
        let start = sql.find(" DEFAULT ").expect("a default") + " DEFAULT ".len();
        sql[start..sql.len() - 2].to_owned()
    }

    fn column() -> ColumnDef {
        ColumnDef::new(Alias::new("c")).text().to_owned()
    }

    #[test]
    fn every_default_reads_back_from_what_sea_query_writes() {
        let cases: Vec<(ColumnDef, DefaultCall)> = vec![
            (
                column().default("x").to_owned(),
                DefaultCall::Literal("\"x\"".to_owned()),
            ),
            (
                column().default("it's").to_owned(),
                DefaultCall::Literal("\"it's\"".to_owned()),
            ),
            (
                column().default(0).to_owned(),
                DefaultCall::Literal("0".to_owned()),
            ),
            (
                column().default(-7).to_owned(),
                DefaultCall::Literal("-7".to_owned()),
            ),
            (
                column().default(1.5).to_owned(),
                DefaultCall::Literal("1.5".to_owned()),
            ),
            (
                column().default(Expr::current_timestamp()).to_owned(),
                DefaultCall::CurrentTimestamp,
            ),
        ];
        for backend in BACKENDS {
            for (column, call) in cases.clone() {
                let spelled = spelled_by_sea_query(backend, column);
                assert_eq!(
                    parse(backend, &spelled),
                    Some(call),
                    "{backend:?} {spelled}"
                );
            }
        }
    }

    #[test]
    fn booleans_read_back_as_rust_booleans() {
        for backend in BACKENDS {
            let spelled = spelled_by_sea_query(backend, column().default(true).to_owned());
            assert_eq!(
                parse(backend, &spelled),
                Some(DefaultCall::Literal("true".to_owned())),
                "{spelled}"
            );
        }
    }

    #[test]
    fn postgres_casts_on_literals_are_stripped() {
        let pg = |spelled| parse(Backend::Postgres, spelled);
        assert_eq!(
            pg("'x'::character varying"),
            Some(DefaultCall::Literal("\"x\"".to_owned()))
        );
        assert_eq!(
            pg("'{}'::jsonb"),
            Some(DefaultCall::Literal("\"{}\"".to_owned()))
        );
        assert_eq!(
            pg("(-1)::integer"),
            Some(DefaultCall::Literal("-1".to_owned()))
        );
        assert_eq!(
            pg("'a::b'::text"),
            Some(DefaultCall::Literal("\"a::b\"".to_owned()))
        );
        assert_eq!(
            pg("'active'::member_role"),
            Some(DefaultCall::Literal("\"active\"".to_owned()))
        );
    }

    #[test]
    fn database_spellings_of_the_current_timestamp_are_one_call() {
        for (backend, spelled) in [
            (Backend::Postgres, "now()"),
            (Backend::Postgres, "CURRENT_TIMESTAMP"),
            (Backend::Mysql, "current_timestamp(6)"),
            (Backend::Mysql, "current_timestamp()"),
            (Backend::Sqlite, "CURRENT_TIMESTAMP"),
        ] {
            assert_eq!(parse(backend, spelled), Some(DefaultCall::CurrentTimestamp));
        }
    }

    #[test]
    fn other_expressions_are_kept_verbatim() {
        let call = parse(Backend::Postgres, "gen_random_uuid()").expect("a default");
        assert_eq!(call.code(), "Expr::cust(\"gen_random_uuid()\")");
    }

    #[test]
    fn null_is_no_default() {
        assert_eq!(parse(Backend::Mysql, "NULL"), None);
        assert_eq!(parse(Backend::Postgres, "NULL::character varying"), None);
    }
}

//! Reading pieces out of SQL text the catalogs give back only as text:
//! SQLite's `CREATE TABLE` / `CREATE INDEX` statements and PostgreSQL's
//! `CHECK (...)` definitions. A small scanner that knows strings, quoted
//! identifiers and comments, so that parentheses, commas and keywords
//! inside them are never taken for structure.

use super::Check;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A bare word: keyword, identifier or number.
    Word,
    /// A quoted identifier: `"x"`, `` `x` `` or `[x]`.
    Quoted,
    /// A string literal: `'x'`.
    String,
    /// Any other single character (`(`, `)`, `,`, operators).
    Punct(char),
}

/// One token: its kind and its byte range in the text.
#[derive(Debug, Clone, Copy)]
struct Token {
    kind: Kind,
    start: usize,
    end: usize,
}

impl Token {
    fn text(self, sql: &str) -> &str {
        &sql[self.start..self.end]
    }

    /// Whether this is the bare word `word` (any case).
    fn is_word(self, sql: &str, word: &str) -> bool {
        self.kind == Kind::Word && self.text(sql).eq_ignore_ascii_case(word)
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$' || !c.is_ascii()
}

/// Splits `sql` into tokens, skipping white space and comments. An
/// unterminated string, identifier or comment runs to the end of the text.
fn tokens(sql: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = sql.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let kind = match c {
            c if c.is_whitespace() => continue,
            '-' if chars.peek().is_some_and(|&(_, n)| n == '-') => {
                for (_, n) in chars.by_ref() {
                    if n == '\n' {
                        break;
                    }
                }
                continue;
            }
            '/' if chars.peek().is_some_and(|&(_, n)| n == '*') => {
                chars.next();
                let mut star = false;
                for (_, n) in chars.by_ref() {
                    if star && n == '/' {
                        break;
                    }
                    star = n == '*';
                }
                continue;
            }
            '\'' | '"' | '`' | '[' => {
                let close = if c == '[' { ']' } else { c };
                while let Some((_, n)) = chars.next() {
                    if n == close {
                        // A doubled quote is an escaped one ([x] has no escape).
                        if close != ']' && chars.peek().is_some_and(|&(_, m)| m == close) {
                            chars.next();
                            continue;
                        }
                        break;
                    }
                }
                if c == '\'' {
                    Kind::String
                } else {
                    Kind::Quoted
                }
            }
            c if is_word_char(c) => {
                while chars.peek().is_some_and(|&(_, n)| is_word_char(n)) {
                    chars.next();
                }
                Kind::Word
            }
            c => Kind::Punct(c),
        };
        let end = chars.peek().map_or(sql.len(), |&(i, _)| i);
        tokens.push(Token { kind, start, end });
    }
    tokens
}

/// The index of the `)` closing the `(` at `tokens[open]`, if it is closed.
fn closing(tokens: &[Token], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, token) in tokens.iter().enumerate().skip(open) {
        match token.kind {
            Kind::Punct('(') => depth += 1,
            Kind::Punct(')') => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// The text between the parentheses `tokens[open]` and `tokens[close]`, trimmed.
fn inside(sql: &str, tokens: &[Token], open: usize, close: usize) -> String {
    sql[tokens[open].end..tokens[close].start].trim().to_owned()
}

/// An identifier as written (bare, `"x"`, `` `x` ``, `[x]` or `'x'`), unquoted.
fn identifier(sql: &str, token: Token) -> String {
    let text = token.text(sql);
    match token.kind {
        Kind::Quoted | Kind::String if text.len() >= 2 => {
            let quote = &text[..1];
            let inner = &text[1..text.len() - 1];
            if quote == "[" {
                inner.to_owned()
            } else {
                inner.replace(&quote.repeat(2), quote)
            }
        }
        _ => text.to_owned(),
    }
}

/// The check constraints of a `CREATE TABLE` statement, column and table
/// constraints alike, in the order written: `CONSTRAINT name CHECK (expr)`
/// is named `name`, a bare `CHECK (expr)` has an empty name. The expression
/// is the text inside the parentheses, trimmed.
pub(super) fn create_table_checks(sql: &str) -> Vec<Check> {
    let tokens = tokens(sql);
    let mut checks = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let open = i + 1;
        if tokens[i].is_word(sql, "CHECK")
            && tokens.get(open).is_some_and(|t| t.kind == Kind::Punct('('))
            && let Some(close) = closing(&tokens, open)
        {
            let name = match i.checked_sub(2).map(|c| tokens[c]) {
                Some(keyword) if keyword.is_word(sql, "CONSTRAINT") => {
                    identifier(sql, tokens[i - 1])
                }
                _ => String::new(),
            };
            checks.push(Check {
                name,
                expression: inside(sql, &tokens, open, close),
            });
            i = close + 1;
        } else {
            i += 1;
        }
    }
    checks
}

/// Whether a `CREATE TABLE` statement ends in `WITHOUT ROWID` (after its column list).
pub(super) fn without_rowid(sql: &str) -> bool {
    let tokens = tokens(sql);
    let Some(open) = tokens.iter().position(|t| t.kind == Kind::Punct('(')) else {
        return false;
    };
    let Some(close) = closing(&tokens, open) else {
        return false;
    };
    tokens[close + 1..]
        .windows(2)
        .any(|pair| pair[0].is_word(sql, "WITHOUT") && pair[1].is_word(sql, "ROWID"))
}

/// The key items of a `CREATE INDEX` statement's column list, as written
/// but without a trailing `ASC` / `DESC`: a column's name or an expression.
pub(super) fn index_items(sql: &str) -> Vec<String> {
    let tokens = tokens(sql);
    let Some(open) = tokens.iter().position(|t| t.kind == Kind::Punct('(')) else {
        return Vec::new();
    };
    let Some(close) = closing(&tokens, open) else {
        return Vec::new();
    };
    let mut items = Vec::new();
    let mut depth = 0usize;
    let mut first = open + 1;
    for i in open + 1..=close {
        match tokens[i].kind {
            Kind::Punct('(') => depth += 1,
            Kind::Punct(')') if depth > 0 => depth -= 1,
            Kind::Punct(',' | ')') if depth == 0 => {
                let mut last = i;
                while last > first
                    && (tokens[last - 1].is_word(sql, "ASC")
                        || tokens[last - 1].is_word(sql, "DESC"))
                {
                    last -= 1;
                }
                if last > first {
                    items.push(sql[tokens[first].start..tokens[last - 1].end].to_owned());
                }
                first = i + 1;
            }
            _ => {}
        }
    }
    items
}

/// The predicate of a partial index: the text after the `WHERE` that
/// follows a `CREATE INDEX` statement's column list, trimmed; `None` when
/// there is none.
pub(super) fn index_predicate(sql: &str) -> Option<String> {
    let tokens = tokens(sql);
    let open = tokens.iter().position(|t| t.kind == Kind::Punct('('))?;
    let close = closing(&tokens, open)?;
    let at = tokens[close + 1..]
        .iter()
        .position(|t| t.is_word(sql, "WHERE"))?;
    let predicate = sql[tokens[close + 1 + at].end..]
        .trim()
        .trim_end_matches(';')
        .trim_end();
    (!predicate.is_empty()).then(|| predicate.to_owned())
}

/// The expression of a `CHECK (expr)` definition (as PostgreSQL's
/// `pg_get_constraintdef` spells it, maybe followed by `NOT VALID` or
/// `NO INHERIT`): the text inside the outer parentheses. Any other text is
/// returned whole.
pub(super) fn check_expression(definition: &str) -> String {
    let tokens = tokens(definition);
    if tokens
        .first()
        .is_some_and(|t| t.is_word(definition, "CHECK"))
        && tokens.get(1).is_some_and(|t| t.kind == Kind::Punct('('))
        && let Some(close) = closing(&tokens, 1)
    {
        return inside(definition, &tokens, 1, close);
    }
    definition.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(name: &str, expression: &str) -> Check {
        Check {
            name: name.to_owned(),
            expression: expression.to_owned(),
        }
    }

    #[test]
    fn checks_of_columns_and_of_the_table_named_or_not_in_order() {
        let sql = "CREATE TABLE \"t\" (\n\
                   \"id\" integer NOT NULL PRIMARY KEY,\n\
                   \"price\" integer CHECK (\"price\" >= 0),\n\
                   \"code\" text CONSTRAINT \"code_len\" CHECK (length(code) IN (2, 3)),\n\
                   CONSTRAINT [positive] CHECK (price > 0 AND (id > 0)),\n\
                   check(code <> 'x)'),\n\
                   CONSTRAINT `q``s` CHECK (1)\n\
                   )";
        assert_eq!(
            create_table_checks(sql),
            [
                check("", "\"price\" >= 0"),
                check("code_len", "length(code) IN (2, 3)"),
                check("positive", "price > 0 AND (id > 0)"),
                check("", "code <> 'x)'"),
                check("q`s", "1"),
            ]
        );
    }

    #[test]
    fn check_in_strings_identifiers_and_comments_is_not_a_check() {
        let sql = "CREATE TABLE t (\n\
                   \"check\" text DEFAULT 'CHECK (1)', -- CHECK (2)\n\
                   checked integer /* CHECK (3) */, [check] int, check_x int\n\
                   )";
        assert_eq!(create_table_checks(sql), []);
    }

    #[test]
    fn an_unbalanced_check_is_left_out() {
        assert_eq!(
            create_table_checks("CREATE TABLE t (a int CHECK (a > (0)"),
            []
        );
    }

    #[test]
    fn without_rowid_only_after_the_column_list() {
        assert!(without_rowid(
            "CREATE TABLE t (k text PRIMARY KEY) WITHOUT ROWID"
        ));
        assert!(without_rowid(
            "CREATE TABLE t (k text PRIMARY KEY) STRICT, without  rowid"
        ));
        assert!(!without_rowid(
            "CREATE TABLE t (k text PRIMARY KEY, \"without rowid\" int, without int, rowid int)"
        ));
    }

    #[test]
    fn index_items_are_columns_or_expressions_without_their_direction() {
        assert_eq!(
            index_items(
                "CREATE INDEX \"ix\" ON \"t\" (\"a\", lower(b, ','), c DESC, d COLLATE nocase ASC)"
            ),
            ["\"a\"", "lower(b, ',')", "c", "d COLLATE nocase"]
        );
        assert_eq!(index_items("CREATE INDEX ix ON t"), Vec::<String>::new());
    }

    #[test]
    fn a_partial_index_predicate_is_the_text_after_where() {
        assert_eq!(
            index_predicate(
                "CREATE INDEX \"ix\" ON \"t\" (\"a\", (b)) WHERE b IS NOT NULL AND a > 0"
            ),
            Some("b IS NOT NULL AND a > 0".to_owned())
        );
        assert_eq!(
            index_predicate("create unique index ix on t(a)\n  where\n (a <> 'where') ;"),
            Some("(a <> 'where')".to_owned())
        );
        assert_eq!(
            index_predicate("CREATE INDEX \"where\" ON \"where\" (\"where\")"),
            None
        );
        assert_eq!(index_predicate("CREATE INDEX ix ON t (a) WHERE"), None);
    }

    #[test]
    fn the_check_wrapper_is_removed_with_what_follows_it() {
        assert_eq!(check_expression("CHECK ((d >= 0))"), "(d >= 0)");
        assert_eq!(
            check_expression("CHECK ((a)::text <> ')'::text) NOT VALID"),
            "(a)::text <> ')'::text"
        );
        assert_eq!(check_expression(" something else "), "something else");
    }
}

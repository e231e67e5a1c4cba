//! The statements of one `up()` or `down()` body as they are written, with
//! the identifiers and imports they use.

use database::Backend;

use super::idents::Idents;

/// What the file imports beyond the prelude, as the statements need it.
#[derive(Debug, Default, Clone, Copy)]
pub struct Imports {
    /// `DbBackend`, for a step guarded by backend.
    pub db_backend: bool,
    /// PostgreSQL's `Type`, for enum types.
    pub pg_type: bool,
    /// `migrate_kit::types::utc_timestamp`.
    pub utc_timestamp: bool,
}

/// The body being written, and what it names.
#[derive(Debug)]
pub struct Emitter {
    /// The backend whose spelling the schema's types and defaults have.
    pub spelling: Backend,
    /// Every identifier named so far.
    pub idents: Idents,
    /// Every import needed so far.
    pub imports: Imports,
    notes: Vec<String>,
    code: String,
}

impl Emitter {
    /// An empty body for a schema spelled as `spelling` spells it.
    pub fn new(spelling: Backend) -> Self {
        Self {
            spelling,
            idents: Idents::default(),
            imports: Imports::default(),
            notes: Vec::new(),
            code: String::new(),
        }
    }

    /// A comment line to write before the next statement.
    pub fn note(&mut self, text: String) {
        if !self.notes.contains(&text) {
            self.notes.push(text);
        }
    }

    /// A comment, now, wrapped into lines of at most 80 characters.
    pub fn comment(&mut self, text: &str) {
        let mut line = String::new();
        for word in text.split(' ') {
            if !line.is_empty() && line.len() + 1 + word.len() > 80 {
                self.code.push_str(&format!("// {line}\n"));
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        self.code.push_str(&format!("// {line}\n"));
    }

    /// A statement, after the notes gathered for it.
    pub fn statement(&mut self, code: &str) {
        for note in std::mem::take(&mut self.notes) {
            self.comment(&note);
        }
        self.code.push_str(code);
        self.code.push('\n');
    }

    /// `manager.<method>(<argument>).await?;`
    pub fn call(&mut self, method: &str, argument: &str) {
        self.statement(&format!("manager.{method}({argument}).await?;"));
    }

    /// SQL the DSL cannot express, run as it is; `why` says why.
    pub fn unprepared(&mut self, why: &str, sql: &str) {
        self.comment(why);
        self.statement(&format!(
            "manager.get_connection().execute_unprepared({}).await?;",
            string_literal(sql)
        ));
    }

    /// Opens `if <the backend is one of backends> {`.
    pub fn open_guard(&mut self, backends: &[Backend]) {
        self.imports.db_backend = true;
        let conditions: Vec<String> = backends
            .iter()
            .map(|b| {
                format!(
                    "manager.get_database_backend() == DbBackend::{}",
                    db_backend(*b)
                )
            })
            .collect();
        self.code
            .push_str(&format!("if {} {{\n", conditions.join(" || ")));
    }

    /// Closes the guard and opens `else if <the backend is one of backends> {`.
    pub fn else_if_guard(&mut self, backends: &[Backend]) {
        self.code.push_str("} else ");
        self.open_guard(backends);
    }

    /// Closes the guard and opens its `else {`.
    pub fn else_guard(&mut self) {
        self.code.push_str("} else {\n");
    }

    /// Closes the guard.
    pub fn close_guard(&mut self) {
        self.code.push_str("}\n");
    }

    /// A blank line between two changes.
    pub fn separate(&mut self) {
        if !self.code.is_empty() {
            self.code.push('\n');
        }
    }

    /// The body written so far; the emitter starts a new one.
    pub fn take(&mut self) -> String {
        std::mem::take(&mut self.code)
    }
}

/// The `DbBackend` variant naming `backend`.
pub fn db_backend(backend: Backend) -> &'static str {
    match backend {
        Backend::Postgres => "Postgres",
        Backend::Mysql => "MySql",
        Backend::Sqlite => "Sqlite",
    }
}

/// `text` as a Rust string literal: raw when that needs no escapes.
pub fn string_literal(text: &str) -> String {
    if text.contains('"') && !text.contains("\"#") && !text.contains('\\') {
        format!("r#\"{text}\"#")
    } else {
        format!("{text:?}")
    }
}

/// `name` quoted as an SQL identifier on `backend`.
pub fn quote(backend: Backend, name: &str) -> String {
    match backend {
        Backend::Mysql => format!("`{}`", name.replace('`', "``")),
        _ => format!("\"{}\"", name.replace('"', "\"\"")),
    }
}

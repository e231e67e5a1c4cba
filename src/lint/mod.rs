//! Static analysis of the SQL the engine really executes: each migration
//! step's program ([`crate::engine::Program`], the one `--dry-run` prints)
//! becomes a [`Target`], every statement is parsed ([`parse`]) and checked
//! by the rules ([`rules`]: one per file, each with a stable code) against
//! what is known of the tables that already exist ([`Facts`]). Pure but for
//! [`targets`] (which renders bodies) and [`facts::read`] (a live database).

pub mod allowances;
pub mod facts;
pub mod parse;
pub mod programs;
pub mod rules;

use std::collections::{BTreeMap, BTreeSet};

use sea_orm::Statement;
use serde::Serialize;

use crate::engine::{Body, Program, RenderedBody};
use crate::render;
use crate::{Backend, Error};
use parse::Parsed;

/// How bad a diagnostic is: an error fails `migration lint` (exit 7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The statement locks or breaks production as written.
    Error,
    /// The statement may be dangerous, or could not be analysed.
    Warning,
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Error => "error",
            Self::Warning => "warning",
        })
    }
}

/// One finding: which rule, in which migration, on which statement, why it
/// is dangerous and what to do instead. Its field names are stable (JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The rule's stable code, e.g. `PG101`.
    pub code: &'static str,
    /// How bad it is.
    pub severity: Severity,
    /// The migration's version.
    pub migration: String,
    /// An excerpt of the statement (at most 120 characters), when one is at fault.
    pub statement: Option<String>,
    /// Why it is dangerous, in one line.
    pub message: String,
    /// The safe alternative.
    pub safer: String,
    /// Why the migration may do it anyway, when it silences the rule for
    /// itself ([`allowances`]): then the diagnostic does not fail `lint`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed: Option<String>,
}

impl std::fmt::Display for Diagnostic {
    /// One line: `PG101 (error) in m2025...: why; instead: what`, and the
    /// reason when the migration silences the rule.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} ({}) in {}: {}; instead: {}",
            self.code, self.severity, self.migration, self.message, self.safer
        )?;
        match &self.allowed {
            Some(reason) => write!(f, "; allowed by the migration: {reason}"),
            None => Ok(()),
        }
    }
}

/// One migration step's SQL exactly as the engine executes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The migration's version.
    pub migration: String,
    /// The backend it runs on.
    pub backend: Backend,
    /// Whether the step runs in one transaction.
    pub transactional: bool,
    /// The timeouts the engine sets before the body.
    pub preamble: Vec<String>,
    /// The migration's own statements, in order.
    pub statements: Vec<String>,
    /// Why the body could not be rendered without a database, if it could not
    /// (then `statements` is empty and the migration is reported as not analysed).
    pub unanalysed: Option<String>,
}

/// What is known about the tables that exist before the plan runs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// Existing tables, each with its row estimate when a live database was read.
    pub existing: BTreeMap<String, Option<i64>>,
    /// The types of the existing tables' columns, by (table, column), when a
    /// live database was read (types its parser cannot read are left out).
    pub columns: BTreeMap<(String, String), sqlparser::ast::DataType>,
    /// The existing tables' NOT NULL columns, when a live database was read.
    pub not_null: BTreeSet<(String, String)>,
    /// Whether a table that is neither in `existing` nor created earlier in
    /// the analysed plan counts as existing: offline nothing is known, so it does.
    pub assume_existing: bool,
}

impl Facts {
    /// Offline: every table not created earlier in the analysed plan exists,
    /// with an unknown number of rows.
    pub fn offline() -> Self {
        Self {
            existing: BTreeMap::new(),
            columns: BTreeMap::new(),
            not_null: BTreeSet::new(),
            assume_existing: true,
        }
    }
}

/// The analysed steps of `program`: one target per migration step, its body
/// rendered offline as `--dry-run` renders it.
pub async fn targets(program: &Program<'_>) -> Result<Vec<Target>, Error> {
    targets_with(program, &BTreeMap::new()).await
}

/// [`targets`], with the bodies of migrations that need a database taken
/// from `exact` (see `run::exact_bodies`), by version.
pub async fn targets_with(
    program: &Program<'_>,
    exact: &BTreeMap<String, Vec<Statement>>,
) -> Result<Vec<Target>, Error> {
    let mut targets = Vec::new();
    for step in &program.steps {
        let Body::Migration(migration, _) = &step.body else {
            continue;
        };
        let text = |statements: &[Statement]| statements.iter().map(render::text).collect();
        let (statements, unanalysed) = match step.rendered_body(exact).await? {
            RenderedBody::Captured(body) | RenderedBody::Exact(body) => (text(&body), None),
            RenderedBody::NeedsDatabase { reason, .. } => (Vec::new(), Some(reason)),
        };
        targets.push(Target {
            migration: migration.name().to_owned(),
            backend: step.backend(),
            transactional: step.transactional,
            preamble: text(&step.preamble),
            statements,
            unanalysed,
        });
    }
    Ok(targets)
}

/// Every diagnostic for `targets`, in plan order, given `facts`.
pub fn lint(targets: &[Target], facts: &Facts) -> Vec<Diagnostic> {
    let mut known = Known {
        facts,
        created: BTreeSet::new(),
        columns: facts.columns.clone(),
        not_null: facts.not_null.clone(),
    };
    let mut out = Vec::new();
    for target in targets {
        if let Some(reason) = &target.unanalysed {
            out.push(Diagnostic {
                code: "LINT002",
                severity: Severity::Warning,
                migration: target.migration.clone(),
                statement: None,
                message: format!("not analysed: needs a database ({reason})"),
                safer: "run `migration lint` with a database configured and the plan's earlier migrations applied, or check this migration by hand".to_owned(),
                allowed: None,
            });
            continue;
        }
        let preamble = parse::parse_all(target.backend, &target.preamble);
        // Every statement parsed once: the rules see those before and after theirs.
        let parsed: Vec<Result<Vec<Parsed>, String>> = target
            .statements
            .iter()
            .map(|sql| parse::parse(target.backend, sql))
            .collect();
        let all: Vec<sqlparser::ast::Statement> = parsed
            .iter()
            .filter_map(|result| result.as_ref().ok())
            .flatten()
            .map(|p| p.statement.clone())
            .collect();
        let mut position = 0;
        for (sql, result) in target.statements.iter().zip(&parsed) {
            let diagnostic = |code, severity, message, safer: &str| Diagnostic {
                code,
                severity,
                migration: target.migration.clone(),
                statement: Some(excerpt(sql)),
                message,
                safer: safer.to_owned(),
                allowed: None,
            };
            let statements = match result {
                Ok(statements) => statements,
                Err(error) => {
                    out.push(diagnostic(
                        "LINT001",
                        Severity::Warning,
                        format!(
                            "not analysed: the SQL parser cannot read this statement ({error})"
                        ),
                        "check this statement by hand",
                    ));
                    continue;
                }
            };
            let after = position + statements.len();
            for Parsed {
                statement,
                concurrently,
            } in statements
            {
                let cx = rules::Cx {
                    target,
                    preamble: &preamble,
                    previous: &all[..position],
                    later: &all[after..],
                    known: &known,
                    concurrently: *concurrently,
                };
                for rule in rules::ALL {
                    if rule.backends.contains(&target.backend)
                        && let Some(message) = (rule.check)(&cx, statement)
                    {
                        out.push(diagnostic(rule.code, rule.severity, message, rule.instead));
                    }
                }
                known.learn(statement);
                position += 1;
            }
        }
        let cx = rules::Cx {
            target,
            preamble: &preamble,
            previous: &all,
            later: &[],
            known: &known,
            concurrently: false,
        };
        for rule in rules::TARGET {
            if rule.backends.contains(&target.backend)
                && let Some(message) = (rule.check)(&cx)
            {
                out.push(Diagnostic {
                    code: rule.code,
                    severity: rule.severity,
                    migration: target.migration.clone(),
                    statement: None,
                    message,
                    safer: rule.instead.to_owned(),
                    allowed: None,
                });
            }
        }
    }
    out
}

/// What is known while the plan is walked: the facts, the tables the plan
/// created so far, and the column types and NOT NULL columns, the live
/// database's as the plan declared and changed them so far.
pub struct Known<'a> {
    facts: &'a Facts,
    created: BTreeSet<String>,
    columns: BTreeMap<(String, String), sqlparser::ast::DataType>,
    not_null: BTreeSet<(String, String)>,
}

impl Known<'_> {
    /// `Some(rows)` when `table` exists before the plan (rows: the estimate,
    /// when known), `None` when it does not or the plan created it.
    pub fn existing(&self, table: &str) -> Option<Option<i64>> {
        if self.created.contains(table) {
            return None;
        }
        match self.facts.existing.get(table) {
            Some(rows) => Some(*rows),
            None if self.facts.assume_existing => Some(None),
            None => None,
        }
    }

    /// The type of `table.column` before the statement being checked, when
    /// known: the live database's, as the analysed plan changed it so far.
    pub fn column_type(&self, table: &str, column: &str) -> Option<&sqlparser::ast::DataType> {
        self.columns.get(&(table.to_owned(), column.to_owned()))
    }

    /// Whether `table.column` is NOT NULL before the statement being checked,
    /// as the live database has it and the analysed plan declared it (so
    /// that restating it, as sea-query's `modify_column` does, changes nothing).
    pub fn not_null(&self, table: &str, column: &str) -> bool {
        self.not_null
            .contains(&(table.to_owned(), column.to_owned()))
    }

    fn declare(&mut self, table: &str, column: &sqlparser::ast::ColumnDef) {
        use sqlparser::ast::ColumnOption;
        let key = (table.to_owned(), parse::ident_key(&column.name));
        let not_null = column.options.iter().any(|o| {
            matches!(
                o.option,
                ColumnOption::NotNull | ColumnOption::PrimaryKey(_)
            )
        });
        if not_null {
            self.not_null.insert(key.clone());
        }
        self.columns.insert(key, column.data_type.clone());
    }

    fn learn(&mut self, statement: &sqlparser::ast::Statement) {
        use sqlparser::ast::{AlterColumnOperation, AlterTableOperation, Statement};
        match statement {
            Statement::CreateTable(create) => {
                let table = parse::table_key(&create.name);
                for column in &create.columns {
                    self.declare(&table, column);
                }
                self.created.insert(table);
            }
            Statement::AlterTable(alter) => {
                let table = parse::table_key(&alter.name);
                for operation in &alter.operations {
                    let (column, data_type) = match operation {
                        AlterTableOperation::AddColumn { column_def, .. } => {
                            self.declare(&table, column_def);
                            continue;
                        }
                        AlterTableOperation::AlterColumn {
                            column_name,
                            op: AlterColumnOperation::SetNotNull,
                        } => {
                            self.not_null
                                .insert((table.clone(), parse::ident_key(column_name)));
                            continue;
                        }
                        AlterTableOperation::AlterColumn {
                            column_name,
                            op: AlterColumnOperation::DropNotNull,
                        } => {
                            self.not_null
                                .remove(&(table.clone(), parse::ident_key(column_name)));
                            continue;
                        }
                        AlterTableOperation::AlterColumn {
                            column_name,
                            op: AlterColumnOperation::SetDataType { data_type, .. },
                        } => (column_name, data_type),
                        AlterTableOperation::ModifyColumn {
                            col_name,
                            data_type,
                            ..
                        } => (col_name, data_type),
                        _ => continue,
                    };
                    self.columns
                        .insert((table.clone(), parse::ident_key(column)), data_type.clone());
                }
            }
            _ => {}
        }
    }
}

/// `sql` on one line, cut to at most 120 characters.
pub fn excerpt(sql: &str) -> String {
    const MAX: usize = 120;
    let line = sql.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= MAX {
        return line;
    }
    let cut: String = line.chars().take(MAX - 3).collect();
    format!("{cut}...")
}

/// The number of error-severity diagnostics in `diagnostics` that no
/// allowance silences.
pub fn errors(diagnostics: &[Diagnostic]) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error && d.allowed.is_none())
        .count()
}

/// The number of diagnostics in `diagnostics` an allowance silences.
pub fn allowed(diagnostics: &[Diagnostic]) -> usize {
    diagnostics.iter().filter(|d| d.allowed.is_some()).count()
}

#[cfg(test)]
pub(crate) mod testing {
    //! Linting a few statements as one migration, for the rules' tests.

    use super::*;

    /// The codes `statements` trigger as one migration on `backend`, in a
    /// transaction (PostgreSQL's preamble set) when `transactional`; the
    /// tables in `existing` exist with those row estimates, no other does.
    pub fn codes(
        backend: Backend,
        transactional: bool,
        existing: &[(&str, Option<i64>)],
        statements: &[&str],
    ) -> Vec<&'static str> {
        diagnostics(backend, transactional, existing, statements)
            .into_iter()
            .map(|d| d.code)
            .collect()
    }

    /// The diagnostics behind [`codes`].
    pub fn diagnostics(
        backend: Backend,
        transactional: bool,
        existing: &[(&str, Option<i64>)],
        statements: &[&str],
    ) -> Vec<Diagnostic> {
        let preamble = match (backend, transactional) {
            (Backend::Postgres, true) => vec!["SET LOCAL lock_timeout = 5000".to_owned()],
            (Backend::Mysql, _) => vec!["SET SESSION lock_wait_timeout = 5".to_owned()],
            _ => Vec::new(),
        };
        let target = Target {
            migration: "m20300101_000001_test".to_owned(),
            backend,
            transactional,
            preamble,
            statements: statements.iter().map(|s| (*s).to_owned()).collect(),
            unanalysed: None,
        };
        let facts = Facts {
            existing: existing
                .iter()
                .map(|(table, rows)| ((*table).to_owned(), *rows))
                .collect(),
            columns: BTreeMap::new(),
            not_null: BTreeSet::new(),
            assume_existing: false,
        };
        lint(&[target], &facts)
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{codes, diagnostics};
    use super::*;

    #[test]
    fn a_table_created_earlier_in_the_plan_is_not_existing() {
        let found = codes(
            Backend::Postgres,
            true,
            &[],
            &[
                "CREATE TABLE t (id integer)",
                "CREATE INDEX i ON t (id)",
                "ALTER TABLE t DROP COLUMN id",
            ],
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn offline_every_table_not_created_in_the_plan_exists() {
        let target = Target {
            migration: "m1".to_owned(),
            backend: Backend::Postgres,
            transactional: true,
            preamble: vec!["SET LOCAL lock_timeout = 5000".to_owned()],
            statements: vec!["ALTER TABLE t DROP COLUMN c".to_owned()],
            unanalysed: None,
        };
        let found = lint(&[target], &Facts::offline());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].code, "ALL102");
    }

    #[test]
    fn an_unparseable_statement_is_reported_never_passed() {
        let found = diagnostics(Backend::Postgres, true, &[], &["ALTER TABLE WHAT"]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].code, "LINT001");
        assert_eq!(found[0].severity, Severity::Warning);
        assert!(found[0].message.contains("parser"), "{}", found[0].message);
    }

    #[test]
    fn a_migration_that_needs_a_database_is_reported_as_not_analysed() {
        let target = Target {
            migration: "m1".to_owned(),
            backend: Backend::Sqlite,
            transactional: true,
            preamble: Vec::new(),
            statements: Vec::new(),
            unanalysed: Some("it queries the schema".to_owned()),
        };
        let found = lint(&[target], &Facts::offline());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].code, "LINT002");
        assert!(
            found[0]
                .message
                .starts_with("not analysed: needs a database")
        );
    }

    #[test]
    fn an_excerpt_is_one_line_of_at_most_120_characters() {
        let long = format!("SELECT\n  {}", "x, ".repeat(100));
        let cut = excerpt(&long);
        assert_eq!(cut.chars().count(), 120);
        assert!(cut.starts_with("SELECT x, x,") && cut.ends_with("..."));
        assert_eq!(excerpt("SELECT  1"), "SELECT 1");
    }
}

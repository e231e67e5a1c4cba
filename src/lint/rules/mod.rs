//! The rules, one per file, each with a stable code: `PG1xx` for
//! PostgreSQL, `MY1xx` for MySQL/MariaDB, `ALL1xx` for every backend (see
//! docs/lint.md, one section per code). A rule reads one parsed statement
//! in its context ([`Cx`]) and returns the one-line reason it is dangerous;
//! a [`TargetRule`] reads a whole migration step once.

mod access_exclusive_held;
mod algorithm_copy;
mod concurrently_in_transaction;
mod constraint_not_valid;
mod create_index_concurrently;
mod drop_column;
mod drop_index_concurrently;
mod drop_table;
mod enum_modify;
mod enum_value_position;
mod identifier_length;
mod lock_timeout_disabled;
mod may_copy;
mod no_lock_timeout;
mod not_null_without_default;
mod rename_column;
mod rename_table;
mod rewriting_type_change;
mod set_not_null;
mod unique_using_index;
mod volatile_default;

use sqlparser::ast::{AlterTable, ObjectName, Statement};

use super::parse::table_key;
use super::{Known, Severity, Target};
use crate::Backend;

/// A check of one statement.
pub struct Rule {
    /// The stable code, e.g. `PG101`.
    pub code: &'static str,
    /// How bad a hit is.
    pub severity: Severity,
    /// The backends the rule applies to.
    pub backends: &'static [Backend],
    /// The safe alternative, in one line.
    pub instead: &'static str,
    /// Why the statement is dangerous, in one line, when it is.
    pub check: fn(&Cx<'_>, &Statement) -> Option<String>,
}

/// A check of one migration step as a whole.
pub struct TargetRule {
    /// The stable code.
    pub code: &'static str,
    /// How bad a hit is.
    pub severity: Severity,
    /// The backends the rule applies to.
    pub backends: &'static [Backend],
    /// The safe alternative, in one line.
    pub instead: &'static str,
    /// Why the step is dangerous, in one line, when it is.
    pub check: fn(&Cx<'_>) -> Option<String>,
}

/// Where a statement stands: its step, the statements before it in the
/// step, and what is known of the tables.
pub struct Cx<'a> {
    /// The migration step.
    pub target: &'a Target,
    /// The step's preamble, parsed.
    pub preamble: &'a [Statement],
    /// The statements of the step before this one (all of them, for a [`TargetRule`]).
    pub previous: &'a [Statement],
    /// The statements of the step's later SQL strings (none for a [`TargetRule`]).
    pub later: &'a [Statement],
    /// The tables that exist and the column types the plan declared.
    pub known: &'a Known<'a>,
    /// The statement is a PostgreSQL `DROP INDEX CONCURRENTLY`.
    pub concurrently: bool,
}

impl Cx<'_> {
    /// `Some(rows)` when the table `name` exists before the plan.
    pub fn existing(&self, name: &ObjectName) -> Option<Option<i64>> {
        self.known.existing(&table_key(name))
    }

    /// The `ALTER TABLE` that `statement` is, when its table exists before
    /// the plan, with the table's name and row estimate.
    pub fn existing_alter<'s>(
        &self,
        statement: &'s Statement,
    ) -> Option<(&'s AlterTable, String, Option<i64>)> {
        let Statement::AlterTable(alter) = statement else {
            return None;
        };
        let rows = self.existing(&alter.name)?;
        Some((alter, table_key(&alter.name), rows))
    }
}

/// ` (about N rows)` when the estimate is known, else nothing.
pub fn rows(rows: Option<i64>) -> String {
    match rows {
        Some(1) => " (about 1 row)".to_owned(),
        Some(n) => format!(" (about {n} rows)"),
        None => String::new(),
    }
}

const POSTGRES: &[Backend] = &[Backend::Postgres];
const MYSQL: &[Backend] = &[Backend::Mysql];
const EVERY: &[Backend] = &[Backend::Postgres, Backend::Mysql, Backend::Sqlite];

/// Every statement rule, in code order.
pub const ALL: &[Rule] = &[
    create_index_concurrently::RULE,
    drop_index_concurrently::RULE,
    concurrently_in_transaction::RULE,
    constraint_not_valid::RULE,
    unique_using_index::RULE,
    set_not_null::RULE,
    not_null_without_default::RULE,
    volatile_default::RULE,
    rewriting_type_change::RULE,
    access_exclusive_held::RULE,
    lock_timeout_disabled::RULE,
    enum_value_position::RULE,
    drop_table::RULE,
    drop_column::RULE,
    rename_table::RULE,
    rename_column::RULE,
    identifier_length::RULE,
    enum_modify::RULE,
    algorithm_copy::RULE,
    may_copy::RULE,
];

/// Every step rule.
pub const TARGET: &[TargetRule] = &[no_lock_timeout::RULE];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique() {
        let mut codes: Vec<&str> = ALL.iter().map(|r| r.code).collect();
        codes.extend(TARGET.iter().map(|r| r.code));
        let count = codes.len();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), count);
    }
}

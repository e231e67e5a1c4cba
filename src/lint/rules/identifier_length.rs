//! ALL105: an identifier longer than the backend allows: PostgreSQL
//! silently truncates names to 63 bytes (so the name recorded is not the one
//! the code uses, and two long names can collide); MySQL refuses names over
//! 64 characters. SQLite has no limit.

use sqlparser::ast::{
    AlterTableOperation, ColumnDef, Ident, RenameTableNameKind, Statement, TableConstraint,
};

use super::{Cx, Rule};
use crate::Backend;
use crate::lint::Severity;

/// ALL105.
pub const RULE: Rule = Rule {
    code: "ALL105",
    severity: Severity::Error,
    backends: &[Backend::Postgres, Backend::Mysql],
    instead: "choose a shorter name (sea-query's generated index and foreign-key names include the table and columns: name them yourself)",
    check,
};

fn check(cx: &Cx<'_>, statement: &Statement) -> Option<String> {
    let backend = cx.target.backend;
    names(statement)
        .into_iter()
        .find_map(|name| too_long(backend, &name.value))
}

/// Why `name` is too long on `backend`, if it is.
fn too_long(backend: Backend, name: &str) -> Option<String> {
    match backend {
        Backend::Postgres if name.len() > 63 => Some(format!(
            "`{name}` is {} bytes long: PostgreSQL silently truncates names to 63 bytes, so the name it records is not the one the code uses",
            name.len()
        )),
        Backend::Mysql if name.chars().count() > 64 => Some(format!(
            "`{name}` is {} characters long: MySQL refuses names longer than 64 characters",
            name.chars().count()
        )),
        _ => None,
    }
}

/// The names `statement` gives to new objects.
fn names(statement: &Statement) -> Vec<&Ident> {
    let mut out = Vec::new();
    match statement {
        Statement::CreateTable(create) => {
            out.extend(create.name.0.last().and_then(|p| p.as_ident()));
            create.columns.iter().for_each(|c| column(&mut out, c));
            out.extend(create.constraints.iter().filter_map(constraint));
        }
        Statement::CreateIndex(index) => {
            out.extend(
                index
                    .name
                    .as_ref()
                    .and_then(|n| n.0.last())
                    .and_then(|p| p.as_ident()),
            );
        }
        Statement::CreateType { name, .. } => {
            out.extend(name.0.last().and_then(|p| p.as_ident()));
        }
        Statement::AlterTable(alter) => {
            for operation in &alter.operations {
                match operation {
                    AlterTableOperation::AddColumn { column_def, .. } => {
                        column(&mut out, column_def)
                    }
                    AlterTableOperation::AddConstraint { constraint: c, .. } => {
                        out.extend(constraint(c))
                    }
                    AlterTableOperation::RenameColumn {
                        new_column_name, ..
                    } => out.push(new_column_name),
                    AlterTableOperation::ChangeColumn { new_name, .. } => out.push(new_name),
                    AlterTableOperation::RenameTable {
                        table_name: RenameTableNameKind::To(name) | RenameTableNameKind::As(name),
                    } => out.extend(name.0.last().and_then(|p| p.as_ident())),
                    _ => {}
                }
            }
        }
        Statement::RenameTable(renames) => {
            for rename in renames {
                out.extend(rename.new_name.0.last().and_then(|p| p.as_ident()));
            }
        }
        _ => {}
    }
    out
}

fn column<'a>(out: &mut Vec<&'a Ident>, column: &'a ColumnDef) {
    out.push(&column.name);
    out.extend(column.options.iter().filter_map(|o| o.name.as_ref()));
}

fn constraint(constraint: &TableConstraint) -> Option<&Ident> {
    match constraint {
        TableConstraint::Unique(c) => c.name.as_ref(),
        TableConstraint::PrimaryKey(c) => c.name.as_ref(),
        TableConstraint::ForeignKey(c) => c.name.as_ref(),
        TableConstraint::Check(c) => c.name.as_ref(),
        TableConstraint::Index(c) => c.name.as_ref(),
        TableConstraint::UniqueUsingIndex(c) | TableConstraint::PrimaryKeyUsingIndex(c) => {
            c.name.as_ref()
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::Backend;
    use crate::lint::testing::codes;

    #[test]
    fn a_name_over_the_backends_limit_is_an_error() {
        let name = "x".repeat(64);
        let sql = format!(r#"CREATE INDEX "{name}" ON "t" ("c")"#);
        assert_eq!(codes(Backend::Postgres, true, &[], &[&sql]), ["ALL105"]);
        let long = "y".repeat(65);
        let sql = format!("CREATE TABLE t (`{long}` integer)");
        assert_eq!(codes(Backend::Mysql, true, &[], &[&sql]), ["ALL105"]);
    }

    #[test]
    fn a_name_at_the_limit_passes() {
        let name = "x".repeat(63);
        let sql = format!(r#"CREATE INDEX "{name}" ON "t" ("c")"#);
        assert!(codes(Backend::Postgres, true, &[], &[&sql]).is_empty());
        let name = "y".repeat(64);
        let sql = format!("CREATE TABLE t (`{name}` integer)");
        assert!(codes(Backend::Mysql, true, &[], &[&sql]).is_empty());
        let name = "z".repeat(200);
        let sql = format!(r#"CREATE TABLE "{name}" (id integer)"#);
        assert!(codes(Backend::Sqlite, true, &[], &[&sql]).is_empty());
    }
}

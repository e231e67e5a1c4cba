//! The PostgreSQL catalog reads a trace makes, all in the current schema:
//! the relations and their storage (`relfilenode`), the locks of the
//! session's own backend, the foreign keys and checks with whether they are
//! validated and indexed, and (on the live database, read-only) the row
//! estimate of each table.

use std::collections::BTreeMap;

use sea_orm::{ConnectionTrait, DbBackend, DbErr, QueryResult, Statement};

use super::model::{HeldLock, LockMode, RelationKind};

/// A table or index and its storage, as `pg_class` holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Relation {
    pub name: String,
    pub kind: RelationKind,
    /// The table it belongs to (itself, for a table).
    pub table: String,
    pub filenode: i64,
}

/// What a foreign key or check constraint is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ConstraintKind {
    Foreign,
    Check,
}

/// A foreign key or check constraint, as `pg_constraint` holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Constraint {
    pub name: String,
    pub kind: ConstraintKind,
    /// The constrained (for a foreign key, the referencing) table.
    pub table: String,
    /// The referenced table of a foreign key.
    pub referenced: Option<String>,
    /// The constrained columns, comma-separated.
    pub columns: String,
    /// Whether existing rows were checked (false after `NOT VALID`).
    pub validated: bool,
    /// Whether an index leads with the constrained columns (always true for a check).
    pub indexed: bool,
}

const RELATIONS: &str = "SELECT c.oid::int8 AS oid, c.relname::text AS name, c.relkind::text AS kind, \
     coalesce(t.relname, c.relname)::text AS table_name, c.relfilenode::int8 AS filenode \
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
     LEFT JOIN pg_index i ON i.indexrelid = c.oid LEFT JOIN pg_class t ON t.oid = i.indrelid \
     WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'm', 'i', 'I')";

const LOCKS: &str = "SELECT c.relname::text AS name, c.relkind::text AS kind, l.mode::text AS mode \
     FROM pg_locks l JOIN pg_class c ON c.oid = l.relation \
     JOIN pg_namespace n ON n.oid = c.relnamespace \
     WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation' AND l.granted \
     AND n.nspname = current_schema()";

const CONSTRAINTS: &str = "SELECT k.oid::int8 AS oid, k.conname::text AS name, k.contype::text AS kind, \
     t.relname::text AS table_name, r.relname::text AS referenced, k.convalidated AS validated, \
     (SELECT string_agg(a.attname::text, ', ' ORDER BY u.ord) \
        FROM unnest(k.conkey) WITH ORDINALITY AS u(attnum, ord) \
        JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum) AS columns, \
     (k.contype <> 'f' OR EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = k.conrelid \
        AND i.indpred IS NULL \
        AND (string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(k.conkey)] @> k.conkey \
        AND (string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(k.conkey)] <@ k.conkey)) AS indexed \
     FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid \
     JOIN pg_namespace n ON n.oid = t.relnamespace \
     LEFT JOIN pg_class r ON r.oid = k.confrelid \
     WHERE n.nspname = current_schema() AND k.contype IN ('f', 'c')";

const ROW_ESTIMATES: &str = "SELECT c.relname::text AS name, c.reltuples::float8 AS tuples, \
     pg_relation_size(c.oid)::int8 AS bytes \
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
     WHERE n.nspname = current_schema() AND c.relkind = 'r'";

async fn rows<C: ConnectionTrait>(db: &C, sql: &str) -> Result<Vec<QueryResult>, DbErr> {
    db.query_all_raw(Statement::from_string(DbBackend::Postgres, sql))
        .await
}

/// The schema's tables and indexes, by oid.
pub(crate) async fn relations<C: ConnectionTrait>(
    db: &C,
) -> Result<BTreeMap<i64, Relation>, DbErr> {
    let mut relations = BTreeMap::new();
    for row in rows(db, RELATIONS).await? {
        let kind: String = row.try_get("", "kind")?;
        if let Some(kind) = RelationKind::from_relkind(&kind) {
            relations.insert(
                row.try_get("", "oid")?,
                Relation {
                    name: row.try_get("", "name")?,
                    kind,
                    table: row.try_get("", "table_name")?,
                    filenode: row.try_get("", "filenode")?,
                },
            );
        }
    }
    Ok(relations)
}

/// The table-level locks the session's own backend holds on the schema's
/// tables and indexes, strongest first.
pub(crate) async fn locks<C: ConnectionTrait>(db: &C) -> Result<Vec<HeldLock>, DbErr> {
    let mut locks = Vec::new();
    for row in rows(db, LOCKS).await? {
        let kind: String = row.try_get("", "kind")?;
        let mode: String = row.try_get("", "mode")?;
        if let (Some(kind), Some(mode)) = (
            RelationKind::from_relkind(&kind),
            LockMode::from_pg_locks(&mode),
        ) {
            locks.push(HeldLock {
                relation: row.try_get("", "name")?,
                kind,
                mode,
            });
        }
    }
    locks.sort_by(|a, b| b.mode.cmp(&a.mode).then_with(|| a.cmp(b)));
    Ok(locks)
}

/// The schema's foreign keys and checks, by oid.
pub(crate) async fn constraints<C: ConnectionTrait>(
    db: &C,
) -> Result<BTreeMap<i64, Constraint>, DbErr> {
    let mut constraints = BTreeMap::new();
    for row in rows(db, CONSTRAINTS).await? {
        let kind: String = row.try_get("", "kind")?;
        let columns: Option<String> = row.try_get("", "columns")?;
        constraints.insert(
            row.try_get("", "oid")?,
            Constraint {
                name: row.try_get("", "name")?,
                kind: match kind.as_str() {
                    "f" => ConstraintKind::Foreign,
                    _ => ConstraintKind::Check,
                },
                table: row.try_get("", "table_name")?,
                referenced: row.try_get("", "referenced")?,
                columns: columns.unwrap_or_default(),
                validated: row.try_get("", "validated")?,
                indexed: row.try_get("", "indexed")?,
            },
        );
    }
    Ok(constraints)
}

/// Each table's estimated row count (`pg_class.reltuples`), by name; `None`
/// when the table was never analysed and holds pages, so its count is unknown.
pub(crate) async fn row_estimates<C: ConnectionTrait>(
    db: &C,
) -> Result<BTreeMap<String, Option<u64>>, DbErr> {
    let mut estimates = BTreeMap::new();
    for row in rows(db, ROW_ESTIMATES).await? {
        let tuples: f64 = row.try_get("", "tuples")?;
        let bytes: i64 = row.try_get("", "bytes")?;
        estimates.insert(row.try_get("", "name")?, row_estimate(tuples, bytes));
    }
    Ok(estimates)
}

/// The row count `reltuples` estimates (-1: never analysed), a table of
/// no pages holding none.
fn row_estimate(tuples: f64, bytes: i64) -> Option<u64> {
    if bytes == 0 {
        Some(0)
    } else if tuples >= 0.0 {
        // Rounded: the estimate is a float, and a count fits u64.
        Some(tuples.round() as u64)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_without_pages_holds_no_rows_even_unanalysed() {
        assert_eq!(row_estimate(-1.0, 0), Some(0));
    }

    #[test]
    fn an_unanalysed_table_with_pages_has_an_unknown_count() {
        assert_eq!(row_estimate(-1.0, 8192), None);
    }

    #[test]
    fn an_analysed_table_has_its_estimate() {
        assert_eq!(row_estimate(1234.4, 65536), Some(1234));
    }
}

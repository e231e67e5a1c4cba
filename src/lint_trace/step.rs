//! Running one step's program on the scratch database as the engine runs
//! it (its `before` statements, then in its transaction when it has one:
//! preamble, `started` row, body, bookkeeping, commit), reading the catalog
//! after each statement of the body: the locks the session holds, which
//! relations got new storage, which constraints appeared.

use std::collections::BTreeMap;
use std::time::Instant;

use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, Statement, TransactionTrait};

use super::catalog::{self, Constraint, Relation};
use super::model::{HeldLock, Rewrite, StatementTrace, StepTrace, StrongestLock};
use crate::Error;
use crate::engine::StepProgram;
use database::driver_error::database_message;

/// A constraint a step's statement added.
#[derive(Debug, Clone)]
pub(crate) struct AddedConstraint {
    /// The index of the statement in the step's body.
    pub statement: usize,
    /// The constraint as the statement left it.
    pub constraint: Constraint,
    /// Whether an index leads with its columns once the step committed.
    pub indexed_at_end: bool,
}

/// One step as it ran: its trace (without diagnostics) and what the rules
/// need beside it.
pub(crate) struct StepRun {
    /// The trace.
    pub trace: StepTrace,
    /// The schema's tables and indexes before the step's first statement.
    pub before: BTreeMap<i64, Relation>,
    /// The foreign keys and checks its statements added.
    pub added: Vec<AddedConstraint>,
}

/// Runs `program`, whose body is `body`, on `db`, reading the catalog after
/// each statement of `body`.
pub(crate) async fn run(
    db: &DatabaseConnection,
    version: &str,
    program: &StepProgram<'_>,
    body: &[Statement],
) -> Result<StepRun, Error> {
    let clock = Instant::now();
    for statement in &program.before {
        db.execute_raw(statement.clone()).await.map_err(scratch)?;
    }
    let mut tracer = Tracer {
        version,
        transactional: program.transactional,
        relations: catalog::relations(db).await.map_err(scratch)?,
        constraints: catalog::constraints(db).await.map_err(scratch)?,
        statements: Vec::new(),
        strongest: None,
        added: Vec::new(),
    };
    let before = tracer.relations.clone();
    if program.transactional {
        let txn = db.begin().await.map_err(scratch)?;
        tracer.program(&txn, program, body, clock).await?;
        txn.commit().await.map_err(scratch)?;
    } else {
        tracer.program(db, program, body, clock).await?;
    }
    let ended = Instant::now();
    let indexed = catalog::constraints(db).await.map_err(scratch)?;
    let added = tracer
        .added
        .into_iter()
        .map(|(statement, oid, constraint)| AddedConstraint {
            statement,
            indexed_at_end: indexed.get(&oid).is_some_and(|c| c.indexed),
            constraint,
        })
        .collect();
    let strongest = tracer
        .strongest
        .map(|(lock, statement, since)| StrongestLock {
            lock,
            statement,
            held: ended.duration_since(since),
            statements: tracer.statements[statement..]
                .iter()
                .map(|s| s.elapsed)
                .sum(),
        });
    Ok(StepRun {
        trace: StepTrace {
            version: version.to_owned(),
            transactional: program.transactional,
            preamble: program.preamble.iter().map(sql).collect(),
            statements: tracer.statements,
            strongest,
            diagnostics: Vec::new(),
        },
        before,
        added,
    })
}

/// The catalog as the last statement left it, and what the body did so far.
struct Tracer<'v> {
    version: &'v str,
    transactional: bool,
    relations: BTreeMap<i64, Relation>,
    constraints: BTreeMap<i64, Constraint>,
    statements: Vec<StatementTrace>,
    /// The strongest lock so far, the statement that took it and when that statement started.
    strongest: Option<(HeldLock, usize, Instant)>,
    /// Constraints added: the statement, the oid, the constraint.
    added: Vec<(usize, i64, Constraint)>,
}

impl Tracer<'_> {
    /// The program after its `before` statements, on `db` (the session or the step's transaction).
    async fn program<C: ConnectionTrait>(
        &mut self,
        db: &C,
        program: &StepProgram<'_>,
        body: &[Statement],
        clock: Instant,
    ) -> Result<(), Error> {
        for statement in program.preamble.iter().chain(&program.started) {
            db.execute_raw(statement.clone()).await.map_err(scratch)?;
        }
        for statement in body {
            self.statement(db, statement).await?;
        }
        let millis = i64::try_from(clock.elapsed().as_millis()).unwrap_or(i64::MAX);
        for statement in program.bookkeeping(millis) {
            db.execute_raw(statement).await.map_err(scratch)?;
        }
        Ok(())
    }

    /// Runs one statement of the body and reads what it did.
    async fn statement<C: ConnectionTrait>(
        &mut self,
        db: &C,
        statement: &Statement,
    ) -> Result<(), Error> {
        let text = sql(statement);
        let index = self.statements.len();
        let start = Instant::now();
        db.execute_raw(statement.clone())
            .await
            .map_err(|e| Error::TraceFailed {
                version: self.version.to_owned(),
                statement: text.clone(),
                reason: database_message(&e),
            })?;
        let elapsed = start.elapsed();
        // Without a transaction the statement has committed: it holds nothing now.
        let locks = match self.transactional {
            true => catalog::locks(db).await.map_err(scratch)?,
            false => Vec::new(),
        };
        let relations = catalog::relations(db).await.map_err(scratch)?;
        let rewritten = rewrites(&self.relations, &relations);
        self.relations = relations;
        let constraints = catalog::constraints(db).await.map_err(scratch)?;
        for (oid, constraint) in &constraints {
            if !self.constraints.contains_key(oid) {
                self.added.push((index, *oid, constraint.clone()));
            }
        }
        self.constraints = constraints;
        if let Some(top) = locks.first()
            && self
                .strongest
                .as_ref()
                .is_none_or(|(lock, ..)| top.mode > lock.mode)
        {
            self.strongest = Some((top.clone(), index, start));
        }
        self.statements.push(StatementTrace {
            sql: text,
            locks,
            rewritten,
            elapsed,
            strongest_held: self.strongest.as_ref().map(|(.., since)| since.elapsed()),
        });
        Ok(())
    }
}

/// The relations of `before` that have new storage in `after` (a relation
/// made or dropped in between is no rewrite).
fn rewrites(before: &BTreeMap<i64, Relation>, after: &BTreeMap<i64, Relation>) -> Vec<Rewrite> {
    let mut rewritten: Vec<Rewrite> = after
        .iter()
        .filter(|(oid, now)| {
            before
                .get(oid)
                .is_some_and(|was| was.filenode != now.filenode && now.filenode != 0)
        })
        .map(|(_, now)| Rewrite {
            relation: now.name.clone(),
            kind: now.kind,
            table: now.table.clone(),
        })
        .collect();
    rewritten.sort();
    rewritten
}

/// A statement as the trace reports it: its SQL with values inlined.
fn sql(statement: &Statement) -> String {
    statement.to_string().trim().to_owned()
}

fn scratch(error: DbErr) -> Error {
    Error::Scratch(database_message(&error))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint_trace::model::RelationKind;

    fn relation(name: &str, kind: RelationKind, filenode: i64) -> Relation {
        Relation {
            name: name.to_owned(),
            kind,
            table: "orders".to_owned(),
            filenode,
        }
    }

    #[test]
    fn a_relation_with_new_storage_is_rewritten() {
        let before = BTreeMap::from([
            (1, relation("orders", RelationKind::Table, 10)),
            (2, relation("orders_pkey", RelationKind::Index, 11)),
        ]);
        let after = BTreeMap::from([
            (1, relation("orders", RelationKind::Table, 20)),
            (2, relation("orders_pkey", RelationKind::Index, 11)),
        ]);
        assert_eq!(
            rewrites(&before, &after),
            vec![Rewrite {
                relation: "orders".to_owned(),
                kind: RelationKind::Table,
                table: "orders".to_owned(),
            }]
        );
    }

    #[test]
    fn a_new_or_dropped_relation_is_no_rewrite() {
        let before = BTreeMap::from([(1, relation("orders", RelationKind::Table, 10))]);
        let after = BTreeMap::from([(2, relation("orders_idx", RelationKind::Index, 12))]);
        assert!(rewrites(&before, &after).is_empty());
    }
}

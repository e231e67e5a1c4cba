//! The SeaORM entities a migration crate registers: the schema the
//! application's code expects. `generate --autogenerate` and `check` build
//! that schema on a scratch database from the entities' own DDL (SeaORM's
//! `Schema::create_table_from_entity`, enum types and indexes), with the
//! toolkit's column-type policy ([`crate::types`]) applied, and read it back.

use std::collections::BTreeSet;

use sea_orm::sea_query::{
    ColumnDef, ColumnType, IndexCreateStatement, Table, TableCreateStatement, TableRef,
    extension::postgres::TypeCreateStatement,
};
use sea_orm::{DbBackend, EntityTrait, Schema, Statement};

use crate::diff::{RenameCandidate, Renames};
use crate::types;
use database::catalog::schema::Schema as SchemaModel;

/// The entities of an application, registered one by one:
/// `Entities::new().register(post::Entity).register(comment::Entity)`.
#[derive(Default, Clone)]
pub struct Entities {
    builders: Vec<fn(&Schema) -> EntityDdl>,
}

/// What one entity creates: its enum types, its table, its indexes.
struct EntityDdl {
    enums: Vec<TypeCreateStatement>,
    table: TableCreateStatement,
    indexes: Vec<IndexCreateStatement>,
}

/// A column the entities say was renamed (`#[sea_orm(renamed_from = "old")]`).
#[derive(Debug, Clone, PartialEq, Eq)]
struct RenamedColumn {
    /// The entity's table.
    table: String,
    /// The column's previous name.
    from: String,
    /// The column's name now.
    to: String,
}

impl Entities {
    /// No entities yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `entity` (a SeaORM `Entity`) to the set.
    pub fn register<E: EntityTrait>(mut self, _entity: E) -> Self {
        self.builders.push(ddl_of::<E>);
        self
    }

    /// Whether no entity is registered.
    pub fn is_empty(&self) -> bool {
        self.builders.is_empty()
    }

    /// The statements that create the entities' schema on `backend`, in
    /// order: enum types (PostgreSQL, each once), tables with referenced
    /// tables first, then indexes.
    pub fn statements(&self, backend: DbBackend) -> Vec<Statement> {
        let ddl = self.ddl(backend);
        let mut statements = Vec::new();
        let mut enums = BTreeSet::new();
        for each in &ddl {
            for create in &each.enums {
                let statement = backend.build(create);
                if enums.insert(statement.sql.clone()) {
                    statements.push(statement);
                }
            }
        }
        for index in creation_order(&ddl) {
            statements.push(backend.build(&with_policy(backend, &ddl[index].table)));
        }
        for each in &ddl {
            statements.extend(each.indexes.iter().map(|index| backend.build(index)));
        }
        statements
    }

    /// Every column the entities declare as renamed from an older name.
    fn renamed_columns(&self) -> Vec<RenamedColumn> {
        let ddl = self.ddl(DbBackend::Postgres);
        let mut renamed = Vec::new();
        for each in &ddl {
            let table = table_name(each.table.get_table_name());
            for column in each.table.get_columns() {
                if let Some(from) = column
                    .get_column_spec()
                    .comment
                    .as_deref()
                    .and_then(renamed_from)
                {
                    renamed.push(RenamedColumn {
                        table: table.clone(),
                        from: from.to_owned(),
                        to: column.get_column_name(),
                    });
                }
            }
        }
        renamed
    }

    /// The entities' `renamed_from` columns whose old name `migrated` (the
    /// schema the migrations produce) still has, as declared renames (a
    /// rename already migrated stays declared on the entity).
    pub fn renames_in(&self, migrated: &SchemaModel) -> Renames {
        let mut renames = Renames::new();
        for renamed in self.renamed_columns() {
            let table = migrated.tables.get(&renamed.table);
            if table.is_some_and(|t| {
                t.column(&renamed.from).is_some() && t.column(&renamed.to).is_none()
            }) {
                renames.insert(RenameCandidate::Column {
                    table: renamed.table,
                    from: renamed.from,
                    to: renamed.to,
                });
            }
        }
        renames
    }

    fn ddl(&self, backend: DbBackend) -> Vec<EntityDdl> {
        let schema = Schema::new(backend);
        self.builders.iter().map(|build| build(&schema)).collect()
    }
}

fn ddl_of<E: EntityTrait>(schema: &Schema) -> EntityDdl {
    EntityDdl {
        enums: schema.create_enum_from_entity(E::default()),
        table: schema.create_table_from_entity(E::default()),
        indexes: schema.create_index_from_entity(E::default()),
    }
}

/// The old name in SeaORM's encoding of `renamed_from` in a column's
/// comment (`renamed_from "old"`, possibly after the entity's own comment).
fn renamed_from(comment: &str) -> Option<&str> {
    let (_, rest) = comment.rsplit_once("renamed_from \"")?;
    rest.strip_suffix('"')
}

/// The order to create the tables in: a table after the tables its foreign
/// keys reference (a cycle, which only later foreign keys could break, keeps
/// registration order).
fn creation_order(ddl: &[EntityDdl]) -> Vec<usize> {
    let names: Vec<String> = ddl
        .iter()
        .map(|each| table_name(each.table.get_table_name()))
        .collect();
    let parents: Vec<BTreeSet<String>> = ddl
        .iter()
        .zip(&names)
        .map(|(each, name)| {
            each.table
                .get_foreign_key_create_stmts()
                .iter()
                .map(|fk| table_name(fk.get_foreign_key().get_ref_table()))
                .filter(|parent| parent != name && names.contains(parent))
                .collect()
        })
        .collect();
    let mut created: BTreeSet<&str> = BTreeSet::new();
    let mut order = Vec::new();
    while order.len() < ddl.len() {
        let ready = (0..ddl.len()).find(|&i| {
            !order.contains(&i) && parents[i].iter().all(|p| created.contains(p.as_str()))
        });
        let next =
            ready.unwrap_or_else(|| (0..ddl.len()).find(|i| !order.contains(i)).unwrap_or(0));
        created.insert(&names[next]);
        order.push(next);
    }
    order
}

/// `table` with the toolkit's column-type policy applied on `backend`.
fn with_policy(backend: DbBackend, table: &TableCreateStatement) -> TableCreateStatement {
    let mut out = Table::create();
    if let Some(TableRef::Table(name, _)) = table.get_table_name() {
        out.table(name.clone());
    }
    for column in table.get_columns() {
        let mut column: ColumnDef = column.clone();
        if let Some(ColumnType::Custom(name)) = column
            .get_column_type()
            .map(|current| types::on_backend(backend, current))
            .filter(|policy| Some(policy) != column.get_column_type())
        {
            column.custom(name);
        }
        out.col(column);
    }
    for index in table.get_indexes() {
        out.index(&mut index.clone());
    }
    for key in table.get_foreign_key_create_stmts() {
        out.foreign_key(&mut key.clone());
    }
    out
}

/// The unqualified name of a table reference.
fn table_name(table: Option<&TableRef>) -> String {
    match table {
        Some(TableRef::Table(name, _)) => name.1.to_string(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renamed_from_is_read_from_seaorm_column_comments() {
        assert_eq!(renamed_from("renamed_from \"title\""), Some("title"));
        assert_eq!(
            renamed_from("the display name; renamed_from \"title\""),
            Some("title")
        );
        assert_eq!(renamed_from("a plain comment"), None);
    }
}

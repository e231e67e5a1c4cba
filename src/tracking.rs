//! The stock `seaql_migrations` tracking table, read and written exactly as
//! sea-orm-migration defines it, so stock SeaORM tools and ours agree. Its
//! writes are statements the engine's program runs and `--dry-run` prints.

use sea_orm::sea_query::{Expr, ExprTrait, Order, Query, Table};
use sea_orm::{ConnectionTrait, DbBackend, DbErr, DynIden, Schema, Statement};
use sea_orm_migration::seaql_migrations::{Column, Entity};

use crate::plan::AppliedRecord;

/// The tracking table of one migrator (`seaql_migrations` unless the migrator renames it).
#[derive(Clone)]
pub struct TrackingTable {
    name: DynIden,
}

impl TrackingTable {
    /// The table a migrator tracks its versions in.
    pub fn new(name: DynIden) -> Self {
        Self { name }
    }

    /// The table's name.
    pub fn name(&self) -> String {
        self.name.to_string()
    }

    /// `CREATE TABLE IF NOT EXISTS` for the table on `backend`.
    pub fn install(&self, backend: DbBackend) -> Statement {
        let mut stmt = Schema::new(backend).create_table_from_entity(Entity);
        stmt.table(self.name.clone()).if_not_exists();
        backend.build(&stmt)
    }

    /// Every recorded version, oldest name first.
    pub async fn applied<C: ConnectionTrait>(&self, db: &C) -> Result<Vec<AppliedRecord>, DbErr> {
        let stmt = Query::select()
            .columns([Column::Version, Column::AppliedAt])
            .from(self.name.clone())
            .order_by(Column::Version, Order::Asc)
            .to_owned();
        db.query_all(&stmt)
            .await?
            .into_iter()
            .map(|row| {
                Ok(AppliedRecord {
                    version: row.try_get("", "version")?,
                    applied_at: row.try_get("", "applied_at")?,
                })
            })
            .collect()
    }

    /// Records `version` as applied at `applied_at` (Unix seconds).
    pub fn record(&self, backend: DbBackend, version: &str, applied_at: i64) -> Statement {
        let mut stmt = Query::insert();
        stmt.into_table(self.name.clone())
            .columns([Column::Version, Column::AppliedAt]);
        // Two values for two columns: sea-query refuses only a count mismatch.
        let _ = stmt.values([version.into(), applied_at.into()]);
        backend.build(&stmt)
    }

    /// Removes the record of `version`.
    pub fn forget(&self, backend: DbBackend, version: &str) -> Statement {
        let stmt = Query::delete()
            .from_table(self.name.clone())
            .and_where(Expr::col(Column::Version).eq(version))
            .to_owned();
        backend.build(&stmt)
    }

    /// Drops the table.
    pub fn uninstall(&self, backend: DbBackend) -> Statement {
        let stmt = Table::drop()
            .table(self.name.clone())
            .if_exists()
            .to_owned();
        backend.build(&stmt)
    }
}

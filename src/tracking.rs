//! The stock `seaql_migrations` tracking table, read and written exactly as
//! sea-orm-migration defines it, so stock SeaORM tools and ours agree.

use sea_orm::sea_query::{Expr, ExprTrait, Order, Query, Table};
use sea_orm::{ConnectionTrait, DbErr, DynIden, Schema};
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

    /// Creates the table if it does not exist yet.
    pub async fn install<C: ConnectionTrait>(&self, db: &C) -> Result<(), DbErr> {
        let mut stmt = Schema::new(db.get_database_backend()).create_table_from_entity(Entity);
        stmt.table(self.name.clone()).if_not_exists();
        db.execute(&stmt).await.map(drop)
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

    /// Records `version` as applied now.
    pub async fn record<C: ConnectionTrait>(&self, db: &C, version: &str) -> Result<(), DbErr> {
        let stmt = Query::insert()
            .into_table(self.name.clone())
            .columns([Column::Version, Column::AppliedAt])
            .values([version.into(), chrono::Utc::now().timestamp().into()])
            .map_err(|error| DbErr::Custom(error.to_string()))?
            .to_owned();
        db.execute(&stmt).await.map(drop)
    }

    /// Removes the record of `version`.
    pub async fn forget<C: ConnectionTrait>(&self, db: &C, version: &str) -> Result<(), DbErr> {
        let stmt = Query::delete()
            .from_table(self.name.clone())
            .and_where(Expr::col(Column::Version).eq(version))
            .to_owned();
        db.execute(&stmt).await.map(drop)
    }

    /// Drops the table.
    pub async fn uninstall<C: ConnectionTrait>(&self, db: &C) -> Result<(), DbErr> {
        let stmt = Table::drop()
            .table(self.name.clone())
            .if_exists()
            .to_owned();
        db.execute(&stmt).await.map(drop)
    }
}

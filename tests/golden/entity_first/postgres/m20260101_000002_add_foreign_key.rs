//! Written by `generate --autogenerate` from the difference between the
//! schema the migrations produce and the one the entities ask for.
//! Review every step (above all those marked DESTRUCTIVE) before applying it.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Gadgets::Table)
                    .add_column(ColumnDef::new(Gadgets::MakerId).integer().null())
                    .to_owned(),
            )
            .await?;

        if manager.get_database_backend() == DbBackend::Sqlite {
            // SQLite cannot add a foreign key in place, so the table is rebuilt: created anew
            // as gadgets_new, its rows copied, the old table dropped, the new one renamed and
            // its indexes re-created.
            manager
                .create_table(
                    Table::create()
                        .table(Alias::new("gadgets_new"))
                        .col(
                            ColumnDef::new(Gadgets::Id)
                                .integer()
                                .not_null()
                                .auto_increment()
                                .primary_key(),
                        )
                        .col(ColumnDef::new(Gadgets::Label).string().not_null())
                        .col(ColumnDef::new(Gadgets::MakerId).integer().null())
                        .foreign_key(
                            ForeignKey::create()
                                .name("fk-gadgets-maker_id")
                                .from_tbl(Alias::new("gadgets_new"))
                                .from_col(Gadgets::MakerId)
                                .to_tbl(Makers::Table)
                                .to_col(Makers::Id)
                                .on_delete(ForeignKeyAction::SetNull),
                        )
                        .to_owned(),
                )
                .await?;
            // As SQL: sea-query's INSERT ... SELECT returns its own error type, not DbErr.
            manager.get_connection().execute_unprepared(r#"INSERT INTO "gadgets_new" ("id", "label", "maker_id") SELECT "id", "label", "maker_id" FROM "gadgets""#).await?;
            manager
                .drop_table(Table::drop().table(Gadgets::Table).to_owned())
                .await?;
            manager
                .rename_table(
                    Table::rename()
                        .table(Alias::new("gadgets_new"), Gadgets::Table)
                        .to_owned(),
                )
                .await?;
        } else {
            manager
                .create_foreign_key(
                    ForeignKey::create()
                        .name("fk-gadgets-maker_id")
                        .from_tbl(Gadgets::Table)
                        .from_col(Gadgets::MakerId)
                        .to_tbl(Makers::Table)
                        .to_col(Makers::Id)
                        .on_delete(ForeignKeyAction::SetNull)
                        .to_owned(),
                )
                .await?;
        }

        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DbBackend::Sqlite {
            // SQLite cannot drop a foreign key in place, so the table is rebuilt: created anew
            // as gadgets_new, its rows copied, the old table dropped, the new one renamed and
            // its indexes re-created.
            manager
                .create_table(
                    Table::create()
                        .table(Alias::new("gadgets_new"))
                        .col(
                            ColumnDef::new(Gadgets::Id)
                                .integer()
                                .not_null()
                                .auto_increment()
                                .primary_key(),
                        )
                        .col(ColumnDef::new(Gadgets::Label).string().not_null())
                        .col(ColumnDef::new(Gadgets::MakerId).integer().null())
                        .to_owned(),
                )
                .await?;
            // As SQL: sea-query's INSERT ... SELECT returns its own error type, not DbErr.
            manager.get_connection().execute_unprepared(r#"INSERT INTO "gadgets_new" ("id", "label", "maker_id") SELECT "id", "label", "maker_id" FROM "gadgets""#).await?;
            manager
                .drop_table(Table::drop().table(Gadgets::Table).to_owned())
                .await?;
            manager
                .rename_table(
                    Table::rename()
                        .table(Alias::new("gadgets_new"), Gadgets::Table)
                        .to_owned(),
                )
                .await?;
        } else {
            manager
                .drop_foreign_key(
                    ForeignKey::drop()
                        .name("fk-gadgets-maker_id")
                        .table(Gadgets::Table)
                        .to_owned(),
                )
                .await?;
        }

        // DESTRUCTIVE: drops column gadgets.maker_id and its data.
        manager
            .alter_table(
                Table::alter()
                    .table(Gadgets::Table)
                    .drop_column(Gadgets::MakerId)
                    .to_owned(),
            )
            .await?;

        Ok(())
    }
}

#[derive(DeriveIden)]
enum Gadgets {
    Table,
    Id,
    Label,
    MakerId,
}

#[derive(DeriveIden)]
enum Makers {
    Table,
    Id,
}

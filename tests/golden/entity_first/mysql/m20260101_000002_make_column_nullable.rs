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
        if manager.get_database_backend() == DbBackend::Sqlite {
            // SQLite cannot alter column name in place, so the table is rebuilt: created anew
            // as widgets_new, its rows copied, the old table dropped, the new one renamed and
            // its indexes re-created.
            manager
                .create_table(
                    Table::create()
                        .table(Alias::new("widgets_new"))
                        .col(
                            ColumnDef::new(Widgets::Id)
                                .integer()
                                .not_null()
                                .auto_increment()
                                .primary_key(),
                        )
                        .col(ColumnDef::new(Widgets::MakerId).integer().not_null())
                        .col(ColumnDef::new(Widgets::Name).string_len(255).null())
                        .col(ColumnDef::new(Widgets::Weight).integer().not_null())
                        .col(ColumnDef::new(Widgets::Note).string_len(255).null())
                        .col(
                            ColumnDef::new(Widgets::Status)
                                .enumeration(
                                    Alias::new("status"),
                                    [
                                        Alias::new("draft"),
                                        Alias::new("live"),
                                        Alias::new("retired"),
                                    ],
                                )
                                .not_null(),
                        )
                        .foreign_key(
                            ForeignKey::create()
                                .name("fk-widgets-maker_id")
                                .from_tbl(Alias::new("widgets_new"))
                                .from_col(Widgets::MakerId)
                                .to_tbl(Makers::Table)
                                .to_col(Makers::Id)
                                .on_delete(ForeignKeyAction::Cascade)
                                .on_update(ForeignKeyAction::Restrict),
                        )
                        .to_owned(),
                )
                .await?;
            // As SQL: sea-query's INSERT ... SELECT returns its own error type, not DbErr.
            manager.get_connection().execute_unprepared(r#"INSERT INTO "widgets_new" ("id", "maker_id", "name", "weight", "note", "status") SELECT "id", "maker_id", "name", "weight", "note", "status" FROM "widgets""#).await?;
            manager
                .drop_table(Table::drop().table(Widgets::Table).to_owned())
                .await?;
            manager
                .rename_table(
                    Table::rename()
                        .table(Alias::new("widgets_new"), Widgets::Table)
                        .to_owned(),
                )
                .await?;
        } else {
            manager
                .alter_table(
                    Table::alter()
                        .table(Widgets::Table)
                        .modify_column(ColumnDef::new(Widgets::Name).string_len(255).null())
                        .to_owned(),
                )
                .await?;
        }

        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DbBackend::Sqlite {
            // SQLite cannot alter column name in place, so the table is rebuilt: created anew
            // as widgets_new, its rows copied, the old table dropped, the new one renamed and
            // its indexes re-created.
            manager
                .create_table(
                    Table::create()
                        .table(Alias::new("widgets_new"))
                        .col(
                            ColumnDef::new(Widgets::Id)
                                .integer()
                                .not_null()
                                .auto_increment()
                                .primary_key(),
                        )
                        .col(ColumnDef::new(Widgets::MakerId).integer().not_null())
                        .col(ColumnDef::new(Widgets::Name).string_len(255).not_null())
                        .col(ColumnDef::new(Widgets::Weight).integer().not_null())
                        .col(ColumnDef::new(Widgets::Note).string_len(255).null())
                        .col(
                            ColumnDef::new(Widgets::Status)
                                .enumeration(
                                    Alias::new("status"),
                                    [
                                        Alias::new("draft"),
                                        Alias::new("live"),
                                        Alias::new("retired"),
                                    ],
                                )
                                .not_null(),
                        )
                        .foreign_key(
                            ForeignKey::create()
                                .name("fk-widgets-maker_id")
                                .from_tbl(Alias::new("widgets_new"))
                                .from_col(Widgets::MakerId)
                                .to_tbl(Makers::Table)
                                .to_col(Makers::Id)
                                .on_delete(ForeignKeyAction::Cascade)
                                .on_update(ForeignKeyAction::Restrict),
                        )
                        .to_owned(),
                )
                .await?;
            // As SQL: sea-query's INSERT ... SELECT returns its own error type, not DbErr.
            manager.get_connection().execute_unprepared(r#"INSERT INTO "widgets_new" ("id", "maker_id", "name", "weight", "note", "status") SELECT "id", "maker_id", "name", "weight", "note", "status" FROM "widgets""#).await?;
            manager
                .drop_table(Table::drop().table(Widgets::Table).to_owned())
                .await?;
            manager
                .rename_table(
                    Table::rename()
                        .table(Alias::new("widgets_new"), Widgets::Table)
                        .to_owned(),
                )
                .await?;
        } else {
            manager
                .alter_table(
                    Table::alter()
                        .table(Widgets::Table)
                        .modify_column(ColumnDef::new(Widgets::Name).string_len(255).not_null())
                        .to_owned(),
                )
                .await?;
        }

        Ok(())
    }
}

#[derive(DeriveIden)]
enum Makers {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Widgets {
    Table,
    Id,
    MakerId,
    Name,
    Note,
    Status,
    Weight,
}

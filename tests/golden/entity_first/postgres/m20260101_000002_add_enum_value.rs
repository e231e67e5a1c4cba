//! Written by `generate --autogenerate` from the difference between the
//! schema the migrations produce and the one the entities ask for.
//! Review every step (above all those marked DESTRUCTIVE) before applying it.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;
use sea_orm_migration::sea_query::extension::postgres::Type;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DbBackend::Postgres {
            manager
                .alter_type(
                    Type::alter()
                        .name(Alias::new("widget_status"))
                        .add_value(Alias::new("review"))
                        .before(Alias::new("live")),
                )
                .await?;
        }
        if manager.get_database_backend() == DbBackend::MySql {
            // On MySQL an enum's values are in the type of each column using it.
            manager
                .alter_table(
                    Table::alter()
                        .table(Widgets::Table)
                        .modify_column(
                            ColumnDef::new(Widgets::Status)
                                .enumeration(
                                    Alias::new("widget_status"),
                                    [
                                        Alias::new("draft"),
                                        Alias::new("review"),
                                        Alias::new("live"),
                                        Alias::new("retired"),
                                    ],
                                )
                                .not_null(),
                        )
                        .to_owned(),
                )
                .await?;
        }

        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // DESTRUCTIVE: removes review from enum type widget_status; a row holding one
        // makes this step fail.
        // Enum type widget_status: (draft, review, live, retired) becomes (draft, live,
        // retired). PostgreSQL cannot remove, rename or reorder an enum value in place, so
        // the type is swapped: the old one renamed widget_status_old, the new one created,
        // each column converted through text, the old type dropped.
        if manager.get_database_backend() == DbBackend::Postgres {
            manager
                .alter_type(
                    Type::alter()
                        .name(Alias::new("widget_status"))
                        .rename_to(Alias::new("widget_status_old")),
                )
                .await?;
            manager
                .create_type(
                    Type::create()
                        .as_enum(Alias::new("widget_status"))
                        .values([
                            Alias::new("draft"),
                            Alias::new("live"),
                            Alias::new("retired"),
                        ])
                        .to_owned(),
                )
                .await?;
            manager
                .alter_table(
                    Table::alter()
                        .table(Widgets::Table)
                        .modify_column(
                            ColumnDef::new(Widgets::Status)
                                .custom(Alias::new("widget_status"))
                                .using(Expr::cust(r#""status"::text::"widget_status""#)),
                        )
                        .to_owned(),
                )
                .await?;
            manager
                .drop_type(
                    Type::drop()
                        .name(Alias::new("widget_status_old"))
                        .to_owned(),
                )
                .await?;
        }
        if manager.get_database_backend() == DbBackend::MySql {
            // On MySQL an enum's values are in the type of each column using it.
            manager
                .alter_table(
                    Table::alter()
                        .table(Widgets::Table)
                        .modify_column(
                            ColumnDef::new(Widgets::Status)
                                .enumeration(
                                    Alias::new("widget_status"),
                                    [
                                        Alias::new("draft"),
                                        Alias::new("live"),
                                        Alias::new("retired"),
                                    ],
                                )
                                .not_null(),
                        )
                        .to_owned(),
                )
                .await?;
        }

        Ok(())
    }
}

#[derive(DeriveIden)]
enum Widgets {
    Table,
    Status,
}

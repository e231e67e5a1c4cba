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
                .create_type(
                    Type::create()
                        .as_enum(Alias::new("widget_size"))
                        .values([Alias::new("small"), Alias::new("large")])
                        .to_owned(),
                )
                .await?;
        }

        manager
            .alter_table(
                Table::alter()
                    .table(Widgets::Table)
                    .add_column(
                        ColumnDef::new(Widgets::Size)
                            .enumeration(
                                Alias::new("widget_size"),
                                [Alias::new("small"), Alias::new("large")],
                            )
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;

        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // DESTRUCTIVE: drops column widgets.size and its data.
        manager
            .alter_table(
                Table::alter()
                    .table(Widgets::Table)
                    .drop_column(Widgets::Size)
                    .to_owned(),
            )
            .await?;

        // DESTRUCTIVE: drops enum type widget_size.
        if manager.get_database_backend() == DbBackend::Postgres {
            manager
                .drop_type(Type::drop().name(Alias::new("widget_size")).to_owned())
                .await?;
        }

        Ok(())
    }
}

#[derive(DeriveIden)]
enum Widgets {
    Table,
    Size,
}

//! Written by `generate --autogenerate` from the difference between the
//! schema the migrations produce and the one the entities ask for.
//! Review every step (above all those marked DESTRUCTIVE) before applying it.

use migrate_kit::types::utc_timestamp;
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
                        .as_enum(Alias::new("widget_status"))
                        .values([
                            Alias::new("draft"),
                            Alias::new("live"),
                            Alias::new("retired"),
                        ])
                        .to_owned(),
                )
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(Gadgets::Table)
                    .col(
                        ColumnDef::new(Gadgets::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Gadgets::Label).string().not_null())
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Makers::Table)
                    .col(
                        ColumnDef::new(Makers::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Makers::Name).string().not_null())
                    .col(
                        ColumnDef::new_with_type(
                            Makers::CreatedAt,
                            utc_timestamp(manager.get_database_backend()),
                        )
                        .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx-makers-name")
                    .table(Makers::Table)
                    .col(Makers::Name)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Widgets::Table)
                    .col(
                        ColumnDef::new(Widgets::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Widgets::MakerId).integer().not_null())
                    .col(ColumnDef::new(Widgets::Name).string().not_null())
                    .col(ColumnDef::new(Widgets::Weight).integer().not_null())
                    .col(ColumnDef::new(Widgets::Note).string().null())
                    .col(
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
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk-widgets-maker_id")
                            .from_tbl(Widgets::Table)
                            .from_col(Widgets::MakerId)
                            .to_tbl(Makers::Table)
                            .to_col(Makers::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;

        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // DESTRUCTIVE: drops table widgets and its data.
        manager
            .drop_table(Table::drop().table(Widgets::Table).to_owned())
            .await?;

        // DESTRUCTIVE: drops table makers and its data.
        manager
            .drop_table(Table::drop().table(Makers::Table).to_owned())
            .await?;

        // DESTRUCTIVE: drops table gadgets and its data.
        manager
            .drop_table(Table::drop().table(Gadgets::Table).to_owned())
            .await?;

        // DESTRUCTIVE: drops enum type widget_status.
        if manager.get_database_backend() == DbBackend::Postgres {
            manager
                .drop_type(Type::drop().name(Alias::new("widget_status")).to_owned())
                .await?;
        }

        Ok(())
    }
}

#[derive(DeriveIden)]
enum Gadgets {
    Table,
    Id,
    Label,
}

#[derive(DeriveIden)]
enum Makers {
    Table,
    CreatedAt,
    Id,
    Name,
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

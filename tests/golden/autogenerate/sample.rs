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
                .alter_type(
                    Type::alter()
                        .name(Alias::new("member_role"))
                        .add_value(Alias::new("admin"))
                        .before(Alias::new("member")),
                )
                .await?;
        }
        if manager.get_database_backend() == DbBackend::MySql {
            // On MySQL an enum's values are in the type of each column using it.
            manager
                .alter_table(
                    Table::alter()
                        .table(Members::Table)
                        .modify_column(
                            ColumnDef::new(Members::Role)
                                .enumeration(
                                    Alias::new("member_role"),
                                    [
                                        Alias::new("owner"),
                                        Alias::new("admin"),
                                        Alias::new("member"),
                                    ],
                                )
                                .not_null(),
                        )
                        .to_owned(),
                )
                .await?;
        }

        if manager.get_database_backend() == DbBackend::Sqlite {
            // SQLite cannot alter column plan in place, so the table is rebuilt: created anew
            // as organizations_new, its rows copied, the old table dropped, the new one
            // renamed and its indexes re-created.
            manager
                .create_table(
                    Table::create()
                        .table(Alias::new("organizations_new"))
                        .col(
                            ColumnDef::new(Organizations::Id)
                                .integer()
                                .not_null()
                                .auto_increment()
                                .primary_key(),
                        )
                        .col(
                            ColumnDef::new(Organizations::Name)
                                .string_len(255)
                                .not_null(),
                        )
                        .col(
                            ColumnDef::new(Organizations::Plan)
                                .string_len(32)
                                .not_null()
                                .default("free"),
                        )
                        .col(
                            ColumnDef::new(Organizations::Nickname)
                                .string_len(255)
                                .null(),
                        )
                        .to_owned(),
                )
                .await?;
            // As SQL: sea-query's INSERT ... SELECT returns its own error type, not DbErr.
            manager.get_connection().execute_unprepared(r#"INSERT INTO "organizations_new" ("id", "name", "plan", "nickname") SELECT "id", "name", "plan", "nickname" FROM "organizations""#).await?;
            manager
                .drop_table(Table::drop().table(Organizations::Table).to_owned())
                .await?;
            manager
                .rename_table(
                    Table::rename()
                        .table(Alias::new("organizations_new"), Organizations::Table)
                        .to_owned(),
                )
                .await?;
        } else {
            manager
                .alter_table(
                    Table::alter()
                        .table(Organizations::Table)
                        .modify_column(
                            ColumnDef::new(Organizations::Plan)
                                .string_len(32)
                                .not_null()
                                .default("free"),
                        )
                        .to_owned(),
                )
                .await?;
        }

        manager
            .alter_table(
                Table::alter()
                    .table(Organizations::Table)
                    .add_column(
                        ColumnDef::new(Organizations::LogoUrl)
                            .string_len(255)
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;

        // NOT NULL: the existing rows get 10, the default while the column is added.
        manager
            .alter_table(
                Table::alter()
                    .table(Organizations::Table)
                    .add_column(
                        ColumnDef::new(Organizations::MaxMembers)
                            .integer()
                            .not_null()
                            .default(10),
                    )
                    .to_owned(),
            )
            .await?;
        // Then it is dropped (SQLite cannot drop a default in place: there it stays).
        if manager.get_database_backend() == DbBackend::Postgres {
            // sea-query's ALTER COLUMN can set a default but not drop one.
            manager
                .get_connection()
                .execute_unprepared(
                    r#"ALTER TABLE "organizations" ALTER COLUMN "max_members" DROP DEFAULT"#,
                )
                .await?;
        } else if manager.get_database_backend() == DbBackend::MySql {
            // MODIFY COLUMN without a default drops it.
            manager
                .alter_table(
                    Table::alter()
                        .table(Organizations::Table)
                        .modify_column(
                            ColumnDef::new(Organizations::MaxMembers)
                                .integer()
                                .not_null(),
                        )
                        .to_owned(),
                )
                .await?;
        }

        manager
            .alter_table(
                Table::alter()
                    .table(Members::Table)
                    .rename_column(Members::Nick, Members::DisplayName)
                    .to_owned(),
            )
            .await?;

        // DESTRUCTIVE: drops column organizations.nickname and its data.
        manager
            .alter_table(
                Table::alter()
                    .table(Organizations::Table)
                    .drop_column(Organizations::Nickname)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Projects::Table)
                    .col(
                        ColumnDef::new(Projects::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(Projects::OrganizationId)
                            .integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Projects::Name).string_len(255).not_null())
                    .col(
                        ColumnDef::new_with_type(
                            Projects::CreatedAt,
                            utc_timestamp(manager.get_database_backend()),
                        )
                        .not_null()
                        .default(Expr::current_timestamp()),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk-projects-organization_id")
                            .from_tbl(Projects::Table)
                            .from_col(Projects::OrganizationId)
                            .to_tbl(Organizations::Table)
                            .to_col(Organizations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx-projects-organization_id")
                    .table(Projects::Table)
                    .col(Projects::OrganizationId)
                    .to_owned(),
            )
            .await?;

        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // DESTRUCTIVE: drops table projects and its data.
        manager
            .drop_table(Table::drop().table(Projects::Table).to_owned())
            .await?;

        manager
            .alter_table(
                Table::alter()
                    .table(Organizations::Table)
                    .add_column(
                        ColumnDef::new(Organizations::Nickname)
                            .string_len(255)
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .alter_table(
                Table::alter()
                    .table(Members::Table)
                    .rename_column(Members::DisplayName, Members::Nick)
                    .to_owned(),
            )
            .await?;

        // DESTRUCTIVE: drops column organizations.max_members and its data.
        manager
            .alter_table(
                Table::alter()
                    .table(Organizations::Table)
                    .drop_column(Organizations::MaxMembers)
                    .to_owned(),
            )
            .await?;

        // DESTRUCTIVE: drops column organizations.logo_url and its data.
        manager
            .alter_table(
                Table::alter()
                    .table(Organizations::Table)
                    .drop_column(Organizations::LogoUrl)
                    .to_owned(),
            )
            .await?;

        if manager.get_database_backend() == DbBackend::Sqlite {
            // SQLite cannot alter column plan in place, so the table is rebuilt: created anew
            // as organizations_new, its rows copied, the old table dropped, the new one
            // renamed and its indexes re-created.
            manager
                .create_table(
                    Table::create()
                        .table(Alias::new("organizations_new"))
                        .col(
                            ColumnDef::new(Organizations::Id)
                                .integer()
                                .not_null()
                                .auto_increment()
                                .primary_key(),
                        )
                        .col(
                            ColumnDef::new(Organizations::Name)
                                .string_len(255)
                                .not_null(),
                        )
                        .col(ColumnDef::new(Organizations::Plan).string_len(32).null())
                        .col(
                            ColumnDef::new(Organizations::Nickname)
                                .string_len(255)
                                .null(),
                        )
                        .to_owned(),
                )
                .await?;
            // As SQL: sea-query's INSERT ... SELECT returns its own error type, not DbErr.
            manager.get_connection().execute_unprepared(r#"INSERT INTO "organizations_new" ("id", "name", "plan", "nickname") SELECT "id", "name", "plan", "nickname" FROM "organizations""#).await?;
            manager
                .drop_table(Table::drop().table(Organizations::Table).to_owned())
                .await?;
            manager
                .rename_table(
                    Table::rename()
                        .table(Alias::new("organizations_new"), Organizations::Table)
                        .to_owned(),
                )
                .await?;
        } else {
            manager
                .alter_table(
                    Table::alter()
                        .table(Organizations::Table)
                        .modify_column(ColumnDef::new(Organizations::Plan).string_len(32).null())
                        .to_owned(),
                )
                .await?;
            if manager.get_database_backend() == DbBackend::Postgres {
                // sea-query's ALTER COLUMN can set a default but not drop one.
                manager
                    .get_connection()
                    .execute_unprepared(
                        r#"ALTER TABLE "organizations" ALTER COLUMN "plan" DROP DEFAULT"#,
                    )
                    .await?;
            }
        }

        // DESTRUCTIVE: removes admin from enum type member_role; a row holding one makes
        // this step fail.
        // Enum type member_role: (owner, admin, member) becomes (owner, member).
        // PostgreSQL cannot remove, rename or reorder an enum value in place, so the type
        // is swapped: the old one renamed member_role_old, the new one created, each
        // column converted through text, the old type dropped.
        if manager.get_database_backend() == DbBackend::Postgres {
            manager
                .alter_type(
                    Type::alter()
                        .name(Alias::new("member_role"))
                        .rename_to(Alias::new("member_role_old")),
                )
                .await?;
            manager
                .create_type(
                    Type::create()
                        .as_enum(Alias::new("member_role"))
                        .values([Alias::new("owner"), Alias::new("member")])
                        .to_owned(),
                )
                .await?;
            manager
                .alter_table(
                    Table::alter()
                        .table(Members::Table)
                        .modify_column(
                            ColumnDef::new(Members::Role)
                                .custom(Alias::new("member_role"))
                                .using(Expr::cust(r#""role"::text::"member_role""#)),
                        )
                        .to_owned(),
                )
                .await?;
            manager
                .drop_type(Type::drop().name(Alias::new("member_role_old")).to_owned())
                .await?;
        }
        if manager.get_database_backend() == DbBackend::MySql {
            // On MySQL an enum's values are in the type of each column using it.
            manager
                .alter_table(
                    Table::alter()
                        .table(Members::Table)
                        .modify_column(
                            ColumnDef::new(Members::Role)
                                .enumeration(
                                    Alias::new("member_role"),
                                    [Alias::new("owner"), Alias::new("member")],
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
enum Members {
    Table,
    DisplayName,
    Nick,
    Role,
}

#[derive(DeriveIden)]
enum Organizations {
    Table,
    Id,
    LogoUrl,
    MaxMembers,
    Name,
    Nickname,
    Plan,
}

#[derive(DeriveIden)]
enum Projects {
    Table,
    CreatedAt,
    Id,
    Name,
    OrganizationId,
}

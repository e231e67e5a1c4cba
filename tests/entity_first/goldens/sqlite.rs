//! The corpus's golden migrations as drafted on sqlite. A column's integer
//! width and an enum's values are not part of a SQLite schema, so changing
//! them drafts no migration there and has no golden file.

migrators! {
    base: "../../golden/entity_first/sqlite/m20260101_000001_base.rs";
    AddTable => m20260101_000002_add_table at "../../golden/entity_first/sqlite/m20260101_000002_add_table.rs";
    DropTable => m20260101_000002_drop_table at "../../golden/entity_first/sqlite/m20260101_000002_drop_table.rs";
    RenameTable => m20260101_000002_rename_table at "../../golden/entity_first/sqlite/m20260101_000002_rename_table.rs";
    AddNullableColumn => m20260101_000002_add_nullable_column at "../../golden/entity_first/sqlite/m20260101_000002_add_nullable_column.rs";
    AddNotNullColumnWithDefault => m20260101_000002_add_not_null_column_with_default at "../../golden/entity_first/sqlite/m20260101_000002_add_not_null_column_with_default.rs";
    MakeColumnNullable => m20260101_000002_make_column_nullable at "../../golden/entity_first/sqlite/m20260101_000002_make_column_nullable.rs";
    MakeColumnNotNull => m20260101_000002_make_column_not_null at "../../golden/entity_first/sqlite/m20260101_000002_make_column_not_null.rs";
    ChangeDefault => m20260101_000002_change_default at "../../golden/entity_first/sqlite/m20260101_000002_change_default.rs";
    AddIndex => m20260101_000002_add_index at "../../golden/entity_first/sqlite/m20260101_000002_add_index.rs";
    DropIndex => m20260101_000002_drop_index at "../../golden/entity_first/sqlite/m20260101_000002_drop_index.rs";
    AddUniqueConstraint => m20260101_000002_add_unique_constraint at "../../golden/entity_first/sqlite/m20260101_000002_add_unique_constraint.rs";
    AddForeignKey => m20260101_000002_add_foreign_key at "../../golden/entity_first/sqlite/m20260101_000002_add_foreign_key.rs";
    ChangeOnDelete => m20260101_000002_change_on_delete at "../../golden/entity_first/sqlite/m20260101_000002_change_on_delete.rs";
    AddEnumAndColumn => m20260101_000002_add_enum_and_column at "../../golden/entity_first/sqlite/m20260101_000002_add_enum_and_column.rs";
    RenameColumn => m20260101_000002_rename_column at "../../golden/entity_first/sqlite/m20260101_000002_rename_column.rs";
}

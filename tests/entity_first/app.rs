//! A small application's entities as the corpus changes them: makers,
//! their widgets and unrelated gadgets, then one variant per change. Every
//! set is the base set with exactly one entity swapped for a variant.

use migrate_kit::entities::Entities;

/// The widget statuses, and the same enum type with a value added in the middle.
pub mod status {
    use sea_orm::entity::prelude::*;

    /// A widget's status.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
    #[sea_orm(rs_type = "String", db_type = "Enum", enum_name = "widget_status")]
    pub enum WidgetStatus {
        #[sea_orm(string_value = "draft")]
        Draft,
        #[sea_orm(string_value = "live")]
        Live,
        #[sea_orm(string_value = "retired")]
        Retired,
    }

    /// [`WidgetStatus`] with `review` between `draft` and `live`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
    #[sea_orm(rs_type = "String", db_type = "Enum", enum_name = "widget_status")]
    pub enum WidgetStatusWithReview {
        #[sea_orm(string_value = "draft")]
        Draft,
        #[sea_orm(string_value = "review")]
        Review,
        #[sea_orm(string_value = "live")]
        Live,
        #[sea_orm(string_value = "retired")]
        Retired,
    }

    /// A new enum type.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
    #[sea_orm(rs_type = "String", db_type = "Enum", enum_name = "widget_size")]
    pub enum WidgetSize {
        #[sea_orm(string_value = "small")]
        Small,
        #[sea_orm(string_value = "large")]
        Large,
    }
}

/// A table keyed by an auto-incremented `id`, whose other columns are given.
macro_rules! entity {
    ($module:ident, $table:literal, { $($field:tt)* }) => {
        pub mod $module {
            use sea_orm::entity::prelude::*;

            #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
            #[sea_orm(table_name = $table)]
            pub struct Model {
                #[sea_orm(primary_key)]
                pub id: i32,
                $($field)*
            }

            #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
            pub enum Relation {}

            impl ActiveModelBehavior for ActiveModel {}
        }
    };
}

/// The `widgets` table: its maker (a foreign key with `$on_delete`) and the given columns.
macro_rules! widget {
    ($module:ident, on_delete = $on_delete:literal, { $($field:tt)* }) => {
        pub mod $module {
            use sea_orm::entity::prelude::*;
            #[allow(unused_imports, reason = "not every variant uses the enums")]
            use super::status::*;

            #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
            #[sea_orm(table_name = "widgets")]
            pub struct Model {
                #[sea_orm(primary_key)]
                pub id: i32,
                pub maker_id: i32,
                $($field)*
            }

            #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
            pub enum Relation {
                #[sea_orm(
                    belongs_to = "super::maker::Entity",
                    from = "Column::MakerId",
                    to = "super::maker::Column::Id",
                    on_delete = $on_delete
                )]
                Maker,
            }

            impl ActiveModelBehavior for ActiveModel {}
        }
    };
}

/// The `gadgets` table with a maker (a nullable foreign key) and a label.
pub mod gadget_owned {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "gadgets")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub label: String,
        pub maker_id: Option<i32>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(
            belongs_to = "super::maker::Entity",
            from = "Column::MakerId",
            to = "super::maker::Column::Id",
            on_delete = "SetNull"
        )]
        Maker,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

// The base set.
entity!(maker, "makers", {
    #[sea_orm(indexed)]
    pub name: String,
    pub created_at: DateTimeWithTimeZone,
});
widget!(widget, on_delete = "Cascade", {
    pub name: String,
    pub weight: i32,
    pub note: Option<String>,
    pub status: WidgetStatus,
});
entity!(gadget, "gadgets", {
    pub label: String,
});

// One variant per change.
entity!(sprocket, "sprockets", {
    pub size: i32,
});
entity!(maker_unindexed, "makers", {
    pub name: String,
    pub created_at: DateTimeWithTimeZone,
});
widget!(widget_color, on_delete = "Cascade", {
    pub name: String,
    pub weight: i32,
    pub note: Option<String>,
    pub status: WidgetStatus,
    pub color: Option<String>,
});
widget!(widget_rank, on_delete = "Cascade", {
    pub name: String,
    pub weight: i32,
    pub note: Option<String>,
    pub status: WidgetStatus,
    #[sea_orm(default_value = 0)]
    pub rank: i32,
});
widget!(widget_heavy, on_delete = "Cascade", {
    pub name: String,
    pub weight: i64,
    pub note: Option<String>,
    pub status: WidgetStatus,
});
widget!(widget_name_optional, on_delete = "Cascade", {
    pub name: Option<String>,
    pub weight: i32,
    pub note: Option<String>,
    pub status: WidgetStatus,
});
widget!(widget_note_required, on_delete = "Cascade", {
    pub name: String,
    pub weight: i32,
    pub note: String,
    pub status: WidgetStatus,
});
widget!(widget_restrict, on_delete = "Restrict", {
    pub name: String,
    pub weight: i32,
    pub note: Option<String>,
    pub status: WidgetStatus,
});
widget!(widget_review, on_delete = "Cascade", {
    pub name: String,
    pub weight: i32,
    pub note: Option<String>,
    pub status: WidgetStatusWithReview,
});
widget!(widget_sized, on_delete = "Cascade", {
    pub name: String,
    pub weight: i32,
    pub note: Option<String>,
    pub status: WidgetStatus,
    pub size: Option<WidgetSize>,
});
widget!(widget_titled, on_delete = "Cascade", {
    #[sea_orm(renamed_from = "name")]
    pub title: String,
    pub weight: i32,
    pub note: Option<String>,
    pub status: WidgetStatus,
});
// Variants the command-line tests use beyond the corpus.
widget!(widget_retitled, on_delete = "Cascade", {
    pub title: String,
    pub weight: i32,
    pub note: Option<String>,
    pub status: WidgetStatus,
});
widget!(widget_priced, on_delete = "Cascade", {
    pub name: String,
    pub weight: i32,
    pub note: Option<String>,
    pub status: WidgetStatus,
    pub price: i32,
});
entity!(gadget_default_label, "gadgets", {
    #[sea_orm(default_value = "unnamed")]
    pub label: String,
});
entity!(gadget_indexed, "gadgets", {
    #[sea_orm(indexed)]
    pub label: String,
});
entity!(gadget_unique, "gadgets", {
    #[sea_orm(unique)]
    pub label: String,
});
entity!(gizmo, "gizmos", {
    pub label: String,
});

/// The base set.
pub fn base() -> Entities {
    Entities::new()
        .register(maker::Entity)
        .register(widget::Entity)
        .register(gadget::Entity)
}

/// The base set with `gadgets` swapped for `gadget` (`None`: dropped).
fn with_gadget<E: sea_orm::EntityTrait>(gadget: Option<E>) -> Entities {
    let entities = Entities::new()
        .register(maker::Entity)
        .register(widget::Entity);
    match gadget {
        Some(entity) => entities.register(entity),
        None => entities,
    }
}

/// The base set with `widgets` swapped for `widget`.
fn with_widget<E: sea_orm::EntityTrait>(widget: E) -> Entities {
    Entities::new()
        .register(maker::Entity)
        .register(widget)
        .register(gadget::Entity)
}

/// The entities after each change of the corpus (or of the command-line
/// tests), by the change's name.
pub fn after(change: &str) -> Entities {
    match change {
        "add_table" => base().register(sprocket::Entity),
        "drop_table" => with_gadget::<gadget::Entity>(None),
        "rename_table" => with_gadget(Some(gizmo::Entity)),
        "add_nullable_column" => with_widget(widget_color::Entity),
        "add_not_null_column_with_default" => with_widget(widget_rank::Entity),
        "change_column_type" => with_widget(widget_heavy::Entity),
        "make_column_nullable" => with_widget(widget_name_optional::Entity),
        "make_column_not_null" => with_widget(widget_note_required::Entity),
        "change_default" => with_gadget(Some(gadget_default_label::Entity)),
        "add_index" => with_gadget(Some(gadget_indexed::Entity)),
        "drop_index" => Entities::new()
            .register(maker_unindexed::Entity)
            .register(widget::Entity)
            .register(gadget::Entity),
        "add_unique_constraint" => with_gadget(Some(gadget_unique::Entity)),
        "add_foreign_key" => with_gadget(Some(gadget_owned::Entity)),
        "change_on_delete" => with_widget(widget_restrict::Entity),
        "add_enum_value" => with_widget(widget_review::Entity),
        "add_enum_and_column" => with_widget(widget_sized::Entity),
        "rename_column" => with_widget(widget_titled::Entity),
        // Beyond the corpus: a rename the entities do not declare, a NOT
        // NULL column without a default, and DDL that fails (two entities
        // of one table).
        "rename_column_undeclared" => with_widget(widget_retitled::Entity),
        "add_not_null_column" => with_widget(widget_priced::Entity),
        "register_a_table_twice" => base().register(gadget_indexed::Entity),
        other => panic!("no corpus change named {other}"),
    }
}

//! The corpus's golden migrations, compiled into the test binary so that
//! "the generated code compiles" is proven by the build: for each backend,
//! the base migration and each change's as drafted there (one module per
//! backend), with one migrator per change: the base migration, then the
//! change's.

use sea_orm_migration::{MigrationTrait, MigratorTrait};

/// No migration at all: where the base migration is drafted from.
pub struct Empty;

impl MigratorTrait for Empty {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        Vec::new()
    }
}

/// Declares the base migration (at `base`, migrator `Base`) and, for each
/// change, its migration module and the migrator `Base` + that migration.
macro_rules! migrators {
    (base: $base:literal; $($migrator:ident => $module:ident at $path:literal;)*) => {
        use sea_orm_migration::{MigrationTrait, MigratorTrait};

        #[path = $base]
        mod m20260101_000001_base;

        /// Only the base migration.
        pub struct Base;

        impl MigratorTrait for Base {
            fn migrations() -> Vec<Box<dyn MigrationTrait>> {
                vec![Box::new(m20260101_000001_base::Migration)]
            }
        }

        $(
            #[path = $path]
            mod $module;

            /// The base migration, then this change's.
            pub struct $migrator;

            impl MigratorTrait for $migrator {
                fn migrations() -> Vec<Box<dyn MigrationTrait>> {
                    vec![
                        Box::new(m20260101_000001_base::Migration),
                        Box::new($module::Migration),
                    ]
                }
            }
        )*
    };
}

pub mod mysql;
pub mod postgres;
pub mod sqlite;

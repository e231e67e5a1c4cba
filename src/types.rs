//! Column types the toolkit fixes per backend, shared by the schema the
//! entities ask for and the migrations `generate --autogenerate` writes, so
//! that the two always agree.

use sea_orm::DbBackend;
use sea_orm::sea_query::{Alias, ColumnType, IntoIden};

/// The type of a timezone-aware timestamp column (an entity's
/// `DateTimeWithTimeZone`): `timestamptz` on PostgreSQL, text on SQLite,
/// and `DATETIME(6)` holding UTC on MySQL/MariaDB, whose `TIMESTAMP` ends in
/// January 2038 and, where `explicit_defaults_for_timestamp` is off,
/// silently gains `ON UPDATE CURRENT_TIMESTAMP`.
pub fn utc_timestamp(backend: DbBackend) -> ColumnType {
    match backend {
        DbBackend::MySql => ColumnType::Custom(Alias::new("DATETIME(6)").into_iden()),
        _ => ColumnType::TimestampWithTimeZone,
    }
}

/// `column_type` as the toolkit creates it on `backend`: [`utc_timestamp`]
/// for timezone-aware timestamps, anything else unchanged.
pub fn on_backend(backend: DbBackend, column_type: &ColumnType) -> ColumnType {
    match column_type {
        ColumnType::TimestampWithTimeZone => utc_timestamp(backend),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timezone_aware_timestamps_are_datetime_6_on_mysql_only() {
        let mysql = on_backend(DbBackend::MySql, &ColumnType::TimestampWithTimeZone);
        assert!(matches!(mysql, ColumnType::Custom(name) if name.to_string() == "DATETIME(6)"));
        for backend in [DbBackend::Postgres, DbBackend::Sqlite] {
            assert_eq!(
                on_backend(backend, &ColumnType::TimestampWithTimeZone),
                ColumnType::TimestampWithTimeZone
            );
        }
    }

    #[test]
    fn other_types_are_unchanged() {
        assert_eq!(
            on_backend(DbBackend::MySql, &ColumnType::Integer),
            ColumnType::Integer
        );
    }
}

//! The `created_at` / `updated_at` bookkeeping every entity shares.
//!
//! Each entity module calls `timestamped_behavior!` once instead of writing
//! its own `ActiveModelBehavior`, so the rule lives in one place: on insert,
//! fill `created_at` and `updated_at` unless the caller set them; on every
//! update, move `updated_at` to now.
//!
//! Saving through an `ActiveModel` (`insert`, `update`, `save`) applies the
//! rule; the caller never writes the timestamps itself:
//!
//! ```
//! use entity::organization;
//! use entity::prelude::*;
//! use entity::timestamps::now;
//! use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
//! use serde_json::json;
//! use std::time::Duration;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), sea_orm::DbErr> {
//! # use sea_orm::{ConnectionTrait, Database, DbBackend, Schema};
//! # let db = Database::connect("sqlite::memory:").await?;
//! # let schema = Schema::new(DbBackend::Sqlite);
//! # db.execute(&schema.create_table_from_entity(Organization)).await?;
//! let acme = organization::ActiveModel {
//!     name: Set("Acme Corp".to_owned()),
//!     slug: Set("acme-corp".to_owned()),
//!     owner_user_id: Set("auth0|alice".to_owned()),
//!     plan: Set("pro".to_owned()),
//!     max_members: Set(10),
//!     is_active: Set(true),
//!     settings: Set(json!({})),
//!     ..Default::default()
//! };
//!
//! // A new row: both timestamps are the moment of the insert.
//! let before_insert = now();
//! let created = acme.clone().insert(&db).await?;
//! assert_eq!(created.created_at, created.updated_at);
//! assert!(created.created_at >= before_insert);
//!
//! // A row imported with its original times keeps them...
//! let an_hour_ago = now() - Duration::from_secs(3600);
//! let imported = organization::ActiveModel {
//!     slug: Set("acme-imported".to_owned()),
//!     created_at: Set(an_hour_ago),
//!     updated_at: Set(an_hour_ago),
//!     ..acme
//! }
//! .insert(&db)
//! .await?;
//! assert_eq!(imported.created_at, an_hour_ago);
//! assert_eq!(imported.updated_at, an_hour_ago);
//!
//! // ... and an update moves `updated_at` to now and leaves `created_at`.
//! let before_update = now();
//! let mut renamed = imported.into_active_model();
//! renamed.name = Set("Acme Inc".to_owned());
//! let renamed = renamed.update(&db).await?;
//! assert_eq!(renamed.created_at, an_hour_ago);
//! assert!(renamed.updated_at >= before_update);
//!
//! // That is what the table holds.
//! let stored = Organization::find_by_id(renamed.id).one(&db).await?;
//! assert_eq!(stored.as_ref(), Some(&renamed));
//! # Ok(())
//! # }
//! ```

use sea_orm::prelude::{ChronoUtc, DateTimeWithTimeZone};
use sea_orm::{ActiveModelTrait, DbErr, EntityTrait};

/// The current time, in UTC, as the `created_at` / `updated_at` columns store it.
pub fn now() -> DateTimeWithTimeZone {
    ChronoUtc::now().fixed_offset()
}

/// Stamps `model` before it is saved, given its `created_at` and `updated_at` columns.
///
/// Values the caller set explicitly on insert are kept (imports and tests may
/// need a fixed creation time); an update always refreshes `updated_at`.
pub(crate) fn stamp<A>(
    mut model: A,
    insert: bool,
    created_at: <A::Entity as EntityTrait>::Column,
    updated_at: <A::Entity as EntityTrait>::Column,
) -> Result<A, DbErr>
where
    A: ActiveModelTrait,
{
    let now = now();
    if insert {
        if model.is_not_set(created_at) {
            model.try_set(created_at, now.into())?;
        }
        if model.is_not_set(updated_at) {
            model.try_set(updated_at, now.into())?;
        }
    } else {
        model.try_set(updated_at, now.into())?;
    }
    Ok(model)
}

/// Implements `ActiveModelBehavior` for the `ActiveModel` in scope with [`stamp`].
///
/// The entity must have `CreatedAt` and `UpdatedAt` columns of type
/// `DateTimeWithTimeZone`.
macro_rules! timestamped_behavior {
    () => {
        #[sea_orm::prelude::async_trait::async_trait]
        impl sea_orm::ActiveModelBehavior for ActiveModel {
            async fn before_save<C>(self, _db: &C, insert: bool) -> Result<Self, sea_orm::DbErr>
            where
                C: sea_orm::ConnectionTrait,
            {
                $crate::timestamps::stamp(self, insert, Column::CreatedAt, Column::UpdatedAt)
            }
        }
    };
}

pub(crate) use timestamped_behavior;

#[cfg(test)]
mod tests {
    use super::stamp;
    use crate::organization::{ActiveModel, Column};
    use sea_orm::{ActiveValue, DbErr};

    fn stamped(model: ActiveModel, insert: bool) -> Result<ActiveModel, DbErr> {
        stamp(model, insert, Column::CreatedAt, Column::UpdatedAt)
    }

    #[test]
    fn insert_fills_both_timestamps_with_the_same_instant() -> Result<(), DbErr> {
        let model = stamped(ActiveModel::default(), true)?;
        let (ActiveValue::Set(created), ActiveValue::Set(updated)) =
            (model.created_at, model.updated_at)
        else {
            panic!("insert left a timestamp unset");
        };
        assert_eq!(created, updated);
        Ok(())
    }

    #[test]
    fn insert_keeps_timestamps_the_caller_set() -> Result<(), DbErr> {
        let fixed = super::now() - std::time::Duration::from_secs(3600);
        let model = ActiveModel {
            created_at: ActiveValue::Set(fixed),
            updated_at: ActiveValue::Set(fixed),
            ..Default::default()
        };
        let model = stamped(model, true)?;
        assert_eq!(model.created_at, ActiveValue::Set(fixed));
        assert_eq!(model.updated_at, ActiveValue::Set(fixed));
        Ok(())
    }

    #[test]
    fn update_moves_updated_at_and_leaves_created_at_alone() -> Result<(), DbErr> {
        let fixed = super::now() - std::time::Duration::from_secs(3600);
        let model = ActiveModel {
            created_at: ActiveValue::Unchanged(fixed),
            updated_at: ActiveValue::Unchanged(fixed),
            ..Default::default()
        };
        let model = stamped(model, false)?;
        assert_eq!(model.created_at, ActiveValue::Unchanged(fixed));
        let ActiveValue::Set(updated) = model.updated_at else {
            panic!("update did not set updated_at");
        };
        assert!(updated > fixed);
        Ok(())
    }
}

//! The `created_at` / `updated_at` bookkeeping every entity shares.
//!
//! Each entity module calls `timestamped_behavior!` once instead of writing
//! its own `ActiveModelBehavior`, so the rule lives in one place: on insert,
//! fill `created_at` and `updated_at` unless the caller set them; on every
//! update, move `updated_at` to now.

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

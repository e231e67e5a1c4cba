//! The steps the entity scenarios are made of, generic over the entity:
//! insert, read back, update and delete a row, asserting that what was
//! written is what is read. Failures name the table, the column and the
//! database's own error.

use std::str::FromStr;
use std::time::Duration;

use migration::Migrator;
use sea_orm::prelude::DateTimeWithTimeZone;
use sea_orm::{
    ActiveModelBehavior, ActiveModelTrait, ActiveValue, DatabaseConnection, EntityTrait,
    IdenStatic, IntoActiveModel, Iterable, ModelTrait, PaginatorTrait, PrimaryKeyToColumn,
    PrimaryKeyTrait, Value,
};
use sea_orm_migration::MigratorTrait;

use crate::support::{Backend, TestDb};

/// The model of the entity an `ActiveModel` saves.
type ModelOf<A> = <<A as ActiveModelTrait>::Entity as EntityTrait>::Model;

/// The `ActiveModel` of the entity a model belongs to.
type ActiveOf<M> = <<M as ModelTrait>::Entity as EntityTrait>::ActiveModel;

/// A fresh database on `backend` with the schema applied by the stock migrator.
pub async fn migrated(backend: Backend) -> (TestDb, DatabaseConnection) {
    let db = TestDb::create(backend).await;
    let conn = db.connect().await;
    Migrator::up(&conn, None)
        .await
        .unwrap_or_else(|e| panic!("apply the migrations on {backend:?}: {e}"));
    (db, conn)
}

/// Long enough for a new `now()` to be stored as a later timestamp: every
/// backend keeps at least microseconds (`DATETIME(6)` on MySQL/MariaDB).
pub const CLOCK_TICK: Duration = Duration::from_millis(5);

/// The table name of entity `E`.
fn table<E: EntityTrait>() -> &'static str {
    E::default().table_name()
}

/// Inserts `row`, failing the test with the table and the database's error.
pub async fn insert<A>(conn: &DatabaseConnection, row: A) -> ModelOf<A>
where
    A: ActiveModelBehavior + Send,
    ModelOf<A>: IntoActiveModel<A>,
{
    row.insert(conn)
        .await
        .unwrap_or_else(|e| panic!("insert into {}: {e}", table::<A::Entity>()))
}

/// Reads one row back with `find_by_id`.
pub async fn find<E>(conn: &DatabaseConnection, id: i32) -> Option<E::Model>
where
    E: EntityTrait,
    E::PrimaryKey: PrimaryKeyTrait<ValueType = i32>,
{
    E::find_by_id(id)
        .one(conn)
        .await
        .unwrap_or_else(|e| panic!("select from {} by id {id}: {e}", table::<E>()))
}

/// Reads `model`'s row back by id, failing the test if it is gone.
async fn reload<M>(conn: &DatabaseConnection, model: &M) -> M
where
    M: ModelTrait,
    M::Entity: EntityTrait<Model = M>,
    <M::Entity as EntityTrait>::PrimaryKey: PrimaryKeyTrait<ValueType = i32>,
{
    let id = id_of(model);
    find::<M::Entity>(conn, id)
        .await
        .unwrap_or_else(|| panic!("{} {id} vanished", table::<M::Entity>()))
}

/// How many rows `query` matches.
pub async fn count<E>(conn: &DatabaseConnection, query: sea_orm::Select<E>) -> u64
where
    E: EntityTrait,
    E::Model: Sync,
{
    query
        .count(conn)
        .await
        .unwrap_or_else(|e| panic!("count {}: {e}", table::<E>()))
}

/// The `i32` primary key of `model`.
fn id_of<M: ModelTrait>(model: &M) -> i32 {
    let key = <M::Entity as EntityTrait>::PrimaryKey::iter()
        .next()
        .expect("every entity has a primary key")
        .into_column();
    match model.get(key) {
        Value::Int(Some(id)) => id,
        other => panic!("primary key of {model:?} is not an i32: {other:?}"),
    }
}

/// The timestamp in column `name` of `model`.
fn timestamp<M: ModelTrait>(model: &M, name: &str) -> DateTimeWithTimeZone {
    let table = table::<M::Entity>();
    let column = <M::Entity as EntityTrait>::Column::from_str(name)
        .unwrap_or_else(|_| panic!("{table} has no column {name}"));
    match model.get(column) {
        Value::ChronoDateTimeWithTimeZone(Some(at)) => at,
        other => panic!("{table}.{name} is not a timestamp: {other:?}"),
    }
}

/// Asserts that every column `values` sets has that value in `row`.
fn assert_carries<A: ActiveModelTrait>(row: &ModelOf<A>, values: &A, step: &str) {
    for column in <A::Entity as EntityTrait>::Column::iter() {
        if let ActiveValue::Set(want) = values.get(column) {
            assert_eq!(
                row.get(column),
                want,
                "{}.{} after {step}",
                table::<A::Entity>(),
                column.as_str()
            );
        }
    }
}

/// Inserts `fixture` and reads it back by id; applies `edit`, updates and
/// reads it back; deletes it and checks it is gone. Every value written must
/// be read back, and an update must change exactly the columns it sets
/// (plus `updated_at`).
pub async fn assert_crud_round_trip<A>(
    conn: &DatabaseConnection,
    fixture: A,
    edit: impl FnOnce(&mut A),
) where
    A: ActiveModelBehavior + Send,
    ModelOf<A>: IntoActiveModel<A> + PartialEq,
    <A::Entity as EntityTrait>::PrimaryKey: PrimaryKeyTrait<ValueType = i32>,
{
    let name = table::<A::Entity>();
    let inserted = insert(conn, fixture.clone()).await;
    assert_carries(&inserted, &fixture, "insert");
    let id = id_of(&inserted);
    assert_eq!(
        find::<A::Entity>(conn, id).await.as_ref(),
        Some(&inserted),
        "{name} by id after insert"
    );

    let mut changes = inserted.clone().into_active_model();
    edit(&mut changes);
    for column in <A::Entity as EntityTrait>::Column::iter() {
        if let ActiveValue::Set(new) = changes.get(column) {
            assert_ne!(
                inserted.get(column),
                new,
                "the edit of {name}.{} changes nothing",
                column.as_str()
            );
        }
    }
    let updated = changes
        .clone()
        .update(conn)
        .await
        .unwrap_or_else(|e| panic!("update {name} {id}: {e}"));
    assert_carries(&updated, &changes, "update");
    for column in <A::Entity as EntityTrait>::Column::iter() {
        if changes.get(column).is_unchanged() && column.as_str() != "updated_at" {
            assert_eq!(
                updated.get(column),
                inserted.get(column),
                "{name}.{} after an update that did not set it",
                column.as_str()
            );
        }
    }
    assert_eq!(
        find::<A::Entity>(conn, id).await.as_ref(),
        Some(&updated),
        "{name} by id after update"
    );

    let deleted = updated
        .into_active_model()
        .delete(conn)
        .await
        .unwrap_or_else(|e| panic!("delete {name} {id}: {e}"));
    assert_eq!(deleted.rows_affected, 1, "rows deleted from {name}");
    assert_eq!(
        find::<A::Entity>(conn, id).await,
        None,
        "{name} by id after delete"
    );
}

/// Writes each of `values` in turn into `columns` of `row`, and checks that
/// each reads back exactly. Returns the row as last read.
pub async fn assert_each_value_round_trips<M, V>(
    conn: &DatabaseConnection,
    row: M,
    columns: &[<M::Entity as EntityTrait>::Column],
    values: impl IntoIterator<Item = V>,
) -> M
where
    M: ModelTrait + IntoActiveModel<ActiveOf<M>>,
    M::Entity: EntityTrait<Model = M>,
    ActiveOf<M>: Send,
    <M::Entity as EntityTrait>::PrimaryKey: PrimaryKeyTrait<ValueType = i32>,
    V: Into<Value>,
{
    let name = table::<M::Entity>();
    let mut row = row;
    for value in values {
        let value: Value = value.into();
        let mut changes = row.clone().into_active_model();
        for column in columns {
            changes.try_set(*column, value.clone()).unwrap_or_else(|e| {
                panic!("{name}.{} cannot hold {value:?}: {e}", column.as_str())
            });
        }
        changes
            .update(conn)
            .await
            .unwrap_or_else(|e| panic!("write {value:?} into {name} {}: {e}", id_of(&row)));
        row = reload(conn, &row).await;
        for column in columns {
            assert_eq!(
                row.get(*column),
                value,
                "{name}.{} read back",
                column.as_str()
            );
        }
    }
    row
}

/// Applies `edit` to `row` once the clock has ticked, and checks that the
/// stored `updated_at` moved forward while `created_at` stayed.
pub async fn assert_update_stamps<M>(
    conn: &DatabaseConnection,
    row: M,
    edit: impl FnOnce(&mut ActiveOf<M>),
) where
    M: ModelTrait + IntoActiveModel<ActiveOf<M>>,
    M::Entity: EntityTrait<Model = M>,
    ActiveOf<M>: Send,
    <M::Entity as EntityTrait>::PrimaryKey: PrimaryKeyTrait<ValueType = i32>,
{
    let name = table::<M::Entity>();
    let created = timestamp(&row, "created_at");
    let updated = timestamp(&row, "updated_at");
    let mut changes = row.clone().into_active_model();
    edit(&mut changes);
    changes
        .update(conn)
        .await
        .unwrap_or_else(|e| panic!("update {name} {}: {e}", id_of(&row)));
    let stored = reload(conn, &row).await;
    assert_eq!(
        timestamp(&stored, "created_at"),
        created,
        "{name}.created_at after an update"
    );
    assert!(
        timestamp(&stored, "updated_at") > updated,
        "{name}.updated_at did not move past {updated} on update: {stored:?}"
    );
}

//! The corpus of entity changes, each on every backend where the backend
//! has it: `generate --autogenerate`'s draft equals its golden file; the
//! golden file, compiled into this binary, is applied; `check` then finds
//! no difference; its `down()` brings back exactly the schema before it;
//! and `up` applies it again. Regenerate the golden files with
//! `UPDATE_GOLDEN=1` (written from the PostgreSQL run) and review them.

use sea_orm_migration::MigratorTrait;

use migrate_kit::autogenerate::decisions::{NoTerminal, Request};
use migrate_kit::check;
use migrate_kit::config::{DatabaseUrl, Settings};
use migrate_kit::draft;
use migrate_kit::engine::{Command, Engine, Migrations};
use migrate_kit::entities::Entities;
use migrate_kit::events::Unobserved;
use migrate_kit::plan::{DownTarget, UpTarget};
use migrate_kit::schemas;

use database::catalog::schema::Schema;

use super::app;
use super::goldens;
use crate::support::{Backend, TestDb, golden};

/// The settings of `db`: scratch databases go beside it.
pub fn settings(db: &TestDb) -> Settings {
    Settings::for_url(DatabaseUrl::parse(&db.url).expect("test URL"))
}

/// Compares `source` with `backend`'s golden file `name` (or, with
/// `UPDATE_GOLDEN`, rewrites it).
fn check_golden(backend: Backend, name: &str, source: &str) {
    let backend = format!("{backend:?}").to_lowercase();
    golden::check(
        &format!("tests/golden/entity_first/{backend}/{name}"),
        source,
        "entity_first::corpus",
    );
}

/// Runs `command` with migrator `M` on `db`.
pub async fn migrate<M: MigratorTrait>(db: &TestDb, command: Command) {
    let engine = Engine::with_migrations(db.connect().await, Migrations::of::<M>());
    let plan = engine.plan(command).await.expect("plan");
    engine
        .execute(&plan, &mut Unobserved, None)
        .await
        .expect("migrate");
}

/// `db`'s schema, without the bookkeeping tables.
pub async fn schema_of(db: &TestDb) -> Schema {
    schemas::of_live(&db.connect().await, &settings(db), "seaql_migrations")
        .await
        .expect("read schema")
}

/// The draft from `M`'s migrations to `entities` on `db`'s server.
async fn drafted<M: MigratorTrait>(db: &TestDb, entities: &Entities, request: Request) -> String {
    draft::draft::<M>(&settings(db), entities, request, &mut NoTerminal)
        .await
        .expect("draft")
        .source
}

/// Asserts that `check` finds nothing to say with migrator `M` and `entities` on `db`.
async fn assert_check_passes<M: MigratorTrait>(db: &TestDb, entities: &Entities) {
    let settings = settings(db);
    let questions = check::Questions {
        live: true,
        lint: false,
    };
    let report = check::check::<M>(&settings, &settings, entities, questions)
        .await
        .expect("check");
    let differences: Vec<String> = report
        .differences()
        .iter()
        .map(|d| d.description.clone())
        .collect();
    assert!(report.passes(), "check failed: {differences:?}");
}

async fn base_round_trip<B: MigratorTrait>(backend: Backend) {
    let db = TestDb::create(backend).await;
    let source = drafted::<goldens::Empty>(&db, &app::base(), Request::default()).await;
    check_golden(backend, "m20260101_000001_base.rs", &source);
    migrate::<B>(&db, Command::Up(UpTarget::All)).await;
    assert_check_passes::<B>(&db, &app::base()).await;
    migrate::<B>(&db, Command::Down(DownTarget::Steps(1))).await;
    assert!(
        schema_of(&db).await.tables.is_empty(),
        "down dropped every table"
    );
}

async fn the_base_migration_is_generated_from_the_entities(backend: Backend) {
    match backend {
        Backend::Postgres => base_round_trip::<goldens::postgres::Base>(backend).await,
        Backend::Mysql => base_round_trip::<goldens::mysql::Base>(backend).await,
        Backend::Sqlite => base_round_trip::<goldens::sqlite::Base>(backend).await,
    }
}
on_every_backend!(the_base_migration_is_generated_from_the_entities);

/// Where a change's migration comes from.
enum Source {
    /// Drafted on the backend it runs on: the draft must equal its golden file.
    Drafted(Request),
    /// The golden file drafted on PostgreSQL, which migrates every backend.
    Postgres,
}

/// The corpus scenario of `change` on `backend`: migrator `B` applies the
/// base migration, `M` then the change's.
async fn round_trip<B: MigratorTrait, M: MigratorTrait>(
    backend: Backend,
    change: &str,
    source: Source,
) {
    let db = TestDb::create(backend).await;
    let entities = app::after(change);
    if let Source::Drafted(request) = source {
        let draft = drafted::<B>(&db, &entities, request).await;
        check_golden(backend, &format!("m20260101_000002_{change}.rs"), &draft);
    }
    migrate::<B>(&db, Command::Up(UpTarget::All)).await;
    let before = schema_of(&db).await;
    migrate::<M>(&db, Command::Up(UpTarget::All)).await;
    let after = schema_of(&db).await;
    assert_check_passes::<M>(&db, &entities).await;
    migrate::<M>(&db, Command::Down(DownTarget::Steps(1))).await;
    assert_eq!(
        schema_of(&db).await,
        before,
        "down() restores the schema before up()"
    );
    migrate::<M>(&db, Command::Up(UpTarget::All)).await;
    assert_eq!(
        schema_of(&db).await,
        after,
        "up() applies again after down()"
    );
}

/// Asserts that `change` drafts nothing on `backend`, whose schema does not
/// show it, and that the PostgreSQL draft of it leaves `check` passing there.
async fn invisible<B: MigratorTrait, M: MigratorTrait>(backend: Backend, change: &str) {
    let db = TestDb::create(backend).await;
    let draft = draft::draft::<B>(
        &settings(&db),
        &app::after(change),
        Request::default(),
        &mut NoTerminal,
    )
    .await
    .expect("draft");
    assert!(
        draft.up.is_empty() && draft.source.is_empty(),
        "{backend:?} drafts nothing for {change}"
    );
    drop(db);
    round_trip::<goldens::postgres::Base, M>(backend, change, Source::Postgres).await;
}

/// One corpus change on every backend: drafted there and round-tripped;
/// on MySQL and SQLite, the PostgreSQL draft round-trips too. With
/// `invisible_on_sqlite`, SQLite drafts nothing for it.
macro_rules! corpus {
    ($change:ident, $migrator:ident, $request:expr, invisible_on_sqlite) => {
        async fn $change(backend: Backend) {
            let change = stringify!($change);
            match backend {
                Backend::Postgres => {
                    round_trip::<goldens::postgres::Base, goldens::postgres::$migrator>(
                        backend,
                        change,
                        Source::Drafted($request),
                    )
                    .await
                }
                Backend::Mysql => {
                    round_trip::<goldens::mysql::Base, goldens::mysql::$migrator>(
                        backend,
                        change,
                        Source::Drafted($request),
                    )
                    .await;
                    round_trip::<goldens::postgres::Base, goldens::postgres::$migrator>(
                        backend,
                        change,
                        Source::Postgres,
                    )
                    .await;
                }
                Backend::Sqlite => {
                    invisible::<goldens::sqlite::Base, goldens::postgres::$migrator>(
                        backend, change,
                    )
                    .await
                }
            }
        }
        on_every_backend!($change);
    };
    ($change:ident, $migrator:ident, $request:expr) => {
        async fn $change(backend: Backend) {
            let change = stringify!($change);
            let drafted = Source::Drafted($request);
            match backend {
                Backend::Postgres => {
                    round_trip::<goldens::postgres::Base, goldens::postgres::$migrator>(
                        backend, change, drafted,
                    )
                    .await
                }
                Backend::Mysql => {
                    round_trip::<goldens::mysql::Base, goldens::mysql::$migrator>(
                        backend, change, drafted,
                    )
                    .await
                }
                Backend::Sqlite => {
                    round_trip::<goldens::sqlite::Base, goldens::sqlite::$migrator>(
                        backend, change, drafted,
                    )
                    .await
                }
            }
            if backend != Backend::Postgres {
                round_trip::<goldens::postgres::Base, goldens::postgres::$migrator>(
                    backend,
                    change,
                    Source::Postgres,
                )
                .await;
            }
        }
        on_every_backend!($change);
    };
}

fn destructive() -> Request {
    Request {
        allow_destructive: true,
        ..Request::default()
    }
}

fn renamed(rename: &str) -> Request {
    Request {
        renames: vec![rename.parse().expect("rename")],
        ..Request::default()
    }
}

corpus!(add_table, AddTable, Request::default());
corpus!(drop_table, DropTable, destructive());
corpus!(rename_table, RenameTable, renamed("gadgets=gizmos"));
corpus!(add_nullable_column, AddNullableColumn, Request::default());
corpus!(
    add_not_null_column_with_default,
    AddNotNullColumnWithDefault,
    Request::default()
);
corpus!(
    change_column_type,
    ChangeColumnType,
    Request::default(),
    invisible_on_sqlite
);
corpus!(make_column_nullable, MakeColumnNullable, Request::default());
corpus!(make_column_not_null, MakeColumnNotNull, Request::default());
corpus!(change_default, ChangeDefault, Request::default());
corpus!(add_index, AddIndex, Request::default());
corpus!(drop_index, DropIndex, Request::default());
corpus!(
    add_unique_constraint,
    AddUniqueConstraint,
    Request::default()
);
corpus!(add_foreign_key, AddForeignKey, Request::default());
corpus!(change_on_delete, ChangeOnDelete, Request::default());
corpus!(
    add_enum_value,
    AddEnumValue,
    Request::default(),
    invisible_on_sqlite
);
corpus!(add_enum_and_column, AddEnumAndColumn, Request::default());
corpus!(rename_column, RenameColumn, Request::default());

//! The migration `generate --autogenerate` renders, compiled from its golden
//! file (`tests/golden/autogenerate/sample.rs`), run on every backend over a
//! schema written here by hand: `up` makes the changes, `down` undoes them
//! exactly.

use sea_orm::{ConnectionTrait, DatabaseConnection};
use sea_orm_migration::{MigrationTrait, SchemaManager};

use crate::autogenerate_sample::Migration;
use crate::support::inspect::{rows, snapshot, tables};
use crate::support::{Backend, TestDb};

/// The schema the sample's changes start from, as each backend spells it
/// (SQLite's tables exactly as sea-query writes them, since a rebuild
/// re-creates them in its words).
fn current_schema(backend: Backend) -> &'static [&'static str] {
    match backend {
        Backend::Postgres => &[
            "CREATE TYPE member_role AS ENUM ('owner', 'member')",
            "CREATE TABLE organizations (id serial PRIMARY KEY, name varchar(255) NOT NULL, \
             plan varchar(32), nickname varchar(255))",
            "CREATE TABLE members (id serial PRIMARY KEY, role member_role NOT NULL, nick varchar(64))",
        ],
        Backend::Mysql => &[
            "CREATE TABLE organizations (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, \
             name varchar(255) NOT NULL, plan varchar(32) NULL, nickname varchar(255) NULL)",
            "CREATE TABLE members (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, \
             role enum('owner','member') NOT NULL, nick varchar(64) NULL)",
        ],
        Backend::Sqlite => &[
            r#"CREATE TABLE "organizations" ( "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(255) NOT NULL, "plan" varchar(32) NULL, "nickname" varchar(255) NULL )"#,
            r#"CREATE TABLE "members" ( "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "role" text NOT NULL, "nick" varchar(64) NULL )"#,
        ],
    }
}

/// A database with the current schema and one organization (with a plan,
/// so that the column can become NOT NULL) and one member.
async fn current(backend: Backend) -> (TestDb, DatabaseConnection) {
    let db = TestDb::create(backend).await;
    for sql in current_schema(backend) {
        db.execute(sql).await;
    }
    db.execute("INSERT INTO organizations (name, plan) VALUES ('acme', 'pro')")
        .await;
    db.execute("INSERT INTO members (role, nick) VALUES ('owner', 'ann')")
        .await;
    let connection = db.connect().await;
    (db, connection)
}

async fn up_makes_the_rendered_changes_and_keeps_the_rows(backend: Backend) {
    let (_db, connection) = current(backend).await;
    Migration
        .up(&SchemaManager::new(&connection))
        .await
        .expect("up");
    assert!(
        tables(&connection, backend)
            .await
            .contains(&"projects".to_owned())
    );
    assert_eq!(
        rows(
            &connection,
            "SELECT name, plan FROM organizations WHERE max_members = 10 AND logo_url IS NULL",
            2
        )
        .await,
        [["acme", "pro"]]
    );
    assert_eq!(
        rows(&connection, "SELECT display_name FROM members", 1).await,
        [["ann"]]
    );
    connection
        .execute_unprepared("INSERT INTO members (role, display_name) VALUES ('admin', 'bob')")
        .await
        .expect("the new enum value is accepted");
    let dropped = connection
        .execute_unprepared("SELECT nickname FROM organizations")
        .await;
    assert!(dropped.is_err(), "nickname is dropped");
}

on_every_backend!(up_makes_the_rendered_changes_and_keeps_the_rows);

async fn down_restores_exactly_the_schema_before_up(backend: Backend) {
    let (_db, connection) = current(backend).await;
    let before = snapshot(&connection, backend).await;
    let manager = SchemaManager::new(&connection);
    Migration.up(&manager).await.expect("up");
    assert_ne!(snapshot(&connection, backend).await, before);
    Migration.down(&manager).await.expect("down");
    assert_eq!(snapshot(&connection, backend).await, before);
    assert_eq!(
        rows(&connection, "SELECT name, plan FROM organizations", 2).await,
        [["acme", "pro"]]
    );
}

on_every_backend!(down_restores_exactly_the_schema_before_up);

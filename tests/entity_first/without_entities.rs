//! A migration crate that registers no entities works as before: `check`
//! checks only the database and says what to add; `generate --autogenerate`
//! refuses, saying what to add.

use crate::support::{Backend, TestDb};

async fn check_without_entities_checks_the_database_and_says_what_to_add(backend: Backend) {
    let db = TestDb::create(backend).await;
    db.run(&["up", "--no-backup"]).success();
    db.run(&["check"])
        .success()
        .says("entities: none registered")
        .says("main_with_entities")
        .says("database: its schema is exactly what its applied migrations produce")
        .says("check passed");
}
on_every_backend!(check_without_entities_checks_the_database_and_says_what_to_add);

#[tokio::test]
async fn autogenerate_without_entities_refuses_and_says_what_to_add() {
    let db = TestDb::create(Backend::Sqlite).await;
    db.run(&["generate", "add_things", "--autogenerate", "--dry-run"])
        .fails_with(2, "no entities registered");
}

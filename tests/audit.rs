//! The run history as an audit log, through the real binary: it survives a
//! restore (what the backup lacks is carried over and the restore itself is
//! recorded, without making the restored database dirty), and it names the
//! OS user even where no login set `$USER`.

use serde_json::Value;

use crate::backups::Fixture;
use crate::support::{Backend, Run};

impl Fixture {
    /// `history --json`'s events, newest first.
    fn history(&self) -> Vec<Value> {
        let run = self.run(&["history", "--json"]).success();
        let json: Value = serde_json::from_str(&run.stdout).expect("history --json");
        json["events"].as_array().cloned().expect("events")
    }

    /// `backup list --json`'s newest backup.
    fn latest_backup(&self) -> Value {
        let run = self.run(&["backup", "list", "--json"]).success();
        let json: Value = serde_json::from_str(&run.stdout).expect("backup list --json");
        json["backups"][0].clone()
    }
}

fn with_action<'a>(events: &'a [Value], action: &str) -> Vec<&'a Value> {
    events.iter().filter(|e| e["action"] == action).collect()
}

async fn a_restore_keeps_the_later_history_and_records_itself(backend: Backend) {
    let f = Fixture::new(backend).await;
    f.run(&["up"]).success();
    f.run(&["backup", "create"]).success();
    f.run(&["down", "--yes"]).success();
    let before = f.history();
    let rolled_back = with_action(&before, "rolled_back");
    assert_eq!(rolled_back.len(), 1, "{before:#?}");
    let backup = f.latest_backup();

    f.run(&["restore", "latest", "--yes"]).success();
    let after = f.history();
    assert_eq!(after.len(), before.len() + 1, "{after:#?}");
    for event in &before {
        assert!(after.contains(event), "{event} was lost: {after:#?}");
    }
    let restored = with_action(&after, "restored");
    assert_eq!(restored.len(), 1, "{after:#?}");
    assert_eq!(restored[0]["backup_id"], backup["id"]);
    assert_eq!(restored[0]["version"], backup["migration_head"]);
    assert_eq!(after[0]["action"], "restored", "newest first: {after:#?}");
    let text = f.run(&["history"]).success().stdout;
    let first = text.lines().next().unwrap_or_default();
    assert!(
        first.contains("restored")
            && first.contains(&format!("backup {}", backup["id"].as_str().expect("id"))),
        "{text}"
    );
    f.run(&["validate"]).success();
}

on_every_backend!(a_restore_keeps_the_later_history_and_records_itself);

async fn a_half_done_migration_after_the_backup_leaves_the_restored_database_clean(
    backend: Backend,
) {
    let f = Fixture::new(backend).await;
    f.run(&["up"]).success();
    f.run(&["backup", "create"]).success();
    let head = f.latest_backup()["migration_head"]
        .as_str()
        .expect("a head")
        .to_owned();
    // A migration without a transaction that started and never finished.
    let now = chrono::Utc::now().timestamp_millis();
    f.db.execute(&format!(
        "INSERT INTO seaql_migrations_history (version, action, started_at, run_by, toolkit_version) \
         VALUES ('{head}', 'started', {now}, 'ci@host', '0')"
    ))
    .await;
    f.run(&["validate"]).fails_with(5, "did not finish");

    f.run(&["restore", "latest", "--yes"]).success();
    let history = f.history();
    assert!(
        history
            .iter()
            .any(|e| e["action"] == "started" && e["started_at"] == now),
        "the half-done run is part of the audit log: {history:#?}"
    );
    f.run(&["validate"]).success();
    f.run(&["up"]).success();
}

on_every_backend!(a_half_done_migration_after_the_backup_leaves_the_restored_database_clean);

#[tokio::test]
async fn restoring_a_backup_older_than_the_history_creates_it_with_every_event() {
    let f = Fixture::new(Backend::Sqlite).await;
    f.run(&["up"]).success();
    let pre_up = f.latest_backup();
    assert_eq!(pre_up["migration_head"], Value::Null, "{pre_up}");
    let before = f.history();

    f.run(&["restore", pre_up["id"].as_str().expect("id"), "--yes"])
        .success();
    let after = f.history();
    assert_eq!(after.len(), before.len() + 1, "{after:#?}");
    assert_eq!(after[0]["action"], "restored");
    assert_eq!(after[0]["version"], "base");
    assert_eq!(after[0]["backup_id"], pre_up["id"]);
    f.run(&["validate"]).success();
    f.run(&["up"]).success();
}

#[tokio::test]
async fn without_user_variables_the_history_names_the_os_user() {
    let f = Fixture::new(Backend::Sqlite).await;
    Run::of(
        f.command(&["--no-backup", "up"])
            .env_remove("USER")
            .env_remove("LOGNAME"),
    )
    .success();
    let id = std::process::Command::new("id")
        .arg("-un")
        .output()
        .expect("run id -un");
    let user = String::from_utf8(id.stdout).expect("utf-8");
    let history = f.history();
    let run_by = history[0]["run_by"].as_str().expect("run_by");
    assert!(
        run_by.starts_with(&format!("{}@", user.trim())),
        "{run_by} does not name {user}"
    );
}

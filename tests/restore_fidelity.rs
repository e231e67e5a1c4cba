//! A restore gives back exactly what was there: on PostgreSQL the
//! database's privileges, settings, comment, connection limit and owner
//! (or a note for what the restoring user may not set), on SQLite the file's
//! mode and owner; and `latest` never means a restore's own safety backup,
//! so a repeated `restore latest` restores the same backup again.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;

use crate::backups::Fixture;
use crate::support::inspect::rows;
use crate::support::{Backend, Run};

impl Fixture {
    /// The id of the newest backup.
    fn newest_id(&self) -> String {
        let listed = self.run(&["backup", "list", "--json"]).success();
        let json: serde_json::Value = serde_json::from_str(&listed.stdout).expect("list --json");
        json["backups"][0]["id"]
            .as_str()
            .expect("a backup")
            .to_owned()
    }

    /// Every row of `sql`, read on a connection closed before returning: an
    /// open superuser session would stop a restore by a non-superuser.
    async fn read(&self, sql: &str, columns: usize) -> Vec<Vec<String>> {
        let conn = self.db.connect().await;
        let found = rows(&conn, sql, columns).await;
        let _ = conn.close().await;
        found
    }

    /// PostgreSQL: the database's `datacl`, owner, comment and connection
    /// limit, then its `pg_db_role_setting` rows (role, `setconfig`).
    async fn database_properties(&self) -> (Vec<Vec<String>>, Vec<Vec<String>>) {
        let database = self
            .read(
                "SELECT coalesce(datacl::text, ''), pg_get_userbyid(datdba)::text, \
                 coalesce(shobj_description(oid, 'pg_database'), ''), datconnlimit::text \
                 FROM pg_database WHERE datname = current_database()",
                4,
            )
            .await;
        let settings = self
            .read(
                "SELECT coalesce(r.rolname::text, ''), s.setconfig::text \
                 FROM pg_db_role_setting s LEFT JOIN pg_roles r ON r.oid = s.setrole \
                 JOIN pg_database d ON d.oid = s.setdatabase \
                 WHERE d.datname = current_database() ORDER BY 1",
                2,
            )
            .await;
        (database, settings)
    }

    /// The database's URL with `login` and `password` instead of the superuser.
    fn url_for(&self, login: &str, password: &str) -> String {
        let mut url = url::Url::parse(&self.db.url).expect("test database URL");
        url.set_username(login).expect("a user name");
        url.set_password(Some(password)).expect("a password");
        url.to_string()
    }
}

const PASSWORD: &str = "restore-fidelity-pw";

/// Gives the database, owned by `owner`, properties a restore must keep:
/// PUBLIC may not connect, `app` may; settings for everyone and for `app`;
/// a comment and a connection limit.
async fn give_properties(f: &Fixture, app: &str) {
    let name = &f.db.name;
    f.execute(&format!(
        "REVOKE CONNECT ON DATABASE {name} FROM PUBLIC; \
         GRANT CONNECT ON DATABASE {name} TO {app}; \
         ALTER DATABASE {name} SET work_mem = '7MB'; \
         ALTER ROLE {app} IN DATABASE {name} SET search_path = \"$user\", public; \
         COMMENT ON DATABASE {name} IS 'ops center''s data'; \
         ALTER DATABASE {name} CONNECTION LIMIT 50"
    ))
    .await;
}

/// Undoes every property [`give_properties`] gave, and hands the database to the superuser.
async fn change_properties(f: &Fixture, app: &str) {
    let name = &f.db.name;
    f.execute(&format!(
        "GRANT CONNECT ON DATABASE {name} TO PUBLIC; \
         REVOKE CONNECT ON DATABASE {name} FROM {app}; \
         ALTER DATABASE {name} RESET work_mem; \
         ALTER ROLE {app} IN DATABASE {name} RESET search_path; \
         COMMENT ON DATABASE {name} IS NULL; \
         ALTER DATABASE {name} CONNECTION LIMIT -1"
    ))
    .await;
}

#[tokio::test]
async fn a_postgres_restore_gives_back_the_database_privileges_settings_comment_and_owner() {
    let f = Fixture::new(Backend::Postgres).await;
    f.run(&["up"]).success();
    // Each login is made the database's owner: the second one keeps it.
    let app = f.db.create_login(PASSWORD).await;
    let owner = f.db.create_login(PASSWORD).await;
    give_properties(&f, &app).await;
    let before = f.database_properties().await;
    assert!(
        before.0[0][0].contains(&format!("{app}=c/{owner}")),
        "{before:?}"
    );
    f.run(&["backup", "create"]).success();
    let id = f.newest_id();
    let shown = f.run(&["backup", "show", &id, "--json"]).success();
    let recorded: serde_json::Value = serde_json::from_str(&shown.stdout).expect("show --json");
    let recorded = &recorded["database_properties"];
    assert_eq!(recorded["owner"], owner.as_str(), "{recorded}");
    assert!(
        recorded["acl"]
            .as_array()
            .is_some_and(|acl| acl.contains(&format!("{app}=c/{owner}").into())),
        "{recorded}"
    );
    assert_eq!(
        recorded["settings"][0],
        serde_json::json!({"role": null, "name": "work_mem", "value": "7MB"})
    );
    assert_eq!(recorded["comment"], "ops center's data");
    assert_eq!(recorded["connection_limit"], 50);

    change_properties(&f, &app).await;
    f.execute(&format!("ALTER DATABASE {} OWNER TO postgres", f.db.name))
        .await;
    assert_ne!(f.database_properties().await, before);

    let restored = f.run(&["restore", "latest", "--yes"]).success();
    assert!(
        restored.stdout.contains(&format!("restored {id}")),
        "{restored:#?}"
    );
    assert!(!restored.stderr.contains("note:"), "{restored:#?}");
    assert_eq!(f.database_properties().await, before);
}

#[tokio::test]
async fn a_postgres_restore_by_the_database_owner_gives_back_what_it_may_and_notes_the_rest() {
    let f = Fixture::new(Backend::Postgres).await;
    let app = f.db.create_login(PASSWORD).await;
    let owner = f.db.create_login(PASSWORD).await;
    let as_owner = f.url_for(&owner, PASSWORD);
    f.run_as(&as_owner, &["up"]).success();
    give_properties(&f, &app).await;
    let (database, settings) = f.database_properties().await;
    f.run_as(&as_owner, &["backup", "create"]).success();

    change_properties(&f, &app).await;
    let restored = f
        .run_as(&as_owner, &["restore", "latest", "--yes"])
        .success();
    // Only a superuser (or a role with CREATEROLE) may set another role's settings.
    let notes: Vec<&str> = restored
        .stderr
        .lines()
        .filter(|l| l.starts_with("note:"))
        .collect();
    assert_eq!(notes.len(), 1, "{restored:#?}");
    assert!(
        notes[0].contains(&format!(
            "not restored: the setting search_path = \"$user\", public for role {app}"
        )),
        "{restored:#?}"
    );
    assert!(
        notes[0].contains(&format!(
            "a superuser can run `ALTER ROLE \"{app}\" IN DATABASE \"{}\" SET \"search_path\" TO '$user', 'public'`",
            f.db.name
        )),
        "{restored:#?}"
    );
    let everyone: Vec<Vec<String>> = settings.into_iter().filter(|s| s[0].is_empty()).collect();
    assert_eq!(f.database_properties().await, (database, everyone));
}

#[tokio::test]
async fn a_sqlite_restore_keeps_the_files_mode_and_owner() {
    let f = Fixture::new(Backend::Sqlite).await;
    f.run(&["up"]).success();
    let file = Path::new(&f.db.name);
    std::fs::set_permissions(file, std::fs::Permissions::from_mode(0o664)).expect("chmod");
    // The suite runs as root, which may give the file away.
    Run::of(
        std::process::Command::new("chown")
            .arg("nobody:nogroup")
            .arg(file),
    )
    .success();
    let owner = |path: &Path| {
        let info = std::fs::metadata(path).expect("stat");
        (info.mode() & 0o7777, info.uid(), info.gid())
    };
    let before = owner(file);
    assert_ne!((before.1, before.2), (0, 0), "the file was not given away");
    f.run(&["backup", "create"]).success();
    f.run(&["restore", "latest", "--yes"]).success();
    assert_eq!(owner(file), before);
}

async fn restoring_latest_twice_restores_the_same_backup(backend: Backend) {
    let f = Fixture::new(backend).await;
    f.run(&["up"]).success();
    f.execute("CREATE TABLE kept (id INTEGER PRIMARY KEY); INSERT INTO kept (id) VALUES (1)")
        .await;
    f.run(&["backup", "create"]).success();
    let id = f.newest_id();
    f.execute("INSERT INTO kept (id) VALUES (2)").await;

    for attempt in ["first", "second"] {
        let run = f.run(&["restore", "latest", "--yes"]).success();
        assert!(
            run.stdout.contains(&format!("restored {id}:")),
            "the {attempt} restore of `latest`: {run:#?}"
        );
        assert_ne!(f.newest_id(), id, "the restore took a safety backup");
        assert_eq!(
            f.read("SELECT COUNT(*) FROM kept WHERE id = 1", 1).await,
            [["1"]]
        );
        assert_eq!(f.read("SELECT COUNT(*) FROM kept", 1).await, [["1"]]);
    }
    let shown = f.run(&["backup", "show", "latest", "--json"]).success();
    let shown: serde_json::Value = serde_json::from_str(&shown.stdout).expect("show --json");
    assert_eq!(shown["id"], id.as_str());
    let verified = f.run(&["backup", "verify", "latest"]).success();
    assert!(
        verified.stdout.contains(&format!("ok      {id}")),
        "{verified:#?}"
    );
}

on_every_backend!(restoring_latest_twice_restores_the_same_backup);

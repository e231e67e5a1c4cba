//! The real dump and restore tools, found as the binary finds them, and the
//! wrapper scripts that tests put in their place.

use std::path::Path;

use backup::tools::Tool;

use crate::support::TestDb;
use crate::support::inspect::rows;

/// The major version of `db`'s PostgreSQL server.
pub async fn server_major(db: &TestDb) -> u32 {
    let conn = db.connect().await;
    let version = rows(&conn, "SELECT current_setting('server_version_num')", 1).await;
    // Closed now: an open superuser session would stop a restore run as a
    // non-superuser from taking the database over.
    let _ = conn.close().await;
    version[0][0]
        .parse::<u32>()
        .map(|number| number / 10000)
        .expect("server_version_num is a number")
}

/// `db` as the backup crate sees it.
fn target(db: &TestDb) -> backup::Target {
    backup::Target::new(database::DatabaseUrl::parse(&db.url).expect("test URL parses"))
}

/// The `pg_dump` or `pg_restore` the toolkit picks for `db`'s server.
pub async fn real_postgres_tool(db: &TestDb, name: &str) -> Tool {
    backup::tools::postgres_tool(name, server_major(db).await, None, &target(db))
        .unwrap_or_else(|e| panic!("{e}"))
}

/// The MariaDB/MySQL dump tool or client (the first of `names`) the toolkit picks from `PATH`.
pub fn real_mysql_tool(db: &TestDb, names: &[&str]) -> Tool {
    backup::tools::on_path(names, "mariadb-client", &target(db)).unwrap_or_else(|e| panic!("{e}"))
}

/// Writes an executable shell script `name` into `dir`.
pub fn script(dir: &Path, name: &str, body: &str) {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).expect("write script");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

//! A uniquely named, empty database per test, dropped when the test ends
//! together with the logins made for it and the databases a restore made
//! beside it.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};

use super::binary::{Run, run_with_url};

/// The three backends every behaviour is checked on: the workspace's one enum.
pub use database::Backend;

/// A fresh database, dropped on drop: first the database and the scratch
/// databases a restore left beside it, then the logins made for it.
pub struct TestDb {
    pub backend: Backend,
    /// The URL the test (and the binary) connect with.
    pub url: String,
    /// The database name (file path for SQLite).
    pub name: String,
    admin_url: Option<String>,
    /// Logins made by [`TestDb::create_login`], dropped after the database.
    logins: Mutex<Vec<String>>,
    _dir: Option<tempfile::TempDir>,
}

fn server_url(backend: Backend) -> String {
    match backend {
        Backend::Postgres => std::env::var("TEST_POSTGRES_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned()),
        Backend::Mysql => std::env::var("TEST_MYSQL_URL")
            .unwrap_or_else(|_| "mysql://root@127.0.0.1:3306/test".to_owned()),
        Backend::Sqlite => String::new(),
    }
}

fn how_to_start(backend: Backend) -> &'static str {
    match backend {
        Backend::Postgres => {
            "start it with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` or point TEST_POSTGRES_URL at a running server"
        }
        _ => {
            "start it with `start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd` or point TEST_MYSQL_URL at a running server"
        }
    }
}

/// The server URL with its database path replaced by `name`.
fn with_database(server: &str, name: &str) -> String {
    let mut url = url::Url::parse(server).expect("test server URL parses");
    url.set_path(&format!("/{name}"));
    url.to_string()
}

fn unique_name() -> String {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    format!(
        "mk_test_{}_{}_{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// Connects to the server's admin database, failing with instructions when it is down.
async fn admin(backend: Backend) -> (String, DatabaseConnection) {
    let url = server_url(backend);
    match Database::connect(url.as_str()).await {
        Ok(db) => (url, db),
        Err(error) => panic!(
            "{backend:?} test server at {url} is not reachable ({error}); {}",
            how_to_start(backend)
        ),
    }
}

impl TestDb {
    /// Creates a new empty database on `backend`.
    pub async fn create(backend: Backend) -> Self {
        let name = unique_name();
        if backend == Backend::Sqlite {
            let dir = tempfile::tempdir().expect("temp dir");
            let path = dir.path().join(format!("{name}.sqlite"));
            return Self {
                backend,
                url: format!("sqlite://{}?mode=rwc", path.display()),
                name: path.display().to_string(),
                admin_url: None,
                logins: Mutex::default(),
                _dir: Some(dir),
            };
        }
        let (server, db) = admin(backend).await;
        db.execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .expect("create test database");
        Self {
            backend,
            url: with_database(&server, &name),
            name,
            admin_url: Some(server),
            logins: Mutex::default(),
            _dir: None,
        }
    }

    /// Runs `sql` (one or more statements) on a new connection, panicking with it on failure.
    pub async fn execute(&self, sql: &str) {
        let db = self.connect().await;
        db.execute_unprepared(sql)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        // Closed now: a dropped pool closes its connections only when the
        // runtime next runs, and a restore as a non-superuser fails while a
        // superuser session is still open on the database.
        let _ = db.close().await;
    }

    /// Records in the run history that a run of `version` (taken after
    /// `backup`, if any) started just now and never finished: a dirty
    /// migration, as a run without a transaction that stopped half-way leaves it.
    pub async fn record_unfinished_run(&self, version: &str, backup: Option<&str>) {
        let started = chrono::Utc::now().timestamp_millis() + 1000;
        let backup = backup.map_or_else(|| "NULL".to_owned(), |id| format!("'{id}'"));
        self.execute(&format!(
            "INSERT INTO seaql_migrations_history (version, action, started_at, run_by, toolkit_version, backup_id) \
             VALUES ('{version}', 'started', {started}, 'ci@host', '0', {backup})"
        ))
        .await;
    }

    /// A new connection to this database.
    pub async fn connect(&self) -> DatabaseConnection {
        Database::connect(self.url.as_str())
            .await
            .expect("connect to test database")
    }

    /// Runs the CLI against this database with `args`, like [`run_with_url`].
    pub fn run(&self, args: &[&str]) -> Run {
        run_with_url(&self.url, args)
    }
}

/// How many characters of the live database's name a restore keeps in the
/// names of its scratch and retired databases (`<name>__restore_...`,
/// `<name>__replaced_...`, see backup/src/postgres.rs and mysql.rs).
const SCRATCH_PREFIX_CHARS: usize = 30;

/// `text` as a `LIKE ... ESCAPE '!'` pattern matching itself literally.
fn like_literal(text: &str) -> String {
    text.replace('!', "!!")
        .replace('_', "!_")
        .replace('%', "!%")
}

/// `text` as the inside of a single-quoted SQL string on `backend`.
fn string_literal(backend: Backend, text: &str) -> String {
    let quoted = text.replace('\'', "''");
    match backend {
        Backend::Mysql => quoted.replace('\\', "\\\\"),
        _ => quoted,
    }
}

/// The statements that create `login` with `password` for database `name`,
/// with the least privilege the binary needs to migrate, back up, verify
/// and restore it.
fn create_login_sql(backend: Backend, name: &str, login: &str, password: &str) -> String {
    let password = string_literal(backend, password);
    match backend {
        // Owning the database covers migrating, dumping and restoring into
        // it; CREATEDB covers the scratch database of `backup verify --deep`
        // and `restore`, which the role then owns and may rename and drop.
        Backend::Postgres => format!(
            "CREATE ROLE {login} LOGIN CREATEDB PASSWORD '{password}'; \
             ALTER DATABASE {name} OWNER TO {login}"
        ),
        // Everything on this database and on the scratch databases named
        // after it, nothing global: mariadb-dump needs no more.
        Backend::Mysql => {
            let scratch: String = name.chars().take(SCRATCH_PREFIX_CHARS).collect();
            format!(
                "CREATE USER '{login}'@'%' IDENTIFIED BY '{password}'; \
                 GRANT ALL PRIVILEGES ON `{}`.* TO '{login}'@'%'; \
                 GRANT ALL PRIVILEGES ON `{}\\_\\_%`.* TO '{login}'@'%'",
                name.replace('_', "\\_"),
                scratch.replace('_', "\\_"),
            )
        }
        Backend::Sqlite => unreachable!("SQLite has no logins"),
    }
}

impl TestDb {
    /// Creates a login role (PostgreSQL) or user (MariaDB) named after this
    /// database, with `password` and only the privileges the binary needs to
    /// migrate, back up, verify and restore this database; it is dropped
    /// with the database. Returns its name.
    pub async fn create_login(&self, password: &str) -> String {
        assert!(self.backend != Backend::Sqlite, "SQLite has no logins");
        let login = {
            let mut logins = self
                .logins
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            // Kept short for MySQL's 32-character user names; recorded
            // before it exists so that a half-made login is dropped too.
            let login = format!("{}_u{}", self.name, logins.len());
            logins.push(login.clone());
            login
        };
        self.execute(&create_login_sql(
            self.backend,
            &self.name,
            &login,
            password,
        ))
        .await;
        login
    }

    /// What is beside this database now: the server's databases named
    /// after it (`<name>__...`, as scratch and restore databases are), or
    /// for SQLite every other file in its directory. A command that leaves
    /// this unchanged left no scratch database behind.
    pub async fn beside(&self) -> Vec<String> {
        let Some(admin_url) = &self.admin_url else {
            let path = std::path::Path::new(&self.name);
            let dir = path.parent().expect("the SQLite file's directory");
            let mut files: Vec<String> = std::fs::read_dir(dir)
                .expect("read the SQLite file's directory")
                .map(|entry| entry.expect("directory entry").file_name())
                .filter(|name| Some(name.as_os_str()) != path.file_name())
                .map(|name| name.to_string_lossy().into_owned())
                .collect();
            files.sort();
            return files;
        };
        let admin = Database::connect(admin_url.as_str())
            .await
            .expect("connect to the test server");
        let mut names = self.databases_beside(&admin).await.expect("list databases");
        let _ = admin.close().await;
        names.sort();
        names
    }

    /// A SQL `LIKE` pattern (with its `ESCAPE`) matching the names of the
    /// databases named after this one (`<name>__...`).
    pub fn beside_pattern(&self) -> String {
        let scratch: String = self.name.chars().take(SCRATCH_PREFIX_CHARS).collect();
        format!("'{}!_!_%' ESCAPE '!'", like_literal(&scratch))
    }

    /// The server's databases named after this one (`<name>__...`).
    async fn databases_beside(&self, admin: &DatabaseConnection) -> Result<Vec<String>, String> {
        let pattern = self.beside_pattern();
        let sql = match self.backend {
            Backend::Postgres => {
                format!("SELECT datname::text FROM pg_database WHERE datname LIKE {pattern}")
            }
            _ => format!(
                "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE {pattern}"
            ),
        };
        let scratch_databases = admin
            .query_all_raw(Statement::from_string(admin.get_database_backend(), &sql))
            .await
            .and_then(|rows| {
                rows.iter()
                    .map(|row| row.try_get_by_index::<String>(0))
                    .collect::<Result<Vec<_>, _>>()
            })
            .map_err(|e| format!("{sql}: {e}"))?;
        Ok(scratch_databases)
    }

    /// The statements that remove this database, the scratch databases a
    /// restore left beside it, then its logins, in that order: a role that
    /// owns a database cannot be dropped before it.
    async fn cleanup_sql(&self, admin: &DatabaseConnection) -> Result<Vec<String>, String> {
        let scratch_databases = self.databases_beside(admin).await?;
        let databases = std::iter::once(&self.name).chain(&scratch_databases);
        let logins = self
            .logins
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Ok(match self.backend {
            Backend::Postgres => databases
                .map(|db| format!("DROP DATABASE IF EXISTS \"{db}\" WITH (FORCE)"))
                .chain(logins.iter().map(|l| format!("DROP ROLE IF EXISTS {l}")))
                .collect(),
            _ => databases
                .map(|db| format!("DROP DATABASE IF EXISTS `{db}`"))
                .chain(
                    logins
                        .iter()
                        .map(|l| format!("DROP USER IF EXISTS '{l}'@'%'")),
                )
                .collect(),
        })
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some(admin_url) = self.admin_url.clone() else {
            return;
        };
        // Drop runs inside the test's runtime: use a thread with its own.
        let this = &*self;
        let failures = std::thread::scope(|scope| {
            scope
                .spawn(|| {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .map_err(|e| vec![format!("cannot start a runtime: {e}")])?;
                    runtime.block_on(async {
                        let admin = Database::connect(admin_url.as_str())
                            .await
                            .map_err(|e| vec![format!("cannot connect to {admin_url}: {e}")])?;
                        let statements = this.cleanup_sql(&admin).await.map_err(|e| vec![e])?;
                        let mut failures = Vec::new();
                        for sql in statements {
                            if let Err(e) = admin.execute_unprepared(&sql).await {
                                failures.push(format!("{sql}: {e}"));
                            }
                        }
                        let _ = admin.close().await;
                        if failures.is_empty() {
                            Ok(())
                        } else {
                            Err(failures)
                        }
                    })
                })
                .join()
                .unwrap_or_else(|_| Err(vec!["the cleanup thread panicked".to_owned()]))
        });
        let Err(failures) = failures else {
            return;
        };
        let message = format!(
            "cleaning up test database {} failed:\n{}",
            self.name,
            failures.join("\n")
        );
        if std::thread::panicking() {
            eprintln!("{message}");
        } else {
            panic!("{message}");
        }
    }
}

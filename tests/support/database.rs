//! A uniquely named, empty database per test, dropped when the test ends.

use std::sync::atomic::{AtomicUsize, Ordering};

use sea_orm::{ConnectionTrait, Database, DatabaseConnection};

/// The three backends every behaviour is checked on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Postgres,
    Mysql,
    Sqlite,
}

/// A fresh database, dropped on drop.
pub struct TestDb {
    pub backend: Backend,
    /// The URL the test (and the binary) connect with.
    pub url: String,
    /// The database name (file path for SQLite).
    pub name: String,
    admin_url: Option<String>,
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
            _dir: None,
        }
    }

    /// Runs `sql` (one or more statements) on a new connection, panicking with it on failure.
    pub async fn execute(&self, sql: &str) {
        self.connect()
            .await
            .execute_unprepared(sql)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    /// A new connection to this database.
    pub async fn connect(&self) -> DatabaseConnection {
        Database::connect(self.url.as_str())
            .await
            .expect("connect to test database")
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some(admin_url) = self.admin_url.clone() else {
            return;
        };
        let sql = match self.backend {
            Backend::Postgres => format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name),
            _ => format!("DROP DATABASE IF EXISTS {}", self.name),
        };
        // Drop runs inside the test's runtime: use a thread with its own.
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async {
                if let Ok(db) = Database::connect(admin_url.as_str()).await {
                    let _ = db.execute_unprepared(&sql).await;
                    let _ = db.close().await;
                }
            });
        })
        .join();
    }
}

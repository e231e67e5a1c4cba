//! The password never leaks: not into the dump tools' arguments or
//! environment (as other processes read them in `/proc`), the output, the
//! backup files, or a file left behind when the run is stopped or killed
//! while a tool runs.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use backup::tools::Tool;

use crate::support::tools::{real_mysql_tool, real_postgres_tool, script};
use crate::support::{Backend, Run, TestDb, migration};

const SECRET: &str = "Sup3r:s3cr@t/pw%";

/// [`SECRET`] with every byte but ASCII letters and digits percent-encoded.
fn encoded_secret() -> String {
    SECRET
        .bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Every form of [`SECRET`] the binary could write: plain (MySQL option
/// files), percent-encoded (URLs), and with `:` escaped (libpq password files).
fn secret_forms() -> [String; 3] {
    [
        SECRET.to_owned(),
        encoded_secret(),
        SECRET.replace(':', "\\:"),
    ]
}

/// `db`'s URL for `login`, whose password is [`SECRET`].
fn login_url(db: &TestDb, login: &str) -> String {
    let mut url = url::Url::parse(&db.url).expect("test URL parses");
    url.set_username(login).expect("a URL with a host");
    url.set_password(Some(&encoded_secret()))
        .expect("a URL with a host");
    url.to_string()
}

/// `PATH` with `dir` first.
fn path_with(dir: &Path) -> String {
    format!(
        "{}:{}",
        dir.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

/// Every file below `dir`, read as text.
fn all_files_text(dir: &Path) -> String {
    let mut text = String::new();
    for entry in std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if path.is_dir() {
            text.push_str(&all_files_text(&path));
        } else if let Ok(bytes) = std::fs::read(&path) {
            text.push_str(&String::from_utf8_lossy(&bytes));
        }
    }
    text
}

/// Wrappers for `tools` in `dir` that append to `log` their arguments, then
/// their environment and command line as any other process reads them
/// (`/proc/<pid>/environ`, `/proc/<pid>/cmdline`), then run the real tool.
fn sampling_wrappers(dir: &Path, log: &Path, tools: &[(&str, Tool)]) {
    for (name, real) in tools {
        script(
            dir,
            name,
            &format!(
                "{{ echo \"{name} $*\"; cat /proc/$$/environ; echo; cat /proc/$$/cmdline; echo; }} >> '{}'\nexec '{}' \"$@\"",
                log.display(),
                real.path.display()
            ),
        );
    }
}

/// Runs `up`, `backup create`, `backup verify --deep` and `restore` in `dir`
/// with `configure` applied and the wrappers of [`sampling_wrappers`] in
/// place, then checks that the samples show `tools` run with the secret
/// handed over as `handover`, and that the password, in none of its forms,
/// is in any tool's arguments or environment, the output, the backup files,
/// or a file left in `TMPDIR`.
fn assert_secret_never_leaks(
    dir: &Path,
    configure: &dyn Fn(&mut Command),
    log: &Path,
    tools: [&str; 2],
    handover: &str,
) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let mut output = String::new();
    for args in [
        &["up"][..],
        &["backup", "create"],
        &["backup", "verify", "--deep"],
        &["restore", "latest", "--yes"],
    ] {
        let mut command = migration(dir);
        command.env("TMPDIR", tmp.path());
        configure(&mut command);
        output.push_str(&Run::of(command.args(args)).success().all_output());
    }
    let samples = std::fs::read_to_string(log).expect("the wrappers ran");
    for expected in tools.iter().chain(&["PATH=", handover]) {
        assert!(samples.contains(expected), "no `{expected}` in: {samples}");
    }
    for (what, text) in [
        ("the tools' arguments or environment", samples),
        ("the output", output),
        ("the backup files", all_files_text(&dir.join("backups"))),
    ] {
        for secret in secret_forms() {
            assert!(!text.contains(&secret), "password in {what}: {text}");
        }
    }
    let left: Vec<_> = std::fs::read_dir(tmp.path()).expect("read tmp").collect();
    assert!(left.is_empty(), "files left in TMPDIR: {left:?}");
}

/// The PostgreSQL tools' wrappers, logging to `log`, in a new directory for `--pg-bin-dir`.
async fn postgres_wrappers(db: &TestDb, log: &Path) -> tempfile::TempDir {
    let bin = tempfile::tempdir().expect("temp dir");
    sampling_wrappers(
        bin.path(),
        log,
        &[
            ("pg_dump", real_postgres_tool(db, "pg_dump").await),
            ("pg_restore", real_postgres_tool(db, "pg_restore").await),
        ],
    );
    bin
}

#[tokio::test]
async fn postgres_password_in_postgres_variables_never_reaches_tools_output_or_files() {
    let db = TestDb::create(Backend::Postgres).await;
    let role = db.create_login(SECRET).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let log = dir.path().join("samples.log");
    let bin = postgres_wrappers(&db, &log).await;
    assert_secret_never_leaks(
        dir.path(),
        &|command| {
            command
                .env("POSTGRES_HOST", "127.0.0.1")
                .env("POSTGRES_USER", &role)
                .env("POSTGRES_PASSWORD", SECRET)
                .env("POSTGRES_DB", &db.name)
                // More copies, which the tools must not inherit either.
                .env("PGPASSWORD", SECRET)
                .env("APP_DB_PASSWORD", SECRET)
                .args(["--pg-bin-dir", bin.path().to_str().expect("utf-8")]);
        },
        &log,
        ["pg_dump ", "pg_restore "],
        "PGPASSFILE=/dev/fd/",
    );
}

#[tokio::test]
async fn postgres_password_in_database_url_never_reaches_tools_output_or_files() {
    let db = TestDb::create(Backend::Postgres).await;
    let url = login_url(&db, &db.create_login(SECRET).await);
    let dir = tempfile::tempdir().expect("temp dir");
    let log = dir.path().join("samples.log");
    let bin = postgres_wrappers(&db, &log).await;
    assert_secret_never_leaks(
        dir.path(),
        &|command| {
            command
                .env("DATABASE_URL", &url)
                .env("APP_REPLICA_URL", &url)
                .args(["--pg-bin-dir", bin.path().to_str().expect("utf-8")]);
        },
        &log,
        ["pg_dump ", "pg_restore "],
        "PGPASSFILE=/dev/fd/",
    );
}

#[tokio::test]
async fn mysql_password_in_database_url_never_reaches_tools_output_or_files() {
    let db = TestDb::create(Backend::Mysql).await;
    let url = login_url(&db, &db.create_login(SECRET).await);
    let dir = tempfile::tempdir().expect("temp dir");
    let log = dir.path().join("samples.log");
    let bin = tempfile::tempdir().expect("temp dir");
    sampling_wrappers(
        bin.path(),
        &log,
        &[
            (
                "mariadb-dump",
                real_mysql_tool(&db, &["mariadb-dump", "mysqldump"]),
            ),
            ("mariadb", real_mysql_tool(&db, &["mariadb", "mysql"])),
        ],
    );
    let path = path_with(bin.path());
    assert_secret_never_leaks(
        dir.path(),
        &|command| {
            command
                .env("DATABASE_URL", &url)
                .env("APP_REPLICA_URL", &url)
                .env("MYSQL_PWD", SECRET)
                .env("PATH", &path);
        },
        &log,
        ["mariadb-dump ", "mariadb "],
        "--defaults-extra-file=/dev/fd/",
    );
}

/// How a test stops the binary while its dump tool runs.
#[derive(Debug, Clone, Copy)]
enum Stop {
    /// SIGKILL: nothing of the binary runs after it.
    Kill,
    /// SIGTERM.
    Terminate,
    /// SIGHUP.
    HangUp,
}

/// The processes a test's wrappers started, by the pids they append to a
/// file; any still running when this is dropped is killed, so a test leaves
/// none behind.
struct Started(PathBuf);

impl Started {
    fn pids(&self) -> Vec<String> {
        std::fs::read_to_string(&self.0)
            .unwrap_or_default()
            .lines()
            .map(str::to_owned)
            .collect()
    }

    /// Whether `pid` still runs (a zombie waiting for its new parent to reap it does not).
    fn running(pid: &str) -> bool {
        std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
            !stat
                .rsplit_once(") ")
                .is_some_and(|(_, s)| s.starts_with('Z'))
        })
    }

    /// Waits up to `limit` for all of them to exit; whether they did.
    fn all_exit_within(&self, limit: Duration) -> bool {
        let deadline = Instant::now() + limit;
        while self.pids().iter().any(|pid| Self::running(pid)) {
            if Instant::now() > deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        true
    }
}

impl Drop for Started {
    fn drop(&mut self) {
        for pid in self.pids().iter().filter(|pid| Self::running(pid)) {
            let _ = Command::new("kill").args(["-KILL", pid]).status();
        }
    }
}

/// Waits up to a minute for `path` to exist, failing with `child`'s output if it ends first.
fn wait_for_file(path: &Path, child: &mut std::process::Child) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !path.exists() {
        if let Ok(Some(status)) = child.try_wait() {
            let mut stderr = String::new();
            if let Some(mut pipe) = child.stderr.take() {
                let _ = std::io::Read::read_to_string(&mut pipe, &mut stderr);
            }
            panic!("the binary ended ({status}) before the dump tool started: {stderr}");
        }
        assert!(Instant::now() < deadline, "the dump tool never started");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Starts `backup create` as a login with a password, through a dump tool
/// that announces itself and sleeps before it runs; stops the binary with
/// `stop` while the tool has the credentials; waits for the tools to exit;
/// then checks that no file in the run's `TMPDIR` holds the password, and
/// that a signal the binary handles ends it with one error line naming the
/// signal and the shell's exit code for it.
async fn a_stopped_backup_leaves_no_password_on_disk(backend: Backend, stop: Stop) {
    let db = TestDb::create(backend).await;
    let url = login_url(&db, &db.create_login(SECRET).await);
    let work = tempfile::tempdir().expect("temp dir");
    let bin = tempfile::tempdir().expect("temp dir");
    let tmp = tempfile::tempdir().expect("temp dir");
    let marker = work.path().join("dumping");
    let started = Started(work.path().join("pids"));
    // `--version` (how the binary finds the tool) answers at once.
    let wrapper = |real: &Tool, then: &str| {
        format!(
            "case \"$1\" in --version) exec '{real}' \"$@\";; esac\necho $$ >> '{pids}'\n{then}exec '{real}' \"$@\"",
            real = real.path.display(),
            pids = started.0.display(),
        )
    };
    // A signal the binary handles stops its tools too: they would sleep on otherwise.
    let pause = match stop {
        Stop::Kill => 2,
        Stop::Terminate | Stop::HangUp => 60,
    };
    let slow = format!("touch '{}'\nsleep {pause}\n", marker.display());
    let mut command = migration(work.path());
    command.env("TMPDIR", tmp.path()).env("DATABASE_URL", &url);
    match backend {
        Backend::Postgres => {
            let pg_dump = real_postgres_tool(&db, "pg_dump").await;
            let pg_restore = real_postgres_tool(&db, "pg_restore").await;
            script(bin.path(), "pg_dump", &wrapper(&pg_dump, &slow));
            script(bin.path(), "pg_restore", &wrapper(&pg_restore, ""));
            command.args(["--pg-bin-dir", bin.path().to_str().expect("utf-8")]);
        }
        _ => {
            let dump = real_mysql_tool(&db, &["mariadb-dump", "mysqldump"]);
            script(bin.path(), "mariadb-dump", &wrapper(&dump, &slow));
            command.env("PATH", path_with(bin.path()));
        }
    }
    let mut child = command
        .args(["backup", "create"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the binary");
    wait_for_file(&marker, &mut child);
    let signal = match stop {
        Stop::Kill => "-KILL",
        Stop::Terminate => "-TERM",
        Stop::HangUp => "-HUP",
    };
    let sent = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(sent.success());
    let output = child.wait_with_output().expect("wait for the binary");
    assert!(
        started.all_exit_within(Duration::from_secs(30)),
        "the dump tools did not exit after the binary"
    );
    let status = output.status;
    let run = Run::from(output);
    match stop {
        Stop::Kill => {
            use std::os::unix::process::ExitStatusExt;
            assert_eq!(status.signal(), Some(9), "{run:#?}");
        }
        Stop::Terminate => run.fails_with(
            143,
            "interrupted by SIGTERM: the backup or check in progress was stopped",
        ),
        Stop::HangUp => run.fails_with(
            129,
            "interrupted by SIGHUP: the backup or check in progress was stopped",
        ),
    }
    let left = all_files_text(tmp.path());
    for secret in secret_forms() {
        assert!(
            !left.contains(&secret),
            "password left in TMPDIR: {:?}",
            std::fs::read_dir(tmp.path())
                .expect("read tmp")
                .collect::<Vec<_>>()
        );
    }
}

#[tokio::test]
async fn a_postgres_backup_killed_with_sigkill_leaves_no_password_on_disk() {
    a_stopped_backup_leaves_no_password_on_disk(Backend::Postgres, Stop::Kill).await;
}

#[tokio::test]
async fn a_postgres_backup_stopped_with_sigterm_exits_143_and_leaves_no_password_on_disk() {
    a_stopped_backup_leaves_no_password_on_disk(Backend::Postgres, Stop::Terminate).await;
}

#[tokio::test]
async fn a_postgres_backup_stopped_with_sighup_exits_129_and_leaves_no_password_on_disk() {
    a_stopped_backup_leaves_no_password_on_disk(Backend::Postgres, Stop::HangUp).await;
}

#[tokio::test]
async fn a_mysql_backup_killed_with_sigkill_leaves_no_password_on_disk() {
    a_stopped_backup_leaves_no_password_on_disk(Backend::Mysql, Stop::Kill).await;
}

#[tokio::test]
async fn a_mysql_backup_stopped_with_sigterm_exits_143_and_leaves_no_password_on_disk() {
    a_stopped_backup_leaves_no_password_on_disk(Backend::Mysql, Stop::Terminate).await;
}

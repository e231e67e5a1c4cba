//! TLS on the connection a command runs on: `sslmode=require` still encrypts
//! the session, `verify-ca`/`verify-full` still refuse a server whose
//! certificate no trusted authority signed, and `verify-ca` accepts it once
//! it is given as the root. They guard the socket-level patch of sqlx-core
//! (vendor/README.md): it may change when the bytes of a handshake are
//! sent, never what is verified.
//!
//! PostgreSQL only: the suite's MariaDB runs without TLS (`have_ssl` is
//! DISABLED), while the suite's PostgreSQL runs with `ssl = on` and the
//! self-signed certificate Debian generates (`ssl-cert-snakeoil`).

use migrate_kit::config::{DatabaseUrl, Inputs, Settings};
use migrate_kit::connect::{Access, connect};
use sea_orm::{ConnectionTrait, Statement};

use crate::support::{Backend, Run, TestDb, migration, run_with_url};

/// The exit code of a command that could not connect.
const CONNECTION: i32 = 3;

/// `url` with its `sslmode` set to `mode`, every other parameter kept.
fn with_sslmode(url: &str, mode: &str) -> String {
    DatabaseUrl::parse(url)
        .expect("test database URL parses")
        .with_parameter("sslmode", mode)
        .to_string()
}

/// Settings for `url` alone, with no environment.
fn settings_for(url: &str) -> Settings {
    Settings::resolve(&Inputs {
        database_url: Some(url.to_owned()),
        ..Inputs::new(&|_| None)
    })
    .expect("test database URL resolves")
}

#[tokio::test]
async fn sslmode_require_encrypts_the_commands_session() {
    let db = TestDb::create(Backend::Postgres).await;
    let settings = settings_for(&with_sslmode(&db.url, "require"));
    let connection = connect(&settings, Access::ReadOnly)
        .await
        .expect("connect with sslmode=require");
    let row = connection
        .query_one_raw(Statement::from_string(
            connection.get_database_backend(),
            "SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
        ))
        .await
        .expect("read pg_stat_ssl")
        .expect("pg_stat_ssl has a row for every session");
    let ssl: bool = row.try_get("", "ssl").expect("ssl column");
    let version: Option<String> = row.try_get("", "version").expect("version column");
    let _ = connection.close().await;
    assert!(ssl, "the server reports no TLS for our session");
    assert!(
        version.as_deref().is_some_and(|v| v.starts_with("TLSv1.")),
        "unexpected protocol {version:?}"
    );
}

/// Runs `status` with `sslmode` set to `mode` and asserts that it could not
/// connect because the server's certificate is not trusted.
async fn refused_for_an_untrusted_certificate(mode: &str) {
    let db = TestDb::create(Backend::Postgres).await;
    let run = run_with_url(&with_sslmode(&db.url, mode), &["status"]);
    run.fails_with(CONNECTION, "TLS with the database at");
    assert!(
        run.stderr
            .contains("invalid peer certificate: UnknownIssuer"),
        "{run:#?}"
    );
}

#[tokio::test]
async fn sslmode_verify_full_refuses_a_self_signed_server_certificate() {
    refused_for_an_untrusted_certificate("verify-full").await;
}

#[tokio::test]
async fn sslmode_verify_ca_refuses_a_self_signed_server_certificate() {
    refused_for_an_untrusted_certificate("verify-ca").await;
}

#[tokio::test]
async fn sslmode_verify_ca_accepts_the_server_certificate_given_as_root() {
    let db = TestDb::create(Backend::Postgres).await;
    // Read through the server, so that the test also holds for a server on
    // another machine (the suite's PostgreSQL login is a superuser).
    let admin = db.connect().await;
    let row = admin
        .query_one_raw(Statement::from_string(
            admin.get_database_backend(),
            "SELECT pg_read_file(current_setting('ssl_cert_file')) AS pem",
        ))
        .await
        .expect("read the server's certificate")
        .expect("one row");
    let pem: String = row.try_get("", "pem").expect("pem column");
    let _ = admin.close().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("server.pem");
    std::fs::write(&root, pem).expect("write the root certificate");

    let mut url = url::Url::parse(&with_sslmode(&db.url, "verify-ca")).expect("URL parses");
    url.query_pairs_mut()
        .append_pair("sslrootcert", &root.display().to_string());
    Run::of(migration(dir.path()).args(["-u", url.as_str(), "status"])).success();
}

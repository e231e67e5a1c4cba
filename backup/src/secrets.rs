//! How credentials reach the dump and restore tools: through an anonymous
//! in-memory file the tool inherits, never through an argument, the
//! environment or a file on disk.
//!
//! [`CredentialFile`] is a `memfd` (Linux's `memfd_create`) made `0600`,
//! holding a libpq password file or a MySQL option file, and handed over as
//! `/dev/fd/N`: `PGPASSFILE=/dev/fd/N` for pg_dump and pg_restore,
//! `--defaults-extra-file=/dev/fd/N` for mariadb-dump and mariadb. It has no
//! name on any file system, so nothing can be left behind: its memory is
//! freed when the last process holding the descriptor exits, even when the
//! run is killed with SIGKILL. The alternatives, and why not:
//!
//! - A `0600` temporary file in `$TMPDIR`, deleted when the tool exits (what
//!   we did before): a run killed by SIGKILL, or stopped by a signal while a
//!   tool ran, never deleted it, and the password stayed on disk.
//! - A temporary file deleted as soon as the tool has opened it: there is no
//!   moment that is safe, since `pg_dump --jobs` and `pg_restore --jobs` open
//!   the password file again for every connection.
//! - A pipe: it can be read only once, and libpq ignores a password file that
//!   is not a regular file.
//! - `PGPASSWORD` or `MYSQL_PWD`: the environment is readable in
//!   `/proc/<pid>/environ` and inherited by everything the tool starts
//!   (MySQL deprecates `MYSQL_PWD` for that reason).
//! - An argument: every user of the machine can read `/proc/<pid>/cmdline`.
//!
//! A `memfd` is a regular file that libpq accepts once it is `0600`, and each
//! open of `/dev/fd/N` starts reading at its beginning, so a tool may read it
//! as often as it likes. Its costs: it needs Linux (3.17 or later), and the
//! descriptor is not close-on-exec, so every process this one starts while it
//! is open inherits it; this process starts no others than the tools.
//!
//! The tools' environment is ours minus every variable that can carry a
//! credential ([`clear_credentials`]): named ones such as `DATABASE_URL` and
//! any whose value holds the password.

use std::ffi::{OsStr, OsString};
use std::fs::File;
use std::io::Write;
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};
use std::process::Command;

use rustix::fs::{MemfdFlags, Mode};

use crate::{BackupError, Target};

/// Variables that carry a password or a URL with one, by name: no tool inherits them.
const CREDENTIAL_VARIABLES: [&str; 6] = [
    "DATABASE_URL",
    "POSTGRES_PASSWORD",
    "PGPASSWORD",
    "MYSQL_PWD",
    "TEST_POSTGRES_URL",
    "TEST_MYSQL_URL",
];

/// An anonymous `0600` in-memory file holding credentials, which the tools
/// read as [`CredentialFile::path`]; it exists only while a process holds it.
pub struct CredentialFile {
    /// Open until this value is dropped, which must not be before the
    /// tools that read it have exited (`pg_dump --jobs` reads it again for
    /// every connection).
    _memfd: File,
    path: PathBuf,
}

impl CredentialFile {
    /// The path a child process opens the file by, `/dev/fd/N`: valid in
    /// every process started while this value lives, which inherits descriptor N.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn write(contents: &str) -> Result<Self, BackupError> {
        const WHAT: &str = "an in-memory credentials file (memfd_create, Linux 3.17 or later)";
        // Not close-on-exec: the tool inherits the descriptor.
        let fd = rustix::fs::memfd_create("migrate-kit-credentials", MemfdFlags::empty())
            .map_err(|e| BackupError::io("cannot create", WHAT)(e.into()))?;
        // A memfd starts out world-readable, and libpq ignores a password
        // file with any group or other permission.
        rustix::fs::fchmod(&fd, Mode::RUSR | Mode::WUSR)
            .map_err(|e| BackupError::io("cannot restrict", WHAT)(e.into()))?;
        let mut file = File::from(fd);
        file.write_all(contents.as_bytes())
            .map_err(BackupError::io("cannot write", WHAT))?;
        let path = PathBuf::from(format!("/dev/fd/{}", file.as_raw_fd()));
        Ok(Self { _memfd: file, path })
    }

    /// A libpq password file (`PGPASSFILE`) matching any host, port, database and user.
    pub fn pgpass(target: &Target) -> Result<Self, BackupError> {
        let password = target.password().unwrap_or_default();
        let escaped = password.replace('\\', "\\\\").replace(':', "\\:");
        Self::write(&format!("*:*:*:*:{escaped}\n"))
    }

    /// A MySQL option file for `--defaults-extra-file`, with the client credentials.
    pub fn mysql_defaults(target: &Target) -> Result<Self, BackupError> {
        let quote =
            |value: &str| format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""));
        let mut contents = format!(
            "[client]\nuser={}\nhost={}\nport={}\n",
            quote(&target.user()),
            quote(&target.host()),
            target.port()
        );
        if let Some(password) = target.password() {
            contents.push_str(&format!("password={}\n", quote(&password)));
        }
        Self::write(&contents)
    }
}

/// Removes from `command`'s environment every variable of ours that can
/// carry a credential for `target` (see [`credential_variables`]).
pub fn clear_credentials(command: &mut Command, target: &Target) {
    let password = target.password();
    for name in credential_variables(std::env::vars_os(), password.as_deref()) {
        command.env_remove(name);
    }
}

/// The names in `environment` that a tool must not inherit: those that
/// carry credentials by name (`DATABASE_URL`, `POSTGRES_PASSWORD`,
/// `PGPASSWORD`, `MYSQL_PWD`, `TEST_POSTGRES_URL`, `TEST_MYSQL_URL`), and
/// every one whose value holds `password`, plain or percent-encoded.
pub fn credential_variables(
    environment: impl IntoIterator<Item = (OsString, OsString)>,
    password: Option<&str>,
) -> Vec<OsString> {
    let password = password.filter(|p| !p.is_empty());
    environment
        .into_iter()
        .filter(|(name, value)| {
            CREDENTIAL_VARIABLES.iter().any(|n| OsStr::new(n) == name)
                || password.is_some_and(|p| holds(value, p))
        })
        .map(|(name, _)| name)
        .collect()
}

/// Whether `value` holds `password` as it is or percent-encoded in any way.
fn holds(value: &OsStr, password: &str) -> bool {
    let value = value.to_string_lossy();
    value.contains(password)
        || percent_encoding::percent_decode_str(&value)
            .decode_utf8_lossy()
            .contains(password)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(environment: &[(&str, &str)], password: Option<&str>) -> Vec<String> {
        let environment = environment
            .iter()
            .map(|(n, v)| (OsString::from(n), OsString::from(v)));
        credential_variables(environment, password)
            .into_iter()
            .map(|n| n.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn variables_named_for_credentials_are_never_inherited() {
        let environment = [
            ("DATABASE_URL", "postgres://app@db/ops"),
            ("POSTGRES_PASSWORD", "x"),
            ("PGPASSWORD", "x"),
            ("MYSQL_PWD", "x"),
            (
                "TEST_POSTGRES_URL",
                "postgres://postgres@127.0.0.1/postgres",
            ),
            ("TEST_MYSQL_URL", "mysql://root@127.0.0.1/test"),
            ("PATH", "/usr/bin"),
        ];
        assert_eq!(
            names(&environment, None),
            [
                "DATABASE_URL",
                "POSTGRES_PASSWORD",
                "PGPASSWORD",
                "MYSQL_PWD",
                "TEST_POSTGRES_URL",
                "TEST_MYSQL_URL"
            ]
        );
    }

    #[test]
    fn a_variable_holding_the_password_plain_or_percent_encoded_is_not_inherited() {
        let environment = [
            ("APP_DB", "postgres://app:p@ss:w/rd%@db/ops"),
            ("REPLICA_URL", "postgres://app:p%40ss%3Aw%2Frd%25@db/ops"),
            ("LOWER_HEX", "p%40ss%3aw%2frd%25"),
            ("PATH", "/usr/bin"),
            ("HOME", "/home/app"),
        ];
        assert_eq!(
            names(&environment, Some("p@ss:w/rd%")),
            ["APP_DB", "REPLICA_URL", "LOWER_HEX"]
        );
    }

    #[test]
    fn no_password_removes_only_the_named_variables() {
        assert!(names(&[("PATH", "/usr/bin"), ("HOME", "/root")], Some("")).is_empty());
        assert!(names(&[("PATH", "/usr/bin")], None).is_empty());
    }

    #[test]
    fn the_credentials_file_is_private_and_read_from_its_start_every_time() {
        use std::os::unix::fs::PermissionsExt;
        let target = Target::new(
            database::DatabaseUrl::parse("postgres://app:p%40ss%3Aw@db/ops").expect("url"),
        );
        let file = CredentialFile::pgpass(&target).expect("memfd");
        assert!(file.path().starts_with("/dev/fd"), "{:?}", file.path());
        for _ in 0..2 {
            assert_eq!(
                std::fs::read_to_string(file.path()).expect("read"),
                "*:*:*:*:p@ss\\:w\n"
            );
        }
        let metadata = std::fs::metadata(file.path()).expect("stat");
        assert!(metadata.is_file());
        assert_eq!(metadata.permissions().mode() & 0o777, 0o600);
    }
}

//! Handing the password to dump tools through 0600 temporary files, never
//! through arguments (readable in /proc/*/cmdline) or the environment.

use std::io::Write;
use std::path::Path;

use tempfile::NamedTempFile;

use crate::{BackupError, Target};

/// A temporary `0600` file holding credentials, deleted when dropped.
pub struct CredentialFile(NamedTempFile);

impl CredentialFile {
    /// The file's path.
    pub fn path(&self) -> &Path {
        self.0.path()
    }

    fn write(contents: &str) -> Result<Self, BackupError> {
        // tempfile creates files with mode 0600 on Unix.
        let mut file = NamedTempFile::with_prefix("migrate-kit-").map_err(BackupError::io(
            "cannot create a credentials file in",
            std::env::temp_dir(),
        ))?;
        file.write_all(contents.as_bytes())
            .and_then(|()| file.flush())
            .map_err(BackupError::io("cannot write", file.path().to_path_buf()))?;
        Ok(Self(file))
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

//! The `.env` file: the nearest one (in the current directory or a parent)
//! is loaded into the environment before settings are resolved; it never
//! overrides the real environment.

use std::os::unix::fs::FileTypeExt;

use super::ConfigError;

/// Loads the nearest `.env` (in the current directory or a parent) if there
/// is one; it never overrides the real environment. A `.env` that is not a
/// file (a directory, a FIFO) is an error, never silently skipped.
pub fn load() -> Result<(), ConfigError> {
    let cwd = std::env::current_dir().map_err(|e| ConfigError::DotEnv(e.to_string()))?;
    let Some(path) = cwd
        .ancestors()
        .map(|dir| dir.join(".env"))
        .find(|path| path.symlink_metadata().is_ok())
    else {
        return Ok(());
    };
    let kind = std::fs::metadata(&path).map(|m| m.file_type());
    if !kind.as_ref().is_ok_and(std::fs::FileType::is_file) {
        let what = match kind {
            Ok(kind) if kind.is_dir() => "a directory",
            Ok(kind) if kind.is_fifo() => "a FIFO",
            Ok(_) => "not a regular file",
            Err(_) => "a link to nothing",
        };
        return Err(ConfigError::DotEnv(format!(
            "{} is {what}, not a file of variables",
            path.display()
        )));
    }
    match dotenvy::from_path(&path) {
        Ok(()) => Ok(()),
        // The offending line may hold a secret: name only its variable.
        Err(dotenvy::Error::LineParse(line, _)) => {
            let name = line.split('=').next().unwrap_or_default().trim();
            Err(ConfigError::DotEnv(format!(
                "the line setting `{name}` cannot be parsed (check its quoting)"
            )))
        }
        Err(error) => Err(ConfigError::DotEnv(error.to_string())),
    }
}

//! Formatting the rendered source with rustfmt, as `cargo fmt` would.

use std::io::Write;
use std::process::{Command, Stdio};

use super::RenderError;

/// `source` as `rustfmt --edition 2024` formats it.
pub fn format(source: &str) -> Result<String, RenderError> {
    let spawned = Command::new("rustfmt")
        .args(["--edition", "2024", "--emit", "stdout"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match spawned {
        Ok(child) => child,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return Err(RenderError::RustfmtMissing);
        }
        Err(error) => return Err(RenderError::Rustfmt(error.to_string())),
    };
    let written = child
        .stdin
        .take()
        .map(|mut stdin| stdin.write_all(source.as_bytes()));
    let output = child
        .wait_with_output()
        .map_err(|error| RenderError::Rustfmt(error.to_string()))?;
    if let Some(Err(error)) = written {
        return Err(RenderError::Rustfmt(error.to_string()));
    }
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        // rustup's proxy is there even when the component is not.
        if stderr.contains("is not installed") {
            return Err(RenderError::RustfmtMissing);
        }
        return Err(RenderError::Rustfmt(
            stderr.lines().next().unwrap_or("").to_owned(),
        ));
    }
    String::from_utf8(output.stdout).map_err(|error| RenderError::Rustfmt(error.to_string()))
}

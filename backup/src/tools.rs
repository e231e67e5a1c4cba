//! Finding the dump and restore tools and running them: output streamed,
//! stderr kept for the error message, nothing secret on the command line or
//! in the environment.

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;

use rustix::process::{Pid, Signal as RawSignal, kill_process};

use crate::metering::Metered;
use crate::progress::Meter;
use crate::{BackupError, Target, secrets};

/// The tool processes running now, by process id, so that a signal ending
/// the run can end them too.
static RUNNING: Mutex<BTreeSet<u32>> = Mutex::new(BTreeSet::new());

fn running() -> std::sync::MutexGuard<'static, BTreeSet<u32>> {
    RUNNING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A tool process listed as running until this is dropped, which happens
/// only after the process was waited for (so its id cannot be reused meanwhile).
struct Running(u32);

impl Running {
    fn new(child: &Child) -> Self {
        running().insert(child.id());
        Self(child.id())
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        running().remove(&self.0);
    }
}

/// Sends SIGTERM to every tool process still running; called when a signal
/// ends the run, so that no dump or load goes on after the toolkit exits.
pub fn stop_running() {
    for &id in running().iter() {
        if let Some(pid) = i32::try_from(id).ok().and_then(Pid::from_raw) {
            let _ = kill_process(pid, RawSignal::TERM);
        }
    }
}

/// An installed tool and its version line.
#[derive(Debug, Clone)]
pub struct Tool {
    /// The program's path.
    pub path: PathBuf,
    /// The first line of `--version`.
    pub version: String,
}

impl Tool {
    /// A command running this tool for `target`; every tool process starts
    /// here, with an environment that carries no credential
    /// ([`secrets::clear_credentials`]).
    pub fn command(&self, target: &Target) -> Command {
        let mut command = Command::new(&self.path);
        secrets::clear_credentials(&mut command, target);
        command
    }

    /// The program's file name.
    pub fn name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

/// Finds PostgreSQL's `name` (pg_dump, pg_restore) for a server of major
/// version `server_major`: in `bin_dir` if given, else the matching
/// `/usr/lib/postgresql/<N>/bin`, else the newest installed, else `PATH`;
/// asks its version with `target`'s credentials kept out of its environment.
pub fn postgres_tool(
    name: &str,
    server_major: u32,
    bin_dir: Option<&Path>,
    target: &Target,
) -> Result<Tool, BackupError> {
    let package = format!("postgresql-client-{server_major}");
    let candidates: Vec<PathBuf> = match bin_dir {
        Some(dir) => vec![dir.join(name)],
        None => {
            let mut dirs = vec![PathBuf::from(format!(
                "/usr/lib/postgresql/{server_major}/bin"
            ))];
            let mut installed: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
                .into_iter()
                .flatten()
                .filter_map(Result::ok)
                .filter_map(|e| {
                    let major = e.file_name().to_string_lossy().parse::<u32>().ok()?;
                    Some((major, e.path().join("bin")))
                })
                .collect();
            installed.sort_by_key(|entry| std::cmp::Reverse(entry.0));
            dirs.extend(installed.into_iter().map(|(_, dir)| dir));
            dirs.extend(path_dirs());
            dirs.into_iter().map(|dir| dir.join(name)).collect()
        }
    };
    let path = candidates
        .into_iter()
        .find(|p| p.is_file())
        .ok_or_else(|| match bin_dir {
            Some(dir) => BackupError::ToolNotInDir {
                tool: name.to_owned(),
                dir: dir.display().to_string(),
                package: package.clone(),
            },
            None => BackupError::ToolMissing {
                tool: name.to_owned(),
                package: package.clone(),
            },
        })?;
    let tool = describe(path, target)?;
    let tool_major = major_version(&tool.version).unwrap_or(0);
    if tool_major < server_major {
        return Err(BackupError::ToolTooOld {
            tool: tool.path.display().to_string(),
            tool_major,
            server_major,
            package,
        });
    }
    Ok(tool)
}

/// Finds the first of `names` on `PATH`, asking its version as [`postgres_tool`] does.
pub fn on_path(names: &[&str], package: &str, target: &Target) -> Result<Tool, BackupError> {
    let path = names
        .iter()
        .flat_map(|name| path_dirs().into_iter().map(move |dir| dir.join(name)))
        .find(|p| p.is_file())
        .ok_or_else(|| BackupError::ToolMissing {
            tool: names.join(" or "),
            package: package.to_owned(),
        })?;
    describe(path, target)
}

fn path_dirs() -> Vec<PathBuf> {
    std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default()
}

fn describe(path: PathBuf, target: &Target) -> Result<Tool, BackupError> {
    let mut tool = Tool {
        path,
        version: String::new(),
    };
    let output = tool
        .command(target)
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .map_err(BackupError::io("cannot run", tool.path.clone()))?;
    tool.version = String::from_utf8_lossy(&output.stdout)
        .lines()
        .next()
        .unwrap_or_default()
        .trim()
        .to_owned();
    Ok(tool)
}

/// The major version in a `--version` line such as
/// `pg_dump (PostgreSQL) 15.19 (Debian 15.19-0+deb12u1)`.
pub fn major_version(version: &str) -> Option<u32> {
    version.split_whitespace().find_map(|word| {
        word.split('.')
            .next()?
            .parse::<u32>()
            .ok()
            .filter(|_| word.contains('.'))
    })
}

/// Runs `command`, streaming its stdout into `sink` and the bytes streamed
/// to `meter`; fails with its stderr (scrubbed by `scrub`) when it exits non-zero.
pub fn run_into(
    mut command: Command,
    sink: &mut dyn Write,
    meter: &dyn Meter,
    scrub: &dyn Fn(&str) -> String,
) -> Result<(), BackupError> {
    let tool = program_name(&command);
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(BackupError::io("cannot run", tool.clone()))?;
    let _running = Running::new(&child);
    let stderr = collect_stderr(&mut child);
    let stdout = child.stdout.take().ok_or_else(|| missing_pipe(&tool))?;
    let mut stdout = Metered::new(stdout, meter);
    let copied = copy(&mut stdout, sink);
    drop(stdout);
    match copied {
        // The tool then dies of the pipe closed under it (SIGPIPE, "errno 32
        // on write"): our failed write, a full disk say, is the news.
        Err(Stopped::Writing(error)) => {
            let _ = finish(child, stderr, &tool, scrub, Ok(()));
            Err(BackupError::io("cannot write", "the backup file")(error))
        }
        Err(Stopped::Reading(error)) => finish(child, stderr, &tool, scrub, Err(error)),
        Ok(()) => finish(child, stderr, &tool, scrub, Ok(())),
    }
}

/// Why [`copy`] stopped before the end of its source.
enum Stopped {
    /// Reading the source failed.
    Reading(std::io::Error),
    /// Writing to the sink failed.
    Writing(std::io::Error),
}

/// Copies `source` into `sink` in large chunks.
fn copy(source: &mut dyn Read, sink: &mut dyn Write) -> Result<(), Stopped> {
    let mut buffer = vec![0u8; 1 << 20];
    loop {
        let n = source.read(&mut buffer).map_err(Stopped::Reading)?;
        if n == 0 {
            return Ok(());
        }
        sink.write_all(&buffer[..n]).map_err(Stopped::Writing)?;
    }
}

/// A running tool reading what is written to it on its stdin, such as
/// `pg_restore --file /dev/null` checking an archive while it is dumped.
pub struct Feed {
    tool: String,
    child: Child,
    stdin: Option<std::process::ChildStdin>,
    stderr: std::thread::JoinHandle<String>,
    broken: bool,
    _running: Running,
}

impl Feed {
    /// Starts `command` with a piped stdin.
    pub fn spawn(mut command: Command) -> Result<Self, BackupError> {
        let tool = program_name(&command);
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(BackupError::io("cannot run", tool.clone()))?;
        let stderr = collect_stderr(&mut child);
        let stdin = child.stdin.take();
        Ok(Self {
            tool,
            _running: Running::new(&child),
            child,
            stdin,
            stderr,
            broken: false,
        })
    }

    /// Closes stdin, waits, and fails with the tool's stderr if it did.
    pub fn finish(mut self, scrub: &dyn Fn(&str) -> String) -> Result<(), BackupError> {
        drop(self.stdin.take());
        let copied = if self.broken {
            Err(std::io::Error::other("it stopped reading"))
        } else {
            Ok(())
        };
        finish(self.child, self.stderr, &self.tool, scrub, copied)
    }
}

impl Write for Feed {
    /// Never fails: a reader that stopped early is reported by [`Feed::finish`].
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Some(stdin) = self.stdin.as_mut().filter(|_| !self.broken)
            && stdin.write_all(buf).is_err()
        {
            self.broken = true;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Writes everything to two writers.
pub struct Tee<'a>(pub &'a mut dyn Write, pub &'a mut dyn Write);

impl Write for Tee<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write_all(buf)?;
        self.1.write_all(buf)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()?;
        self.1.flush()
    }
}

/// Runs `command`, feeding `source` to its stdin.
pub fn run_from(
    command: Command,
    source: &mut dyn Read,
    scrub: &dyn Fn(&str) -> String,
) -> Result<(), BackupError> {
    let tool = program_name(&command);
    let mut feed = Feed::spawn(command)?;
    let copied = copy(source, &mut feed);
    feed.finish(scrub)?;
    match copied {
        Err(Stopped::Reading(error)) => {
            Err(BackupError::io("cannot read", "the backup file")(error))
        }
        Err(Stopped::Writing(error)) => Err(BackupError::io("cannot write to", tool)(error)),
        Ok(()) => Ok(()),
    }
}

/// Runs `command` to completion and returns its stdout.
pub fn run(command: Command, scrub: &dyn Fn(&str) -> String) -> Result<String, BackupError> {
    run_observed(command, scrub, |_| ())
}

/// Like [`run`], with `observe` given the process id once the tool runs;
/// what it returns (a [`crate::metering::Watch`], say) is dropped when the tool exits.
pub fn run_observed<T>(
    mut command: Command,
    scrub: &dyn Fn(&str) -> String,
    observe: impl FnOnce(u32) -> T,
) -> Result<String, BackupError> {
    let tool = program_name(&command);
    let child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(BackupError::io("cannot run", tool.clone()))?;
    let _running = Running::new(&child);
    let _observer = observe(child.id());
    let output = child
        .wait_with_output()
        .map_err(BackupError::io("cannot run", tool.clone()))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(failed(
            &tool,
            &output.status.to_string(),
            &String::from_utf8_lossy(&output.stderr),
            scrub,
        ))
    }
}

fn program_name(command: &Command) -> String {
    Path::new(command.get_program())
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn missing_pipe(tool: &str) -> BackupError {
    BackupError::ToolFailed {
        tool: tool.to_owned(),
        status: "no pipe".to_owned(),
        stderr: String::new(),
    }
}

/// Reads the child's stderr on a thread, so a chatty tool never blocks on a full pipe.
fn collect_stderr(child: &mut std::process::Child) -> std::thread::JoinHandle<String> {
    let stderr = child.stderr.take();
    std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut stderr) = stderr {
            let _ = stderr.read_to_string(&mut text);
        }
        text
    })
}

fn finish(
    mut child: std::process::Child,
    stderr: std::thread::JoinHandle<String>,
    tool: &str,
    scrub: &dyn Fn(&str) -> String,
    copied: std::io::Result<()>,
) -> Result<(), BackupError> {
    let status = child
        .wait()
        .map_err(BackupError::io("cannot wait for", tool))?;
    let stderr = stderr.join().unwrap_or_default();
    if !status.success() {
        return Err(failed(tool, &status.to_string(), &stderr, scrub));
    }
    copied.map_err(|error| BackupError::ToolFailed {
        tool: tool.to_owned(),
        status: "stream broken".to_owned(),
        stderr: error.to_string(),
    })
}

fn failed(tool: &str, status: &str, stderr: &str, scrub: &dyn Fn(&str) -> String) -> BackupError {
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    let tail = lines[lines.len().saturating_sub(3)..].join(" / ");
    BackupError::ToolFailed {
        tool: tool.to_owned(),
        status: status.to_owned(),
        stderr: scrub(&tail),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn major_version_of_pg_dump() {
        assert_eq!(
            major_version("pg_dump (PostgreSQL) 15.19 (Debian 15.19-0+deb12u1)"),
            Some(15)
        );
        assert_eq!(major_version("pg_dump (PostgreSQL) 17.2"), Some(17));
    }
}

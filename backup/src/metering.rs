//! Measuring the bytes a phase streams for its [`Meter`]: [`Metered`] counts
//! what is read through it; [`watch_size`] polls the size of what a tool or
//! the server writes by itself, [`watch_reads`] how far a tool has read a
//! backup it opens by itself.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use crate::progress::Meter;

/// How often a [`Watch`] looks.
const POLL: Duration = Duration::from_millis(100);

/// A reader that reports how many bytes have been read through it to a meter.
pub struct Metered<'a, R> {
    inner: R,
    meter: &'a dyn Meter,
    read: u64,
}

impl<'a, R: Read> Metered<'a, R> {
    /// Reads `inner`, reporting to `meter`.
    pub fn new(inner: R, meter: &'a dyn Meter) -> Self {
        Self {
            inner,
            meter,
            read: 0,
        }
    }
}

impl<R: Read> Read for Metered<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        self.meter.set(self.read);
        Ok(n)
    }
}

/// A thread reporting to a meter every [`POLL`] until it is dropped; the
/// meter, and with it its phase, ends then.
pub struct Watch {
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Watch {
    /// Calls `look` every [`POLL`] until dropped.
    fn start(mut look: impl FnMut() + Send + 'static) -> Self {
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            while let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(POLL) {
                look();
            }
        });
        Self {
            stop: Some(stop),
            thread: Some(thread),
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Reports the size of the file (or of the files of the directory) at
/// `path` to `meter`, for a copy written by a tool or the server itself.
pub fn watch_size(path: PathBuf, meter: Box<dyn Meter>) -> Watch {
    Watch::start(move || meter.set(size_of(&path)))
}

/// Reports to `meter` how far process `pid` and the workers it forked have
/// read the backup at `path` (a file, or a directory's files): for each
/// file, the furthest offset any of them reached. It reads the offsets of
/// their open files in `/proc`, so reports nothing where there is none.
pub fn watch_reads(pid: u32, path: &Path, meter: Box<dyn Meter>) -> Watch {
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let mut furthest = BTreeMap::<PathBuf, u64>::new();
    Watch::start(move || {
        for process in family(pid) {
            for (file, offset) in offsets(process, &path) {
                let reached = furthest.entry(file).or_default();
                *reached = (*reached).max(offset);
            }
        }
        meter.set(furthest.values().sum());
    })
}

/// `pid` and its descendants, as `/proc` lists them.
fn family(pid: u32) -> Vec<u32> {
    let mut family = vec![pid];
    let mut next = 0;
    while let Some(&parent) = family.get(next) {
        let children = std::fs::read_to_string(format!("/proc/{parent}/task/{parent}/children"));
        family.extend(
            children
                .unwrap_or_default()
                .split_whitespace()
                .filter_map(|child| child.parse::<u32>().ok()),
        );
        next += 1;
    }
    family
}

/// The files at or under `path` that process `pid` has open, with the
/// offset it has reached in each.
fn offsets(pid: u32, path: &Path) -> Vec<(PathBuf, u64)> {
    let Ok(descriptors) = std::fs::read_dir(format!("/proc/{pid}/fd")) else {
        return Vec::new();
    };
    descriptors
        .filter_map(|descriptor| {
            let descriptor = descriptor.ok()?;
            let file = std::fs::read_link(descriptor.path()).ok()?;
            if !file.starts_with(path) {
                return None;
            }
            let fd = descriptor.file_name();
            let info =
                std::fs::read_to_string(format!("/proc/{pid}/fdinfo/{}", fd.to_string_lossy()))
                    .ok()?;
            let offset = info
                .lines()
                .find_map(|line| line.strip_prefix("pos:"))?
                .trim()
                .parse()
                .ok()?;
            Some((file, offset))
        })
        .collect()
}

/// The size of the file at `path`, or of the files in the directory at `path`.
fn size_of(path: &Path) -> u64 {
    match std::fs::read_dir(path) {
        Ok(entries) => entries
            .filter_map(|entry| entry.ok()?.metadata().ok())
            .filter(std::fs::Metadata::is_file)
            .map(|metadata| metadata.len())
            .sum(),
        Err(_) => std::fs::metadata(path).map_or(0, |metadata| metadata.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// A meter that remembers the last total it was given.
    #[derive(Clone, Default)]
    struct Last(Arc<Mutex<u64>>);

    impl Meter for Last {
        fn set(&self, bytes: u64) {
            *self.0.lock().unwrap_or_else(|e| e.into_inner()) = bytes;
        }
    }

    impl Last {
        fn get(&self) -> u64 {
            *self.0.lock().unwrap_or_else(|e| e.into_inner())
        }
    }

    #[test]
    fn metered_reports_the_bytes_read_so_far() {
        let last = Last::default();
        let mut reader = Metered::new(&b"0123456789"[..], &last);
        let mut buffer = [0u8; 4];
        reader.read_exact(&mut buffer).expect("read");
        assert_eq!(last.get(), 4);
        std::io::copy(&mut reader, &mut std::io::sink()).expect("copy");
        assert_eq!(last.get(), 10);
    }

    #[test]
    fn a_watch_reports_the_size_of_the_files_of_a_directory() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("a"), [0u8; 300]).expect("write");
        std::fs::write(dir.path().join("b"), [0u8; 200]).expect("write");
        let last = Last::default();
        let watch = watch_size(dir.path().to_path_buf(), Box::new(last.clone()));
        std::thread::sleep(POLL * 3);
        drop(watch);
        assert_eq!(last.get(), 500);
    }

    #[test]
    fn a_watch_reports_how_far_a_process_has_read_a_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("backup");
        std::fs::write(&file, [0u8; 10_000]).expect("write");
        let mut opened = std::fs::File::open(&file).expect("open");
        let mut buffer = [0u8; 4096];
        opened.read_exact(&mut buffer).expect("read");
        let last = Last::default();
        let watch = watch_reads(std::process::id(), &file, Box::new(last.clone()));
        std::thread::sleep(POLL * 3);
        drop(watch);
        assert_eq!(last.get(), 4096);
    }

    #[test]
    fn a_watch_reports_the_size_of_a_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("copy");
        std::fs::write(&file, [0u8; 700]).expect("write");
        let last = Last::default();
        let watch = watch_size(file, Box::new(last.clone()));
        std::thread::sleep(POLL * 3);
        drop(watch);
        assert_eq!(last.get(), 700);
    }
}

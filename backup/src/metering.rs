//! Measuring the bytes a phase streams for its [`Meter`]: [`Metered`] counts
//! what is read through it; [`Watch`] polls the size of what a tool or the
//! server writes to a file by itself.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use crate::progress::Meter;

/// How often [`Watch`] looks at the size.
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

/// Reports the size of a file (or of the files of a directory) to a meter
/// until it is dropped; the meter, and with it its phase, ends then.
pub struct Watch {
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Watch {
    /// Watches `path`, reporting to `meter`.
    pub fn new(path: PathBuf, meter: Box<dyn Meter>) -> Self {
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            while let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(POLL) {
                meter.set(size_of(&path));
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
        let watch = Watch::new(dir.path().to_path_buf(), Box::new(last.clone()));
        std::thread::sleep(POLL * 3);
        drop(watch);
        assert_eq!(last.get(), 500);
    }

    #[test]
    fn a_watch_reports_the_size_of_a_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("copy");
        std::fs::write(&file, [0u8; 700]).expect("write");
        let last = Last::default();
        let watch = Watch::new(file, Box::new(last.clone()));
        std::thread::sleep(POLL * 3);
        drop(watch);
        assert_eq!(last.get(), 700);
    }
}

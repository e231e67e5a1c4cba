//! The SHA-256 of backups: hashing a dump as it streams to its file, and a
//! file or a pg_dump directory read back from disk.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::Path;

use sha2::{Digest, Sha256};

/// A file sink that hashes and counts every byte written to it.
pub struct HashingWriter<W: Write> {
    inner: W,
    hasher: Sha256,
    bytes: u64,
}

impl<W: Write> HashingWriter<W> {
    /// Wraps `inner`.
    pub fn new(inner: W) -> Self {
        Self {
            inner,
            hasher: Sha256::new(),
            bytes: 0,
        }
    }

    /// Flushes and returns the inner writer, the hex SHA-256 and the size.
    pub fn finish(mut self) -> io::Result<(W, String, u64)> {
        self.inner.flush()?;
        Ok((self.inner, hex::encode(self.hasher.finalize()), self.bytes))
    }
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// The SHA-256 (hex) and size of the file at `path`, read from disk.
pub fn hash_file(path: &Path) -> io::Result<(String, u64)> {
    let mut file = File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 20];
    let mut bytes = 0u64;
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
        bytes += n as u64;
    }
    Ok((hex::encode(hasher.finalize()), bytes))
}

/// The SHA-256 (hex) and total size of a backup that is a file or a
/// directory of files (pg_dump's directory format): for a directory, the hash
/// of its manifest, one `name sha256 size` line per file in name order.
pub fn hash_path(path: &Path) -> io::Result<(String, u64)> {
    if !path.is_dir() {
        return hash_file(path);
    }
    let mut names: Vec<String> = std::fs::read_dir(path)?
        .map(|entry| entry.map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect::<io::Result<_>>()?;
    names.sort();
    let mut manifest = String::new();
    let mut total = 0u64;
    for name in names {
        let (sha, size) = hash_file(&path.join(&name))?;
        manifest.push_str(&format!("{name} {sha} {size}\n"));
        total += size;
    }
    Ok((hex::encode(Sha256::digest(manifest.as_bytes())), total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directory_hash_changes_when_any_file_changes() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("toc.dat"), "toc").unwrap();
        std::fs::write(dir.path().join("3001.dat.gz"), "rows").unwrap();
        let (before, size) = hash_path(dir.path()).unwrap();
        assert_eq!(size, 7);
        std::fs::write(dir.path().join("3001.dat.gz"), "rowz").unwrap();
        assert_ne!(hash_path(dir.path()).unwrap().0, before);
    }

    #[test]
    fn streamed_hash_equals_hash_from_disk() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        let mut writer = HashingWriter::new(File::create(&path).unwrap());
        writer.write_all(b"hello ").unwrap();
        writer.write_all(b"world").unwrap();
        let (_, streamed, size) = writer.finish().unwrap();
        assert_eq!(hash_file(&path).unwrap(), (streamed.clone(), size));
        assert_eq!(
            streamed,
            "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"
        );
    }
}

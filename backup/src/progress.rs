//! Progress of backups and restores: each phase (`dump`, `verify`, `load`,
//! `checks`, `swap`, `prune`) is reported to a [`Progress`] observer the
//! caller supplies, with the bytes it streams and, where the size is
//! knowable, their expected total (the CLI draws one line on a terminal;
//! [`Silent`] ignores it).

use std::fmt::Debug;

/// Observes the phases of backups and restores; called from the threads the tools run on.
pub trait Progress: Send + Sync + Debug {
    /// Phase `name` starts, expected to stream `total` bytes when that is
    /// knowable; the returned meter receives its progress, and the phase ends
    /// when the meter is dropped.
    fn phase(&self, name: &str, total: Option<Total>) -> Box<dyn Meter>;
}

/// The bytes a phase is expected to stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Total {
    /// How many bytes.
    pub bytes: u64,
    /// Whether `bytes` is an estimate (a database's size before its dump),
    /// rather than a size known exactly (the backup file a load reads).
    pub estimate: bool,
}

impl Total {
    /// Exactly `bytes`.
    pub fn exact(bytes: u64) -> Self {
        Self {
            bytes,
            estimate: false,
        }
    }

    /// About `bytes`.
    pub fn estimate(bytes: u64) -> Self {
        Self {
            bytes,
            estimate: true,
        }
    }
}

/// The progress of one phase; the phase ends when it is dropped.
pub trait Meter: Send {
    /// The total streamed so far is now `bytes`.
    fn set(&self, bytes: u64);
}

/// Progress nobody watches.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Progress for Silent {
    fn phase(&self, _name: &str, _total: Option<Total>) -> Box<dyn Meter> {
        Box::new(Silent)
    }
}

impl Meter for Silent {
    fn set(&self, _bytes: u64) {}
}

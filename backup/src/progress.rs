//! Progress of long dumps and restores: the engines report the bytes they
//! stream to a [`Progress`] observer the caller supplies (the CLI draws a
//! spinner on a terminal; [`Silent`] ignores it).

use std::fmt::Debug;

/// Observes the progress of dumps and restores; called from the threads the tools run on.
pub trait Progress: Send + Sync + Debug {
    /// A dump or restore labelled `label` (the tool's name) starts; the
    /// returned meter receives its progress until it is dropped.
    fn start(&self, label: &str) -> Box<dyn Meter>;
}

/// The progress of one dump or restore.
pub trait Meter: Send {
    /// The total streamed so far is now `bytes`.
    fn set(&self, bytes: u64);
}

/// Progress nobody watches.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Progress for Silent {
    fn start(&self, _label: &str) -> Box<dyn Meter> {
        Box::new(Silent)
    }
}

impl Meter for Silent {
    fn set(&self, _bytes: u64) {}
}

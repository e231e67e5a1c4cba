//! Progress of long dumps and restores: bytes and elapsed time on a
//! terminal, nothing otherwise.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle, WeakProgressBar};

/// The spinners on screen, so that a run ended by a signal can clear them
/// before its last line.
static SHOWN: std::sync::Mutex<Vec<WeakProgressBar>> = std::sync::Mutex::new(Vec::new());

fn shown() -> std::sync::MutexGuard<'static, Vec<WeakProgressBar>> {
    SHOWN
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Clears every spinner still on screen (a signal is ending the run while a
/// tool's output is being shown).
pub fn clear_all() {
    for bar in shown().drain(..).filter_map(|weak| weak.upgrade()) {
        bar.finish_and_clear();
    }
}

/// A spinner showing bytes processed, hidden when stderr is not a terminal.
pub struct Progress(ProgressBar);

impl Progress {
    /// Starts a spinner labelled `message`.
    pub fn start(message: &str) -> Self {
        if !std::io::stderr().is_terminal() {
            return Self(ProgressBar::hidden());
        }
        let bar = ProgressBar::new_spinner();
        if let Ok(style) = ProgressStyle::with_template(
            "{spinner} {msg} {bytes} ({binary_bytes_per_sec}, {elapsed})",
        ) {
            bar.set_style(style);
        }
        bar.set_message(message.to_owned());
        bar.enable_steady_tick(Duration::from_millis(120));
        let mut shown = shown();
        shown.retain(|weak| weak.upgrade().is_some());
        shown.push(bar.downgrade());
        Self(bar)
    }

    /// Records that the total is now `bytes`.
    pub fn set(&self, bytes: u64) {
        self.0.set_position(bytes);
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}

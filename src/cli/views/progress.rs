//! The progress of long dumps and restores on a terminal: a spinner with
//! the bytes streamed and the elapsed time, observing the backup engines'
//! progress; nothing when stderr is not a terminal.

use std::fmt::Write;
use std::io::IsTerminal;
use std::time::Duration;

use backup::progress::{Meter, Progress};
use indicatif::{ProgressBar, ProgressState, ProgressStyle, WeakProgressBar};

use crate::config::format_duration;

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

/// Draws a spinner per dump or restore on stderr.
#[derive(Debug)]
pub struct Spinners;

impl Progress for Spinners {
    fn start(&self, label: &str) -> Box<dyn Meter> {
        if !std::io::stderr().is_terminal() {
            return Box::new(Spinner(ProgressBar::hidden()));
        }
        let bar = ProgressBar::new_spinner();
        if let Ok(style) =
            ProgressStyle::with_template("{spinner} {msg} {bytes} ({binary_bytes_per_sec}, {took})")
        {
            // The elapsed time in the format every other message uses.
            bar.set_style(
                style.with_key("took", |state: &ProgressState, out: &mut dyn Write| {
                    let _ = out.write_str(&format_duration(state.elapsed()));
                }),
            );
        }
        bar.set_message(label.to_owned());
        bar.enable_steady_tick(Duration::from_millis(120));
        let mut shown = shown();
        shown.retain(|weak| weak.upgrade().is_some());
        shown.push(bar.downgrade());
        Box::new(Spinner(bar))
    }
}

/// One spinner, cleared when its dump or restore ends.
struct Spinner(ProgressBar);

impl Meter for Spinner {
    fn set(&self, bytes: u64) {
        self.0.set_position(bytes);
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}

//! The one progress display of a run on a terminal: a single line naming
//! the phases of a backup or restore under way (`dump`, `verify`, `load`,
//! `checks`, `swap`, `prune`), each with its bytes, their total and the time
//! left where the size is knowable, and its elapsed time; it observes the
//! backup engines' progress and is cleared as soon as no phase is under way.
//! Nothing is drawn when stderr is not a terminal.

use std::io::IsTerminal;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use backup::progress::{Meter, Progress, Total};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

use super::backups::size;
use crate::config::format_duration;

/// What the display shows; one per process, so a run never draws two lines.
static SCREEN: Mutex<Screen> = Mutex::new(Screen {
    bar: None,
    phases: Vec::new(),
    next_id: 0,
    closed: false,
});

/// The phases under way and the line that shows them.
struct Screen {
    /// The line, while a phase is under way on a terminal.
    bar: Option<ProgressBar>,
    phases: Vec<Phase>,
    next_id: u64,
    /// A signal is ending the run: nothing is drawn any more.
    closed: bool,
}

/// One phase under way.
#[derive(Debug, Clone)]
struct Phase {
    id: u64,
    name: String,
    total: Option<Total>,
    bytes: u64,
    started: Instant,
}

fn screen() -> MutexGuard<'static, Screen> {
    SCREEN.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Clears the display for good (a signal is ending the run while a phase
/// is being shown), so that the run's last line follows a clean screen.
pub fn clear_all() {
    let bar = {
        let mut screen = screen();
        screen.closed = true;
        screen.bar.take()
    };
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
}

/// Shows the phases of backups and restores on stderr's one progress line.
#[derive(Debug)]
pub struct Display;

impl Progress for Display {
    fn phase(&self, name: &str, total: Option<Total>) -> Box<dyn Meter> {
        let (id, shown, closed) = {
            let mut screen = screen();
            let id = screen.next_id;
            screen.next_id += 1;
            screen.phases.push(Phase {
                id,
                name: name.to_owned(),
                total,
                bytes: 0,
                started: Instant::now(),
            });
            (id, screen.bar.clone(), screen.closed)
        };
        match shown {
            // Every phase is drawn as it starts, however short it turns out.
            Some(bar) => bar.force_draw(),
            None if !closed && std::io::stderr().is_terminal() => show(),
            None => {}
        }
        Box::new(PhaseMeter(id))
    }
}

/// Puts the line on screen, unless another phase did meanwhile. The bar is
/// made hidden, and only drawn outside the screen's lock: drawing takes that lock.
fn show() {
    let bar = ProgressBar::hidden();
    if let Ok(style) = ProgressStyle::with_template("{spinner} {phases}") {
        bar.set_style(style.with_key(
            "phases",
            |_: &ProgressState, out: &mut dyn std::fmt::Write| {
                let line = line(&screen().phases, Instant::now());
                let width = usize::from(console::Term::stderr().size().1).saturating_sub(3);
                let _ = out.write_str(&console::truncate_str(&line, width.max(20), "…"));
            },
        ));
    }
    {
        let mut screen = screen();
        if screen.bar.is_some() || screen.closed || screen.phases.is_empty() {
            return;
        }
        screen.bar = Some(bar.clone());
    }
    bar.set_draw_target(ProgressDrawTarget::stderr());
    // Drawn now: the ticker's first frame may come after a short phase ended.
    bar.force_draw();
    bar.enable_steady_tick(Duration::from_millis(100));
}

/// The meter of one phase; the phase ends, and the line is cleared if it
/// was the last, when it is dropped.
struct PhaseMeter(u64);

impl Meter for PhaseMeter {
    fn set(&self, bytes: u64) {
        if let Some(phase) = screen().phases.iter_mut().find(|p| p.id == self.0) {
            phase.bytes = bytes;
        }
    }
}

impl Drop for PhaseMeter {
    fn drop(&mut self) {
        let bar = {
            let mut screen = screen();
            screen.phases.retain(|phase| phase.id != self.0);
            match screen.phases.is_empty() {
                true => screen.bar.take(),
                false => None,
            }
        };
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
    }
}

/// The line for `phases` at `now`, e.g.
/// `load 3.0 MiB of 12.0 MiB (1.2 s, 3.6 s left) · dump of ~20.0 MiB (1.2 s)`.
fn line(phases: &[Phase], now: Instant) -> String {
    phases
        .iter()
        .map(|phase| describe(phase, now))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// One phase: its name, bytes and total, elapsed time and, once bytes
/// flow towards a total, the time left (`~` when the total is an estimate).
fn describe(phase: &Phase, now: Instant) -> String {
    let elapsed = now.saturating_duration_since(phase.started);
    let mut text = phase.name.clone();
    let mut times = format_duration(elapsed);
    // A total of nothing (a new, empty database) tells nothing.
    match phase
        .total
        .filter(|total| total.bytes > 0 && phase.bytes <= total.bytes)
    {
        Some(total) => {
            let about = if total.estimate { "~" } else { "" };
            match phase.bytes {
                0 => text.push_str(&format!(" of {about}{}", size(total.bytes))),
                bytes => {
                    text.push_str(&format!(" {} of {about}{}", size(bytes), size(total.bytes)));
                    let left = elapsed.mul_f64((total.bytes - bytes) as f64 / bytes as f64);
                    times.push_str(&format!(", {about}{} left", format_duration(left)));
                }
            }
        }
        None if phase.bytes > 0 => text.push_str(&format!(" {}", size(phase.bytes))),
        None => {}
    }
    format!("{text} ({times})")
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIB: u64 = 1024 * 1024;

    fn phase(name: &str, total: Option<Total>, bytes: u64, started: Instant) -> Phase {
        Phase {
            id: 0,
            name: name.to_owned(),
            total,
            bytes,
            started,
        }
    }

    #[test]
    fn a_phase_of_unknown_size_shows_its_name_and_elapsed_time() {
        let now = Instant::now();
        let verify = phase("verify", None, 0, now - Duration::from_millis(2300));
        assert_eq!(line(&[verify], now), "verify (2.3 s)");
    }

    #[test]
    fn a_dump_shows_its_bytes_its_estimated_total_and_the_time_left() {
        let now = Instant::now();
        let dump = phase(
            "dump",
            Some(Total::estimate(12 * MIB)),
            3 * MIB,
            now - Duration::from_secs(2),
        );
        assert_eq!(
            line(&[dump], now),
            "dump 3.0 MiB of ~12.0 MiB (2.0 s, ~6.0 s left)"
        );
    }

    #[test]
    fn a_load_shows_its_exact_total_before_any_byte_is_read() {
        let now = Instant::now();
        let load = phase("load", Some(Total::exact(12 * MIB)), 0, now);
        assert_eq!(line(&[load], now), "load of 12.0 MiB (0 ms)");
    }

    #[test]
    fn a_dump_past_its_estimate_shows_only_its_bytes() {
        let now = Instant::now();
        let dump = phase(
            "dump",
            Some(Total::estimate(MIB)),
            2 * MIB,
            now - Duration::from_secs(1),
        );
        assert_eq!(line(&[dump], now), "dump 2.0 MiB (1.0 s)");
    }

    #[test]
    fn phases_under_way_together_share_the_one_line() {
        let now = Instant::now();
        let load = phase(
            "load",
            Some(Total::exact(4 * MIB)),
            MIB,
            now - Duration::from_secs(1),
        );
        let dump = phase("dump", None, 0, now - Duration::from_secs(1));
        assert_eq!(
            line(&[load, dump], now),
            "load 1.0 MiB of 4.0 MiB (1.0 s, 3.0 s left) · dump (1.0 s)"
        );
    }
}

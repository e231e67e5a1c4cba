//! How a restore is shown: what it could not give back, then what it
//! restored and where the replaced database's safety backup is.

use crate::cli::terminal;
use crate::events::{Event, Observer};

/// Prints a restore's swap as it happens.
pub struct RestoreView;

impl Observer for RestoreView {
    fn on_event(&mut self, event: &Event<'_>) {
        if let Event::Swapped {
            backup,
            safety,
            notes,
        } = event
        {
            for note in *notes {
                terminal::notice(note);
            }
            println!(
                "restored {}: tables, row counts and migration head match the backup; the previous state is in backup {} ({})",
                backup.id,
                safety.metadata.id,
                safety.path.display()
            );
        }
    }
}

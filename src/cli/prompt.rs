//! Confirmation on the terminal: the run's question is shown, then asked
//! on a terminal, or answered by `--yes` (or `MIGRATION_YES`); without
//! either it is refused.

use std::io::IsTerminal;

use crate::confirm::{Confirm, ConfirmError, Question};

/// Asks a run's questions on the terminal.
pub struct TerminalPrompt {
    /// `--yes` was given, or `MIGRATION_YES` answers yes.
    pub yes: bool,
    /// The command prints JSON on stdout, so the details go to stderr.
    pub json: bool,
}

impl Confirm for TerminalPrompt {
    fn confirm(&mut self, question: &Question) -> Result<(), ConfirmError> {
        for line in &question.details {
            match self.json {
                true => eprintln!("{line}"),
                false => println!("{line}"),
            }
        }
        if self.yes {
            return Ok(());
        }
        if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
            return Err(ConfirmError::NeedsYes(question.command));
        }
        match dialoguer::Confirm::new()
            .with_prompt(&question.text)
            .default(false)
            .interact()
        {
            Ok(true) => Ok(()),
            _ => Err(ConfirmError::Declined),
        }
    }
}

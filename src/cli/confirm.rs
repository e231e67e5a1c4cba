//! Confirmation of destructive commands: asked on a terminal, given by
//! `--yes`, refused otherwise.

use std::io::IsTerminal;

/// Why a destructive command did not go ahead.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfirmError {
    /// There is no terminal to ask on and `--yes` was not given.
    #[error(
        "`{0}` changes the database and needs confirmation, but there is no terminal to ask on; pass --yes to confirm"
    )]
    NeedsYes(&'static str),
    /// The user answered no.
    #[error("aborted: nothing was changed")]
    Declined,
}

/// Returns `Ok` when `question` is confirmed by `yes` or by the user on a terminal.
pub fn confirm(command: &'static str, question: &str, yes: bool) -> Result<(), ConfirmError> {
    if yes {
        return Ok(());
    }
    if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
        return Err(ConfirmError::NeedsYes(command));
    }
    match dialoguer::Confirm::new()
        .with_prompt(question)
        .default(false)
        .interact()
    {
        Ok(true) => Ok(()),
        _ => Err(ConfirmError::Declined),
    }
}

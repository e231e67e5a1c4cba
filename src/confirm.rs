//! Confirmation before a destructive change: the question a run asks once
//! it knows what it will do, and why it may not go ahead. How the question
//! is asked (a terminal prompt, `--yes`) is the caller's business.

/// What a run asks before it changes anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// The command asking, as typed (`down`, `repair`...).
    pub command: &'static str,
    /// What will be done, to be shown first, one line each (may be empty).
    pub details: Vec<String>,
    /// The yes/no question.
    pub text: String,
}

/// Why a destructive command did not go ahead.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfirmError {
    /// There is no terminal to ask on and `--yes` was not given.
    #[error(
        "`{0}` changes the database and needs confirmation, but there is no terminal to ask on; pass --yes (or set MIGRATION_YES=1) to confirm"
    )]
    NeedsYes(&'static str),
    /// The user answered no.
    #[error("aborted: nothing was changed")]
    Declined,
}

/// Answers a run's questions.
pub trait Confirm {
    /// `Ok` to go ahead with what `question` describes.
    fn confirm(&mut self, question: &Question) -> Result<(), ConfirmError>;
}

/// Answers yes to everything: for callers that decided beforehand.
pub struct AssumeYes;

impl Confirm for AssumeYes {
    fn confirm(&mut self, _: &Question) -> Result<(), ConfirmError> {
        Ok(())
    }
}

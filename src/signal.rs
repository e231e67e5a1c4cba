//! The signals that stop a run (Ctrl-C, SIGTERM, SIGHUP), as a run's
//! outcome names them; waiting for them is the CLI's business.

/// A signal that stopped the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// SIGINT, sent by Ctrl-C.
    Interrupt,
    /// SIGTERM, sent by `kill`, service managers and container runtimes.
    Terminate,
    /// SIGHUP, sent when the terminal closes.
    HangUp,
}

impl Signal {
    /// The signal's number (2, 15, 1).
    pub fn number(self) -> u8 {
        match self {
            Self::Interrupt => 2,
            Self::Terminate => 15,
            Self::HangUp => 1,
        }
    }
}

impl std::fmt::Display for Signal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Interrupt => "Ctrl-C (SIGINT)",
            Self::Terminate => "SIGTERM",
            Self::HangUp => "SIGHUP",
        })
    }
}

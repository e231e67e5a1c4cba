//! The signals that stop a run: Ctrl-C (SIGINT), SIGTERM and SIGHUP. Each
//! ends it the same way, by dropping it, and maps to the exit code a shell
//! reports for a process the signal killed (128 + its number).

use tokio::signal::unix::{SignalKind, signal};

use super::Exit;

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
    /// The exit code after this signal.
    pub fn exit(self) -> Exit {
        match self {
            Self::Interrupt => Exit::Interrupted,
            Self::Terminate => Exit::Terminated,
            Self::HangUp => Exit::HungUp,
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

/// Waits for the first of the signals. One whose handler cannot be
/// installed is never waited for, rather than stopping the run at once.
pub async fn first() -> Signal {
    async fn received(kind: SignalKind) {
        match signal(kind) {
            Ok(mut stream) => {
                stream.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    }
    tokio::select! {
        () = received(SignalKind::interrupt()) => Signal::Interrupt,
        () = received(SignalKind::terminate()) => Signal::Terminate,
        () = received(SignalKind::hangup()) => Signal::HangUp,
    }
}

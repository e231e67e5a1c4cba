//! Waiting for the signals that stop a run: Ctrl-C (SIGINT), SIGTERM and
//! SIGHUP. Each ends it the same way, by dropping it, and maps to the exit
//! code a shell reports for a process the signal killed (128 + its number).

use tokio::signal::unix::{SignalKind, signal};

use crate::signal::Signal;

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

//! Lines on the terminal: `error:`, `warning:` and `note:` on stderr, colour
//! only on a terminal and never with `NO_COLOR`.

use std::io::IsTerminal;

use console::style;

/// Turns colour on for a stream only when it is a terminal and `NO_COLOR` is unset or empty.
pub fn configure_colours() {
    let allowed = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    console::set_colors_enabled(allowed && std::io::stdout().is_terminal());
    console::set_colors_enabled_stderr(allowed && std::io::stderr().is_terminal());
}

/// Prints an error line on stderr; a closed stderr (the terminal hung up)
/// drops it, and the exit code still tells.
pub fn error(message: &str) {
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "{} {message}",
        style("error:").red().bold().for_stderr()
    );
}

/// Prints a notice line on stderr.
pub fn notice(message: &str) {
    eprintln!("{} {message}", style("note:").yellow().bold().for_stderr());
}

/// Prints a warning line on stderr.
pub fn warning(message: &str) {
    eprintln!(
        "{} {message}",
        style("warning:").yellow().bold().for_stderr()
    );
}

//! The binary on a real terminal: run inside a pseudo-terminal (util-linux
//! `script`), and what it drew read back through a tiny terminal that
//! interprets the carriage returns, line erasures and cursor moves a
//! progress line uses.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use super::binary::migration;

/// Runs the fixture binary with `-u url` and `args` (shell words) inside a
/// pseudo-terminal in `dir`, typing `input`; without colour when `no_color`.
pub fn on_terminal(dir: &Path, url: &str, args: &str, input: &str, no_color: bool) -> Output {
    in_terminal(
        &migration(dir),
        &format!("-u '{url}' {args}"),
        input,
        no_color,
    )
}

/// Runs `binary` (its program, environment and directory) with `args`
/// (shell words) inside a pseudo-terminal, typing `input`; without colour
/// when `no_color`.
pub fn in_terminal(binary: &Command, args: &str, input: &str, no_color: bool) -> Output {
    let line = format!("{} {args}", binary.get_program().to_string_lossy());
    let mut command = Command::new("script");
    for (key, value) in binary.get_envs() {
        match value {
            Some(value) => command.env(key, value),
            None => command.env_remove(key),
        };
    }
    if let Some(dir) = binary.get_current_dir() {
        command.current_dir(dir);
    }
    command
        .args(["-qec", &line, "/dev/null"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env("TERM", "xterm");
    if no_color {
        command.env("NO_COLOR", "1");
    }
    let mut child = command.spawn().expect("run `script` (util-linux)");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("type");
    child.wait_with_output().expect("wait")
}

/// The screen a terminal shows after the bytes a program wrote to it.
#[derive(Default)]
pub struct Screen {
    lines: Vec<Vec<char>>,
    row: usize,
    column: usize,
    /// The most progress lines that were on screen at one time.
    pub most_progress_lines: usize,
    /// Every progress line drawn, as it was when it was complete.
    pub progress_frames: Vec<String>,
}

impl std::fmt::Debug for Screen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Screen")
            .field("lines", &self.lines())
            .field("most_progress_lines", &self.most_progress_lines)
            .field("progress_frames", &self.progress_frames)
            .finish()
    }
}

impl Screen {
    /// The screen after `bytes`.
    pub fn after(bytes: &[u8]) -> Self {
        let mut screen = Self::default();
        let text = String::from_utf8_lossy(bytes);
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\u{1b}' if chars.peek() == Some(&'[') => {
                    chars.next();
                    let mut parameters = String::new();
                    let command = loop {
                        match chars.next() {
                            Some(c) if c.is_ascii_digit() || c == ';' || c == '?' => {
                                parameters.push(c)
                            }
                            other => break other,
                        }
                    };
                    screen.control(command, &parameters);
                }
                '\r' => {
                    screen.frame_done();
                    screen.column = 0;
                }
                '\n' => {
                    screen.frame_done();
                    screen.row += 1;
                }
                c if c.is_control() => {}
                c => screen.put(c),
            }
        }
        screen.frame_done();
        screen
    }

    /// The lines on screen, trailing blanks removed, empty lines left out.
    pub fn lines(&self) -> Vec<String> {
        self.lines
            .iter()
            .map(|line| line.iter().collect::<String>().trim_end().to_owned())
            .filter(|line| !line.is_empty())
            .collect()
    }

    /// Whether `line` is a progress line: it starts with a spinner frame.
    pub fn is_progress(line: &str) -> bool {
        line.chars()
            .next()
            .is_some_and(|c| ('\u{2800}'..='\u{28ff}').contains(&c))
    }

    fn line(&mut self) -> &mut Vec<char> {
        if self.lines.len() <= self.row {
            self.lines.resize(self.row + 1, Vec::new());
        }
        &mut self.lines[self.row]
    }

    fn put(&mut self, c: char) {
        let column = self.column;
        let line = self.line();
        if line.len() <= column {
            line.resize(column + 1, ' ');
        }
        line[column] = c;
        self.column += 1;
    }

    /// An escape sequence `ESC [ parameters command`; colours and modes are ignored.
    fn control(&mut self, command: Option<char>, parameters: &str) {
        let count = parameters.parse::<usize>().unwrap_or(1).max(1);
        match command {
            Some('K') => {
                self.frame_done();
                let column = self.column;
                let line = self.line();
                match parameters {
                    "2" => line.clear(),
                    "1" => line.iter_mut().take(column + 1).for_each(|c| *c = ' '),
                    _ => line.truncate(column),
                }
            }
            Some('J') => {
                self.frame_done();
                let (row, column) = (self.row, self.column);
                self.line().truncate(column);
                self.lines.truncate(row + 1);
            }
            Some('A') => self.row = self.row.saturating_sub(count),
            Some('B') => self.row += count,
            Some('G') => self.column = count - 1,
            _ => {}
        }
    }

    /// Notes the progress lines on screen before anything is erased or moved.
    fn frame_done(&mut self) {
        let progress: Vec<String> = self
            .lines()
            .into_iter()
            .filter(|line| Self::is_progress(line))
            .collect();
        self.most_progress_lines = self.most_progress_lines.max(progress.len());
        for line in progress {
            if self.progress_frames.last() != Some(&line) {
                self.progress_frames.push(line);
            }
        }
    }
}

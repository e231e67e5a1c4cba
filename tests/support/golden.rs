//! Golden files: output compared with a file in the repository, which
//! `UPDATE_GOLDEN=1` rewrites instead (then review the diff before committing).

use super::root;

/// Asserts that the file at `path` (relative to the repository's root)
/// holds exactly `actual`; with `UPDATE_GOLDEN` set, writes `actual` to it.
/// The failure is one line: where the two first differ, and the command
/// (`cargo test ... -- filter`) that regenerates the file.
pub fn check(path: &str, actual: &str, filter: &str) {
    let file = root().join(path);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&file, actual).unwrap_or_else(|e| panic!("cannot write {path}: {e}"));
        return;
    }
    let expected = std::fs::read_to_string(&file).unwrap_or_default();
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "{path} is out of date (from line {}): run `UPDATE_GOLDEN=1 cargo test -p migration --test main -- {filter}` and review the diff",
            line + 1
        );
    }
}

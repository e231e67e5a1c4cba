//! `init [--migration-dir DIR]`: a new migration crate wired to this toolkit,
//! as the stock `sea-orm-cli migrate init` writes one wired to its own CLI.

use std::path::Path;

use crate::Error;
use crate::cli::Exit;
use crate::scaffold;

/// Writes the crate into `dir`, which must be new or empty, and says what next.
pub fn run(dir: &Path) -> Result<Exit, Error> {
    for file in scaffold::scaffold(dir)? {
        println!("created {}", file.display());
    }
    println!(
        "next: check migrate-kit's source in {}, then `cargo run -- generate NAME` there",
        dir.join("Cargo.toml").display()
    );
    Ok(Exit::Success)
}

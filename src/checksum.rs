//! A migration's checksum: the SHA-256 of its normalised source file,
//! computed when the migration crate was built (`migrate_kit_build`) and
//! handed to the toolkit once, at start-up. Validating therefore never runs
//! migration code. A migrator that embeds no checksums cannot have its
//! migrations verified; `validate` says so rather than guessing.

use std::sync::OnceLock;

pub use migrate_kit_build::digest;

/// Migration name and source checksum pairs, as `migrate_kit_build` embeds them.
pub type Sources = &'static [(&'static str, &'static str)];

static REGISTERED: OnceLock<Sources> = OnceLock::new();

/// Hands the migrator's embedded source checksums to the toolkit, once per
/// process (the CLI's `main_with_sources` does it); later calls are ignored.
pub fn register(sources: Sources) {
    let _ = REGISTERED.set(sources);
}

/// The source checksums registered for this process (none when the
/// migrator embeds none).
pub fn registered() -> Sources {
    REGISTERED.get().copied().unwrap_or(&[])
}

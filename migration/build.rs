//! Embeds the checksum of each migration's source (see `migrate_kit_build`),
//! so that `validate` and `up` detect an edited migration without running it.

fn main() {
    migrate_kit_build::embed_source_checksums();
}

//! The `migration` command-line tool: the migrate-kit CLI over the ops-center migrator.

fn main() -> std::process::ExitCode {
    migrate_kit::cli::main_with_sources::<migration::Migrator>(migration::SOURCE_CHECKSUMS)
}

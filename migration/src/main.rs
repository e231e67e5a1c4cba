//! The `migration` command-line tool: the migrate-kit CLI over the ops-center migrator and entities.

fn main() -> std::process::ExitCode {
    migrate_kit::lint::allowances::register(migration::LINT_ALLOWANCES);
    migrate_kit::cli::main_with_entities::<migration::Migrator>(
        migration::SOURCE_CHECKSUMS,
        migration::entities(),
    )
}

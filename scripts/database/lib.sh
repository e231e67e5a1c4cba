# Sourced by the wrappers in this directory, which keep the old system's
# script names: run_migration ARGS runs the `migration` binary with ARGS in
# the caller's directory and environment (DATABASE_URL, POSTGRES_*, .env,
# MIGRATION_BACKUP_DIR, ...), and the wrapper exits with its exit code.
# The binary: MIGRATION_BIN if set, else the repository's release build if
# there is one, else `cargo run -q -p migration --` in the repository.

set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

run_migration() {
  local release="${CARGO_TARGET_DIR:-$repo_root/target}/release/migration"
  if [[ -n "${MIGRATION_BIN:-}" ]]; then
    exec "$MIGRATION_BIN" "$@"
  elif [[ -x "$release" ]]; then
    exec "$release" "$@"
  else
    exec cargo run -q --manifest-path "$repo_root/Cargo.toml" -p migration -- "$@"
  fi
}

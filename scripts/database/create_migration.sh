#!/usr/bin/env bash
# The old create_migration.sh: runs `migration generate NAME`, which writes
# a new, empty migration file (mYYYYMMDD_HHMMSS_NAME.rs) into the migration
# crate and registers it in the migrator, for you to fill in from the
# entity changes (docs/writing-migrations.md).
# Usage: create_migration.sh NAME [--migration-dir DIR]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
run_migration generate "$@"

#!/usr/bin/env bash
# The old migration_status.sh: runs `migration status`, which lists every
# migration as applied, pending or missing, and the current version.
# Usage: migration_status.sh [--json]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
run_migration status "$@"

#!/usr/bin/env bash
# The old rollback_migration.sh: runs `migration down -n N` (N is 1 unless
# given), which takes a verified backup and rolls back the newest N
# migrations. Like the old script it asks for confirmation first; --yes (or
# -y) answers it, and is required when not on a terminal.
# Usage: rollback_migration.sh [N] [--yes] [other `migration down` flags]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
steps=1
if [[ "${1:-}" =~ ^[0-9]+$ ]]; then
  steps=$1
  shift
fi
run_migration down -n "$steps" "$@"

#!/usr/bin/env bash
# The old backup_database.sh: runs `migration backup create`, which writes a
# timestamped backup with its JSON metadata, verifies it and prunes expired
# backups (MIGRATION_BACKUP_DIR, MIGRATION_BACKUP_RETENTION_DAYS).
# Usage: backup_database.sh [--reason TEXT]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
run_migration backup create "$@"

#!/usr/bin/env bash
# The old run_migrations.sh: runs `migration up`, which takes a verified
# backup and applies every pending migration; with --dry-run it prints the
# SQL each migration would run and changes nothing.
# Usage: run_migrations.sh [--dry-run] [other `migration up` flags]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
run_migration up "$@"

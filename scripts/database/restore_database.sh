#!/usr/bin/env bash
# The old restore_database.sh: runs `migration restore ID`, which takes a
# safety backup of the database as it is, asks for confirmation (--yes or -y
# answers it, and is required when not on a terminal), restores backup ID
# (an id from `migration backup list`, or `latest`) and verifies it.
# Usage: restore_database.sh ID [--yes]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
run_migration restore "$@"

#!/usr/bin/env bash
# Compares our `migration` binary with the stock sea-orm-migration CLI
# (`run_cli(Migrator)` over the same migrations), both in release mode, on
# the same PostgreSQL with the same URL, and prints the median wall time of
# each and the ratio ours/stock for:
#   (a) a no-op `up` (nothing pending), and
#   (b) `up` of the baseline on an empty database.
# Usage: scripts/bench-engine.sh [RUNS]   (default 21)
# Server: BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-21}
server=${BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}
db=mk_bench_$$
url="$server/$db"
# Each run's pre-up backup goes to a scratch directory, not ./backups.
export MIGRATION_BACKUP_DIR=$(mktemp -d)

cargo build --release -q -p migration
cargo build --release -q --manifest-path bench/stock-cli/Cargo.toml
ours=target/release/migration
stock=bench/stock-cli/target/release/stock-cli

psql_admin() { psql -X -q "$server/postgres" -c "$1" >/dev/null; }
recreate() { psql_admin "DROP DATABASE IF EXISTS $db WITH (FORCE)"; psql_admin "CREATE DATABASE $db"; }
trap 'psql_admin "DROP DATABASE IF EXISTS $db WITH (FORCE)"; rm -rf "$MIGRATION_BACKUP_DIR"' EXIT

now_ms() { date +%s%N; }
# time_ms CMD...: runs CMD quietly, prints its wall time in milliseconds (fractional).
time_ms() {
  local start end
  start=$(now_ms)
  "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
  end=$(now_ms)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f\n", (e - s) / 1e6 }'
}
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

noop_ours=(); noop_stock=(); base_ours=(); base_stock=()
recreate
DATABASE_URL=$url "$ours" up >/dev/null 2>&1
for _ in $(seq "$runs"); do
  noop_ours+=("$(time_ms env DATABASE_URL="$url" "$ours" up)")
  noop_stock+=("$(time_ms env DATABASE_URL="$url" "$stock" up)")
done
for _ in $(seq "$runs"); do
  recreate
  base_ours+=("$(time_ms env DATABASE_URL="$url" "$ours" up)")
  recreate
  base_stock+=("$(time_ms env DATABASE_URL="$url" "$stock" up)")
done

report() {
  local name=$1 target=$2 ours_ms stock_ms
  shift 2
  ours_ms=$(printf '%s\n' "${@:1:$runs}" | median)
  stock_ms=$(printf '%s\n' "${@:$((runs + 1))}" | median)
  awk -v n="$name" -v o="$ours_ms" -v s="$stock_ms" -v t="$target" \
    'BEGIN { r = o / s; printf "%-22s ours %8.1f ms   stock %8.1f ms   ratio %.2fx   target <= %.1fx   %s\n", n, o, s, r, t, (r <= t) ? "met" : "MISSED" }'
}
echo "PostgreSQL: $(psql -X -tA "$server/postgres" -c 'SHOW server_version'), $runs runs each, median wall time"
report "(a) no-op up" 0.6 "${noop_ours[@]}" "${noop_stock[@]}"
report "(b) baseline up" 1.0 "${base_ours[@]}" "${base_stock[@]}"

#!/usr/bin/env bash
# Compares our `migration` binary with the stock sea-orm-migration CLI
# (`run_cli(Migrator)` over the same migrations), both in release mode, on
# the same PostgreSQL with the same URL, and prints the median wall time of
# each and the ratio ours/stock for:
#   (a) a no-op `up` (nothing pending), and
#   (b) `up` of the baseline on an empty database.
# Beside (a) it times the same no-op `up` with `sslmode=disable`, the floor
# without TLS, and prints the ratio of the default (TLS negotiated) to it:
# that ratio is what connection start-up costs (target <= 2x).
# Then, unless BENCH_MYSQL_URL is empty, the same no-op `up` on MySQL/MariaDB
# with the default `ssl-mode` (PREFERRED) and with `ssl-mode=disabled`.
# Usage: scripts/bench-engine.sh [RUNS]   (default 21)
# Servers: BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432),
# BENCH_MYSQL_URL (default mysql://root@127.0.0.1:3306; user[:password]@host[:port],
# the password without percent-encoding).
# Figures are only worth keeping when the machine is otherwise idle: the
# load average is printed before and after.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-21}
server=${BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}
mysql_server=${BENCH_MYSQL_URL-mysql://root@127.0.0.1:3306}
db=mk_bench_$$
url="$server/$db"
url_plain="$url?sslmode=disable"
# Each run's pre-up backup goes to a scratch directory, not ./backups.
export MIGRATION_BACKUP_DIR=$(mktemp -d)

cargo build --release -q -p migration
cargo build --release -q --manifest-path bench/stock-cli/Cargo.toml
ours=target/release/migration
stock=bench/stock-cli/target/release/stock-cli

psql_admin() { psql -X -q "$server/postgres" -c "$1" >/dev/null; }
recreate() { psql_admin "DROP DATABASE IF EXISTS $db WITH (FORCE)"; psql_admin "CREATE DATABASE $db"; }
# my_admin SQL: runs SQL on the MySQL/MariaDB server of BENCH_MYSQL_URL.
my_admin() {
  local rest=${mysql_server#mysql://} userinfo hostport
  userinfo=${rest%%@*}; hostport=${rest#*@}; hostport=${hostport%%/*}
  local user=${userinfo%%:*} password= host=${hostport%%:*} port=3306
  [[ $userinfo == *:* ]] && password=${userinfo#*:}
  [[ $hostport == *:* ]] && port=${hostport##*:}
  MYSQL_PWD=$password mariadb --protocol=TCP -h "$host" -P "$port" -u "$user" -N -B -e "$1"
}
cleanup() {
  psql_admin "DROP DATABASE IF EXISTS $db WITH (FORCE)"
  [ -z "$mysql_server" ] || my_admin "DROP DATABASE IF EXISTS $db" || true
  rm -rf "$MIGRATION_BACKUP_DIR"
}
trap cleanup EXIT

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

load() { cut -d' ' -f1-3 /proc/loadavg; }
load_before=$(load)

noop_ours=(); noop_stock=(); base_ours=(); base_stock=(); plain_ours=(); plain_stock=()
recreate
DATABASE_URL=$url "$ours" up >/dev/null 2>&1
# Interleaved, so that a change of load weighs on all four alike.
for _ in $(seq "$runs"); do
  noop_ours+=("$(time_ms env DATABASE_URL="$url" "$ours" up)")
  noop_stock+=("$(time_ms env DATABASE_URL="$url" "$stock" up)")
  plain_ours+=("$(time_ms env DATABASE_URL="$url_plain" "$ours" up)")
  plain_stock+=("$(time_ms env DATABASE_URL="$url_plain" "$stock" up)")
done
for _ in $(seq "$runs"); do
  recreate
  base_ours+=("$(time_ms env DATABASE_URL="$url" "$ours" up)")
  recreate
  base_stock+=("$(time_ms env DATABASE_URL="$url" "$stock" up)")
done

# compare NAME TARGET LABEL_A LABEL_B A_MS... B_MS...: the medians of two
# series of runs and their ratio A/B, checked against TARGET unless it is "-".
compare() {
  local name=$1 target=$2 label_a=$3 label_b=$4 a_ms b_ms
  shift 4
  a_ms=$(printf '%s\n' "${@:1:$runs}" | median)
  b_ms=$(printf '%s\n' "${@:$((runs + 1))}" | median)
  awk -v n="$name" -v la="$label_a" -v lb="$label_b" -v a="$a_ms" -v b="$b_ms" -v t="$target" \
    'BEGIN { r = a / b; printf "%-22s %s %8.1f ms   %-6s %8.1f ms   ratio %.2fx", n, la, a, lb, b, r
             if (t == "-") print ""; else printf "   target <= %.1fx   %s\n", t, (r <= t) ? "met" : "MISSED" }'
}
# report NAME TARGET OURS_MS... STOCK_MS...: ours against the stock CLI.
report() { compare "$1" "$2" ours stock "${@:3}"; }
# floor NAME TARGET DEFAULT_MS... PLAIN_MS...: our runs with the default TLS
# settings against our runs with TLS disabled.
floor() { compare "$1" "$2" ours "no TLS" "${@:3}"; }

report "(a) no-op up" 0.6 "${noop_ours[@]}" "${noop_stock[@]}"
report "(a) sslmode=disable" - "${plain_ours[@]}" "${plain_stock[@]}"
floor "(a) TLS / no TLS" 2.0 "${noop_ours[@]}" "${plain_ours[@]}"
report "(b) baseline up" 1.0 "${base_ours[@]}" "${base_stock[@]}"

if [ -n "$mysql_server" ]; then
  my_url="$mysql_server/$db"
  my_plain="$my_url?ssl-mode=disabled"
  my_admin "DROP DATABASE IF EXISTS $db; CREATE DATABASE $db"
  DATABASE_URL=$my_url "$ours" up >/dev/null 2>&1
  my_ours=(); my_stock=(); my_plain_ours=()
  for _ in $(seq "$runs"); do
    my_ours+=("$(time_ms env DATABASE_URL="$my_url" "$ours" up)")
    my_stock+=("$(time_ms env DATABASE_URL="$my_url" "$stock" up)")
    my_plain_ours+=("$(time_ms env DATABASE_URL="$my_plain" "$ours" up)")
  done
  echo "MySQL/MariaDB: $(my_admin 'SELECT VERSION()'), have_ssl = $(my_admin "SELECT @@have_ssl"), $runs runs each, median wall time"
  # The 0.6x target is PostgreSQL's; here the ratio is shown, not judged.
  report "(a) no-op up" - "${my_ours[@]}" "${my_stock[@]}"
  floor "(a) TLS / no TLS" 2.0 "${my_ours[@]}" "${my_plain_ours[@]}"
fi
echo "load average (1, 5, 15 min): $load_before before, $(load) after"

#!/usr/bin/env bash
# Backup and restore benchmark on PostgreSQL. Creates (once) a database of
# about SIZE_MB (default 1024) with indexed tables and a JSONB column, then
# in the same run and alternating, RUNS times each (default 3):
#   - our `backup create` (custom format, verification included) vs raw `pg_dump -Fc`;
#   - our directory/parallel mode (`--jobs 2`) vs the old scripts' plain-SQL `pg_dump`;
#   - our `restore` vs raw single-job `pg_restore` into a new database;
# and prints medians, sizes and ratios, plus how much of our backup time the
# verification takes (timed alone with `backup verify`).
# Usage: scripts/bench-backup.sh [RUNS] [SIZE_MB]
# Server: BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-3}
size_mb=${2:-1024}
server=${BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}
db=mk_bench_backup_v2_${size_mb}mb
url="$server/$db"
work=$(mktemp -d /var/tmp/mk-bench.XXXXXX)
trap 'rm -rf "$work"; psql -X -q "$server/postgres" -c "DROP DATABASE IF EXISTS ${db}_raw WITH (FORCE)" >/dev/null 2>&1 || true' EXIT

cargo build --release -q -p migration
ours="$PWD/target/release/migration"
major=$(psql -X -tA "$server/postgres" -c "SELECT current_setting('server_version_num')::int / 10000")
bin=/usr/lib/postgresql/$major/bin

psql_q() { psql -X -q -v ON_ERROR_STOP=1 "$@" >/dev/null; }

if [ "$(psql -X -tA "$server/postgres" -c "SELECT count(*) FROM pg_database WHERE datname = '$db'")" = 0 ]; then
  echo "creating $db (about $size_mb MB), once"
  psql_q "$server/postgres" -c "CREATE DATABASE $db"
  "$ours" -u "$url" --no-backup up >/dev/null
  psql_q "$url" -c "CREATE TABLE events (
      id bigserial PRIMARY KEY, org_id integer NOT NULL, kind text NOT NULL,
      payload jsonb NOT NULL, created_at timestamptz NOT NULL)"
  # About 330 bytes per row with its indexes.
  rows=$(( size_mb * 1024 * 1024 / 330 ))
  batch=500000
  for start in $(seq 1 "$batch" "$rows"); do
    end=$(( start + batch - 1 )); [ "$end" -gt "$rows" ] && end=$rows
    # Audit-log-like rows: a random request id, repetitive keys and values.
    psql_q "$url" -c "INSERT INTO events (org_id, kind, payload, created_at)
      SELECT (i % 1000), (ARRAY['login', 'logout', 'dns.record.update', 'firewall.rule.create', 'api_key.rotate', 'member.invite'])[1 + i % 6],
             jsonb_build_object('request_id', md5(i::text), 'user', 'user-' || (i % 5000), 'ip', '10.' || (i % 250) || '.' || (i % 200) || '.1',
                                'zone', 'zone-' || (i % 300) || '.example.com', 'success', i % 13 <> 0, 'latency_ms', i % 997,
                                'user_agent', 'Mozilla/5.0 (X11; Linux x86_64) ops-center/' || (i % 40)),
             timestamptz '2025-01-01' + (i || ' seconds')::interval
      FROM generate_series($start, $end) AS i"
  done
  psql_q "$url" -c "CREATE INDEX events_org ON events (org_id)" -c "CREATE INDEX events_created ON events (created_at)" -c "VACUUM ANALYZE events"
fi
echo "database: $db, $(psql -X -tA "$url" -c "SELECT pg_size_pretty(pg_database_size(current_database()))"), pg_dump $("$bin/pg_dump" --version | awk '{print $3}'), $(nproc) cores, $runs runs each"

now_ms() { date +%s%N; }
timed() { # timed CMD...: prints the wall time in ms
  local start end; start=$(now_ms)
  "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
  end=$(now_ms); echo $(( (end - start) / 1000000 ))
}
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
size_of() { du -sb "$1" | cut -f1; }

keep=(--backup-dir "$work/backups" --retention-days 0 --keep-min 1)
declare -a t_ours t_raw t_par t_plain t_verify t_restore t_pgrestore
for i in $(seq "$runs"); do
  t_ours+=("$(timed "$ours" -u "$url" "${keep[@]}" backup create)")
  ours_file=$("$ours" -u "$url" "${keep[@]}" backup list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["backups"][0]["file"])')
  ours_size=$(size_of "$work/backups/$ours_file")
  t_verify+=("$(timed "$ours" -u "$url" "${keep[@]}" backup verify)")
  t_raw+=("$(timed "$bin/pg_dump" -Fc -f "$work/raw.dump" "$url")")
  raw_size=$(size_of "$work/raw.dump")
  t_par+=("$(timed "$ours" -u "$url" "${keep[@]}" --jobs 2 backup create)")
  par_file=$("$ours" -u "$url" "${keep[@]}" backup list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["backups"][0]["file"])')
  par_size=$(size_of "$work/backups/$par_file")
  t_plain+=("$(timed "$bin/pg_dump" -f "$work/plain.sql" "$url")")
  plain_size=$(size_of "$work/plain.sql"); rm -f "$work/plain.sql"
  # Restore the custom-format backup: ours (safety backup, scratch load, checks, swap) vs raw pg_restore.
  "$ours" -u "$url" "${keep[@]}" backup create --reason restore-source >/dev/null 2>&1
  source_id=$("$ours" -u "$url" "${keep[@]}" backup list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["backups"][0]["id"])')
  t_restore+=("$(timed "$ours" -u "$url" "${keep[@]}" restore "$source_id" --yes)")
  psql_q "$server/postgres" -c "DROP DATABASE IF EXISTS ${db}_raw WITH (FORCE)" -c "CREATE DATABASE ${db}_raw"
  t_pgrestore+=("$(timed "$bin/pg_restore" --no-owner -d "$server/${db}_raw" "$work/raw.dump")")
  echo "run $i done" >&2
done

m() { printf '%s\n' "$@" | median; }
ours_ms=$(m "${t_ours[@]}"); raw_ms=$(m "${t_raw[@]}"); par_ms=$(m "${t_par[@]}"); plain_ms=$(m "${t_plain[@]}")
verify_ms=$(m "${t_verify[@]}"); restore_ms=$(m "${t_restore[@]}"); pgrestore_ms=$(m "${t_pgrestore[@]}")
awk -v o="$ours_ms" -v r="$raw_ms" -v p="$par_ms" -v pl="$plain_ms" -v v="$verify_ms" \
    -v rs="$restore_ms" -v pr="$pgrestore_ms" -v os="$ours_size" -v rsz="$raw_size" \
    -v ps="$par_size" -v pls="$plain_size" 'BEGIN {
  printf "%-44s %9s %12s %8s  %s\n", "measure (median)", "ms", "size (MB)", "ratio", "target"
  printf "%-44s %9d %12.1f\n", "raw pg_dump -Fc (default compression)", r, rsz / 1048576
  printf "%-44s %9d %12.1f %7.2fx  <= 0.60x %s\n", "ours: backup create (verification included)", o, os / 1048576, o / r, (o / r <= 0.6) ? "met" : "MISSED"
  printf "%-44s %9d %12s %7.2fx  (share of our backup time)\n", "  of which verification (backup verify alone)", v, "", v / o
  printf "%-44s %9d %12.1f\n", "plain-SQL pg_dump (old scripts)", pl, pls / 1048576
  printf "%-44s %9d %12.1f %7.2fx  <= 1.10x %s\n", "ours: --jobs 2 directory format", p, ps / 1048576, p / pl, (p / pl <= 1.1) ? "met" : "MISSED"
  printf "%-44s %9s %12s %7.2fx  <= 0.15x %s\n", "  size vs plain SQL", "", "", ps / pls, (ps / pls <= 0.15) ? "met" : "MISSED"
  printf "%-44s %9d\n", "raw pg_restore, single job, new database", pr
  printf "%-44s %9d %12s %7.2fx  <= 1.00x %s\n", "ours: restore (safety backup, load, checks)", rs, "", rs / pr, (rs / pr <= 1.0) ? "met" : "MISSED"
}'

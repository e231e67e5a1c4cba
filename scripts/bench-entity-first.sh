#!/usr/bin/env bash
# The entity-first benchmark and its comparison with Alembic.
#
# Runs `migration/benches/entity_first.rs` in release mode: a synthetic
# schema of 300 tables (10 columns, 3 indexes, 2 foreign keys each) read back
# from PostgreSQL and from SQLite, diffed against a changed copy and rendered
# as a migration (target: under 2 s end to end on each backend), and the
# scratch-database set-up of `check` on the ops-center schema (target: under
# 1 s). It prints the median of each phase over RUNS runs.
# Then, with a virtualenv holding Alembic (made in target/alembic-venv when
# missing: python3 -m venv + pip install alembic sqlalchemy psycopg2-binary),
# it runs the peer benchmark ../shared/peers/alembic-300/bench.sh (Alembic on
# the same 300 tables on PostgreSQL), takes the median of its three
# `revision --autogenerate` and three `check` timings, and prints the ratio
# ours/Alembic for autogenerate (our connect+read+diff+render) and for check
# (our connect+read+diff).
# Usage: scripts/bench-entity-first.sh [RUNS]   (default 5)
# Server: BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432; the
# peer benchmark always uses postgres@127.0.0.1:5432). ALEMBIC_VENV overrides
# the virtualenv's directory; ALEMBIC_VENV= (empty) skips the comparison.
# Figures are only worth keeping when the machine is otherwise idle: the load
# average is printed before and after.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-5}
venv=${ALEMBIC_VENV-target/alembic-venv}
peer=../shared/peers/alembic-300/bench.sh
target_dir=${CARGO_TARGET_DIR:-target}
mkdir -p "$target_dir"
ours=$(mktemp "$target_dir/bench-entity-first.XXXXXX")
theirs=$(mktemp "$target_dir/bench-entity-first-alembic.XXXXXX")
trap 'rm -f "$ours" "$theirs"' EXIT

load() { cut -d' ' -f1-3 /proc/loadavg; }
load_before=$(load)

cargo bench -q -p migration --bench entity_first -- "$runs" | tee "$ours"

# ours_ms PHASE: our PostgreSQL median (ms) for the row whose phase starts with PHASE.
ours_ms() {
  awk -F'|' -v phase="$1" '
    { gsub(/^ +| +$/, "", $2); gsub(/^ +| +$/, "", $3); gsub(/^ +| ms *$/, "", $4) }
    $2 == "PostgreSQL" && index($3, phase) == 1 { print $4; exit }' "$ours"
}
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

if [ -z "$venv" ]; then
  echo "ALEMBIC_VENV is empty: no comparison with Alembic"
elif [ ! -x "$peer" ]; then
  echo "no peer benchmark at $peer: no comparison with Alembic"
else
  if [ ! -x "$venv/bin/alembic" ]; then
    echo "making $venv (alembic, sqlalchemy, psycopg2-binary)"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q alembic sqlalchemy psycopg2-binary
  fi
  venv_abs=$(cd "$venv" && pwd)
  echo
  echo "Alembic $("$venv/bin/alembic" --version | awk '{ print $NF }'), SQLAlchemy $("$venv/bin/python" -c 'import sqlalchemy; print(sqlalchemy.__version__)'):"
  "$peer" "$venv_abs" | tee "$theirs"
  alembic_generate=$(grep '^alembic revision --autogenerate' "$theirs" | awk '{ print $(NF - 1) }' | median)
  alembic_check=$(grep '^alembic check' "$theirs" | awk '{ print $(NF - 1) }' | median)
  ours_generate=$(ours_ms "end to end")
  ours_check=$(ours_ms "check's comparison")
  echo
  echo "PostgreSQL, 300 tables, median wall time (ours: $runs runs; Alembic: 3 runs):"
  echo
  echo "| | ours | Alembic | ours/Alembic |"
  echo "|---|---|---|---|"
  awk -v o="$ours_generate" -v a="$alembic_generate" \
    'BEGIN { printf "| autogenerate (ours: connect, read, diff, render; Alembic: revision --autogenerate) | %.1f ms | %.1f ms | %.3fx |\n", o, a, o / a }'
  awk -v o="$ours_check" -v a="$alembic_check" \
    'BEGIN { printf "| check (ours: connect, read, diff; Alembic: alembic check) | %.1f ms | %.1f ms | %.3fx |\n", o, a, o / a }'
fi
echo
echo "load average (1, 5, 15 min): $load_before before, $(load) after"

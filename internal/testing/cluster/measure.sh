#!/usr/bin/env bash
# Throughput of the single process (dvc dev) and of the cluster (make cluster-serve) in one
# session, with the CPU each part used (docs/capacity.md). Usage, from the repository root:
#
#   make build && internal/testing/cluster/measure.sh [OUT_DIR] [SECONDS]
#   SCENARIOS=lookup internal/testing/cluster/measure.sh …   (only those scenarios)
#
# For each shape it runs `dvc loadgen` (submit, lifecycle, officer at 50/s, lookup by
# code), reads the CPU time of every process from /proc before and after each run
# (PostgreSQL: the postmaster with its reaped backends and the live ones), and writes
# OUT_DIR/<shape>-<scenario>.json (loadgen's report) and OUT_DIR/cpu.tsv
# (shape, scenario, part, CPU seconds). The cluster shapes: two APIs and two workers, one
# API, one worker (worker-2 stopped), one of each.
set -euo pipefail
cd "$(dirname "$0")/../../.."
export GOTOOLCHAIN=local
OUT=${1:-/tmp/dvc-measure}
SECS=${2:-20}
BIN=$PWD/bin/dvc
mkdir -p "$OUT"
: > "$OUT/cpu.tsv"
TICK=$(getconf CLK_TCK)

# ticks PID: user+system time of a process (0 when gone).
ticks() { awk '{print $14+$15}' "/proc/$1/stat" 2>/dev/null || echo 0; }

# pgticks DIR: a PostgreSQL server's time: the postmaster with its reaped children and the
# live children (the processes whose working directory is DIR).
pgticks() {
  local dir=$1 pm t=0 p
  pm=$(head -1 "$dir/postmaster.pid")
  t=$(awk '{print $14+$15+$16+$17}' "/proc/$pm/stat")
  for p in /proc/[0-9]*; do
    [ "${p#/proc/}" = "$pm" ] && continue
    [ "$(readlink "$p/cwd" 2>/dev/null)" = "$dir" ] || continue
    t=$((t + $(awk '{print $14+$15}' "$p/stat" 2>/dev/null || echo 0)))
  done
  echo "$t"
}

# snapshot PARTS...: "name=ticks" for each part "name:pid" or "name:pg:DIR".
snapshot() {
  local part name rest
  for part in "$@"; do
    name=${part%%:*} rest=${part#*:}
    case $rest in
      pg:*) echo "$name=$(pgticks "${rest#pg:}")" ;;
      *) echo "$name=$(ticks "$rest")" ;;
    esac
  done
}

# run SHAPE SCENARIO URLS DBURL TEMPORAL PARTS...: one loadgen run and the CPU it cost.
run() {
  local shape=$1 scenario=$2 urls=$3 db=$4 temporal=$5
  shift 5
  local args=(--scenario "$scenario" --duration "${SECS}s" --concurrency 8)
  case $scenario in
    officer) args=(--scenario officer --rate 50 --max-inflight 64 --duration "${SECS}s") ;;
    lookup) args+=(--lookup-by code) ;;
  esac
  local before after
  before=$(snapshot "$@")
  "$BIN" loadgen --url "$urls" --database-url "$db" --temporal "$temporal" "${args[@]}" --json \
    > "$OUT/$shape-$scenario.json" 2> "$OUT/$shape-$scenario.err" || true
  after=$(snapshot "$@")
  paste <(echo "$before") <(echo "$after") | while IFS=$'\t' read -r b a; do
    printf '%s\t%s\t%s\t%.2f\n' "$shape" "$scenario" "${b%%=*}" "$(echo "(${a#*=} - ${b#*=}) / $TICK" | bc -l)"
  done >> "$OUT/cpu.tsv"
  jq -r --arg s "$shape" '"\($s) \(.scenario): \(.iterations) in \(.elapsed_s|floor) s (\((.iterations/.elapsed_s)*10|floor/10)/s), errors \(.errors)"' \
    "$OUT/$shape-$scenario.json"
}

# scenarios SHAPE URLS DBURL TEMPORAL PARTS...: the four runs.
scenarios() {
  local shape=$1 urls=$2 db=$3 temporal=$4 s
  shift 4
  for s in ${SCENARIOS:-submit lifecycle officer lookup}; do run "$shape" "$s" "$urls" "$db" "$temporal" "$@"; done
}

# waitfor URL: until it answers 200 (three minutes at most).
waitfor() {
  for _ in $(seq 1800); do curl -fs -o /dev/null "$1" && return 0; sleep 0.1; done
  echo "no answer from $1" >&2; return 1
}

single() {
  local d=$OUT/dev
  rm -rf "$d" && mkdir -p "$d" && chmod 755 "$OUT" "$d"
  "$BIN" dev --data_dir "$d" --http.addr 127.0.0.1:18080 --temporal.port 17233 --temporal.ui_port -1 \
    --http.lookup_limit 100000000 --http.registration_limit 1000000 --log.level warn > "$d.log" 2>&1 &
  local pid=$!
  waitfor http://127.0.0.1:18080/readyz
  local db="postgres://dvc@127.0.0.1:$(sed -n 4p "$d/postgres/postmaster.pid")/dvc?sslmode=disable"
  scenarios single http://127.0.0.1:18080 "$db" 127.0.0.1:17233 "dvc:$pid" "postgres:pg:$d/postgres"
  kill -INT "$pid"; wait "$pid" || true
}

cluster() {
  rm -f "$OUT/stop"
  DVC_CLUSTER=serve DVC_CLUSTER_SERVE_FOR=60m DVC_CLUSTER_STOP_FILE=$OUT/stop go test -count=1 -timeout 0 -v -run TestCluster ./internal/testing/cluster/ \
    > "$OUT/cluster.log" 2>&1 &
  local test=$!
  for _ in $(seq 3600); do grep -q '^  loadgen:' "$OUT/cluster.log" && break; sleep 0.5; done
  local line procs urls db temporal dir
  line=$(grep '^  loadgen:' "$OUT/cluster.log") procs=$(grep '^  processes:' "$OUT/cluster.log")
  urls=$(sed -E 's/.*--url ([^ ]+).*/\1/' <<<"$line")
  db=$(sed -E "s/.*--database-url '([^']+)'.*/\1/" <<<"$line")
  temporal=$(sed -E 's/.*--temporal ([^ ]+).*/\1/' <<<"$line")
  pid() { sed -E "s/.*$1=([0-9]+).*/\1/" <<<"$procs"; }
  dir=$(sed -nE 's/^  dir: (.*)$/\1/p' "$OUT/cluster.log")
  local pg=("primary:pg:$dir/pg-primary" "replica:pg:$dir/pg-replica" "temporal-db:pg:$dir/pg-temporal")
  local t=("temporal-1:$(pid temporal-1)" "temporal-2:$(pid temporal-2)")
  local w=("worker-1:$(pid worker-1)" "worker-2:$(pid worker-2)") a=("api-1:$(pid api-1)" "api-2:$(pid api-2)")
  scenarios "2api-2worker" "$urls" "$db" "$temporal" "${a[@]}" "${w[@]}" "${t[@]}" "${pg[@]}"
  scenarios "1api-2worker" "${urls%%,*}" "$db" "$temporal" "${a[@]}" "${w[@]}" "${t[@]}" "${pg[@]}"
  kill -TERM "$(pid worker-2)"
  scenarios "2api-1worker" "$urls" "$db" "$temporal" "${a[@]}" "${w[@]}" "${t[@]}" "${pg[@]}"
  scenarios "1api-1worker" "${urls%%,*}" "$db" "$temporal" "${a[@]}" "${w[@]}" "${t[@]}" "${pg[@]}"
  touch "$OUT/stop"; wait "$test" || true
}

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
single
cluster
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "CPU seconds by part: $OUT/cpu.tsv"

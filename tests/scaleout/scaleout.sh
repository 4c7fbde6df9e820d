#!/usr/bin/env bash
# Scale-out on loopback: PostgreSQL, two `iotile-server serve` instances (no job threads) and one
# `iotile-server worker` behind nginx. Uploads data through nginx from several threads, SIGKILLs one serve
# instance mid-run, and checks that every point is stored exactly once and every job ran exactly once.
# Usage: tests/scaleout/scaleout.sh [build-dir]   (default: build; needs server/iotile-server built)
# Takes about a minute; BATCHES/POINTS/THREADS/JOBS in the environment change the load.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/../../scripts/lib/common.sh"
source "$HERE/../../scripts/lib/pg.sh"

BUILD_DIR="${1:-${BUILD_DIR:-$ROOT/build}}"
BIN="$BUILD_DIR/server/iotile-server"
[ -x "$BIN" ] || { echo "no $BIN: build the iotile-server target first" >&2; exit 2; }
BATCHES="${BATCHES:-240}"; POINTS="${POINTS:-50}"; THREADS="${THREADS:-4}"; JOBS="${JOBS:-40}"
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || ensure_packages nginx
export PATH="$PATH:/usr/sbin"

DIR=$(mktemp -d /tmp/iotile-scaleout.XXXXXX)
PIDS=()
cleanup() {
    local rc=$?
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    pg_stop
    if [ $rc -ne 0 ]; then
        echo "--- logs in $DIR (kept)" >&2
        tail -n 20 "$DIR"/*.log >&2 || true
    else
        rm -rf "$DIR"
    fi
    exit $rc
}
trap cleanup EXIT

pg_start "-c fsync=off"
psql_admin() { psql -X -q -v ON_ERROR_STOP=1 "$PG_URL" "$@"; }
psql_admin -c "CREATE DATABASE iotile_scale"
DB_URL="postgresql://postgres@127.0.0.1:$PG_PORT/iotile_scale"
q() { psql -X -qtA -v ON_ERROR_STOP=1 "$DB_URL" -c "$1"; }

PORT_A=$(free_port); PORT_B=$(free_port); PORT_PROXY=$(free_port)
COMMON=(--database-url "$DB_URL" --data-dir "$DIR/data" --jwt-secret scale-out-shared-secret
        --trust-proxy-headers true --log-level warning --access-log false --password-iterations 1000)
mkdir -p "$DIR/data" "$DIR/tmp"
chmod 777 "$DIR/tmp"

log "schema and user"
"$BIN" migrate "${COMMON[@]}" >/dev/null
"$BIN" createuser "${COMMON[@]}" --email ops@example.com --password scale-out-pw --staff >/dev/null
q "CREATE TABLE IF NOT EXISTS worker_test_executions (job_id BIGINT NOT NULL UNIQUE, tag TEXT NOT NULL,
   attempt INTEGER NOT NULL, worker TEXT NOT NULL, executed_at BIGINT NOT NULL)"

# The catalog has no API for device templates (staff manage them in the admin): one row for the device.
q "INSERT INTO device_templates (uuid, external_sku, slug, created_on)
   VALUES ('6a0c7c3e-0000-4000-8000-000000000001', 'Scale Template', 'scale-template-v0-0-0', 0)"

start_serve() { # name port
    "$BIN" serve "${COMMON[@]}" --port "$2" --worker-threads 0 --http-threads 2 >"$DIR/$1.log" 2>&1 &
    PIDS+=($!)
    eval "PID_$1=$!"
}
start_serve A "$PORT_A"
start_serve B "$PORT_B"
IOTILE_TEST_ACTIONS=1 "$BIN" worker "${COMMON[@]}" --worker-threads 3 --worker-poll-ms 100 \
    --job-lease-seconds 5 >"$DIR/worker.log" 2>&1 &
PIDS+=($!)
sed -e "s#@DIR@#$DIR#g" -e "s#@PORT_A@#$PORT_A#g" -e "s#@PORT_B@#$PORT_B#g" \
    -e "s#@PORT_PROXY@#$PORT_PROXY#g" "$HERE/nginx.conf.in" >"$DIR/nginx.conf"
nginx -c "$DIR/nginx.conf" -p "$DIR" >"$DIR/nginx.log" 2>&1 &
PIDS+=($!)
for port in "$PORT_A" "$PORT_B" "$PORT_PROXY"; do
    for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/api/v1/health/" >/dev/null 2>&1 && break; sleep 0.1; done
    curl -fsS "http://127.0.0.1:$port/api/v1/health/" >/dev/null
done
log "serve A :$PORT_A (pid $PID_A), serve B :$PORT_B (pid $PID_B), worker, nginx :$PORT_PROXY"

# Jobs for the worker: each records its execution in the transaction that marks it done.
q "INSERT INTO jobs (action, args, status, priority, attempts, max_attempts, run_after, created_at, updated_at)
   SELECT 'WorkerTestAction', json_build_object('tag', 'scale-' || g, 'sleep_ms', 100, 'atomic', true)::jsonb,
          'queued', 0, 0, 5, 0, 0, 0 FROM generate_series(1, $JOBS) AS g"

log "ingesting $BATCHES x $POINTS points from $THREADS threads through nginx; SIGKILL of serve A midway"
KILL_FILE="$DIR/kill-now"
python3 "$HERE/ingest.py" "http://127.0.0.1:$PORT_PROXY" ops@example.com scale-out-pw \
    "$BATCHES" "$POINTS" "$THREADS" $((BATCHES / 3)) "$KILL_FILE" >"$DIR/ingest.out" 2>"$DIR/ingest.err" &
INGEST=$!
while [ ! -e "$KILL_FILE" ] && kill -0 $INGEST 2>/dev/null; do sleep 0.05; done
if [ -e "$KILL_FILE" ]; then
    kill -KILL "$PID_A"
    log "killed serve A (SIGKILL) after $((BATCHES / 3)) batches"
fi
status=0
wait $INGEST || status=$?
cat "$DIR/ingest.err" >&2
summary=$(tail -n 1 "$DIR/ingest.out")
echo "client: $summary"
[ $status -eq 0 ] || { echo "FAIL: the client saw errors" >&2; exit 1; }
kill -0 "$PID_A" 2>/dev/null && { echo "FAIL: serve A was not killed" >&2; exit 1; }

EXPECTED=$((BATCHES * POINTS))
# What is stored, read back through the API by the client: every point, distinct (time, streamer id) pairs
# and the values' range (points live in chunks, docs/data-chunks.md, so SQL alone cannot count them).
field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$summary" "$1"; }
stored=$(field stored); distinct=$(field distinct); minv=$(field min_value); maxv=$(field max_value)
api_count=$(field api_count)
echo "stored $stored rows ($distinct distinct), values $minv..$maxv, API count $api_count, expected $EXPECTED"
[ "$stored" = "$EXPECTED" ] && [ "$distinct" = "$EXPECTED" ] && [ "$minv" = 0 ] && [ "$maxv" = $((EXPECTED - 1)) ] \
    || { echo "FAIL: points lost or duplicated" >&2; exit 1; }
[ "$api_count" = "$EXPECTED" ] || { echo "FAIL: the API reports $api_count points" >&2; exit 1; }
# Both instances took uploads before the kill (nginx balanced them).
served_a=$(grep -c '/api/v1/data/' "$DIR/nginx-access.log" || true)
log "nginx logged $served_a data uploads"

log "waiting for the worker to finish $JOBS jobs"
for _ in $(seq 1 300); do
    [ "$(q "SELECT count(*) FROM jobs WHERE action = 'WorkerTestAction' AND status = 'done'")" = "$JOBS" ] && break
    sleep 0.2
done
done_jobs=$(q "SELECT count(*) FROM jobs WHERE action = 'WorkerTestAction' AND status = 'done'")
executions=$(q "SELECT count(*) || ' ' || count(DISTINCT job_id) FROM worker_test_executions")
echo "jobs done $done_jobs of $JOBS; executions (rows, distinct jobs): $executions"
[ "$done_jobs" = "$JOBS" ] && [ "$executions" = "$JOBS $JOBS" ] || { echo "FAIL: jobs not done exactly once" >&2; exit 1; }

# Each live instance reports the shared queue in /metrics (loopback scrape).
curl -fsS "http://127.0.0.1:$PORT_B/metrics" | grep -E '^iotile_(job_queue_depth|ingest_points_total\{path="json"\}) ' || true
log "PASS: scale-out through nginx: $EXPECTED points stored once with an instance killed mid-run; $JOBS jobs done once"

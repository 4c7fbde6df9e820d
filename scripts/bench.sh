#!/usr/bin/env bash
# Builds a benchmark program and runs it, on SQLite or on a throwaway PostgreSQL 15 cluster started (and
# stopped) here: PostgreSQL's defaults with shared_buffers=256MB, fsync and synchronous_commit on, as every
# PostgreSQL figure in README was taken. Installs what it needs with apt.
#
#   scripts/bench.sh sqlite bench_query 1000000 100000
#   scripts/bench.sh postgres bench_ingest 1000000 4 2
#   PG_BENCH_OPTS="-c max_wal_size=4GB" scripts/bench.sh postgres bench_pg_copy 2000000 2   # other settings
#
# Figures go to stdout as the program prints them ("name: value unit" lines).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/pg.sh"

if [ $# -lt 2 ] || { [ "$1" != sqlite ] && [ "$1" != postgres ]; }; then
    echo "usage: $0 sqlite|postgres bench_NAME [arguments...]" >&2
    exit 2
fi
database="$1"
bench="$2"
shift 2

BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
ensure_packages $SERVER_PACKAGES postgresql python3
cmake_build "$BUILD_DIR" "$bench iotile-server" >&2
[ -x "$BUILD_DIR/bench/$bench" ] || { echo "no such benchmark: $bench" >&2; exit 2; }

if [ "$database" = postgres ]; then
    trap 'pg_stop' EXIT
    pg_start "${PG_BENCH_OPTS:-}"
    export IOTILE_TEST_DATABASE_URL="$PG_URL"
else
    unset IOTILE_TEST_DATABASE_URL
fi
"$BUILD_DIR/bench/$bench" "$@"

#!/usr/bin/env bash
# Builds everything and runs the whole test suite: every suite on SQLite, then the database suites again
# on a throwaway PostgreSQL 15 cluster (and once with stream data in a database of its own).
# Installs what it needs with apt on a fresh Debian 12 machine. Usage: scripts/test.sh [ctest -R regex]
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/pg.sh"
source "$(dirname "$0")/lib/s3.sh"

BUILD_DIR="${BUILD_DIR:-$ROOT/build-ci}"
FILTER=()
[ $# -gt 0 ] && FILTER=(-R "$1")

ensure_packages $SERVER_PACKAGES $CLIENT_PACKAGES $TEST_PACKAGES

start=$(date +%s)
log "building in $BUILD_DIR"
cmake_build "$BUILD_DIR" "" -DIOTILE_WERROR=ON
log "build took $(( $(date +%s) - start )) s"

trap 'pg_stop; s3_stop' EXIT
pg_start "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
# The original service's database for tst_import_original is always PostgreSQL, also on the SQLite run.
export IOTILE_TEST_PG_URL="$PG_URL"
# --- blob store: the S3 rows of tst_blob run against a local s3rver (scripts/lib/s3.sh) ---
s3_start
export IOTILE_TEST_S3_URL="$S3_URL"
# --- end blob store ---

cd "$BUILD_DIR"
status=0
log "tests on SQLite"
ctest --output-on-failure -j2 "${FILTER[@]}" || status=1
log "database tests on PostgreSQL"
IOTILE_TEST_DATABASE_URL="$PG_URL" ctest --output-on-failure -j2 -L db "${FILTER[@]}" || status=1
log "database tests on PostgreSQL with stream data in its own database, through the Unix socket"
IOTILE_TEST_DATABASE_URL="$PG_SOCKET_URL" IOTILE_TEST_SPLIT_DATA_DB=1 ctest --output-on-failure -j2 -L datadb "${FILTER[@]}" || status=1

# --- operations (issue 8): two serve instances and a worker behind nginx, one killed mid-ingest (~25 s) ---
if [ -z "${SKIP_SCALEOUT:-}" ]; then
    log "scale-out through nginx (tests/scaleout/scaleout.sh)"
    "$ROOT/tests/scaleout/scaleout.sh" "$BUILD_DIR" || status=1
fi
# --- packaging (issue 8): the server's .deb built, installed, started, checked and purged (~20 s) ---
if [ -n "${SKIP_DEB:-}" ]; then
    log "skipping the .deb test (SKIP_DEB)"
elif [ "$(id -u)" -ne 0 ] || dpkg-query -W -f='${Status}' iotile-server 2>/dev/null | grep -q "install ok installed"; then
    log "skipping the .deb test: it needs root and a machine without an installed iotile-server"
else
    log "the server's .deb (tests/packaging/test_deb.sh)"
    "$ROOT/tests/packaging/test_deb.sh" "$BUILD_DIR" || status=1
fi
# --- end operations ---

if [ -x "$ROOT/tests/fuzz/run_fuzz.sh" ] && [ -z "${SKIP_FUZZ:-}" ]; then
    log "fuzzing the report parsers (bounded)"
    CC=clang CXX=clang++ cmake_build "$ROOT/build-fuzz" "" -DIOTILE_FUZZ=ON -DIOTILE_BUILD_SERVER=OFF \
        -DIOTILE_BUILD_CLIENT=OFF -DIOTILE_BUILD_TESTS=OFF -DIOTILE_BUILD_BENCH=OFF
    "$ROOT/tests/fuzz/run_fuzz.sh" "$ROOT/build-fuzz" "${FUZZ_SECONDS:-20}" || status=1
fi

log "total $(( $(date +%s) - start )) s, status $status"
exit $status

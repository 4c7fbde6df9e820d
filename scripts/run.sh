#!/usr/bin/env bash
# Builds iotile-server and starts it on an embedded SQLite database in ./data (no other set-up).
# Installs what it needs with apt on a fresh Debian 12 machine. Environment: PORT (default 8000),
# LISTEN (default 127.0.0.1), DATA_DIR (default ./data). Extra arguments go to `iotile-server serve`.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
DATA_DIR="${DATA_DIR:-$ROOT/data}"
PORT="${PORT:-8000}"
LISTEN="${LISTEN:-127.0.0.1}"

ensure_packages $SERVER_PACKAGES
log "building iotile-server"
cmake_build "$BUILD_DIR" iotile-server -DIOTILE_BUILD_CLIENT=OFF -DIOTILE_BUILD_TESTS=OFF -DIOTILE_BUILD_BENCH=OFF
SERVER="$BUILD_DIR/server/iotile-server"

mkdir -p "$DATA_DIR"
if [ ! -f "$DATA_DIR/admin-password.txt" ]; then
    password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=' | head -c 16)
    "$SERVER" createuser --data-dir "$DATA_DIR" --email admin@example.com --password "$password" --superuser >/dev/null
    echo "$password" > "$DATA_DIR/admin-password.txt"
    chmod 600 "$DATA_DIR/admin-password.txt"
fi

cat >&2 <<MSG

  IOTile Cloud is starting on http://$LISTEN:$PORT/
  Health:   curl http://$LISTEN:$PORT/api/v1/health/
  Log in:   e-mail admin@example.com, password in $DATA_DIR/admin-password.txt
            curl -X POST -H 'Content-Type: application/json' \\
                 -d '{"email":"admin@example.com","password":"'"$(cat "$DATA_DIR/admin-password.txt")"'"}' \\
                 http://$LISTEN:$PORT/api/v1/auth/login/
  Stop:     Ctrl+C (finishes requests in flight)

MSG
exec "$SERVER" serve --data-dir "$DATA_DIR" --listen "$LISTEN" --port "$PORT" "$@"

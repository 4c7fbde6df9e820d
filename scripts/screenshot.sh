#!/usr/bin/env bash
# Renders IOTile Studio's main window with a chart under Xvfb and saves it as docs/images/studio-main.png
# (or the path given as the first argument).
#
# It builds iotile-server and iotile-studio, starts the server on a free loopback port with a staff account
# on a throwaway SQLite database, and seeds it through the REST API only (scripts/lib/seed-studio-demo.py:
# var types, a device template, two orgs with projects, devices and streams, and two days of readings
# every 30 s posted to /api/v1/data/). The studio then signs in to that server, charts three of the
# streams (--plot) for the last 24 hours, selects a device (--select) and saves the window. Nothing in the
# picture comes from the studio's built-in --demo data.
#
# The studio runs in a private D-Bus session with an unlocked gnome-keyring, so its token goes to a real
# keychain and no "no keychain" notice covers the picture. Environment: BUILD_DIR (default ./build).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
OUT="${1:-$ROOT/docs/images/studio-main.png}"
case "$OUT" in /*) ;; *) OUT="$PWD/$OUT" ;; esac

ensure_packages $SERVER_PACKAGES $CLIENT_PACKAGES xvfb xauth dbus dbus-x11 gnome-keyring
log "building iotile-server and iotile-studio in $BUILD_DIR"
cmake_build "$BUILD_DIR" "iotile-server iotile-studio"
SERVER="$BUILD_DIR/server/iotile-server"
STUDIO="$BUILD_DIR/client/iotile-studio"

work=$(mktemp -d)
server_pid=""
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

port=$(free_port)
password="demo-$(head -c 9 /dev/urandom | base64 | tr -d '/+=')"
"$SERVER" createuser --data-dir "$work/data" --email demo@example.com --password "$password" --name "Demo User" --staff >/dev/null
"$SERVER" serve --data-dir "$work/data" --listen 127.0.0.1 --port "$port" --access-log false >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.1
done
log "iotile-server on http://127.0.0.1:$port"
log "seeding orgs, projects, devices, streams and two days of data through the API"
seed=$(python3 "$ROOT/scripts/lib/seed-studio-demo.py" "http://127.0.0.1:$port" demo@example.com "$password" \
    "$work/data/iotile.sqlite")
studio_args=(--preset day)
while read -r what slug; do
    case "$what" in
        plot) studio_args+=(--plot "$slug") ;;
        select) studio_args+=(--select "$slug") ;;
    esac
done <<<"$seed"

mkdir -p "$(dirname "$OUT")" "$work/home" "$work/run"
chmod 700 "$work/run"
export HOME="$work/home" XDG_RUNTIME_DIR="$work/run" XDG_DATA_HOME="$work/home/.local/share"
export IOTILE_STUDIO_PASSWORD="$password" LANG=C.UTF-8
dbus-run-session -- sh -c '
    printf %s screenshot | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
    keyring=$!
    for _ in $(seq 1 100); do
        dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
            org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true" && break
        sleep 0.1
    done
    studio=$0 work=$1 port=$2 out=$3
    shift 4
    xvfb-run -a -s "-screen 0 1600x1000x24" "$studio" --settings "$work/studio.ini" \
        --server "http://127.0.0.1:$port" --email demo@example.com --size 1400x860 --screenshot "$out" "$@"
    status=$?
    kill $keyring 2>/dev/null
    exit $status
' "$STUDIO" "$work" "$port" "$OUT" "${studio_args[@]}"
log "saved $OUT"

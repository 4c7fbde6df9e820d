#!/usr/bin/env bash
# Builds the iotile-server .deb with CPack, installs it on this machine, starts the service, checks
# /api/v1/health/, then purges the package and checks that it left nothing behind (needs root).
#
# When systemd is PID 1 the unit is started with systemctl. In containers without systemd the script
# starts the unit's own ExecStart line as the unit's User= (runuser), with the unit's environment, and
# says so. Usage: tests/packaging/test_deb.sh [build-dir]   (default: build-deb; an existing build
# directory configured with -DIOTILE_BUILD_SERVER=ON is reused, only iotile-server is (re)built).
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib/common.sh"

BUILD_DIR="${1:-${BUILD_DIR:-$ROOT/build-deb}}"
[ "$(id -u)" -eq 0 ] || { echo "test_deb.sh installs a package: run it as root" >&2; exit 2; }
if dpkg-query -W -f='${Status}' iotile-server 2>/dev/null | grep -q "install ok installed"; then
    echo "iotile-server is already installed on this machine: not touching it" >&2
    exit 2
fi

PORT=$(free_port)
SERVER_PID=""
cleanup() {
    local rc=$?
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    if [ -d /run/systemd/system ]; then
        rm -rf /etc/systemd/system/iotile-server.service.d
    fi
    if dpkg-query -W -f='${Status}' iotile-server 2>/dev/null | grep -q "installed"; then
        dpkg --purge iotile-server >/dev/null 2>&1 || true
    fi
    exit $rc
}
trap cleanup EXIT

log "building iotile-server and its package in $BUILD_DIR"
if [ -f "$BUILD_DIR/CMakeCache.txt" ]; then
    # An existing build directory keeps its options (a developer's tree with tests stays as it is).
    cmake --build "$BUILD_DIR" -j"$(nproc)" --target iotile-server
else
    cmake_build "$BUILD_DIR" iotile-server -DIOTILE_BUILD_SERVER=ON -DIOTILE_BUILD_CLIENT=OFF \
        -DIOTILE_BUILD_TESTS=OFF -DIOTILE_BUILD_BENCH=OFF
fi
(cd "$BUILD_DIR" && rm -f iotile-server_*.deb && cpack -G DEB -D CPACK_COMPONENTS_ALL=server >/dev/null)
DEB=$(realpath "$BUILD_DIR"/iotile-server_*.deb)
log "package: $DEB"
dpkg-deb --info "$DEB" | sed -n '/Package:/,$p'
dpkg-deb --contents "$DEB"

# The package holds what it should.
contents=$(dpkg-deb --contents "$DEB")
for f in ./usr/bin/iotile-server ./lib/systemd/system/iotile-server.service \
         ./lib/systemd/system/iotile-server-worker.service ./etc/iotile/iotile-server.conf; do
    grep -q " $f\$" <<<"$contents" || { echo "FAIL: $f missing from the package" >&2; exit 1; }
done
control=$(dpkg-deb --ctrl-tarfile "$DEB" | tar -tf -)
grep -q conffiles <<<"$control" || { echo "FAIL: no conffiles" >&2; exit 1; }

log "installing"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$DEB" >/dev/null
getent passwd iotile >/dev/null || { echo "FAIL: no system user iotile" >&2; exit 1; }
[ "$(stat -c %U /var/lib/iotile)" = iotile ] || { echo "FAIL: /var/lib/iotile not owned by iotile" >&2; exit 1; }
[ "$(stat -c %a /etc/iotile/iotile-server.conf)" = 640 ] || { echo "FAIL: config mode" >&2; exit 1; }

UNIT=/lib/systemd/system/iotile-server.service
if [ -d /run/systemd/system ] && systemctl is-system-running >/dev/null 2>&1; then
    log "starting with systemd (port $PORT through a drop-in)"
    mkdir -p /etc/systemd/system/iotile-server.service.d
    printf '[Service]\nEnvironment=IOTILE_PORT=%s\n' "$PORT" >/etc/systemd/system/iotile-server.service.d/test.conf
    systemctl daemon-reload
    systemctl restart iotile-server.service
else
    # systemd is not running here (a container): run what the unit would run, as the unit's user.
    exec_start=$(sed -n 's/^ExecStart=//p' "$UNIT")
    user=$(sed -n 's/^User=//p' "$UNIT")
    workdir=$(sed -n 's/^WorkingDirectory=//p' "$UNIT")
    log "systemd is not running (systemctl: $(systemctl is-system-running 2>&1 || true));" \
        "starting the unit's ExecStart as $user: $exec_start (port $PORT)"
    LOG=$(mktemp /tmp/iotile-deb-test.XXXXXX.log)
    (cd "$workdir" && exec runuser -u "$user" -- env IOTILE_PORT="$PORT" $exec_start) >"$LOG" 2>&1 &
    SERVER_PID=$!
fi

log "waiting for http://127.0.0.1:$PORT/api/v1/health/"
ok=""
for _ in $(seq 1 100); do
    if body=$(curl -fsS "http://127.0.0.1:$PORT/api/v1/health/" 2>/dev/null); then ok=1; break; fi
    sleep 0.2
done
if [ -z "$ok" ]; then
    echo "FAIL: no answer from the installed server" >&2
    [ -n "${LOG:-}" ] && cat "$LOG" >&2
    [ -d /run/systemd/system ] && journalctl -u iotile-server --no-pager -n 50 >&2 || true
    exit 1
fi
echo "health: $body"
grep -q '"ok"' <<<"$body" || { echo "FAIL: unexpected health answer" >&2; exit 1; }
# The service wrote its SQLite database as the service user, in /var/lib/iotile.
[ "$(stat -c %U /var/lib/iotile/iotile.sqlite)" = iotile ] || { echo "FAIL: database not in /var/lib/iotile" >&2; exit 1; }
pgrep -u iotile -x iotile-server >/dev/null \
    || { echo "FAIL: server not running as iotile" >&2; exit 1; }

log "stopping and purging"
if [ -n "$SERVER_PID" ]; then
    kill -TERM "$SERVER_PID"
    wait "$SERVER_PID" || true
    SERVER_PID=""
else
    systemctl stop iotile-server.service
    rm -rf /etc/systemd/system/iotile-server.service.d
fi
dpkg --purge iotile-server >/dev/null
for f in /usr/bin/iotile-server /lib/systemd/system/iotile-server.service /etc/iotile /var/lib/iotile; do
    [ ! -e "$f" ] || { echo "FAIL: $f left after purge" >&2; exit 1; }
done
! getent passwd iotile >/dev/null || { echo "FAIL: user iotile left after purge" >&2; exit 1; }
log "PASS: iotile-server .deb installs, runs as iotile, answers health, and purges cleanly"

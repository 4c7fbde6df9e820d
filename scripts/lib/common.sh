# Shared helpers for scripts/*.sh (sourced, not run).

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# Debian packages: what building and running the server needs, and what the tests add.
SERVER_PACKAGES="g++ cmake ninja-build ccache pkg-config qt6-base-dev qt6-httpserver-dev qt6-websockets-dev
  libqt6sql6-sqlite libqt6sql6-psql libpq-dev libsqlite3-dev libsimdjson-dev libssl-dev libxlsxwriter-dev zlib1g-dev
  libmosquitto-dev"
CLIENT_PACKAGES="qt6-charts-dev qtkeychain-qt6-dev qt6-tools-dev qt6-l10n-tools qt6-translations-l10n
  libqt6opengl6-dev libxkbcommon-dev qt6-qpa-plugins libgl-dev"
TEST_PACKAGES="postgresql python3 python3-requests python3-dateutil python3-future python3-aiosmtpd python3-msgpack
  xvfb xauth dbus dbus-x11 gnome-keyring wrk clang libclang-rt-14-dev nodejs poppler-utils mosquitto nginx"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# Installs whichever of the named packages are missing (apt-get update first, as on a new machine).
ensure_packages() {
    local missing=()
    for p in $*; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    log "installing ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# A TCP port nobody listens on (the kernel picks it).
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Configures and builds into $BUILD_DIR; extra cmake arguments follow.
cmake_build() {
    local build_dir="$1"; shift
    local targets="$1"; shift
    # One cache for every checkout on this machine (CI clones next to the developer's tree): paths are
    # made relative to the checkout so the same sources hit the same entries.
    export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
    export CCACHE_BASEDIR="$ROOT"
    export CCACHE_NOHASHDIR=1
    export CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-5G}"
    cmake -S "$ROOT" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
    local jobs; jobs=$(nproc)
    if [ -n "$targets" ]; then
        cmake --build "$build_dir" -j"$jobs" --target $targets
    else
        cmake --build "$build_dir" -j"$jobs"
    fi
}

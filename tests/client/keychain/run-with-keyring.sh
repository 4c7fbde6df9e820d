#!/bin/sh
# Runs a keychain test inside a private D-Bus session with an unlocked gnome-keyring (the Secret Service
# QtKeychain uses on Linux), twice: the second process reads back what the first one stored.
# A fresh HOME and XDG_RUNTIME_DIR keep the real user's keyring out of it (reference/qt-stack-probe.md §6).
# Usage: run-with-keyring.sh <test binary> [test arguments]
set -eu
binary="$1"
shift
for tool in dbus-run-session gnome-keyring-daemon; do
    command -v "$tool" >/dev/null || { echo "run-with-keyring.sh: $tool is not installed" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" XDG_RUNTIME_DIR="$work/run" XDG_DATA_HOME="$work/home/.local/share"
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
export IOTILE_KEYCHAIN_SESSION=1
unset DISPLAY WAYLAND_DISPLAY
dbus-run-session -- sh -c '
    binary="$1"; shift
    # In the foreground (backgrounded here) so its pid is known and it ends with this session only.
    printf %s iotile-test | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
    daemon=$!
    tries=0
    until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
            org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"; do
        tries=$((tries + 1))
        [ $tries -gt 100 ] && { echo "gnome-keyring did not start" >&2; kill $daemon 2>/dev/null; exit 1; }
        sleep 0.1
    done
    status=0
    IOTILE_KEYCHAIN_PHASE=write "$binary" "$@" || status=$?
    [ $status -eq 0 ] && { IOTILE_KEYCHAIN_PHASE=readback "$binary" "$@" || status=$?; }
    kill $daemon 2>/dev/null || true
    exit $status
' sh "$binary" "$@"
